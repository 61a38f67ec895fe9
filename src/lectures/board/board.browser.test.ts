import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { createTestDatabase, type TestDatabase } from '../../../test-support/databases.ts';
import { activeId, assertAccessible, BROWSER_SKIP, launchChromium, signInAsStaff, tabTo } from '../../../test-support/browser.ts';
import { createDistrictWithStaff, startTestServer, TEST_PASSWORD, type TestServer } from '../../../test-support/test-server.ts';
import { BOARD, CONSOLE } from './board.test-support.ts';

// The question board in Chromium, in Korean and in English: a resident asks
// a question by keyboard (first with errors, then with a phone number that
// is masked), an official moderates it and answers it in writing, the
// resident finds it published with its answer and upvotes it by keyboard;
// the monthly view ranks it. axe-core finds no WCAG 2.x A/AA violation on
// any of these pages.

describe('question board in a browser', { skip: BROWSER_SKIP }, () => {
  let database: TestDatabase;
  let server: TestServer;
  let browser: Browser;

  before(async () => {
    database = await createTestDatabase('pglite');
    server = await startTestServer(database.db);
    await createDistrictWithStaff(database.db, 'seocho', ['tax_official'], { ko: '서초구', en: 'Seocho-gu' });
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
    await database?.drop();
  });

  const navigate = (page: Page, action: Promise<unknown>) => Promise.all([page.waitForNavigation(), action]);
  const TEXT = {
    ko: { title: '재산세 분할납부 문의', body: '재산세가 250만 원을 넘으면 나눠 낼 수 있나요? 연락은 010-2345-6789로 주세요.', answer: '250만 원을 넘으면 일부를 2개월 안에 나눠 낼 수 있습니다.', masked: /휴대전화 번호로 보이는 내용이 있어/, upvoted: /공감해 주셔서 고맙습니다/ },
    en: { title: 'Paying property tax in parts', body: 'Can I split my property tax? Call me on 010-2345-6789.', answer: 'Above 2.5 million won, part of it can be paid within two months.', masked: /looks like a mobile number/, upvoted: /Thank you for your upvote/ },
  } as const;
  let address = 0;

  for (const locale of ['ko', 'en'] as const) {
    test(`[${locale}] ask, moderate and answer, read and upvote; keyboard only for the resident; axe on every page`, async () => {
      const text = TEXT[locale];
      const context = await browser.newContext({ bypassCSP: true, locale: locale === 'ko' ? 'ko-KR' : 'en-GB', extraHTTPHeaders: { 'x-forwarded-for': `192.0.2.${10 + ++address}` } });
      const page = await context.newPage();
      const official = await signInAsStaff(browser, { baseUrl: server.url, username: 'seocho.tax-official', password: TEST_PASSWORD, locale });
      try {
        // the resident: the board, then the form by keyboard
        await page.goto(`${server.url}${BOARD}?lang=${locale}`);
        await assertAccessible(page, `${locale} district choice`);
        await navigate(page, page.click(`a[href^="${BOARD}/seocho"]`));
        assert.equal(await page.getAttribute('html', 'lang'), locale);
        await assertAccessible(page, `${locale} board, empty`);
        await tabTo(page, 'ask');
        await navigate(page, page.keyboard.press('Enter'));
        assert.match(page.url(), /\/ask/);
        await assertAccessible(page, `${locale} ask form`);

        await tabTo(page, 'send');
        await navigate(page, page.keyboard.press('Enter'));
        await page.waitForSelector('[data-error-summary]');
        assert.equal(await page.evaluate(() => document.activeElement?.hasAttribute('data-error-summary')), true, 'focus moves to the error summary');
        assert.equal(await page.locator('.error-summary-list li').count(), 4, 'nickname, tax, title and question named');
        await assertAccessible(page, `${locale} ask form with errors`);

        await tabTo(page, 'nickname');
        await page.keyboard.type('서초주민');
        await page.keyboard.press('Tab');
        assert.equal(await activeId(page), 'field', 'the first tax of the list');
        await page.keyboard.press('ArrowDown'); // 재산세 / Property tax
        assert.equal(await page.isChecked('#field-property'), true);
        await page.keyboard.press('Tab');
        assert.equal(await activeId(page), 'title');
        await page.keyboard.type(text.title);
        await page.keyboard.press('Tab');
        assert.equal(await activeId(page), 'body');
        await page.keyboard.type(text.body);
        await tabTo(page, 'send');
        await navigate(page, page.keyboard.press('Enter'));
        assert.match(page.url(), /\/posted\/LQ-/);
        assert.match((await page.textContent('#posted-masked')) ?? '', text.masked);
        assert.match((await page.textContent('#posted-body')) ?? '', /\*\*\*-\*\*\*\*-\*\*\*\*/);
        assert.doesNotMatch((await page.textContent('main')) ?? '', /2345-6789/);
        const reference = (await page.textContent('#reference'))!.trim();
        await assertAccessible(page, `${locale} question received`);

        // the official: the queue, the question, the answer
        const o = official.page;
        await o.goto(`${server.url}${CONSOLE}?lang=${locale}`);
        await assertAccessible(o, `${locale} moderation queue`);
        await navigate(o, o.click(`text=${reference}`));
        assert.match((await o.textContent('#question-body')) ?? '', /\*\*\*-\*\*\*\*-\*\*\*\*/);
        await assertAccessible(o, `${locale} question to moderate`);
        await navigate(o, o.click('#send-answer'));
        await o.waitForSelector('[data-error-summary]');
        await assertAccessible(o, `${locale} empty answer refused`);
        await o.fill('#answer', text.answer);
        await navigate(o, o.click('#send-answer'));
        assert.match((await o.textContent('#flash')) ?? '', new RegExp(reference));
        assert.match((await o.textContent('#question-answer')) ?? '', new RegExp(text.answer.slice(0, 10)));
        await assertAccessible(o, `${locale} answered question`);
        await navigate(o, o.click('#mark-lecture'));
        await o.waitForSelector('#lecture-marked');
        await assertAccessible(o, `${locale} question marked for a lecture`);

        // the resident again: the board lists it, its page has the answer; upvote by keyboard
        await page.goto(`${server.url}${BOARD}/seocho?sort=top&lang=${locale}`);
        await assertAccessible(page, `${locale} board with the question`);
        await navigate(page, page.click(`text=${text.title}`));
        assert.match((await page.textContent('#question-answer')) ?? '', new RegExp(text.answer.slice(0, 10)));
        assert.ok(await page.isVisible('#question-lecture'));
        await assertAccessible(page, `${locale} published question with its answer`);
        await tabTo(page, 'upvote');
        await navigate(page, page.keyboard.press('Enter'));
        assert.match((await page.textContent('#flash')) ?? '', text.upvoted);
        assert.match((await page.textContent('#upvotes')) ?? '', /1/);
        assert.ok(await page.isVisible('#upvoted'));
        await assertAccessible(page, `${locale} upvoted question`);

        // the monthly view ranks it
        await o.goto(`${server.url}${CONSOLE}/monthly?lang=${locale}`);
        assert.ok(await o.isVisible('tr[data-field="property"]'));
        await assertAccessible(o, `${locale} monthly view`);
        assert.deepEqual(official.errors, []);
      } finally {
        await context.close();
        await official.context.close();
      }
    });
  }
});
