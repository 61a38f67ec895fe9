import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { assertAccessible, BROWSER_SKIP, launchChromium, signInAsStaff } from '../../../test-support/browser.ts';
import { createTestDatabase, type TestDatabase } from '../../../test-support/databases.ts';
import { createNotices, createTaxpayers } from '../../../test-support/factories.ts';
import { createDistrictWithStaff, startTestServer, TEST_PASSWORD, type TestServer } from '../../../test-support/test-server.ts';
import { failAttempts } from '../dispatch/attempts.repository.ts';
import { issueSeason } from '../queue/queue.ts';

// Issue 18, Deliver 3, in a real browser: when receiving systems refuse the
// district's e-mail for its own reasons (authentication, block lists,
// policy) past the threshold, the seasons page says so and what to check,
// in Korean and English, and stays axe-clean. The refusals are recorded as
// the bounce listener records them (cause sender_rejected, the reason in the
// detail); the listener itself is tested in providers/bounces.e2e.test.ts.

describe('the sender-side warning in a browser', { skip: BROWSER_SKIP }, () => {
  let database: TestDatabase;
  let server: TestServer;
  let browser: Browser;
  let official: string;

  before(async () => {
    database = await createTestDatabase('pglite');
    const db = database.db;
    server = await startTestServer(db, { TAXSTATION_DATA_DIR: mkdtempSync(join(tmpdir(), 'ts-sender-side-browser-')) });
    ({ tax_official: official } = await createDistrictWithStaff(db, 'gangnam', ['tax_official'], { ko: '강남구', en: 'Gangnam-gu' }));
    const details = ['bounce sender_auth_failed 5.7.26', 'bounce sender_auth_failed 5.7.1', 'SMTP 550 5.7.1 sender_blocked at RCPT TO', 'bounce sender_blocked 5.7.1', 'bounce spam_rejected 5.7.1', 'bounce policy 5.7.0'];
    const ids = await createTaxpayers(db, 'gangnam', details.map((_, i) => ({ email: `t${i}@example.kr`, enrol: ['email'] })));
    await createNotices(db, 'gangnam', ids, { taxYear: 2026, period: 1, dueDate: '2099-07-31' });
    await issueSeason(db, { districtCode: 'gangnam', taxItem: 'property_tax', taxYear: 2026, period: 1, createdBy: 'test' });
    const { rows } = await db.query<{ id: number }>(
      `UPDATE delivery_attempts SET state = 'sending', provider = 'email-sim', tries = 1, claimed_at = now() - interval '1 hour', locked_by = 'test', locked_until = now() + interval '1 hour'
        WHERE channel = 'email' AND state = 'queued' AND district_code = 'gangnam' RETURNING id`,
    );
    assert.equal(rows.length, details.length);
    await failAttempts(db, rows.map((r, i) => ({ attemptId: Number(r.id), cause: 'sender_rejected' as const, detail: details[i]! })), 'email-sim');
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
    await database?.drop();
  });

  const expected = {
    en: [/Receiving mail systems are refusing your district's e-mail/, /6 of 6 e-mails \(100%\)/, /2 failed sender authentication: ask your system administrator to check the mail domain's SPF, DKIM and DMARC records/, /2 block list: the sending address or mail server is on a block list/, /2 refused by the receiver's policy or spam filter/],
    ko: [/받는 메일 시스템이 우리 구의 이메일을 거부하고 있습니다/, /이메일 6건 중 6건\(100%\)/, /발신 인증 실패 2건: .*SPF, DKIM, DMARC 레코드/, /차단 목록 2건: 보내는 주소나 메일 서버가 차단 목록에 올라 있습니다/, /받는 쪽 정책·스팸 판정 2건/],
  };

  for (const locale of ['ko', 'en'] as const) {
    test(`[${locale}] the seasons page warns in words an official can act on, and passes axe`, async () => {
      const { context, page, errors } = await signInAsStaff(browser, { baseUrl: server.url, username: official, password: TEST_PASSWORD, locale });
      try {
        await page.goto(`${server.url}/console/seasons?lang=${locale}`);
        const warning = page.locator('#sender-side-refusals');
        assert.equal(await warning.count(), 1);
        assert.ok(await warning.isVisible());
        const heading = await warning.locator('h2').textContent();
        assert.match(heading ?? '', expected[locale][0]!);
        const text = (await warning.textContent()) ?? '';
        for (const re of expected[locale]) assert.match(text, re);
        assert.doesNotMatch(text, /sender_rejected|sender_auth_failed|sender_blocked|spam_rejected/, 'no raw codes');
        await assertAccessible(page, `${locale} seasons page with the sender-side warning`);
        assert.deepEqual(errors, []);
      } finally {
        await context.close();
      }
    });
  }
});
