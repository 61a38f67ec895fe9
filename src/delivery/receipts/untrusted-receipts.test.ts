import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import nodemailer from 'nodemailer';
import { forEachEngine } from '../../../test-support/engines.ts';
import { createNotices, createTaxpayers, testCipher, type TaxpayerSpec } from '../../../test-support/factories.ts';
import { loadConfig } from '../../platform/config.ts';
import { createDistrictWithStaff, startTestServer, TestClient, type TestServer } from '../../../test-support/test-server.ts';
import { createLogger } from '../../platform/logger.ts';
import { issueSeason } from '../queue/queue.ts';
import { startDeliveryRuntime, type DeliveryRuntime } from '../delivery.runtime.ts';
import { failAttempts, markAccepted } from '../dispatch/attempts.repository.ts';
import { writeDeliveryStatusReport } from '../providers/dsn.ts';
import { BOUNCE_KEY_PURPOSE, BounceSigner } from '../providers/smtp.adapter.ts';
import { storeReceipts } from './receipts.service.ts';
import { countUntrustedReports } from './refused-reports.repository.ts';

// Issue 13, finding 1: a delivery report makes a notice legally served (§32),
// so only a report that can be verified counts. The listener, the receipts
// and the state changes are driven through the real delivery runtime (its
// bounce listener over SMTP on 127.0.0.1, the in-process simulator's provider
// names); attempts are put in the state each case needs.

const BOUNCE_DOMAIN = 'bounces.taxstation.local';
const signer = new BounceSigner(testCipher.deriveKey(BOUNCE_KEY_PURPOSE));

interface AttemptState {
  state: string;
  delivered_at: Date | null;
  accepted_at: Date | null;
  message_state: string;
  message_delivered_at: Date | null;
  opened_at: Date | null;
}

