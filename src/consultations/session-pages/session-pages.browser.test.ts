import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { createTestDatabase, type TestDatabase } from '../../../test-support/databases.ts';
import { assertAccessible, BROWSER_SKIP, launchChromium, signInAsStaff } from '../../../test-support/browser.ts';
import { startTestServer, TEST_PASSWORD, type TestServer } from '../../../test-support/test-server.ts';
import { testClock, testDeps, type ConsultationDistrict, type TestClock } from '../consultations.test-support.ts';
import { createSession } from '../sessions/sessions.service.ts';
import { latestCode, namedDistrict } from '../booking-pages/booking-pages.test-support.ts';
import { createStaffAccount } from '../../platform/auth/staff.repository.ts';

// Explanation sessions in a real browser, in Korean and in English: a
// resident registers (the list, the form with and without errors, the code,
// the confirmation, the personal page) and an official opens the sessions'
// list, a session's registrations, the create form and the in-person
// day's form; axe-core finds no WCAG 2.x A/AA
// violation on any of these pages.

describe('explanation session pages in a browser', { skip: BROWSER_SKIP }, () => {
  let database: TestDatabase;
  let server: TestServer;
  let browser: Browser;
  let clock: TestClock;
  let c: ConsultationDistrict;
  let sessionId: number;

  before(async () => {
    database = await createTestDatabase('pglite');
    server = await startTestServer(database.db);
    clock = testClock();
    server.deps.clock = clock;
    c = await namedDistrict(database.db, [{}]);
    const officialId = await createStaffAccount(database.db, { districtCode: c.district, username: `${c.district}.sessions`, displayName: '윤세무', role: 'tax_official', password: TEST_PASSWORD });
    const s = await createSession(testDeps(database.db, server.deps.cipher, clock), {
      titleKo: '양도소득세 설명회', titleEn: 'Capital gains tax briefing', placeNameKo: '서초구청 대강당', placeNameEn: 'Seocho-gu Office hall',
      addressKo: '서울 서초구 남부순환로 2584', addressEn: '2584 Nambusunhwan-ro, Seocho-gu, Seoul', start: '2027-04-14T14:00:00+09:00', end: '2027-04-14T16:00:00+09:00', capacity: 40,
    }, { kind: 'staff', staffId: officialId, role: 'tax_official', districtCode: c.district });
    sessionId = s.id;
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
    await database?.drop();
  });

  const submit = (page: Page, selector: string) => Promise.all([page.waitForNavigation(), page.click(selector)]);
  const CONTACT = { ko: ['김하나', '010-5555-1212'], en: ['Hana Kim', '010-5555-3434'] } as const;
  let address = 0;

  for (const locale of ['ko', 'en'] as const) {
    test(`[${locale}] a resident registers and an official reads the list; axe on every page`, async () => {
      const context = await browser.newContext({ bypassCSP: true, locale: locale === 'ko' ? 'ko-KR' : 'en-GB', extraHTTPHeaders: { 'x-forwarded-for': `192.0.2.${100 + ++address}` } });
      const page = await context.newPage();
      try {
        await page.goto(`${server.url}/r/consultations/${c.district}/sessions?lang=${locale}`);
        assert.equal(await page.getAttribute('html', 'lang'), locale);
        await assertAccessible(page, `${locale} sessions list`);
        await Promise.all([page.waitForURL(/\/register/), page.click(`a[href*="/sessions/${sessionId}/register"]`)]);
        await assertAccessible(page, `${locale} register form`);
        await submit(page, '#send-code');
        await page.waitForSelector('[data-error-summary]');
        await assertAccessible(page, `${locale} register form with errors`);
        await page.fill('#name', CONTACT[locale][0]);
        await page.check('#contactField');
        await page.fill('#mobile', CONTACT[locale][1]);
        await submit(page, '#send-code');
        assert.match(page.url(), /\/code/);
        await assertAccessible(page, `${locale} code page`);
        await page.fill('#code', await latestCode(database.db, server.deps.cipher, c.district));
        await submit(page, '#confirm');
        assert.match(page.url(), /\/done/);
        await assertAccessible(page, `${locale} confirmation`);
        await submit(page, '#personal-link');
        await assertAccessible(page, `${locale} personal page`);
        await submit(page, '#cancel');
        await page.waitForSelector('#flash');
        await assertAccessible(page, `${locale} personal page, cancelled`);
      } finally {
        await context.close();
      }

      const staff = await signInAsStaff(browser, { baseUrl: server.url, username: `${c.district}.sessions`, password: TEST_PASSWORD, locale });
      try {
        await staff.page.goto(`${server.url}/console/consultations/sessions?lang=${locale}`);
        await assertAccessible(staff.page, `${locale} staff sessions list`);
        await Promise.all([staff.page.waitForURL(/\/sessions\/\d+/), staff.page.click(`a[href^="/console/consultations/sessions/${sessionId}"]`)]);
        await assertAccessible(staff.page, `${locale} staff registrations`);
        await Promise.all([staff.page.waitForURL(/\/new/), staff.page.goto(`${server.url}/console/consultations/sessions/new?lang=${locale}`)]);
        await submit(staff.page, '#create');
        await staff.page.waitForSelector('[data-error-summary]');
        await assertAccessible(staff.page, `${locale} create form with errors`);
        await staff.page.goto(`${server.url}/console/consultations/in-person?lang=${locale}`);
        await assertAccessible(staff.page, `${locale} in-person day`);
        await staff.page.fill('#windows', '');
        await submit(staff.page, '#save-in-person');
        await staff.page.waitForSelector('[data-error-summary]');
        await assertAccessible(staff.page, `${locale} in-person day with errors`);
        assert.deepEqual(staff.errors, []);
      } finally {
        await staff.context.close();
      }
    });
  }
});
