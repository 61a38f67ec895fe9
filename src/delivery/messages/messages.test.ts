import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { forEachEngine } from '../../../test-support/engines.ts';
import { runRetentionPurges } from '../../platform/retention/retention.ts';
import { seoulDay } from '../../platform/time/seoul.ts';
import { formatDay } from '../../platform/web/format.ts';
import { deliveryRetentionPurger } from '../retention/retention.service.ts';
import { api, getPage, messageOfNotice, noticeNo, postForm, startDeliveryConsoleScenario, type DeliveryConsoleScenario } from '../delivery-console.test-support.ts';

// The messages API and the message page over real HTTP on both engines:
// filters and pages without contact data, a message's legal dates and
// history (desk agents read them too), resending, and a payment withdrawing
// what is still to be sent.

forEachEngine('messages: API and page', (ctx) => {
  let s: DeliveryConsoleScenario;
  before(async () => {
    s = await startDeliveryConsoleScenario(ctx.db);
  });
  after(async () => {
    await s?.server.close();
  });

  test('from a failed notice to its taxpayer and the contact edit in one step: the season’s table and the message page', async () => {
    const a = await messageOfNotice(ctx.db, s.notices.a);
    const b = await messageOfNotice(ctx.db, s.notices.b);
    const taxpayerOf = async (noticeId: number) => Number((await ctx.db.query<{ taxpayer_id: number }>('SELECT taxpayer_id FROM notices WHERE id = $1', [noticeId])).rows[0]!.taxpayer_id);
    const [ta, tb] = [await taxpayerOf(s.notices.a), await taxpayerOf(s.notices.b)];

    const season = await (await getPage(s.official, `/console/seasons/${s.seasonId}?lang=en`)).text();
    assert.match(season, new RegExp(`<a href="/console/taxpayers/${ta}\\?lang=en">납세자`), 'every taxpayer’s name leads to the record');
    assert.match(season, new RegExp(`<a href="/console/taxpayers/${tb}/edit\\?lang=en" class="dc-fix-link">Correct contacts<span class="visually-hidden"> \\(납세자[^,]*, message ${b.id}\\)</span></a>`));
    assert.equal((season.match(/class="dc-fix-link"/g) ?? []).length, 1, 'only B failed: A was delivered, C is paper only, D is still on its first try');

    const page = await (await getPage(s.official, `/console/messages/${b.id}?lang=en`)).text();
    assert.match(page, /id="contact-fix"/);
    assert.match(page, /Last failure: Dead 01X prefix\. Correct the contact details/);
    assert.match(page, new RegExp(`<a class="button" id="fix-contacts" href="/console/taxpayers/${tb}/edit\\?lang=en">Correct the contact details</a>`));
    assert.match(page, new RegExp(`href="/console/taxpayers/${tb}\\?lang=en" id="open-taxpayer"`));
    const edit = await getPage(s.official, `/console/taxpayers/${tb}/edit?lang=en`);
    assert.equal(edit.status, 200, 'the link leads to the edit form');

    const ko = await (await getPage(s.official, `/console/messages/${b.id}?lang=ko`)).text();
    assert.match(ko, /마지막 실패 원인: 없어진 01X 국번\./);
    assert.match(ko, />연락처 고치기<\/a>/);

    const desk = await (await getPage(s.desk, `/console/messages/${b.id}?lang=en`)).text();
    assert.match(desk, new RegExp(`href="/console/taxpayers/${tb}\\?lang=en" id="open-taxpayer"`), 'desk agents open the record');
    assert.doesNotMatch(desk, /id="fix-contacts"/, 'but do not change contacts');
    assert.match(desk, /An administrator or a tax official can correct the contact details\./);

    const delivered = await (await getPage(s.official, `/console/messages/${a.id}?lang=en`)).text();
    assert.match(delivered, new RegExp(`/console/taxpayers/${ta}\\?lang=en`));
    assert.doesNotMatch(delivered, /id="contact-fix"/, 'nothing to fix on a delivered notice');
    const listed = (await (await api(s.official, `/api/messages?season=${s.seasonId}&cause=dead_prefix`)).json()) as { messages: { taxpayerId: number }[] };
    assert.deepEqual(listed.messages.map((m) => m.taxpayerId), [tb]);
  });

  test('timeline: the §31 due date, the attempts and the history; desk agents may read it', async () => {
    const a = await messageOfNotice(ctx.db, s.notices.a);
    const timeline = await api(s.desk, `/api/messages/${a.id}/timeline`);
    assert.equal(timeline.status, 200, 'a desk agent may read a timeline');
    const t = (await timeline.json()) as {
      message: { deliveredAt: string; effectiveDueDate: string; dueDate: string; state: string };
      attempts: { channel: string; state: string }[];
      events: { event: string; channel: string | null }[];
    };
    assert.equal(t.message.state, 'delivered');
    assert.equal(t.message.deliveredAt, '2026-07-27T15:30:00.000Z');
    assert.equal(t.message.dueDate, '2026-07-31');
    assert.equal(t.message.effectiveDueDate, '2026-08-11');
    assert.deepEqual(t.attempts.map((x) => [x.channel, x.state]), [['sms', 'delivered']]);
    assert.ok(t.events.some((e) => e.event === 'delivered' && e.channel === 'sms'));
    assert.equal((await api(s.official, '/api/messages/999999/timeline')).status, 404);
    assert.equal((await api(s.expert, `/api/messages/${a.id}/timeline`)).status, 403);
  });

  test('list: filters and pages, no contact data; resend of a returned message, refusals for final ones', async () => {
    const a = await messageOfNotice(ctx.db, s.notices.a);
    const b = await messageOfNotice(ctx.db, s.notices.b);
    const listed = await api(s.official, `/api/messages?season=${s.seasonId}&state=awaiting_paper`);
    const text = await listed.text();
    assert.doesNotMatch(text, /\+82|010|example\.kr|mobile|email/i, 'no contact data in the list');
    const body = JSON.parse(text) as { total: number; messages: { id: number; taxpayerName: string; lastFailureCause: string | null }[] };
    assert.equal(body.total, 2, 'B (its channel failed) and C (paper only)');
    assert.ok(body.messages.every((m) => m.taxpayerName.startsWith('납세자')));
    const byCause = (await (await api(s.official, `/api/messages?season=${s.seasonId}&cause=dead_prefix`)).json()) as { messages: { id: number }[] };
    assert.deepEqual(byCause.messages.map((m) => m.id), [b.id]);
    assert.equal((await api(s.official, '/api/messages?state=lost')).status, 400);
    assert.equal((await api(s.official, '/api/messages?page=0')).status, 400);
    assert.equal((await api(s.official, '/api/messages?season=999999')).status, 404);

    const noToken = await s.official.json('/api/messages/resend', 'POST', { ids: [1], reason: 'x' });
    assert.equal(noToken.status, 403);
    assert.equal(((await noToken.json()) as { code: string }).code, 'csrf_failed');
    assert.equal((await api(s.desk, '/api/messages/resend', 'POST', { ids: [b.id], reason: 'x' })).status, 403, 'desk agents read only');
    assert.equal((await api(s.official, '/api/messages/resend', 'POST', { ids: [], reason: 'x' })).status, 400);
    assert.equal((await api(s.official, '/api/messages/resend', 'POST', { ids: [b.id] })).status, 400, 'a reason is required');
    const resent = await api(s.official, '/api/messages/resend', 'POST', { ids: [b.id, a.id], reason: 'mobile number corrected' });
    assert.equal(resent.status, 200);
    assert.deepEqual(await resent.json(), { resent: [b.id], refused: [{ messageId: a.id, reason: 'final' }] });
    const after = (await (await api(s.official, `/api/messages/${b.id}/timeline`)).json()) as { message: { state: string }; events: { event: string }[]; attempts: { state: string }[] };
    assert.equal(after.message.state, 'pending');
    assert.deepEqual(after.events.map((e) => e.event).slice(-1), ['resend']);
    assert.deepEqual(after.attempts.map((x) => x.state), ['failed', 'queued']);
  });

  test('a payment event through the API withdraws the pending message and cancels its attempts', async () => {
    const dNo = await noticeNo(ctx.db, s.notices.d);
    const paid = await api(s.official, '/api/payments', 'POST', { payments: [{ noticeNo: dNo, taxYear: 2026, paidAt: '2026-07-12T10:00:00+09:00', amount: 356000 }] });
    assert.equal(paid.status, 200);
    assert.deepEqual(await paid.json(), { recorded: 1, unknownNotices: [], withdrawnMessages: 1 });
    assert.equal((await messageOfNotice(ctx.db, s.notices.d)).state, 'withdrawn');
    const live = await ctx.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM delivery_attempts a JOIN messages m ON m.id = a.message_id WHERE m.notice_id = $1 AND a.state IN ('queued', 'sending', 'accepted')`,
      [s.notices.d],
    );
    assert.equal(live.rows[0]!.n, 0, 'its attempts are cancelled');
  });

  test('district isolation: a Seocho official cannot read or resend Gangnam’s messages', async () => {
    const a = await messageOfNotice(ctx.db, s.notices.a);
    for (const path of [`/api/messages?season=${s.seasonId}`, `/api/messages/${a.id}/timeline`]) assert.equal((await api(s.seocho, path)).status, 404, path);
    assert.equal(((await (await api(s.seocho, '/api/messages')).json()) as { total: number }).total, 0);
    const resend = await api(s.seocho, '/api/messages/resend', 'POST', { ids: [a.id], reason: 'x' });
    assert.deepEqual(await resend.json(), { resent: [], refused: [{ messageId: a.id, reason: 'not_found' }] });
    assert.equal((await getPage(s.seocho, `/console/messages/${a.id}`)).status, 404);
    assert.equal((await postForm(s.seocho, `/console/messages/${a.id}/resend`, { reason: 'x' })).status, 404);
  });

  test('the message page: legal dates with their articles, attempts, timeline; desk agents read, officials resend', async () => {
    const a = await messageOfNotice(ctx.db, s.notices.a);
    const msg = await getPage(s.desk, `/console/messages/${a.id}?lang=en`);
    assert.equal(msg.status, 200);
    const msgHtml = await msg.text();
    assert.match(msgHtml, /11 August 2026/);
    assert.match(msgHtml, /지방세기본법 제31조/);
    assert.match(msgHtml, /Delivery attempts/);
    assert.doesNotMatch(msgHtml, /Resend this message/, 'desk agents read only');
    assert.doesNotMatch(msgHtml, /\+8210|example\.kr/);

    const c = await messageOfNotice(ctx.db, s.notices.c);
    assert.match(await (await getPage(s.official, `/console/messages/${c.id}?lang=en`)).text(), /Resend this message/);
    const noReason = await postForm(s.official, `/console/messages/${c.id}/resend?lang=en`, { reason: ' ' });
    assert.equal(noReason.status, 400);
    assert.match(await noReason.text(), /Enter the reason for resending/);
    const refused = await postForm(s.official, `/console/messages/${c.id}/resend?lang=en`, { reason: 'applied since' });
    assert.equal(refused.status, 303);
    const location = refused.headers.get('location') ?? '';
    assert.match(location, new RegExp(`^/console/messages/${c.id}\\?lang=en&resent=0&refused=`), 'C has no electronic channel');
    assert.match(await (await getPage(s.official, location)).text(), /no electronic channel applied for/);
  });

  test('a message whose contents the retention purge removed says so instead of showing them', async () => {
    const { rows } = await ctx.db.query<{ id: number; final_at: Date }>(
      "SELECT id, final_at FROM messages WHERE district_code = 'gangnam' AND final_at IS NOT NULL ORDER BY id LIMIT 1",
    );
    const m = rows[0]!;
    await ctx.db.query(
      `INSERT INTO delivery_settings (district_code, retention_contents_days) VALUES ('gangnam', 30)
       ON CONFLICT (district_code) DO UPDATE SET retention_contents_days = 30`,
    );
    const now = new Date(new Date(m.final_at).getTime() + 31 * 86_400_000);
    await runRetentionPurges(ctx.db, [deliveryRetentionPurger], { now, districtCode: 'gangnam', actor: { type: 'system', id: 'test' } });
    const day = seoulDay(now);
    const en = await (await getPage(s.desk, `/console/messages/${m.id}?lang=en`)).text();
    assert.match(en, new RegExp(`Contents removed after the retention period \\(${formatDay('en', day)}\\)`));
    assert.match(en, /Delivery attempts/, 'the attempts and the timeline stay');
    const ko = await (await getPage(s.desk, `/console/messages/${m.id}?lang=ko`)).text();
    assert.match(ko, new RegExp(`보존 기간이 지나 내용을 삭제했습니다\\(${formatDay('ko', day)}\\)`));
  });
});