forEachEngine('delivery reports that cannot be trusted', (ctx) => {
  const district = `f${randomBytes(3).toString('hex')}`;
  let delivery: DeliveryRuntime;
  let server: TestServer;
  let official: TestClient;
  let taxYear = 2030;

  before(async () => {
    const config = loadConfig({
      TAXSTATION_DATA_DIR: mkdtempSync(join(tmpdir(), 'ts-untrusted-')),
      TAXSTATION_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64'),
      TAXSTATION_QUIET_HOURS: 'off',
    });
    delivery = await startDeliveryRuntime({ config, db: ctx.db, log: createLogger({ level: 'silent' }), cipher: testCipher }, { worker: false, bounceListener: true });
    await delivery.tick(); // registers the providers (kakao-sim, sms-sim, email-sim)
    server = await startTestServer(ctx.db, { TAXSTATION_DATA_DIR: mkdtempSync(join(tmpdir(), 'ts-untrusted-web-')) });
    const staff = await createDistrictWithStaff(ctx.db, district, ['tax_official']);
    official = new TestClient(server.url);
    await official.login(staff.tax_official);
  });
  after(async () => {
    await server?.close();
    await delivery?.close();
  });

  /** A legal notice to one taxpayer, issued: its first attempt, not yet sent. */
  async function notice(spec: TaxpayerSpec): Promise<{ attemptId: number; messageId: number; idempotencyKey: string }> {
    const ids = await createTaxpayers(ctx.db, district, [spec]);
    await createNotices(ctx.db, district, ids, { taxYear: ++taxYear, dueDate: '2099-07-31' });
    await issueSeason(ctx.db, { districtCode: district, taxItem: 'property_tax', taxYear, period: 1, createdBy: 'test' });
    const { rows } = await ctx.db.query<{ id: number; message_id: number; idempotency_key: string }>(
      `SELECT a.id, a.message_id, a.idempotency_key FROM delivery_attempts a JOIN messages m ON m.id = a.message_id WHERE m.taxpayer_id = $1`,
      [ids[0]],
    );
    return { attemptId: rows[0]!.id, messageId: rows[0]!.message_id, idempotencyKey: rows[0]!.idempotency_key };
  }

  /** As the dispatch claim leaves it: sending through a provider (10 minutes ago); accepted by it 5 minutes ago when asked. */
  async function sent(attemptId: number, provider: string, accepted = true): Promise<void> {
    await ctx.db.query(
      `UPDATE delivery_attempts SET state = 'sending', provider = $2, tries = 1, claimed_at = now() - interval '10 minutes',
              locked_by = 'test', locked_until = now() + interval '1 hour' WHERE id = $1`,
      [attemptId, provider],
    );
    if (!accepted) return;
    await markAccepted(ctx.db, provider, [{ attemptId, providerMessageId: `${provider}-${attemptId}` }], 3600);
    await ctx.db.query(`UPDATE delivery_attempts SET accepted_at = now() - interval '5 minutes' WHERE id = $1`, [attemptId]);
  }

  async function stateOf(attemptId: number): Promise<AttemptState> {
    const { rows } = await ctx.db.query<AttemptState>(
      `SELECT a.state, a.delivered_at, a.accepted_at, m.state AS message_state, m.delivered_at AS message_delivered_at, m.opened_at
         FROM delivery_attempts a JOIN messages m ON m.id = a.message_id WHERE a.id = $1`,
      [attemptId],
    );
    return rows[0]!;
  }

  /** A delivery status notification by plain SMTP to the bounce listener, as anyone on the network can send one. */
  async function mailReport(to: string, action: 'delivered' | 'failed', date: Date): Promise<string> {
    const client = nodemailer.createTransport({ host: '127.0.0.1', port: delivery.bounce!.port, secure: false, ignoreTLS: true });
    try {
      const raw = writeDeliveryStatusReport({
        reportingMta: 'mx.elsewhere.example', to, arrivalDate: date, date,
        recipient: { address: 'victim@example.kr', action, status: action === 'delivered' ? '2.0.0' : '5.1.1' },
        originalHeaders: 'Subject: notice',
      });
      return (await client.sendMail({ envelope: { from: '', to: [to] }, raw })).response;
    } finally {
      client.close();
    }
  }

  async function consoleSays(lang: 'ko' | 'en'): Promise<string> {
    const response = await official.request(`/console/seasons?lang=${lang}`, { headers: { accept: 'text/html' } });
    assert.equal(response.status, 200);
    return response.text();
  }

  const longAgo = new Date('2020-01-01T00:00:00Z');

  test('the attack: a report by plain SMTP to bounce+<id>@ saying delivered, backdated, for a failed SMS whose notice awaits paper changes nothing, and is kept and counted', async () => {
    const sms = await notice({ mobile: '+821055507001', enrol: ['sms'] });
    await sent(sms.attemptId, 'sms-sim');
    await failAttempts(ctx.db, [{ attemptId: sms.attemptId, cause: 'number_changed', detail: 'number not in service' }], 'sms-sim');
    const before = await stateOf(sms.attemptId);
    assert.deepEqual([before.state, before.message_state], ['failed', 'awaiting_paper']);

    const address = `bounce+${sms.attemptId}@${BOUNCE_DOMAIN}`;
    assert.match(await mailReport(address, 'delivered', longAgo), /^250/, 'accepted at SMTP level, to be kept');
    await delivery.tick();

    assert.deepEqual(await stateOf(sms.attemptId), before, 'nothing changed');
    assert.equal((await ctx.db.query('SELECT 1 FROM delivery_receipts WHERE attempt_id = $1', [sms.attemptId])).rows.length, 0, 'never a receipt');
    const { rows } = await ctx.db.query<{ reason: string; attempt_id: number; district_code: string; size_bytes: number; envelope_recipient_enc: Buffer; envelope_enc: Buffer; message_enc: Buffer }>(
      'SELECT reason, attempt_id, district_code, size_bytes, envelope_recipient_enc, envelope_enc, message_enc FROM inbound_reports_refused WHERE attempt_id = $1',
      [sms.attemptId],
    );
    assert.equal(rows.length, 1);
    const kept = rows[0]!;
    assert.deepEqual([kept.reason, Number(kept.attempt_id), kept.district_code], ['unsigned', sms.attemptId, district]);
    assert.ok(kept.size_bytes > 0);
    // Sealed, and it opens for whoever inspects it with the key.
    for (const sealed of [kept.envelope_recipient_enc, kept.envelope_enc, kept.message_enc]) {
      assert.ok(!sealed.includes(Buffer.from('bounce+')) && !sealed.includes(Buffer.from('victim@')), 'no plaintext');
    }
    assert.equal(testCipher.decrypt(kept.envelope_recipient_enc), address);
    assert.match(testCipher.decrypt(kept.message_enc), /Action: delivered/);

    assert.equal((await countUntrustedReports(ctx.db, district)).count, 1);
    assert.match(await consoleSays('en'), /1 delivery report\(s\) about your district&#39;s messages were not applied and are kept for inspection/);
    assert.match(await consoleSays('ko'), /우리 구의 발송에 대한 배달 보고 1건을 적용하지 않고 점검용으로 보관했습니다/);
  });

  test('a forged signature is refused the same way, as is a failure report; the counts go up', async () => {
    const sms = await notice({ mobile: '+821055507002', enrol: ['sms'] });
    await sent(sms.attemptId, 'sms-sim');
    const email = await notice({ email: 'forged@example.kr', enrol: ['email'] });
    await sent(email.attemptId, 'email-sim');
    const before = [await stateOf(sms.attemptId), await stateOf(email.attemptId)];
    const counted = (await countUntrustedReports(ctx.db, district)).count;

    const forged = signer.address('email-sim', String(email.attemptId), BOUNCE_DOMAIN).replace(/\.[0-9a-f]{20}@/, `.${randomBytes(10).toString('hex')}@`);
    assert.match(await mailReport(forged, 'delivered', longAgo), /^250/);
    assert.match(await mailReport(`bounce+${email.attemptId}@${BOUNCE_DOMAIN}`, 'failed', longAgo), /^250/);
    assert.match(await mailReport(new BounceSigner(randomBytes(32)).address('sms-sim', String(sms.attemptId), BOUNCE_DOMAIN), 'delivered', longAgo), /^250/);
    await delivery.tick();

    assert.deepEqual([await stateOf(sms.attemptId), await stateOf(email.attemptId)], before, 'nothing changed');
    const reasons = await ctx.db.query<{ reason: string }>('SELECT reason FROM inbound_reports_refused WHERE attempt_id = ANY($1::bigint[]) ORDER BY id', [[sms.attemptId, email.attemptId]]);
    assert.deepEqual(reasons.rows.map((r) => r.reason), ['bad_signature', 'unsigned', 'bad_signature']);
    assert.equal((await countUntrustedReports(ctx.db, district)).count, counted + 3);
  });

  test('unsigned mail naming no message of any district is refused and not kept: no console shows it, no retention period would remove it', async () => {
    const total = async () => (await ctx.db.query<{ n: number }>('SELECT count(*)::int AS n FROM inbound_reports_refused')).rows[0]!.n;
    const before = await total();
    const counted = (await countUntrustedReports(ctx.db, district)).count;
    assert.match(await mailReport(`bounce+987654321012@${BOUNCE_DOMAIN}`, 'delivered', longAgo), /^250/);
    assert.match(await mailReport(`bounce+not-a-number@${BOUNCE_DOMAIN}`, 'failed', longAgo), /^250/);
    await delivery.tick();
    assert.equal(await total(), before, 'nothing kept');
    assert.equal((await countUntrustedReports(ctx.db, district)).count, counted);
  });

  test('a genuine signed report is applied, its legal moment bounded: not before the acceptance, not in the future', async () => {
    const past = await notice({ email: 'past@example.kr', enrol: ['email'] });
    await sent(past.attemptId, 'email-sim');
    const future = await notice({ email: 'future@example.kr', enrol: ['email'] });
    await sent(future.attemptId, 'email-sim');
    const early = await notice({ email: 'early@example.kr', enrol: ['email'] });
    await sent(early.attemptId, 'email-sim', false); // the report comes before the acceptance is recorded
    const counted = (await countUntrustedReports(ctx.db, district)).count;

    assert.match(await mailReport(signer.address('email-sim', String(past.attemptId), BOUNCE_DOMAIN), 'delivered', longAgo), /^250/);
    assert.match(await mailReport(signer.address('email-sim', String(future.attemptId), BOUNCE_DOMAIN).toUpperCase(), 'delivered', new Date('2099-01-01T00:00:00Z')), /^250/);
    assert.match(await mailReport(signer.address('email-sim', String(early.attemptId), BOUNCE_DOMAIN), 'delivered', longAgo), /^250/);
    const applying = (await ctx.db.query<{ now: Date }>('SELECT now() AS now')).rows[0]!.now;
    await delivery.tick();
    const done = (await ctx.db.query<{ now: Date }>('SELECT now() AS now')).rows[0]!.now;

    const p = await stateOf(past.attemptId);
    assert.deepEqual([p.state, p.message_state], ['delivered', 'delivered']);
    assert.equal(p.message_delivered_at!.getTime(), p.accepted_at!.getTime(), 'a backdated report counts from the acceptance');
    const f = await stateOf(future.attemptId);
    assert.deepEqual([f.state, f.message_state], ['delivered', 'delivered']);
    assert.ok(f.message_delivered_at! >= applying && f.message_delivered_at! <= done, `a report from the future counts from when it was applied (${f.message_delivered_at!.toISOString()})`);
    const e = await stateOf(early.attemptId);
    assert.equal(e.message_state, 'delivered');
    const claimedAt = (await ctx.db.query<{ claimed_at: Date }>('SELECT claimed_at FROM delivery_attempts WHERE id = $1', [early.attemptId])).rows[0]!.claimed_at;
    assert.equal(e.message_delivered_at!.getTime(), claimedAt.getTime(), 'before the acceptance is recorded: from when it was handed to the provider');
    const outcomes = await ctx.db.query<{ outcome: string; occurred_at: Date }>('SELECT outcome, occurred_at FROM delivery_receipts WHERE attempt_id = $1', [past.attemptId]);
    assert.deepEqual(outcomes.rows, [{ outcome: 'applied', occurred_at: longAgo }], 'the receipt keeps the time it reported');
    assert.equal((await countUntrustedReports(ctx.db, district)).count, counted);
  });

  test('a receipt about an attempt another provider or channel sent is recorded as mismatched, changes nothing and is counted', async () => {
    const sms = await notice({ mobile: '+821055507003', enrol: ['sms'] });
    await sent(sms.attemptId, 'sms-sim');
    const before = await stateOf(sms.attemptId);
    const counted = (await countUntrustedReports(ctx.db, district)).count;

    // A signed webhook of the KakaoTalk provider naming the SMS attempt's key.
    await storeReceipts(ctx.db, [{ provider: 'kakao-sim', receiptId: `k-${sms.attemptId}`, idempotencyKey: sms.idempotencyKey, status: 'delivered', occurredAt: new Date() }]);
    // A report to a return path signed with the key, for the e-mail provider, naming the SMS attempt.
    assert.match(await mailReport(signer.address('email-sim', String(sms.attemptId), BOUNCE_DOMAIN), 'delivered', new Date()), /^250/);
    await delivery.tick();

    assert.deepEqual(await stateOf(sms.attemptId), before, 'nothing changed');
    const { rows } = await ctx.db.query<{ provider: string; outcome: string }>('SELECT provider, outcome FROM delivery_receipts WHERE attempt_id = $1 ORDER BY provider', [sms.attemptId]);
    assert.deepEqual(rows, [{ provider: 'email-sim', outcome: 'mismatched' }, { provider: 'kakao-sim', outcome: 'mismatched' }]);
    assert.equal((await countUntrustedReports(ctx.db, district)).count, counted + 2);
  });

  test('a delivery or opening reported after the attempt failed (its receipt deadline passed) changes nothing: ignored_late', async () => {
    const sms = await notice({ mobile: '+821055507004', enrol: ['sms'] });
    await sent(sms.attemptId, 'sms-sim');
    await failAttempts(ctx.db, [{ attemptId: sms.attemptId, cause: 'no_receipt', detail: 'no receipt before the deadline' }], null);
    const before = await stateOf(sms.attemptId);
    assert.deepEqual([before.state, before.message_state], ['failed', 'awaiting_paper']);
    await storeReceipts(ctx.db, [
      { provider: 'sms-sim', receiptId: `late-d-${sms.attemptId}`, providerMessageId: `sms-sim-${sms.attemptId}`, status: 'delivered', occurredAt: new Date() },
      { provider: 'sms-sim', receiptId: `late-o-${sms.attemptId}`, providerMessageId: `sms-sim-${sms.attemptId}`, status: 'opened', occurredAt: new Date() },
    ]);
    await delivery.tick();
    assert.deepEqual(await stateOf(sms.attemptId), before);
    const { rows } = await ctx.db.query<{ outcome: string }>('SELECT outcome FROM delivery_receipts WHERE attempt_id = $1', [sms.attemptId]);
    assert.deepEqual(rows.map((r) => r.outcome), ['ignored_late', 'ignored_late']);
  });

  test('an official reads a contact that does not open as a cause in words, in both languages', async () => {
    // Issue 13, finding 11: the cause the dispatch records when a sealed contact does not open (see dispatch.engine.test.ts).
    const sms = await notice({ mobile: '+821055507005', enrol: ['sms'] });
    await sent(sms.attemptId, 'sms-sim', false);
    await failAttempts(ctx.db, [{ attemptId: sms.attemptId, cause: 'unreadable_contact', detail: 'sealed with another key' }], 'sms-sim');
    const page = async (lang: 'ko' | 'en') => (await official.request(`/console/messages/${sms.messageId}?lang=${lang}`, { headers: { accept: 'text/html' } })).text();
    assert.match(await page('en'), /Stored contact could not be opened \(saved with another encryption key: tell your administrator\)/);
    assert.match(await page('ko'), /저장된 연락처를 열 수 없음/);
    assert.doesNotMatch(await page('en'), />unreadable_contact/);
  });
});
