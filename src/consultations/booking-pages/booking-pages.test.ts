import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { forEachEngine } from '../../../test-support/engines.ts';
import { startTestServer, type TestServer } from '../../../test-support/test-server.ts';
import type { Locale } from '../../platform/i18n/i18n.ts';
import { mobileOf, QUESTIONNAIRE, slotAt, T0, testClock, testDeps, verifiedContact, type ConsultationDistrict, type TestClock } from '../consultations.test-support.ts';
import type { ConsultationDeps } from '../consultations.deps.ts';
import { stepsOf } from '../../../test-support/step-indicator.ts';
import { book, cancel, getBooking } from '../booking/booking.service.ts';
import { blockSlots } from '../booking/blocks.service.ts';
import { configureInPersonDay } from '../in-person/in-person.service.ts';
import { csrfOf, englishIn, latestCode, mainText, namedDistrict, PageClient, summaryOf, summaryTargets, type PageAnswer } from './booking-pages.test-support.ts';

// The resident's booking pages over real HTTP, as a browser without script
// uses them, on both engines: the whole journey in Korean and in English
// (no English left on a Korean page), then every kind of bad input — each
// answered with the error summary, or sent back to the step to answer
// again with the reason, and nothing changed in the database.

let address = 0;
const newAddress = () => `203.0.${(++address >> 8) & 255}.${address & 255}`;
const HANGUL = /[\uac00-\ud7a3]/;

