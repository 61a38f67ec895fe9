import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testCipher, type TaxpayerSpec } from '../../../test-support/factories.ts';
import type { Database } from '../../platform/db/database.ts';
import type { DeliveryRuntime } from '../delivery.runtime.ts';
import { createPaperBatch } from '../paper/paper-batch.service.ts';
import { seasonSummary } from '../season-summary.ts';

// What a season test through a real service's adapters needs: taxpayers as a
// district has them, a loop until every notice is final or waits for paper,
// and the checks that none was delivered twice.

/** KakaoTalk and SMS on live and dead numbers, e-mail, an identification key without a number, paper only. */
export function districtTaxpayers(n: number, mailPrefix: string): TaxpayerSpec[] {
  return Array.from({ length: n }, (_, i) => {
    const phone = `+8210${String(50_000_000 + i * 7_919).padStart(8, '0')}`;
    const dead = `+8217${String(3_000_000 + i).padStart(7, '0')}`;
    const mail = `${mailPrefix}${i}@example.kr`;
    const shapes: TaxpayerSpec[] = [
      { identityKey: Buffer.alloc(66, i).toString('base64'), mobile: phone, email: mail, enrol: ['kakao', 'sms', 'email'] },
      { mobile: phone, enrol: ['kakao', 'sms'] },
      { mobile: dead, email: mail, enrol: ['kakao', 'sms', 'email'] },
      { identityKey: Buffer.alloc(66, i + 7).toString('base64'), enrol: ['kakao'] },
      { mobile: phone, enrol: ['sms'] },
      { email: mail, enrol: ['email'] },
      { mobile: phone, enrol: [] },
    ];
    return shapes[i % shapes.length]!;
  });
}

export async function runUntilSettled(delivery: DeliveryRuntime, db: Database, seasonId: number, rounds = 3000) {
  for (let round = 0; round < rounds; round++) {
    await delivery.tick();
    const s = await seasonSummary(db, seasonId);
    if (s.pending - s.awaiting_paper === 0) return s;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error('the season did not settle');
}

/** Prints what waits for paper, then checks every notice final and none with two delivered attempts; returns the summary. */
export async function assertSeasonFinal(db: Database, district: string, seasonId: number, notices: number) {
  await createPaperBatch({ db, cipher: testCipher }, { districtCode: district, outDir: mkdtempSync(join(tmpdir(), 'ts-paper-')), createdBy: 'test' });
  const s = await seasonSummary(db, seasonId);
  assert.equal(s.final, notices);
  assert.equal(s.pending, 0);
  const delivered = await db.query<{ n: number; most: number }>(
    `SELECT count(*)::int AS n, coalesce(max(per_message), 0)::int AS most
       FROM (SELECT count(*) OVER (PARTITION BY a.message_id) AS per_message
               FROM delivery_attempts a JOIN messages m ON m.id = a.message_id
              WHERE m.season_id = $1 AND a.state = 'delivered') d`,
    [seasonId],
  );
  assert.equal(delivered.rows[0]!.most, 1, 'no notice has two delivered attempts');
  assert.equal(delivered.rows[0]!.n, Object.values(s.delivered).reduce((a, b) => a + b, 0));
  return s;
}
