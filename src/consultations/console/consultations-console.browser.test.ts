import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { createStaffAccount } from '../../platform/auth/staff.repository.ts';
import { activeId, assertAccessible, BROWSER_SKIP, launchChromium, signInAsStaff, tabTo } from '../../../test-support/browser.ts';
import { createTestDatabase, type TestDatabase } from '../../../test-support/databases.ts';
import { startTestServer, TEST_PASSWORD, type TestServer } from '../../../test-support/test-server.ts';
import { book } from '../booking/booking.service.ts';
import { consultationDistrict, slotAt, T0, testClock, testDeps, type ConsultationDistrict, type TestClock } from '../consultations.test-support.ts';
import { latestCode } from './consultations-console.test-support.ts';

// The consultation console in a real browser, in Korean and in English: an
// official books by phone (the form's errors, the free times, the check
// step, the code the caller reads out, the booking's page), then moves it and
// visits every official page; an expert sees the day and marks a no-show with
// the keyboard. axe-core (WCAG 2.x A/AA) finds nothing on any page.

const C = '/console/consultations';

describe('consultation console in a browser', { skip: BROWSER_SKIP }, () => {
  let database: TestDatabase;
  let server: TestServer;
  let browser: Browser;
  let clock: TestClock;
  let c: ConsultationDistrict;

  before(async () => {
    database = await createTestDatabase('pglite');
    server = await startTestServer(database.db);
    clock = testClock();
    server.deps.clock = clock;
    c = await consultationDistrict(database.db, [{}, { fields: ['gift_tax'] }], { password: TEST_PASSWORD });
    await createStaffAccount(database.db, { districtCode: c.district, username: `${c.district}.admin`, displayName: '관리자', role: 'admin', password: TEST_PASSWORD });
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
    await database?.drop();
  });

  const signIn = (username: string, locale: 'ko' | 'en') => signInAsStaff(browser, { baseUrl: server.url, username, password: TEST_PASSWORD, locale });
  const submit = async (page: Page, selector: string) => {
    await Promise.all([page.waitForNavigation(), page.click(selector)]);
  };

  const DAYS = { ko: '2027-03-10', en: '2027-03-11' } as const;
  const CALLERS = { ko: ['정다은', '010-4444-3333'], en: ['Daeun Jung', 'daeun@example.kr'] } as const;

  for (const locale of ['ko', 'en'] as const) {
    test(`[${locale}] an official books by phone in the console and every official page passes axe`, async () => {
      const { context, page, errors } = await signIn(`${c.district}.official`, locale);
      try {
        // The staff menu leads to the consultations.
        await page.goto(`${server.url}/console?lang=${locale}`);
        await Promise.all([page.waitForURL(/\/console\/consultations/), page.click(`.staff-bar a[href="${C}"]`)]);
        await assertAccessible(page, `${locale} bookings by day`);
        await Promise.all([page.waitForURL(/\/book/), page.click('#book-by-phone')]);
        assert.equal(await page.getAttribute('html', 'lang'), locale);
        await assertAccessible(page, `${locale} booking form`);

        // Continue with nothing filled in: the error summary, focused, and every field's message.
        await submit(page, '#continue');
        await page.waitForSelector('[data-error-summary]');
        assert.match(await page.title(), locale === 'ko' ? /^오류: / : /^Error: /);
        assert.ok((await page.locator('.error-summary-list li').count()) >= 6);
        await assertAccessible(page, `${locale} booking form with errors`);

        // The field and the day, then the free times.
        await page.selectOption('#field', 'gift_tax');
        await submit(page, '#show-slots');
        await page.selectOption('#expert', String(c.experts[1]));
        await page.fill('#day', DAYS[locale]);
        await submit(page, '#show-slots');
        await page.waitForSelector('input[name="slot"]');
        await assertAccessible(page, `${locale} booking form with free times`);
        await page.check(`input[name="slot"][value="${c.experts[1]}@${slotAt(DAYS[locale], '10:00')}"]`);
        const [name, contact] = CALLERS[locale];
        await page.fill('#name', name);
        if (contact.includes('@')) await page.check('#contact-field-email');
        await page.fill('#contact-value', contact);
        await page.fill('#topic', '부모님께 받은 아파트 증여세 신고');
        await page.check('#has-documents');
        await page.check('#residency');
        await submit(page, '#continue');
        await page.waitForSelector('#send-code');
        assert.match((await page.textContent('.dc-check')) ?? '', /10:00/);
        await assertAccessible(page, `${locale} check the booking`);

        // The code goes to the caller, who reads it out.
        await submit(page, '#send-code');
        await page.waitForSelector('#code');
        await assertAccessible(page, `${locale} code step`);
        await page.fill('#code', '000000' === (await latestCode(database.db, server.deps.cipher, c.district)) ? '111111' : '000000');
        await submit(page, '#book');
        await page.waitForSelector('[data-error-summary]');
        await assertAccessible(page, `${locale} code step with a wrong code`);
        await page.fill('#code', await latestCode(database.db, server.deps.cipher, c.district));
        await submit(page, '#book');
        await page.waitForURL(/\/console\/consultations\/bookings\/\d+\?lang=\w+&booked=1/);
        const reference = (await page.textContent('#booking-reference'))!.trim();
        assert.match(reference, /^[0-9A-Z]{4}-[0-9A-Z]{4}$/);
        assert.ok(((await page.textContent('#consultation-flash')) ?? '').includes(reference));
        await assertAccessible(page, `${locale} the booking`);
        const bookingUrl = page.url().replace(/&booked=1$/, '');

        // Moving it: the page and a move to another time of the same day.
        await Promise.all([page.waitForURL(/\/move/), page.click('#move-link')]);
        await assertAccessible(page, `${locale} move`);
        await page.check(`input[name="slot"][value="${c.experts[1]}@${slotAt(DAYS[locale], '10:20')}"]`);
        await submit(page, '#move');
        await page.waitForURL(/moved=1/);
        assert.match((await page.textContent('#booking-summary')) ?? '', /10:20/);
        // Residency and cancellation with errors.
        await submit(page, '#record-residency');
        await page.waitForSelector('[data-error-summary]');
        await assertAccessible(page, `${locale} the booking with an error`);

        // Every other official page.
        const visit = async (path: string, what: string) => {
          await page.goto(`${server.url}${path}${path.includes('?') ? '&' : '?'}lang=${locale}`);
          assert.equal(await page.getAttribute('html', 'lang'), locale);
          await assertAccessible(page, `${locale} ${what}`);
        };
        await visit(`${C}?day=${DAYS[locale]}`, 'bookings by day');
        assert.ok(((await page.textContent('#day-bookings')) ?? '').includes(reference));
        await visit(`${C}/find?reference=ZZZZ-ZZZZ`, 'find with an unknown reference');
        await visit(`${C}/blocks`, 'blocked times');
        await page.selectOption('#block-expert', String(c.experts[1]));
        await page.fill('#block-day', DAYS[locale]);
        await page.check('#block-scope-slot');
        await page.selectOption('#block-time', '10:20');
        await page.fill('#block-reason', '세무사 개인 사정');
        await submit(page, '#block-continue');
        await page.waitForSelector('#block-consequences');
        assert.equal((await page.textContent('#block-affected'))?.trim(), '1');
        await assertAccessible(page, `${locale} check the block`);
        await submit(page, '#block-confirm');
        await page.waitForSelector('#consultation-flash');
        await assertAccessible(page, `${locale} blocked times after a block`);
        await visit(`${C}/dashboard?from=2027-03-01&to=2027-03-31`, 'figures');
        assert.equal(await page.locator('figure.dc-chart').count(), 3);
        await visit(`${C}/settings`, 'settings');
        await page.goto(`${server.url}${bookingUrl.slice(server.url.length)}`);
        assert.match((await page.textContent('#booking-summary')) ?? '', /세무사1/, 'the block gave it to the other expert who covers gift tax');
        assert.deepEqual(errors, [], 'no script or CSP errors');
      } finally {
        await context.close();
      }
    });
  }

  test('[ko, en] an administrator’s settings form, with errors, passes axe', async () => {
    for (const locale of ['ko', 'en'] as const) {
      const { context, page } = await signIn(`${c.district}.admin`, locale);
      try {
        await page.goto(`${server.url}${C}/settings?lang=${locale}`);
        await page.fill('#windows', '10:00-12:00, 11:00-13:00');
        await submit(page, '#save-settings');
        await page.waitForSelector('[data-error-summary]');
        await assertAccessible(page, `${locale} settings with errors`);
      } finally {
        await context.close();
      }
    }
  });

  test('an expert sees the day and marks a no-show with the keyboard (ko and en pass axe)', async () => {
    try {
      // Booked by phone earlier (the engine's path): one consultation at 10:00 on 16 March.
      clock.set(T0);
      const booked = await book(testDeps(database.db, server.deps.cipher, clock), {
        districtCode: c.district, fieldCode: 'acquisition_tax', expertId: c.experts[0]!, slotStart: slotAt('2027-03-16', '10:00'),
        contact: { field: 'mobile', value: '010-7777-1234' }, name: '오은우', questionnaire: { topic: '취득세 중과 여부', hasDocuments: true }, residencyDeclared: true,
      }, { kind: 'staff', staffId: c.officialId, role: 'tax_official', districtCode: c.district });
      const id = booked.booking.id;
      for (const locale of ['ko', 'en'] as const) {
        const { context, page, errors } = await signIn(`${c.district}.expert1`, locale);
        try {
          clock.set(T0);
          await page.goto(`${server.url}/console?lang=${locale}`);
          await Promise.all([page.waitForURL(/\/agenda/), page.click(`.staff-bar a[href="${C}/agenda"]`)]);
          await page.goto(`${server.url}${C}/agenda?lang=${locale}&day=2027-03-16`);
          assert.match((await page.textContent(`#booking-${id}`)) ?? '', /취득세 중과 여부/);
          assert.equal(await page.locator(`#not-begun-${id}`).count(), 1, 'before it begins: no attendance buttons');
          await assertAccessible(page, `${locale} the expert's day before it begins`);
          clock.set(new Date(slotAt('2027-03-16', '10:07')));
          await page.reload();
          await assertAccessible(page, `${locale} the expert's day`);
          if (locale === 'en') {
            // Keyboard only: Tab to the no-show button, Enter.
            await tabTo(page, `no-show-${id}`, 80);
            assert.equal(await activeId(page), `no-show-${id}`);
            await Promise.all([page.waitForURL(/done=no_show/), page.keyboard.press('Enter')]);
            assert.match((await page.textContent('#consultation-flash')) ?? '', /Marked as a no-show/);
            assert.equal((await page.textContent(`#state-${id}`))?.trim(), 'no-show');
            await tabTo(page, `note-${id}`, 80);
            await page.keyboard.type('Did not answer two calls.');
            await page.keyboard.press('Tab');
            assert.equal(await activeId(page), `save-note-${id}`);
            await Promise.all([page.waitForURL(/done=note/), page.keyboard.press('Enter')]);
            assert.equal(await page.inputValue(`#note-${id}`), 'Did not answer two calls.');
          } else {
            await submit(page, `#attended-${id}`);
            assert.equal((await page.textContent(`#state-${id}`))?.trim(), '참석');
          }
          await assertAccessible(page, `${locale} the expert's day after marking`);
          assert.deepEqual(errors, [], 'no script or CSP errors');
        } finally {
          await context.close();
        }
      }
    } finally {
      clock.set(T0);
    }
  });
});
