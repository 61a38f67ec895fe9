import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createTestDatabase, type TestDatabase } from '../../../test-support/databases.ts';
import { activeId, assertAccessible, BROWSER_SKIP, launchChromium, tabTo } from '../../../test-support/browser.ts';
import { startTestServer, type TestServer } from '../../../test-support/test-server.ts';
import { createLogger } from '../../platform/logger.ts';
import { startDeliveryRuntime, type DeliveryRuntime } from '../../delivery/delivery.runtime.ts';
import { mobileOf, QUESTIONNAIRE, slotAt, T0, testClock, testDeps, verifiedContact, type ConsultationDistrict, type TestClock } from '../consultations.test-support.ts';
import type { ConsultationDeps } from '../consultations.deps.ts';
import { book, cancel, getBooking } from '../booking/booking.service.ts';
import { blockSlots } from '../booking/blocks.service.ts';
import { joinWaitlist } from '../booking/waitlist.service.ts';
import { configureInPersonDay } from '../in-person/in-person.service.ts';
import { latestCode, namedDistrict } from './booking-pages.test-support.ts';

// Issue 15, "Done when": a resident books on the web in a real browser —
// keyboard only, every control reached with Tab and worked with Space,
// arrows and Enter, focus always visible — with the one-time code that
// reached the gateway simulator; then moves and cancels through the
// personal link. axe-core finds no WCAG 2.x A/AA violation on any of the
// pages, with and without errors, in Korean and in English: the journey,
// the confirmation, the personal page in each of its states (booked,
// moved, after the cutoff, cancelled, a slot held from the waiting list,
// after a block, in person), the in-person day's week, the waiting list's
// pages and the problem pages.

const KEY = Buffer.alloc(32, 9).toString('base64');

