import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { forEachEngine } from '../../../test-support/engines.ts';
import { startTestServer, TestClient, type TestServer } from '../../../test-support/test-server.ts';
import { latestCode as latestCodeOf } from '../../../test-support/messages.ts';
import { stepsOf } from '../../../test-support/step-indicator.ts';
import { unfold } from '../../platform/ics.ts';
import { guideDepsFrom } from '../guide.deps.ts';
import { runCalendarReminders } from './reminders.service.ts';

// The local-tax calendar over HTTP on both engines: a deadline on a day off
// shown moved with the reason, the year list, the iCalendar feed, and the
// reminders: signed up with a one-time code, sent once in the day, stopped
// by their link. Bad input names the field and stores nothing.

const form = (fields: Record<string, string | string[]>) => {
  const body = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) for (const one of [v].flat()) body.append(k, one);
  return { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: body.toString() };
};
const seoul = (text: string) => new Date(`${text}+09:00`);

forEachEngine('guide: local-tax calendar', (ctx) => {
  let server: TestServer;
  let now = seoul('2026-05-20T10:00:00');
  let n = 0;
  const newDistrict = async () => {
    const code = `cal${++n}x${process.pid % 1000}`;
    await ctx.db.query('INSERT INTO districts (code, name_ko, name_en) VALUES ($1, $2, $3)', [code, `달력${n}구`, `Calendar-gu ${n}`]);
    return code;
  };
  const client = () => new TestClient(server.url, { 'x-forwarded-for': `10.9.${n}.${Math.floor(Math.random() * 250)}` });
  const latestCode = (district: string) => latestCodeOf(ctx.db, server.deps.cipher, district);
  const countRows = async (table: string, district: string) =>
    (await ctx.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table} WHERE district_code = $1`, [district])).rows[0]!.n;

  before(async () => {
    server = await startTestServer(ctx.db);
    server.deps.clock = () => now;
  });
  after(async () => {
    await server?.close();
  });

  test('a month: the deadline on a Sunday moves to Monday, with the reason and the article; the grid marks holidays', async () => {
    const district = await newDistrict();
    const ko = await (await client().request(`/r/guide/${district}/calendar?year=2026&month=5&lang=ko`)).text();
    assert.match(ko, /<h1>지방세 달력<\/h1>/);
    assert.match(ko, /지방세기본법 제24조/);
    assert.match(ko, /지방소득세\(종합소득분\) 신고·납부/);
    assert.match(ko, /원래 기한 2026\. 5\. 31\.\(일\)이 일요일이어서 2026\. 6\. 1\.\(월\)로 미뤄집니다/);
    assert.match(ko, /<span class="holiday-name">어린이날<\/span>/);
    const en = await (await client().request(`/r/guide/${district}/calendar?year=2026&month=5&lang=en`)).text();
    assert.match(en, /The deadline Sunday 31 May 2026 is a Sunday, so it moves to Monday 1 June 2026/);
    assert.match(en, /Children's Day|Children&#39;s Day/);
    assert.doesNotMatch(en.replace(/<a [^>]*lang="ko"[^>]*>한국어<\/a>/, ''), /[가-힣]/, 'no Korean inside the English page (but the switch to Korean)');
    assert.match(en, /Framework Act on Local Taxes, Article 24/);
    // the month of today by the clock, and a month with the monthly item only
    const today = await (await client().request(`/r/guide/${district}/calendar?lang=en`)).text();
    assert.match(today, /May 2026/);
    assert.match(today, /class="today"/);
  });

  test('a public holiday moves a deadline too: Chuseok 2026 and the year list', async () => {
    const district = await newDistrict();
    await ctx.db.query(
      `INSERT INTO guide_calendar_items (district_code, code, month, opens_day, due_day, title_ko, title_en)
       VALUES ($1, 'harvest_test', 9, 1, 24, '시험 세목', 'Test tax')`,
      [district],
    );
    const page = await (await client().request(`/r/guide/${district}/calendar/list?year=2026&lang=en`)).text();
    assert.match(page, /Local-tax deadlines of 2026/);
    assert.match(page, /The deadline Thursday 24 September 2026 is a public holiday \(Korean Thanksgiving\), so it moves to Monday 28 September 2026/);
    assert.doesNotMatch(page, /Vehicle tax/, 'a district with items of its own shows only those');
    const ko = await (await client().request(`/r/guide/${district}/calendar/list?year=2026&lang=ko`)).text();
    assert.match(ko, /공휴일\(추석\)이어서 2026\. 9\. 28\.\(월\)로/);
  });

  test('unknown district, and a year out of range', async () => {
    const unknown = await client().request('/r/guide/nowhere/calendar?lang=en');
    assert.equal(unknown.status, 404);
    assert.match(await unknown.text(), /There is no such district/);
    const district = await newDistrict();
    assert.equal((await client().request(`/r/guide/${district}/calendar?year=1999`)).status, 400);
  });

  test('the iCalendar feed: all-day events on the deadline that applies, stable UIDs, folded lines', async () => {
    const district = await newDistrict();
    const response = await client().request(`/r/guide/${district}/calendar.ics?lang=ko`);
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /^text\/calendar/);
    const raw = await response.text();
    assert.ok(raw.startsWith('BEGIN:VCALENDAR\r\n') && raw.endsWith('END:VCALENDAR\r\n'));
    for (const line of raw.split('\r\n')) assert.ok(Buffer.byteLength(line) <= 75, `folded: ${line}`);
    const text = unfold(raw);
    assert.match(text, new RegExp(`UID:local_income_tax_filing-2026-05-31@taxstation\\.${district}\r\nDTSTAMP:[0-9T]+Z\r\nDTSTART;VALUE=DATE:20260601\r\nDTEND;VALUE=DATE:20260602\r\nSUMMARY:지방소득세\\(종합소득분\\) 신고·납부`));
    assert.match(text, /일요일이어서 2026\. 6\. 1\.\(월\)로 미뤄집니다/);
    const events = text.match(/BEGIN:VEVENT/g)?.length ?? 0;
    assert.equal(events, 2 * (9 + 12), 'this year and the next: nine yearly items and the monthly one');
    assert.match(text, /X-WR-CALNAME:달력\d+구 지방세 달력/);
  });

  test('reminders: bad input names the field and stores nothing; a code confirms the contact; sent once, in the day; stopped by their link', async () => {
    const district = await newDistrict();
    const c = client();
    const path = `/r/guide/${district}/calendar/remind?lang=en`;
    assert.match(await (await c.request(path)).text(), /Deadline reminders/);

    const dead = await c.request(path, form({ field: 'mobile', value: '016-123-4567', items: 'local_income_tax_filing', days: '3' }));
    assert.equal(dead.status, 400);
    const deadPage = await dead.text();
    assert.match(deadPage, /<title>Error: /);
    assert.match(deadPage, /href="#contact"/);
    assert.match(deadPage, /no longer in service/);
    // The sign-up's pages name their step (KRDS step indicator), the current one marked.
    assert.deepEqual(stepsOf(deadPage), { names: ['Your reminders', 'Code', 'Done'], current: 'Your reminders', done: [], currentText: 'Current step Step 1 Your reminders' });
    const none = await c.request(path, form({ field: 'email', value: 'a@example.com', days: '3' }));
    assert.equal(none.status, 400);
    assert.match(await none.text(), /Choose at least one tax/);
    const strange = await c.request(path, form({ field: 'email', value: 'a@example.com', items: 'no_such_tax', days: '3' }));
    assert.match(await strange.text(), /not on this district/);
    const days = await c.request(path, form({ field: 'email', value: 'a@example.com', items: 'local_income_tax_filing', days: '30' }));
    assert.match(await days.text(), /Choose how many days before/);
    assert.equal(await countRows('messages', district), 0, 'no code was sent for a refused form');

    const chosen = { field: 'mobile', value: '010-2345-6789', items: ['local_income_tax_filing', 'vehicle_tax_first_half'], days: '3' };
    const codePage = await (await c.request(path, form(chosen))).text();
    assert.match(codePage, /We sent a code to 010-\*\*\*\*-6789/);
    assert.deepEqual(stepsOf(codePage)?.done, ['Your reminders']);
    assert.equal(stepsOf(codePage)?.current, 'Code');
    const verificationId = /name="verificationId" value="([^"]+)"/.exec(codePage)![1]!;
    const wrong = await c.request(`/r/guide/${district}/calendar/remind/confirm?lang=en`, form({ ...chosen, verificationId, code: '000000' === (await latestCode(district)) ? '111111' : '000000' }));
    assert.equal(wrong.status, 400);
    assert.match(await wrong.text(), /The code is not right/);
    assert.equal(await countRows('guide_calendar_subscriptions', district), 0);
    const done = await c.request(`/r/guide/${district}/calendar/remind/confirm?lang=en`, form({ ...chosen, verificationId, code: await latestCode(district) }));
    assert.equal(done.status, 200);
    const donePage = await done.text();
    assert.match(donePage, /We will remind 010-\*\*\*\*-6789 3 days before each deadline/);
    assert.equal(stepsOf(donePage)?.current, 'Done');
    const { rows: stored } = await ctx.db.query<{ contact_sealed: Uint8Array }>('SELECT contact_sealed FROM guide_calendar_subscriptions WHERE district_code = $1', [district]);
    assert.equal(stored.length, 1);
    assert.doesNotMatch(Buffer.from(stored[0]!.contact_sealed).toString('latin1'), /2345/, 'the number is sealed');

    const deps = guideDepsFrom(server.deps);
    const reminders = async () => (await ctx.db.query<{ topic: string; variables_enc: Uint8Array }>(
      `SELECT topic, variables_enc FROM messages WHERE district_code = $1 AND topic = 'guide_calendar_reminder' ORDER BY id`, [district])).rows;
    // 27 May: 1 June (the moved deadline) is 5 days away: not yet
    assert.equal(await runCalendarReminders(deps, seoul('2026-05-27T10:00:00')), 0);
    // 29 May at 07:00: in the window, but not at night
    assert.equal(await runCalendarReminders(deps, seoul('2026-05-29T07:00:00')), 0);
    const [first, again] = await Promise.all([runCalendarReminders(deps, seoul('2026-05-29T09:30:00')), runCalendarReminders(deps, seoul('2026-05-29T09:30:00'))]);
    assert.equal(first + again, 1, 'two sweeps at once send it once');
    assert.equal(await runCalendarReminders(deps, seoul('2026-05-30T10:00:00')), 0, 'once per deadline');
    const sent = await reminders();
    assert.equal(sent.length, 1);
    const variables = JSON.parse(server.deps.cipher.decrypt(Buffer.from(sent[0]!.variables_enc))) as Record<string, string>;
    assert.equal(variables.title, '지방소득세(종합소득분) 신고·납부');
    assert.equal(variables.due, '2026. 6. 1.(월)');
    const link = new URL(variables.link!);

    const ask = await c.request(`${link.pathname}?lang=en`);
    assert.match(await ask.text(), /Stop the local-tax deadline reminders sent to 010-\*\*\*\*-6789/);
    const stopped = await c.request(`${link.pathname}?lang=en`, { method: 'POST' });
    assert.match(await stopped.text(), /Reminders have stopped/);
    assert.equal(await runCalendarReminders(deps, seoul('2026-06-27T10:00:00')), 0, 'the June vehicle tax is not reminded after stopping');
    assert.equal((await c.request('/r/guide/calendar/unsubscribe/not-a-token?lang=en')).status, 404);
  });

  test('signing up again replaces the earlier reminders of the same contact', async () => {
    const district = await newDistrict();
    const c = client();
    for (const items of ['vehicle_tax_first_half', 'property_tax_buildings']) {
      const chosen = { field: 'email', value: 'Resident@Example.com', items, days: '7' };
      const codePage = await (await c.request(`/r/guide/${district}/calendar/remind?lang=ko`, form(chosen))).text();
      const verificationId = /name="verificationId" value="([^"]+)"/.exec(codePage)![1]!;
      assert.equal((await c.request(`/r/guide/${district}/calendar/remind/confirm?lang=ko`, form({ ...chosen, verificationId, code: await latestCode(district) }))).status, 200);
    }
    const { rows } = await ctx.db.query<{ item_codes: string[]; ended: boolean }>(
      'SELECT item_codes, ended_at IS NOT NULL AS ended FROM guide_calendar_subscriptions WHERE district_code = $1 ORDER BY id', [district]);
    assert.deepEqual(rows.map((r) => [r.item_codes, r.ended]), [[['vehicle_tax_first_half'], true], [['property_tax_buildings'], false]]);
  });
});
