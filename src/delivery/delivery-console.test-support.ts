import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Database, Queryable } from '../platform/db/database.ts';
import { createNotices, createTaxpayers } from '../../test-support/factories.ts';
import { createDistrictWithStaff, startTestServer, TestClient, type TestServer } from '../../test-support/test-server.ts';
import { failAttempts, markDelivered } from './dispatch/attempts.repository.ts';
import { loadLawRules } from './law/law-rules.ts';
import { issueSeason } from './queue/queue.ts';

// A district in the middle of a season, served over real HTTP, for the tests
// of delivery's console and API (seasons, messages, paper batches, notice
// status). Delivery is driven without a simulator: attempts are delivered or
// failed through the engine's own state functions, as receipts would.
//
// Gangnam's 2026 property tax, 1st instalment, four notices:
//   A delivered by SMS 4 days before its due date, late (§31 moves it to 11 August),
//   B failed (dead 01X prefix): waiting for paper,
//   C paper only (no e-notice application): waiting for paper,
//   D pending (its SMS attempt queued).
// Last year's season of the same tax item, delivered, is there for comparison.
// Seocho has an official who must see none of it.

export interface DeliveryConsoleScenario {
  server: TestServer;
  official: TestClient;
  desk: TestClient;
  expert: TestClient;
  seocho: TestClient;
  anonymous: TestClient;
  notices: Record<'a' | 'b' | 'c' | 'd', number>;
  seasonId: number;
  previousSeasonId: number;
}

export async function startDeliveryConsoleScenario(db: Database): Promise<DeliveryConsoleScenario> {
  // The factories seal contacts with the test cipher's key: the server opens them with the same (the taxpayer's record, the contact edit).
  const server = await startTestServer(db, { TAXSTATION_DATA_DIR: mkdtempSync(join(tmpdir(), 'ts-console-')), TAXSTATION_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64') });
  const g = await createDistrictWithStaff(db, 'gangnam', ['tax_official', 'desk_agent', 'expert'], { ko: '강남구', en: 'Gangnam-gu' });
  const s = await createDistrictWithStaff(db, 'seocho', ['tax_official'], { ko: '서초구', en: 'Seocho-gu' });
  const signedIn = async (username: string) => {
    const client = new TestClient(server.url);
    await client.login(username);
    return client;
  };
  const rules = await loadLawRules(db);

  const old = await createTaxpayers(db, 'gangnam', [{ mobile: '+821055500001', enrol: ['sms'] }]);
  await createNotices(db, 'gangnam', old, { taxYear: 2025, period: 1, dueDate: '2025-07-31' });
  const previousSeasonId = (await issueSeason(db, { districtCode: 'gangnam', taxItem: 'property_tax', taxYear: 2025, period: 1, createdBy: 'test' })).seasonId;
  const [oldMessage] = await messagesOfSeason(db, previousSeasonId);
  await markDelivered(db, [{ attemptId: await queuedAttempt(db, oldMessage!), occurredAt: new Date('2025-07-10T01:00:00Z') }], rules);

  const ids = await createTaxpayers(db, 'gangnam', [
    { mobile: '+821055501234', email: 'a@example.kr', enrol: ['sms'] },
    { mobile: '+821699990000', enrol: ['sms'] },
    { mobile: '+821055509999', enrol: [] },
    { mobile: '+821055507777', enrol: ['sms'] },
  ]);
  const [a, b, c, d] = (await createNotices(db, 'gangnam', ids, { taxYear: 2026, period: 1, dueDate: '2026-07-31', amount: 356000 })) as [number, number, number, number];
  const seasonId = (await issueSeason(db, { districtCode: 'gangnam', taxItem: 'property_tax', taxYear: 2026, period: 1, createdBy: 'test' })).seasonId;
  // A arrives 4 days before its due date (15:30 UTC is past midnight in Seoul): §31 moves the due date.
  await markDelivered(db, [{ attemptId: await queuedAttempt(db, (await messageOfNotice(db, a)).id), occurredAt: new Date('2026-07-27T15:30:00Z') }], rules);
  await failAttempts(db, [{ attemptId: await queuedAttempt(db, (await messageOfNotice(db, b)).id), cause: 'dead_prefix', detail: 'number not in service' }], 'sim-sms');

  return {
    server,
    official: await signedIn(g.tax_official),
    desk: await signedIn(g.desk_agent),
    expert: await signedIn(g.expert),
    seocho: await signedIn(s.tax_official),
    anonymous: new TestClient(server.url),
    notices: { a, b, c, d },
    seasonId,
    previousSeasonId,
  };
}

async function messagesOfSeason(q: Queryable, seasonId: number): Promise<number[]> {
  return (await q.query<{ id: number }>(`SELECT id FROM messages WHERE season_id = $1 ORDER BY id`, [seasonId])).rows.map((r) => r.id);
}

async function queuedAttempt(q: Queryable, messageId: number): Promise<number> {
  const { rows } = await q.query<{ id: number }>(`SELECT id FROM delivery_attempts WHERE message_id = $1 AND state = 'queued'`, [messageId]);
  assert.ok(rows[0], `message ${messageId} has a queued attempt`);
  return rows[0].id;
}

/** The notice message of a notice, and its state. */
export async function messageOfNotice(q: Queryable, noticeId: number): Promise<{ id: number; state: string }> {
  const { rows } = await q.query<{ id: number; state: string }>(`SELECT id, state FROM messages WHERE notice_id = $1 AND kind = 'notice'`, [noticeId]);
  return rows[0]!;
}

export async function noticeNo(q: Queryable, noticeId: number): Promise<string> {
  return (await q.query<{ notice_no: string }>('SELECT notice_no FROM notices WHERE id = $1', [noticeId])).rows[0]!.notice_no;
}

/** A JSON call with the client's CSRF token (when it has one). */
export function api(c: TestClient, path: string, method = 'GET', body?: unknown): Promise<Response> {
  return c.json(path, method, body, c.csrfToken ? { 'x-csrf-token': c.csrfToken } : {});
}

/** A POST with no body and the CSRF token. */
export function postEmpty(c: TestClient, path: string): Promise<Response> {
  return c.request(path, { method: 'POST', headers: { 'x-csrf-token': c.csrfToken ?? '' } });
}

/** An HTML form posted as a browser would, with the CSRF field. */
export function postForm(c: TestClient, path: string, fields: Record<string, string | string[]>): Promise<Response> {
  const p = new URLSearchParams({ _csrf: c.csrfToken ?? '' });
  for (const [k, v] of Object.entries(fields)) for (const one of [v].flat()) p.append(k, one);
  return c.request(path, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' }, body: p.toString() });
}

/** A page as a browser asks for it. */
export function getPage(c: TestClient, path: string): Promise<Response> {
  return c.request(path, { headers: { accept: 'text/html' } });
}
