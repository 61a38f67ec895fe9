import assert from 'node:assert/strict';
import { test } from 'node:test';
import { forEachEngine } from '../../../test-support/engines.ts';
import { createDistrict, createNotices, createTaxpayers } from '../../../test-support/factories.ts';
import { applyEnrolmentWithdrawals } from './enrolment-withdrawal.ts';
import { loadLawRules } from './law-rules.ts';

// Enforcement Decree §14④ (5 unopened KakaoTalk notices in 60 days): the
// enrolment ends through the taxpayers' audited path, and the taxpayer is told.

forEachEngine('e-notice enrolment deemed withdrawn', (ctx) => {
  test('five unopened KakaoTalk notices end the enrolment, audited and told; one opened or one paid keeps it', async () => {
    const district = await createDistrict(ctx.db);
    const key = Buffer.alloc(64, 3).toString('base64');
    const [lapsed, opened, paid] = await createTaxpayers(ctx.db, district, [
      { identityKey: key, mobile: '+821020000001', enrol: ['kakao', 'sms'] },
      { identityKey: key, enrol: ['kakao'] },
      { identityKey: key, enrol: ['kakao'] },
    ]);
    const owners = [lapsed!, opened!, paid!].flatMap((id) => [id, id, id, id, id]);
    const notices = await createNotices(ctx.db, district, owners);
    await ctx.db.query(
      `INSERT INTO messages (district_code, kind, notice_id, taxpayer_id, legal, state, plan, delivered_channel, delivered_at, opened_at, final_at)
       SELECT $1, 'notice', n, t, true, 'delivered', '{kakao}', 'kakao', now() - make_interval(days => i::int * 3),
              CASE WHEN t = $4 AND i = 7 THEN now() END, now()
         FROM unnest($2::bigint[], $3::bigint[]) WITH ORDINALITY AS x(n, t, i)`,
      [district, notices, owners, opened],
    );
    await ctx.db.query('UPDATE notices SET paid_at = now() WHERE id = $1', [notices[10]]);
    const rules = await loadLawRules(ctx.db);

    assert.deepEqual(await applyEnrolmentWithdrawals(ctx.db, rules), { taxpayers: 1 });

    const { rows: enrolment } = await ctx.db.query<{ id: number; enrolled: boolean }>(
      'SELECT id, enrol_kakao OR enrol_sms OR enrol_email AS enrolled FROM taxpayers WHERE district_code = $1 ORDER BY id',
      [district],
    );
    assert.deepEqual(enrolment.map((r) => [Number(r.id), r.enrolled]), [[lapsed, false], [opened, true], [paid, true]]);
    const { rows: audit } = await ctx.db.query<{ actor_type: string; action: string; entity_id: string; reason: string; source: string; details: unknown }>(
      `SELECT actor_type, action, entity_id, reason, source, details FROM audit_log WHERE district_code = $1 AND action = 'enrolment_withdrawn'`,
      [district],
    );
    assert.deepEqual(audit, [{
      actor_type: 'system', action: 'enrolment_withdrawn', entity_id: String(lapsed), reason: rules.enrolmentWithdrawal.article, source: 'delivery',
      details: { rule: 'enrolment_deemed_withdrawn_when_unopened', article: rules.enrolmentWithdrawal.article },
    }]);
    const { rows: told } = await ctx.db.query<{ taxpayer_id: number; kind: string; topic: string; plan: string[]; channel: string; state: string }>(
      `SELECT m.taxpayer_id, m.kind, m.topic, m.plan, a.channel, a.state
         FROM messages m JOIN delivery_attempts a ON a.message_id = m.id WHERE m.district_code = $1 AND m.kind = 'guidance'`,
      [district],
    );
    assert.deepEqual(told.map((r) => ({ ...r, taxpayer_id: Number(r.taxpayer_id) })), [
      { taxpayer_id: lapsed, kind: 'guidance', topic: 'enrolment_withdrawn', plan: ['kakao'], channel: 'kakao', state: 'queued' },
    ]);

    // Nothing more to withdraw: running it again changes nothing.
    assert.deepEqual(await applyEnrolmentWithdrawals(ctx.db, rules), { taxpayers: 0 });
  });
});