describe('consultation booking pages in a browser', { skip: BROWSER_SKIP }, () => {
  let database: TestDatabase;
  let server: TestServer;
  let delivery: DeliveryRuntime;
  let browser: Browser;
  let clock: TestClock;
  let deps: ConsultationDeps;
  let c: ConsultationDistrict;
  let residents = 0;

  before(async () => {
    database = await createTestDatabase('pglite');
    server = await startTestServer(database.db, {
      TAXSTATION_ENCRYPTION_KEY: KEY, TAXSTATION_DATA_DIR: mkdtempSync(join(tmpdir(), 'ts-cons-browser-')), TAXSTATION_SIM_PROFILE: 'clean', TAXSTATION_QUIET_HOURS: 'off',
    });
    clock = testClock();
    server.deps.clock = clock;
    deps = testDeps(database.db, server.deps.cipher, clock);
    delivery = await startDeliveryRuntime({ config: server.deps.config, db: database.db, log: createLogger({ level: 'silent' }), cipher: server.deps.cipher }, { worker: false, bounceListener: false });
    c = await namedDistrict(database.db, [{}, { fields: ['gift_tax'] }]);
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await delivery?.close();
    await server?.close();
    await database?.drop();
  });

  const nextMobile = () => mobileOf(60_000 + ++residents);
  let address = 0;
  async function open(locale: 'ko' | 'en'): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
    // bypassCSP only so that axe can be injected; the pages themselves run under the real policy.
    const context = await browser.newContext({ bypassCSP: true, locale: locale === 'ko' ? 'ko-KR' : 'en-GB', extraHTTPHeaders: { 'x-forwarded-for': `192.0.2.${++address}` } });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error' && !/status of (400|404|409|429)/.test(m.text())) errors.push(m.text());
    });
    return { context, page, errors };
  }
  const url = (path: string) => `${server.url}${path}`;

  /** Presses Enter on the focused control and waits for the page it leads to. */
  const enter = (page: Page, to: RegExp) => Promise.all([page.waitForURL(to), page.keyboard.press('Enter')]);
  const summaryHasFocus = (page: Page) => page.evaluate(() => document.activeElement?.hasAttribute('data-error-summary') ?? false);
  const focusVisible = (page: Page) =>
    page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      if (!el) return false;
      const s = getComputedStyle(el);
      return (s.outlineStyle !== 'none' && s.outlineWidth !== '0px') || s.backgroundColor === 'rgb(255, 221, 0)' || s.boxShadow !== 'none';
    });

  /** Runs the dispatch engine until the gateway simulator has received `count` messages for the recipient on the channel. */
  async function atSimulator(recipient: string, channel: string, count: number): Promise<void> {
    for (let i = 0; i < 300; i++) {
      await delivery.tick();
      if (delivery.simulator!.messages().filter((m) => m.recipient === recipient && m.channel === channel).length >= count) return;
      await new Promise((r) => setTimeout(r, 20));
    }
    assert.fail(`no ${channel} message reached the simulator for ${recipient}`);
  }

  test('[ko] keyboard only: books with the code from the gateway simulator, moves and cancels through the personal link; axe on every page', async () => {
    const { context, page, errors } = await open('ko');
    const mobile = nextMobile();
    try {
      await page.goto(url('/?lang=ko'));
      await assertAccessible(page, 'ko landing page');
      await page.goto(url(`/r/consultations/${c.district}?lang=ko`));
      await assertAccessible(page, 'ko start');
      await tabTo(page, 'start');
      assert.ok(await focusVisible(page), 'the start link shows focus');
      await enter(page, /\/field\?/);
      await assertAccessible(page, 'ko field');
      // Nothing chosen: the summary takes focus and names the question.
      await tabTo(page, 'continue');
      await enter(page, /\/field\?/);
      await page.waitForSelector('[data-error-summary]');
      assert.ok(await summaryHasFocus(page), 'the summary has focus');
      assert.match(await page.title(), /^오류: /);
      await assertAccessible(page, 'ko field with an error');
      await tabTo(page, 'field');
      assert.ok(await focusVisible(page), 'a radio shows focus');
      for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowDown'); // 증여세
      assert.equal(await page.isChecked('#field-gift_tax'), true);
      await tabTo(page, 'continue');
      await enter(page, /\/slots\?/);
      await assertAccessible(page, 'ko slots');

      // The expert filter by keyboard, then the first free time.
      await tabTo(page, 'expert');
      await page.keyboard.press('ArrowDown');
      await tabTo(page, 'expert-show');
      await enter(page, /expert=/);
      assert.match((await page.textContent('label[for="slot"]')) ?? '', /^10:00 \(세무사1\)$/);
      await assertAccessible(page, 'ko slots of one expert');
      await tabTo(page, 'slot');
      await page.keyboard.press('Space');
      await page.keyboard.press('ArrowRight'); // 10:20
      const chosen = await page.evaluate(() => (document.activeElement as HTMLInputElement).value);
      await tabTo(page, 'continue');
      await enter(page, /\/questions\?/);
      await assertAccessible(page, 'ko questions');
      await tabTo(page, 'continue');
      await enter(page, /\/questions\?/);
      await page.waitForSelector('[data-error-summary]');
      assert.equal(await page.locator('.error-summary-list li').count(), 3);
      await assertAccessible(page, 'ko questions with errors');
      await tabTo(page, 'topic');
      await page.keyboard.type(QUESTIONNAIRE.topic);
      await tabTo(page, 'hasDocuments');
      await page.keyboard.press('Space');
      await tabTo(page, 'residency');
      await page.keyboard.press('Space');
      await tabTo(page, 'continue');
      await enter(page, /\/contact\?/);
      await assertAccessible(page, 'ko contact');
      await tabTo(page, 'continue');
      await enter(page, /\/contact\?/);
      await page.waitForSelector('[data-error-summary]');
      await assertAccessible(page, 'ko contact with errors');
      await tabTo(page, 'name');
      await page.keyboard.type('최유나');
      await tabTo(page, 'contactField');
      await page.keyboard.press('Space');
      await tabTo(page, 'mobile');
      await page.keyboard.type(mobile);
      await tabTo(page, 'continue');
      await enter(page, /\/code\?/);
      await assertAccessible(page, 'ko code');

      // The code reaches the gateway simulator as a text message to that number.
      const e164 = `+82${mobile.replace(/-/g, '').slice(1)}`;
      await atSimulator(e164, 'sms', 1);
      const code = await latestCode(database.db, server.deps.cipher, c.district);
      await tabTo(page, 'code');
      await page.keyboard.type(code === '000000' ? '111111' : '000000');
      await enter(page, /\/code\?/);
      await page.waitForSelector('[data-error-summary]');
      assert.match((await page.textContent('[data-error-summary]')) ?? '', /4번 더/);
      await assertAccessible(page, 'ko code wrong');
      await tabTo(page, 'code');
      await page.keyboard.type(code);
      await tabTo(page, 'continue');
      await enter(page, /\/check\?/);
      assert.match((await page.textContent('#check-when')) ?? '', /10:20$/);
      await assertAccessible(page, 'ko check answers');
      await tabTo(page, 'book');
      await enter(page, /\/done\?/);
      const reference = ((await page.textContent('#reference')) ?? '').trim();
      assert.match(reference, /^[0-9A-Z]{4}-[0-9A-Z]{4}$/);
      await assertAccessible(page, 'ko confirmation');
      const booked = (await database.db.query<{ slot_start: Date; state: string }>('SELECT slot_start, state FROM consultation_bookings WHERE reference = $1', [reference])).rows[0]!;
      assert.equal(`${c.experts[0]}_${new Date(booked.slot_start).getTime()}`, chosen);
      assert.equal(booked.state, 'booked');
      await atSimulator(e164, 'kakao', 1); // the confirmation

      // The personal link: move to another time, then cancel.
      await tabTo(page, 'personal-link', 60);
      await enter(page, /\/r\/consultations\/b\//);
      assert.equal(((await page.textContent('#booking-reference')) ?? '').trim(), reference);
      await assertAccessible(page, 'ko personal page');
      await tabTo(page, 'move');
      await enter(page, /\/move\?/);
      await assertAccessible(page, 'ko move');
      await tabTo(page, 'slot');
      await page.keyboard.press('Space');
      await tabTo(page, 'continue');
      await enter(page, /done=moved/);
      assert.match((await page.textContent('#flash')) ?? '', /시간을 바꿨습니다/);
      assert.match((await page.textContent('#booking-when')) ?? '', /10:00$/);
      await assertAccessible(page, 'ko personal page, moved');
      await tabTo(page, 'cancel');
      await enter(page, /\/cancel\?/);
      await assertAccessible(page, 'ko cancel question');
      await tabTo(page, 'cancel-yes');
      await enter(page, /done=cancelled/);
      assert.equal(((await page.textContent('#booking-state')) ?? '').trim(), '취소됨');
      await assertAccessible(page, 'ko personal page, cancelled');
      assert.equal((await database.db.query<{ state: string }>('SELECT state FROM consultation_bookings WHERE reference = $1', [reference])).rows[0]!.state, 'cancelled');
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });

  test('[en] the journey with every error, the confirmation and the personal page pass axe; the skip link and focus work', async () => {
    const { context, page, errors } = await open('en');
    const base = `/r/consultations/${c.district}`;
    const submit = (to: RegExp) => Promise.all([page.waitForURL(to), page.click('#continue')]);
    try {
      await page.goto(url('/?lang=en'));
      await assertAccessible(page, 'en landing page');
      await Promise.all([page.waitForURL(new RegExp(`${base}\\?lang=en$`)), page.click(`a[href="${base}?lang=en"]`)]);
      await assertAccessible(page, 'en start');
      await page.keyboard.press('Tab');
      assert.equal(await page.evaluate(() => document.activeElement?.className), 'skip-link');
      await Promise.all([page.waitForURL(/\/field\?/), page.click('#start')]);
      await submit(/\/field\?/);
      await assertAccessible(page, 'en field with an error');
      await page.check('#field-national_taxes');
      await submit(/\/slots\?/);
      await assertAccessible(page, 'en slots');
      await submit(/\/slots\?/);
      await page.waitForSelector('[data-error-summary]');
      await assertAccessible(page, 'en slots with an error');
      // The error summary's link leads to the first time.
      await page.click('.error-summary-list a');
      assert.equal(await activeId(page), 'slot');
      await Promise.all([page.waitForURL(/from=/), page.click('#week-next')]);
      await assertAccessible(page, 'en slots, next week');
      await page.check('#slot');
      await submit(/\/questions\?/);
      await submit(/\/questions\?/);
      await assertAccessible(page, 'en questions with errors');
      await page.fill('#topic', 'Tax on a house I inherited and want to sell');
      await page.check('#hasDocuments-no');
      await page.check('#residency');
      await submit(/\/contact\?/);
      await page.fill('#name', 'Yuna Choi');
      await page.check('#contactField-email');
      await page.fill('#email', 'yuna@');
      await submit(/\/contact\?/);
      await assertAccessible(page, 'en contact with an error');
      await page.fill('#email', 'yuna.choi@example.kr');
      await submit(/\/code\?/);
      await assertAccessible(page, 'en code');
      await page.fill('#code', '12');
      await submit(/\/code\?/);
      await assertAccessible(page, 'en code with an error');
      await Promise.all([page.waitForURL(/resent=1/), page.click('#resend')]);
      await assertAccessible(page, 'en code resent');
      await page.fill('#code', await latestCode(database.db, server.deps.cipher, c.district));
      await submit(/\/check\?/);
      await assertAccessible(page, 'en check answers');
      // Change the topic from the check page, and come straight back to it.
      await Promise.all([page.waitForURL(/\/questions\?/), page.click('#change-topic')]);
      assert.equal(await page.inputValue('#topic'), 'Tax on a house I inherited and want to sell');
      await page.fill('#topic', 'Inherited house: tax when selling');
      await submit(/\/check\?/);
      assert.equal(((await page.textContent('#check-topic')) ?? '').trim(), 'Inherited house: tax when selling');
      await Promise.all([page.waitForURL(/\/done\?/), page.click('#book')]);
      await assertAccessible(page, 'en confirmation');
      const ics = await page.getAttribute('#ics', 'href');
      const icsAnswer = await page.request.get(url(ics!));
      assert.equal(icsAnswer.status(), 200);
      assert.match(icsAnswer.headers()['content-type']!, /^text\/calendar/);
      await Promise.all([page.waitForURL(/\/r\/consultations\/b\//), page.click('#personal-link')]);
      await assertAccessible(page, 'en personal page');
      await Promise.all([page.waitForURL(/\/move\?/), page.click('#move')]);
      await assertAccessible(page, 'en move');
      await Promise.all([page.waitForURL(/\/r\/consultations\/b\/[^/]+\?lang=en$/), page.click('.cb-back')]);
      await Promise.all([page.waitForURL(/\/cancel\?/), page.click('#cancel')]);
      await assertAccessible(page, 'en cancel question');
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });

  test('the other pages pass axe in Korean and in English: waiting list, a held slot, the in-person day, after the cutoff, after a block, link and answer problems', async () => {
    // A district whose day has two slots, both booked: the day is full.
    const full = await namedDistrict(database.db, [{}], { windows: [{ start: '10:00', end: '10:40' }] });
    const day = '2027-03-10';
    const resident = async (district: string, expertId: number, start: string) => {
      const contact = { field: 'mobile' as const, value: nextMobile() };
      const verificationId = await verifiedContact(deps, district, contact);
      return book(deps, { districtCode: district, fieldCode: 'gift_tax', expertId, slotStart: start, contact, name: '김민수', questionnaire: QUESTIONNAIRE, residencyDeclared: true, verificationId }, { kind: 'resident' });
    };
    await resident(full.district, full.experts[0]!, slotAt(day, '10:00'));
    const freed = await resident(full.district, full.experts[0]!, slotAt(day, '10:20'));
    const waiter = { field: 'mobile' as const, value: nextMobile() };
    const { token: waitToken } = await joinWaitlist(deps, {
      districtCode: full.district, fieldCode: 'gift_tax', day, contact: waiter, name: '박민지', questionnaire: QUESTIONNAIRE, residencyDeclared: true,
      verificationId: await verifiedContact(deps, full.district, waiter),
    });
    await cancel(deps, { by: 'token', token: freed.token }, { kind: 'resident' });
    const { rows } = await database.db.query<{ variables_enc: Uint8Array }>(`SELECT variables_enc FROM messages WHERE district_code = $1 AND topic = 'consultation_slot_offered' ORDER BY id DESC LIMIT 1`, [full.district]);
    const heldToken = (JSON.parse(server.deps.cipher.decrypt(rows[0]!.variables_enc)) as { link: string }).link.split('/').pop()!;
    assert.equal((await getBooking(deps, { by: 'token', token: heldToken })).state, 'held');
    // The hold outlives the test's jump of the clock to the cutoff below: the
    // server's due-work sweep (a real 30 s timer) may run during that jump
    // on a slow machine, and would otherwise release the hold, so the next
    // language would find the day no longer full.
    await database.db.query(`UPDATE consultation_bookings SET hold_expires_at = '2030-01-01T00:00:00Z' WHERE district_code = $1 AND state = 'held'`, [full.district]);
    // A booking a block cancelled, and one inside the cutoff.
    const blocked = await resident(full.district, full.experts[0]!, slotAt('2027-03-19', '10:00'));
    await blockSlots(deps, { expertId: full.experts[0]!, day: '2027-03-19', reason: '세무사 병가' }, { kind: 'staff', staffId: full.officialId, role: 'tax_official', districtCode: full.district });
    assert.equal((await getBooking(deps, { by: 'token', token: blocked.token })).cancelReason, 'blocked');
    const soon = await resident(c.district, c.experts[0]!, slotAt('2027-03-09', '11:00'));
    // The in-person day (Saturday 3 April 2027), and a booking on it.
    await configureInPersonDay(deps, full.district, {
      placeNameKo: '서초구청 2층 민원실', placeNameEn: 'Seocho-gu Office, 2nd floor', addressKo: '서울 서초구 남부순환로 2584', addressEn: '2584 Nambusunhwan-ro, Seocho-gu, Seoul',
      windows: [{ start: '10:00', end: '11:00' }], expertIds: [full.experts[0]!],
    });
    const inPerson = await resident(full.district, full.experts[0]!, slotAt('2027-04-03', '10:40'));

    for (const locale of ['ko', 'en'] as const) {
      const { context, page, errors } = await open(locale);
      try {
        // The waiting list: the full day says so and offers it; the offer; the entry's page.
        await page.goto(url(`/r/consultations/${full.district}/field?lang=${locale}`));
        await page.check('#field-gift_tax');
        await Promise.all([page.waitForURL(/\/slots\?/), page.click('#continue')]);
        await page.goto(url(`/r/consultations/${full.district}/slots?lang=${locale}&from=${day}`));
        await page.waitForSelector('.cb-waitlist');
        await assertAccessible(page, `${locale} slots with a full day`);
        await Promise.all([page.waitForURL(/\/waitlist\?/), page.click('.cb-waitlist')]);
        await assertAccessible(page, `${locale} waiting list offer`);
        await Promise.all([page.waitForURL(/\/questions\?/), page.click('#continue')]);
        await page.goto(url(`/r/consultations/${full.district}/slots?lang=${locale}&from=2027-03-30`));
        await page.waitForSelector('#place-2027-04-03');
        await assertAccessible(page, `${locale} slots with the in-person day`);
        await page.goto(url(`/r/consultations/b/${inPerson.token}?lang=${locale}`));
        assert.match((await page.textContent('#booking-where')) ?? '', /2584/);
        await assertAccessible(page, `${locale} an in-person booking`);
        await page.goto(url(`/r/consultations/${full.district}/w/${waitToken}?lang=${locale}`));
        await assertAccessible(page, `${locale} waiting list entry`);
        // The slot held for the one waiting: confirm or decline.
        await page.goto(url(`/r/consultations/b/${heldToken}?lang=${locale}`));
        await page.waitForSelector('#hold-confirm');
        await assertAccessible(page, `${locale} held slot`);
        // After a block: the page says so, and the choice of another time.
        await page.goto(url(`/r/consultations/b/${blocked.token}?lang=${locale}`));
        await assertAccessible(page, `${locale} cancelled by a block`);
        await Promise.all([page.waitForURL(/\/rebook\?/), page.click('#rebook')]);
        await assertAccessible(page, `${locale} rebook`);
        // Inside the cutoff: why not, and whom to call.
        clock.set(new Date('2027-03-08T03:00:00Z'));
        try {
          await page.goto(url(`/r/consultations/b/${soon.token}?lang=${locale}`));
          assert.match((await page.textContent('#changes')) ?? '', /02-2155-6114/);
          await assertAccessible(page, `${locale} after the cutoff`);
        } finally {
          clock.set(T0);
        }
        // Problems: an unknown link, answers gone.
        await page.goto(url(`/r/consultations/b/${'x'.repeat(32)}?lang=${locale}`));
        await assertAccessible(page, `${locale} unknown link`);
        await context.clearCookies();
        await page.goto(url(`/r/consultations/${c.district}/check?lang=${locale}`));
        await page.waitForSelector('#start-again');
        await assertAccessible(page, `${locale} answers gone`);
        assert.deepEqual(errors, []);
      } finally {
        await context.close();
      }
    }
  });
});