forEachEngine('consultation booking pages', (ctx) => {
  let server: TestServer;
  let clock: TestClock;
  let deps: ConsultationDeps;
  let c: ConsultationDistrict;
  let residents = 0;
  before(async () => {
    server = await startTestServer(ctx.db);
    clock = testClock();
    server.deps.clock = clock;
    deps = testDeps(ctx.db, server.deps.cipher, clock);
    c = await namedDistrict(ctx.db, [{}, { fields: ['gift_tax'] }]);
  });
  after(async () => {
    await server?.close();
  });

  const client = () => new PageClient(server.url, newAddress());
  const nextMobile = () => mobileOf(40_000 + ++residents + (ctx.engine === 'postgres' ? 5000 : 0));
  const count = async (sql: string, params: unknown[]) => (await ctx.db.query<{ n: number }>(sql, params)).rows[0]!.n;
  const bookings = (district: string) => count(`SELECT count(*)::int AS n FROM consultation_bookings WHERE district_code = $1`, [district]);
  const spentCodes = (district: string) => count(`SELECT count(*)::int AS n FROM one_time_codes WHERE district_code = $1 AND spent_at IS NOT NULL`, [district]);

  /** A booking made through the engine (another resident, another tab). */
  async function engineBooking(district: string, expertId: number, slotStart: string, field = 'gift_tax') {
    const contact = { field: 'mobile' as const, value: nextMobile() };
    const verificationId = await verifiedContact(deps, district, contact);
    return book(deps, { districtCode: district, fieldCode: field, expertId, slotStart, contact, name: '김민수', questionnaire: QUESTIONNAIRE, residencyDeclared: true, verificationId }, { kind: 'resident' });
  }

  const firstSlot = (html: string) => /name="slot" value="([^"]+)"/.exec(html)![1]!;

  /**
   * The journey up to the check page: field, a slot (the first free one unless
   * given), questionnaire, contact, code. Returns the pages it went through.
   */
  async function toCheck(b: PageClient, district: string, o: { locale: Locale; field?: string; slot?: string; topic?: string; mobile?: string }): Promise<{ pages: PageAnswer[]; csrf: string; mobile: string }> {
    const base = `/r/consultations/${district}`;
    const q = `?lang=${o.locale}`;
    const pages: PageAnswer[] = [await b.page(base + q)];
    let p = await b.follow(`${base}/field${q}`);
    pages.push(p);
    const csrf = csrfOf(p.html);
    const step = async (path: string, fields: Record<string, string>, next: string) => {
      const r = await b.submit(`${base}/${path}${q}`, { _csrf: csrf, ...fields });
      assert.equal(r.status, 303, `${path}: ${summaryOf(r.html).join(' / ')}`);
      assert.ok(r.location.startsWith(`${base}/${next}?`), `${path} → ${r.location}`);
      p = await b.follow(r.location);
      pages.push(p);
    };
    await step('field', { field: o.field ?? 'gift_tax' }, 'slots');
    await step('slots', { slot: o.slot ?? firstSlot(p.html) }, 'questions');
    await step('questions', { topic: o.topic ?? QUESTIONNAIRE.topic, hasDocuments: 'yes', residency: 'yes' }, 'contact');
    const mobile = o.mobile ?? nextMobile();
    await step('contact', { name: o.locale === 'ko' ? '최유나' : 'Yuna Choi', contactField: 'mobile', mobile }, 'code');
    await step('code', { code: await latestCode(ctx.db, server.deps.cipher, district) }, 'check');
    return { pages, csrf, mobile };
  }

  async function bookOnTheWeb(b: PageClient, district: string, o: { locale: Locale; field?: string; slot?: string; topic?: string }) {
    const { pages, csrf } = await toCheck(b, district, o);
    const r = await b.submit(`/r/consultations/${district}/check?lang=${o.locale}`, { _csrf: csrf });
    assert.equal(r.status, 303, summaryOf(r.html).join(' / '));
    const done = await b.follow(r.location);
    pages.push(done);
    assert.equal(done.status, 200);
    const reference = /id="reference">([^<]+)</.exec(done.html)![1]!;
    const personal = /id="personal-link">/.test(done.html) ? /href="(\/r\/consultations\/b\/[^"?]+)\?lang=\w+" id="personal-link"/.exec(done.html)![1]! : '';
    return { pages, reference, personal, token: personal.split('/').pop()! };
  }

  test('a resident books without script, views the booking, downloads the .ics, moves and cancels; Korean pages hold no English, English pages no Korean', async () => {
    for (const locale of ['ko', 'en'] as const) {
      const b = client();
      const { pages, reference, personal, token } = await bookOnTheWeb(b, c.district, { locale, topic: locale === 'en' ? 'Selling my flat: is it exempt?' : undefined });
      const row = (await ctx.db.query<{ state: string; channel: string }>('SELECT state, channel FROM consultation_bookings WHERE reference = $1', [reference])).rows[0]!;
      assert.deepEqual(row, { state: 'booked', channel: 'web' });
      // The start page is no step; each page after names its step (KRDS step indicator), the current one marked.
      const names = locale === 'ko'
        ? ['상담 분야', '날짜와 시간', '상담 내용', '연락처', '인증번호', '예약 내용 확인', '완료']
        : ['Subject', 'Day and time', 'Your questions', 'Contact', 'Code', 'Check your answers', 'Done'];
      assert.equal(stepsOf(pages[0]!.html), null);
      pages.slice(1, 8).forEach((p, i) => assert.deepEqual(stepsOf(p.html), {
        names, current: names[i], done: names.slice(0, i), currentText: `${locale === 'ko' ? `현재 단계 ${i + 1}단계` : `Current step Step ${i + 1}`} ${names[i]}`,
      }));
      const done = pages.at(-1)!;
      assert.match(mainText(done.html), locale === 'ko' ? /예약되었습니다/ : /Your consultation is booked/);
      assert.match(done.html, new RegExp(`href="/r/api/consultations/bookings/${token}/ics"`));
      const ics = await b.request(`/r/api/consultations/bookings/${token}/ics`);
      assert.equal(ics.status, 200);
      assert.match(await ics.text(), new RegExp(`UID:${reference}@`));

      let view = await b.page(`${personal}?lang=${locale}`);
      assert.equal(view.status, 200);
      assert.match(view.html, new RegExp(`id="booking-reference">${reference}<`));
      assert.match(view.html, new RegExp(`href="/r/video/${token}\\?lang=${locale}"`), 'the video room, behind the same link');
      pages.push(view);
      // Move: the picker, then another time.
      const movePage = await b.page(`${personal}/move?lang=${locale}`);
      pages.push(movePage);
      const other = [...movePage.html.matchAll(/name="slot" value="([^"]+)"/g)].map((m) => m[1]!)[3]!;
      const version = /name="version" value="(\d+)"/.exec(movePage.html)![1]!;
      const moved = await b.submit(`${personal}/move?lang=${locale}`, { slot: other, version });
      assert.equal(moved.status, 303);
      assert.equal(moved.location, `${personal}?done=moved&lang=${locale}`);
      view = await b.page(moved.location);
      pages.push(view);
      assert.match(view.html, /id="flash"/);
      const after = await getBooking(deps, { by: 'token', token });
      assert.equal(`${after.expert.id}_${Date.parse(after.start)}`, other);
      assert.equal(after.state, 'moved');
      // Cancel: the question, then the answer.
      const cancelPage = await b.page(`${personal}/cancel?lang=${locale}`);
      pages.push(cancelPage);
      const cancelled = await b.submit(`${personal}/cancel?lang=${locale}`, { version: /name="version" value="(\d+)"/.exec(cancelPage.html)![1]! });
      assert.equal(cancelled.status, 303);
      view = await b.page(cancelled.location);
      pages.push(view);
      assert.equal((await getBooking(deps, { by: 'token', token })).state, 'cancelled');
      assert.doesNotMatch(view.html, /id="move"/, 'a cancelled booking offers no move');

      for (const p of pages) {
        if (locale === 'ko') assert.deepEqual(englishIn(p.html), [], `English on a Korean page: ${mainText(p.html).slice(0, 200)}`);
        else {
          const text = mainText(p.html).replace(/세무사\d/g, ' ');
          assert.doesNotMatch(text, HANGUL, `Korean on an English page: ${text.slice(0, 300)}`);
        }
      }
    }
  });

  test('the language switch keeps the journey: the same step in the other language, the answers kept', async () => {
    const b = client();
    const base = `/r/consultations/${c.district}`;
    const field = await b.follow(`${base}/field?lang=ko`);
    await b.submit(`${base}/field?lang=ko`, { _csrf: csrfOf(field.html), field: 'acquisition_tax' });
    const en = await b.page(`${base}/field?lang=en`);
    assert.match(en.html, /<html lang="en">/);
    assert.match(en.html, /value="acquisition_tax" checked/);
    const switched = await b.page(`${base}/slots`);
    assert.match(switched.html, /<html lang="en">/, 'the choice is remembered (lang cookie)');
  });

  test('each step refuses bad input with the error summary pointing at the field, and keeps nothing of it', async () => {
    const b = client();
    const base = `/r/consultations/${c.district}`;
    const before = { bookings: await bookings(c.district) };
    const field = await b.follow(`${base}/field?lang=en`);
    const csrf = csrfOf(field.html);
    const post = (path: string, fields: Record<string, string>) => b.submit(`${base}/${path}?lang=en`, { _csrf: csrf, ...fields });

    let r = await post('field', {});
    assert.equal(r.status, 400);
    assert.deepEqual(summaryTargets(r.html), ['field']);
    assert.match(r.html, /<title>Error: /);
    r = await post('field', { field: 'wealth_tax' });
    assert.equal(r.status, 400);
    // Skipping ahead is not possible: the questions page sends back to the first step not answered.
    const skipped = await b.page(`${base}/questions?lang=en`);
    assert.equal(skipped.status, 303);
    assert.equal(skipped.location, `${base}/field?lang=en`);

    assert.equal((await post('field', { field: 'gift_tax' })).status, 303);
    r = await post('slots', {});
    assert.equal(r.status, 400);
    assert.deepEqual(summaryTargets(r.html), ['slot']);
    assert.deepEqual(summaryOf(r.html), ['Choose a time.']);
    r = await post('slots', { slot: `${c.experts[0]}_${Date.parse(slotAt('2027-03-09', '12:00'))}` });
    assert.equal(r.status, 409, 'outside the windows: not a free slot');
    r = await post('slots', { slot: `${c.experts[0]}_${Date.parse(slotAt('2027-03-04', '10:00'))}` });
    assert.equal(r.status, 409, 'inside the minimum notice');
    r = await post('slots', { slot: 'drop table' });
    assert.equal(r.status, 400);
    assert.equal((await post('slots', { slot: `${c.experts[1]}_${Date.parse(slotAt('2027-03-10', '11:00'))}` })).status, 303);

    r = await post('questions', { topic: ' ', hasDocuments: 'maybe' });
    assert.equal(r.status, 400);
    assert.deepEqual(summaryTargets(r.html), ['topic', 'hasDocuments', 'residency']);
    r = await post('questions', { topic: 'x'.repeat(501), hasDocuments: 'no', residency: 'yes' });
    assert.deepEqual(summaryOf(r.html), ['Enter at most 500 characters.']);
    assert.match(r.html, /x{501}<\/textarea>/, 'what was typed is kept');
    assert.equal((await post('questions', { topic: 'Gift to my daughter', hasDocuments: 'no', residency: 'yes' })).status, 303);

    r = await post('contact', { name: '', contactField: 'mobile', mobile: '' });
    assert.deepEqual(summaryTargets(r.html), ['name', 'mobile']);
    r = await post('contact', { name: 'Yuna Choi' });
    assert.deepEqual(summaryTargets(r.html), ['contactField']);
    r = await post('contact', { name: 'Yuna Choi', contactField: 'mobile', mobile: '02-123-4567' });
    assert.equal(r.status, 400);
    assert.deepEqual(summaryOf(r.html), ['The mobile number or e-mail address is not valid.']);
    r = await post('contact', { name: 'Yuna Choi', contactField: 'email', email: 'yuna@' });
    assert.deepEqual(summaryTargets(r.html), ['email']);
    const codesBefore = await count(`SELECT count(*)::int AS n FROM one_time_codes WHERE district_code = $1`, [c.district]);
    assert.equal((await post('contact', { name: 'Yuna Choi', contactField: 'mobile', mobile: nextMobile() })).status, 303);
    assert.equal(await count(`SELECT count(*)::int AS n FROM one_time_codes WHERE district_code = $1`, [c.district]), codesBefore + 1, 'one code, only for a valid contact');

    const code = await latestCode(ctx.db, server.deps.cipher, c.district);
    r = await post('code', { code: '12' });
    assert.deepEqual(summaryOf(r.html), ['Enter the 6-digit code.']);
    r = await post('code', { code: code === '000000' ? '111111' : '000000' });
    assert.equal(r.status, 400);
    assert.deepEqual(summaryOf(r.html), ['The code is not right. 4 more tries.']);
    // The check page cannot be reached before the code is confirmed.
    assert.equal((await b.page(`${base}/check?lang=en`)).location, `${base}/code?lang=en`);
    await ctx.db.query(`UPDATE one_time_codes SET expires_at = now() - interval '1 minute' WHERE district_code = $1 AND confirmed_at IS NULL`, [c.district]);
    r = await post('code', { code });
    assert.deepEqual(summaryOf(r.html), ['The code has expired (codes work for 5 minutes). Send a new code.']);
    // A new code, and that one works.
    r = await post('code/resend', {});
    assert.equal(r.location, `${base}/code?resent=1&lang=en`);
    assert.match((await b.page(r.location)).html, /We have sent a new code/);
    assert.equal((await post('code', { code: await latestCode(ctx.db, server.deps.cipher, c.district) })).location, `${base}/check?lang=en`);
    assert.equal(await bookings(c.district), before.bookings, 'nothing booked by any of it');

    // A form without the draft's token, or from another site, changes nothing.
    const forged = await b.submit(`${base}/check?lang=en`, { _csrf: 'not-the-token' });
    assert.equal(forged.status, 400);
    assert.match(forged.html, /Your answers were not kept/);
    const crossSite = await b.submit(`${base}/check?lang=en`, { _csrf: csrf }, { origin: 'https://evil.example' });
    assert.equal(crossSite.status, 403);
    const noCookie = await client().submit(`${base}/check?lang=en`, { _csrf: csrf });
    assert.equal(noCookie.status, 400);
    assert.equal(await bookings(c.district), before.bookings);
    // The real form books.
    assert.equal((await post('check', {})).location, `${base}/done?lang=en`);
    assert.equal(await bookings(c.district), before.bookings + 1);
  });

  test('the slot taken meanwhile: back to the choice of time with the reason, the code left unspent; the next slot books', async () => {
    const b = client();
    const slot = `${c.experts[1]}_${Date.parse(slotAt('2027-03-11', '14:00'))}`;
    const { csrf } = await toCheck(b, c.district, { locale: 'ko', slot });
    // Another resident takes it while this one reads the check page.
    await engineBooking(c.district, c.experts[1]!, slotAt('2027-03-11', '14:00'));
    const n = await bookings(c.district);
    const spent = await spentCodes(c.district);
    const r = await b.submit(`/r/consultations/${c.district}/check?lang=ko`, { _csrf: csrf });
    assert.equal(r.status, 303);
    assert.equal(r.location, `/r/consultations/${c.district}/slots?lang=ko`);
    const slots = await b.page(r.location);
    assert.deepEqual(summaryOf(slots.html), ['방금 다른 분이 이 시간을 예약했습니다. 다른 시간을 고르세요.']);
    assert.deepEqual(summaryTargets(slots.html), ['slot']);
    assert.doesNotMatch(slots.html, new RegExp(`value="${slot}"`), 'the taken time is no longer offered');
    assert.equal(await bookings(c.district), n);
    assert.equal(await spentCodes(c.district), spent, 'the code is not spent');
    // The message is shown once; the resident picks another time and books with the same confirmed code.
    assert.deepEqual(summaryOf((await b.page(r.location)).html), []);
    const next = await b.submit(`/r/consultations/${c.district}/slots?lang=ko`, { _csrf: csrf, slot: firstSlot(slots.html) });
    assert.equal(next.location, `/r/consultations/${c.district}/check?lang=ko`, 'everything else was answered: straight back to the check page');
    assert.equal((await b.submit(`/r/consultations/${c.district}/check?lang=ko`, { _csrf: csrf })).location, `/r/consultations/${c.district}/done?lang=ko`);
    assert.equal(await bookings(c.district), n + 1);
  });

  test('at the end: a confirmation older than 30 minutes sends back to the contact step; a second booking in the field is refused; nothing booked', async () => {
    const b = client();
    const { csrf, mobile } = await toCheck(b, c.district, { locale: 'en', field: 'national_taxes' });
    await ctx.db.query(`UPDATE one_time_codes SET confirmed_at = now() - interval '31 minutes' WHERE district_code = $1 AND confirmed_at > now() - interval '1 hour'`, [c.district]);
    const n = await bookings(c.district);
    let r = await b.submit(`/r/consultations/${c.district}/check?lang=en`, { _csrf: csrf });
    assert.equal(r.location, `/r/consultations/${c.district}/contact?lang=en`);
    const contact = await b.page(r.location);
    assert.deepEqual(summaryOf(contact.html), ['Confirm your contact with the code we sent before booking (then book within 30 minutes).']);
    assert.match(contact.html, new RegExp(`value="${mobile}"`), 'the contact is kept, to send a new code to');
    assert.equal(await bookings(c.district), n);

    // Booked once in the field, a second booking in it is refused on the check page.
    const first = client();
    const mine = nextMobile();
    await toCheck(first, c.district, { locale: 'en', field: 'inheritance_tax', mobile: mine }).then(({ csrf: t }) => first.submit(`/r/consultations/${c.district}/check?lang=en`, { _csrf: t }));
    const again = client();
    const second = await toCheck(again, c.district, { locale: 'en', field: 'inheritance_tax', mobile: mine });
    const before = await bookings(c.district);
    r = await again.submit(`/r/consultations/${c.district}/check?lang=en`, { _csrf: second.csrf });
    assert.equal(r.status, 409);
    assert.deepEqual(summaryTargets(r.html), ['book']);
    assert.match(summaryOf(r.html)[0]!, /^You already have a consultation on Inheritance tax \(/);
    assert.equal(await bookings(c.district), before);
  });

  test('the landing page links to the booking of each district that takes consultations', async () => {
    const landing = await client().page('/?lang=ko');
    assert.equal(landing.status, 200);
    const name = (await ctx.db.query<{ name_ko: string }>('SELECT name_ko FROM districts WHERE code = $1', [c.district])).rows[0]!.name_ko;
    assert.match(landing.html, new RegExp(`<a href="/r/consultations/${c.district}\\?lang=ko">${name} 상담 예약</a>`));
    await ctx.db.query(`INSERT INTO districts (code, name_ko, name_en) VALUES ('nocons', '상담없는구', 'No-consultations-gu') ON CONFLICT DO NOTHING`);
    assert.doesNotMatch((await client().page('/?lang=en')).html, /\/r\/consultations\/nocons/, 'a district without consultation settings is not linked');
  });

  test('unknown district and link: a page saying so, 404', async () => {
    const b = client();
    const district = await b.page('/r/consultations/nowhere?lang=en');
    assert.equal(district.status, 404);
    assert.match(district.html, /does not take consultation bookings/);
    const link = await b.page(`/r/consultations/b/${'x'.repeat(32)}?lang=ko`);
    assert.equal(link.status, 404);
    assert.match(link.html, /링크가 올바르지 않습니다/);
    assert.equal((await b.submit(`/r/consultations/b/${'x'.repeat(32)}/cancel?lang=ko`, {})).status, 404);
    const gone = await b.page(`/r/consultations/${c.district}/check?lang=en`);
    assert.equal(gone.status, 400, 'no draft: the answers are gone');
    assert.match(gone.html, /id="start-again"/);
  });

  test('the personal link: after the cutoff, why not and whom to call; a taken time or a stale page changes nothing', async () => {
    const a = await engineBooking(c.district, c.experts[0]!, slotAt('2027-03-16', '10:00'));
    const other = await engineBooking(c.district, c.experts[0]!, slotAt('2027-03-16', '10:20'));
    const b = client();
    const personal = `/r/consultations/b/${a.token}`;
    // A taken time (the slot became someone else's after the page was shown).
    let r = await b.submit(`${personal}/move?lang=en`, { slot: `${c.experts[0]}_${Date.parse(other.booking.start)}`, version: String(a.booking.version) });
    assert.equal(r.status, 409);
    assert.deepEqual(summaryOf(r.html), ['Someone has just booked this time. Choose another time.']);
    r = await b.submit(`${personal}/move?lang=en`, { slot: 'nonsense', version: '1' });
    assert.equal(r.status, 400);
    // A stale page: the version it showed is no longer the booking's.
    const free = firstSlot((await b.page(`${personal}/move?lang=en`)).html);
    assert.equal((await b.submit(`${personal}/move?lang=en`, { slot: free, version: String(a.booking.version) })).status, 303);
    r = await b.submit(`${personal}/cancel?lang=en`, { version: String(a.booking.version) });
    assert.equal(r.status, 409);
    assert.deepEqual(summaryOf(r.html), ['The booking changed in the meantime. Reload it and try again.']);
    assert.equal((await getBooking(deps, { by: 'token', token: a.token })).state, 'moved');

    // After the cutoff (24 hours before): no move, no cancel; the page says to call the office.
    const late = await engineBooking(c.district, c.experts[0]!, slotAt('2027-03-17', '10:00'));
    clock.set(new Date('2027-03-16T02:00:00Z')); // 11:00 in Seoul, the day before
    try {
      const view = await b.page(`/r/consultations/b/${late.token}?lang=ko`);
      assert.match(mainText(view.html), /24시간 전부터는 온라인으로 시간을 바꾸거나 취소할 수 없습니다\. 바꾸거나 취소하시려면 02-2155-6114\(으\)로 전화해 주세요/);
      assert.doesNotMatch(view.html, /id="move"|id="cancel"/);
      assert.equal((await b.page(`/r/consultations/b/${late.token}/move?lang=ko`)).location, `/r/consultations/b/${late.token}?lang=ko`);
      r = await b.submit(`/r/consultations/b/${late.token}/cancel?lang=ko`, { version: String(late.booking.version) });
      assert.equal(r.status, 409);
      assert.match(summaryOf(r.html)[0]!, /상담 24시간 전부터는 온라인으로 변경·취소할 수 없습니다/);
      assert.equal((await getBooking(deps, { by: 'token', token: late.token })).state, 'booked');
    } finally {
      clock.set(T0);
    }
  });

  test('a full day: the waiting list on the web; a freed time held, confirmed on the personal page; a hold that ran out, declined', async () => {
    const w = await namedDistrict(ctx.db, [{}], { windows: [{ start: '10:00', end: '10:40' }] });
    const day = '2027-03-10';
    await engineBooking(w.district, w.experts[0]!, slotAt(day, '10:00'));
    const second = await engineBooking(w.district, w.experts[0]!, slotAt(day, '10:20'));
    const b = client();
    const base = `/r/consultations/${w.district}`;
    const field = await b.follow(`${base}/field?lang=en`);
    const csrf = csrfOf(field.html);
    await b.submit(`${base}/field?lang=en`, { _csrf: csrf, field: 'gift_tax' });
    const slots = await b.page(`${base}/slots?lang=en&from=${day}`);
    assert.match(mainText(slots.html), /Wednesday 10 March 2027 There are no free times left on this day\. Join the waiting list/);
    const href = /href="([^"]+)" class="cb-waitlist"/.exec(slots.html)![1]!.replace(/&amp;/g, '&');
    assert.equal(href, `${base}/waitlist?day=${day}&lang=en`);
    const offer = await b.page(href);
    assert.match(offer.html, /held for 120 minutes/);
    assert.equal((await b.submit(`${base}/waitlist?lang=en`, { _csrf: csrf, day: '2027-03-01' })).location, `${base}/slots?lang=en`, 'a day too soon: back to the times');
    let r = await b.submit(`${base}/waitlist?lang=en`, { _csrf: csrf, day });
    assert.equal(r.location, `${base}/questions?lang=en`);
    await b.submit(`${base}/questions?lang=en`, { _csrf: csrf, topic: 'Gift of a flat', hasDocuments: 'yes', residency: 'yes' });
    await b.submit(`${base}/contact?lang=en`, { _csrf: csrf, name: 'Minji Park', contactField: 'mobile', mobile: nextMobile() });
    await b.submit(`${base}/code?lang=en`, { _csrf: csrf, code: await latestCode(ctx.db, server.deps.cipher, w.district) });
    const check = await b.page(`${base}/check?lang=en`);
    assert.match(check.html, /Check your answers before joining the waiting list/);
    assert.match(mainText(check.html), /Waiting list for Wednesday 10 March 2027/);
    r = await b.submit(`${base}/check?lang=en`, { _csrf: csrf });
    const done = await b.follow(r.location);
    assert.match(done.html, /You are on the waiting list/);
    const entryPath = /href="([^"?]+)\?lang=en" id="waitlist-link"/.exec(done.html)![1]!;
    assert.match((await b.page(`${entryPath}?lang=en`)).html, /You are on the waiting list for Gift tax on Wednesday 10 March 2027/);

    // The 10:20 resident cancels: the time is held for the one waiting, who is told with their link.
    await cancel(deps, { by: 'token', token: second.token }, { kind: 'resident' });
    const { rows } = await ctx.db.query<{ variables_enc: Uint8Array }>(`SELECT variables_enc FROM messages WHERE district_code = $1 AND topic = 'consultation_slot_offered' ORDER BY id DESC LIMIT 1`, [w.district]);
    const token = (JSON.parse(server.deps.cipher.decrypt(rows[0]!.variables_enc)) as { link: string }).link.split('/').pop()!;
    const held = await b.page(`/r/consultations/b/${token}?lang=en`);
    assert.match(held.html, /A time you waited for has come free/);
    r = await b.submit(`/r/consultations/b/${token}/confirm-hold?lang=en`, {});
    assert.equal(r.location, `/r/consultations/b/${token}?done=confirmed&lang=en`);
    assert.equal((await getBooking(deps, { by: 'token', token })).state, 'booked');
    assert.match((await b.page(`${entryPath}?lang=en`)).html, /You were booked from the waiting list/);

    // Another waits for the same day; the freed time is held for them, but they come back too late.
    const late = client();
    const lateField = await late.follow(`${base}/field?lang=en`);
    const lateCsrf = csrfOf(lateField.html);
    await late.submit(`${base}/field?lang=en`, { _csrf: lateCsrf, field: 'gift_tax' });
    await late.submit(`${base}/waitlist?lang=en`, { _csrf: lateCsrf, day });
    await late.submit(`${base}/questions?lang=en`, { _csrf: lateCsrf, topic: 'Gift of shares', hasDocuments: 'no', residency: 'yes' });
    await late.submit(`${base}/contact?lang=en`, { _csrf: lateCsrf, name: 'Jae Lee', contactField: 'mobile', mobile: nextMobile() });
    await late.submit(`${base}/code?lang=en`, { _csrf: lateCsrf, code: await latestCode(ctx.db, server.deps.cipher, w.district) });
    assert.equal((await late.submit(`${base}/check?lang=en`, { _csrf: lateCsrf })).location, `${base}/done?lang=en`);
    await cancel(deps, { by: 'token', token }, { kind: 'resident' });
    const { rows: offered } = await ctx.db.query<{ variables_enc: Uint8Array }>(`SELECT variables_enc FROM messages WHERE district_code = $1 AND topic = 'consultation_slot_offered' ORDER BY id DESC LIMIT 1`, [w.district]);
    const lateToken = (JSON.parse(server.deps.cipher.decrypt(offered[0]!.variables_enc)) as { link: string }).link.split('/').pop()!;
    clock.advance(121 * 60_000);
    try {
      r = await late.submit(`/r/consultations/b/${lateToken}/confirm-hold?lang=en`, {});
      assert.equal(r.status, 409);
      assert.deepEqual(summaryOf(r.html), ['This slot is no longer held for you (the time to confirm ran out, or it was withdrawn). Choose another time.']);
      assert.equal((await getBooking(deps, { by: 'token', token: lateToken })).state, 'held', 'nothing changed (the sweep releases it)');
      r = await late.submit(`/r/consultations/b/${lateToken}/decline?lang=en`, {});
      assert.equal(r.location, `/r/consultations/b/${lateToken}?done=declined&lang=en`);
      assert.equal((await getBooking(deps, { by: 'token', token: lateToken })).state, 'hold_released');
      r = await late.submit(`/r/consultations/b/${lateToken}/decline?lang=en`, {});
      assert.equal(r.status, 409, 'declining twice changes nothing');
    } finally {
      clock.set(T0);
    }
  });

  test('the in-person day: the week says where, the times are booked like others, and every page after says where to come', async () => {
    const k = await namedDistrict(ctx.db, [{}, {}]);
    await configureInPersonDay(deps, k.district, {
      placeNameKo: '서초구청 2층 민원실', placeNameEn: 'Seocho-gu Office, 2nd floor', addressKo: '서울 서초구 남부순환로 2584', addressEn: '2584 Nambusunhwan-ro, Seocho-gu, Seoul',
      windows: [{ start: '10:00', end: '12:00' }], expertIds: [k.experts[0]!],
    });
    const b = client();
    const base = `/r/consultations/${k.district}`;
    assert.match(mainText((await b.page(`${base}?lang=ko`)).html), /매월 첫째 토요일\(공휴일이면 그다음 토요일\)은 ‘세무 고민 해결의 날’로, 서초구청 2층 민원실에서 직접 만나 상담합니다/);
    const field = await b.follow(`${base}/field?lang=ko`);
    const csrf = csrfOf(field.html);
    await b.submit(`${base}/field?lang=ko`, { _csrf: csrf, field: 'gift_tax' });
    // Saturday 3 April 2027 is April's in-person day: the one expert who serves it, six times, at the place.
    const week = await b.page(`${base}/slots?lang=ko&from=2027-03-30`);
    const saturday = /<fieldset class="cb-day" id="day-2027-04-03">([\s\S]*?)<\/fieldset>/.exec(week.html)![1]!;
    assert.match(mainText(saturday), /세무 고민 해결의 날: 서초구청 2층 민원실\(서울 서초구 남부순환로 2584\)에서 직접 만나 상담합니다/);
    const times = [...saturday.matchAll(/name="slot" value="(\d+)_(\d+)"/g)];
    assert.equal(times.length, 6);
    assert.ok(times.every((m) => Number(m[1]) === k.experts[0]));
    assert.doesNotMatch(mainText(/<fieldset class="cb-day" id="day-2027-04-02">([\s\S]*?)<\/fieldset>/.exec(week.html)![1]!), /세무 고민 해결의 날/, 'a weekday is not');
    const slot = `${times[0]![1]}_${times[0]![2]}`;
    await b.submit(`${base}/slots?lang=ko`, { _csrf: csrf, slot });
    await b.submit(`${base}/questions?lang=ko`, { _csrf: csrf, topic: QUESTIONNAIRE.topic, hasDocuments: 'yes', residency: 'yes' });
    await b.submit(`${base}/contact?lang=ko`, { _csrf: csrf, name: '최유나', contactField: 'mobile', mobile: nextMobile() });
    await b.submit(`${base}/code?lang=ko`, { _csrf: csrf, code: await latestCode(ctx.db, server.deps.cipher, k.district) });
    const check = await b.page(`${base}/check?lang=en`);
    assert.match(mainText(check.html), /Where Seocho-gu Office, 2nd floor, 2584 Nambusunhwan-ro, Seocho-gu, Seoul Change Where/);
    const done = await b.follow((await b.submit(`${base}/check?lang=en`, { _csrf: csrf })).location);
    assert.match(/id="done-where">([^<]*)</.exec(done.html)![1]!, /^Seocho-gu Office, 2nd floor/);
    const personal = /href="(\/r\/consultations\/b\/[^"?]+)\?lang=en" id="personal-link"/.exec(done.html)![1]!;
    const view = await b.page(`${personal}?lang=ko`);
    assert.match(mainText(view.html), /상담 장소 서초구청 2층 민원실\(서울 서초구 남부순환로 2584\)/);
    assert.match(mainText(view.html), /상담 시간에 맞춰 서초구청 2층 민원실\(서울 서초구 남부순환로 2584\)로 와 주세요/);
    assert.doesNotMatch(view.html, /온라인 상담실에서 합니다/);
    assert.equal((await getBooking(deps, { by: 'token', token: personal.split('/').pop()! })).mode, 'in_person');
  });

  test('after a block: the same link offers another time, which books anew', async () => {
    const k = await namedDistrict(ctx.db, [{}]);
    const a = await engineBooking(k.district, k.experts[0]!, slotAt('2027-03-18', '14:00'));
    await blockSlots(deps, { expertId: k.experts[0]!, day: '2027-03-18', reason: '세무사 병가' }, { kind: 'staff', staffId: k.officialId, role: 'tax_official', districtCode: k.district });
    const b = client();
    const personal = `/r/consultations/b/${a.token}`;
    const view = await b.page(`${personal}?lang=ko`);
    assert.match(mainText(view.html), /사정이 생겨 이 상담을 진행할 수 없게 되었습니다/);
    const picker = await b.page(`${personal}/rebook?lang=ko`);
    assert.equal(picker.status, 200);
    assert.doesNotMatch(picker.html, /day-2027-03-18"><legend>[^<]*<\/legend><div class="cb-slots">/, 'the blocked day has no times');
    const r = await b.submit(`${personal}/rebook?lang=ko`, { slot: firstSlot(picker.html) });
    assert.equal(r.status, 303);
    const fresh = r.location.split('?')[0]!;
    assert.notEqual(fresh, personal, 'a new booking, a new link');
    assert.match((await b.page(r.location)).html, /새 시간으로 예약했습니다/);
    assert.match(mainText((await b.page(`${personal}?lang=ko`)).html), /다른 시간으로 다시 예약하셨습니다/);
    assert.equal((await b.page(`${personal}/rebook?lang=ko`)).status, 303, 'only once');
  });
});
