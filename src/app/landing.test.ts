import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { forEachEngine } from '../../test-support/engines.ts';
import { testCipher } from '../../test-support/factories.ts';
import { startTestServer, type TestServer } from '../../test-support/test-server.ts';
import { seedDemo } from '../platform/demo/seed.ts';
import { seedDemoConsultations } from '../consultations/demo/demo-consultations.ts';
import { importText } from '../../test-support/roll-fixtures.ts';
import { paymentCode } from '../notices/payment-page/payment-code.ts';

// Residents find their way (issue 19 item 6), over real HTTP on both
// engines with the demo's districts: the start page links every resident
// service (contact update, payment, the refund guide and applications, the
// desk, lectures, each district's consultations, guide, calendar, station
// and question board) and every link it shows leads to a page that exists,
// in both languages; /r/pay takes a paper notice's district and number to the
// notice's own page, and a wrong one back to the form with what was typed.

const EXPECTED = [
  '/r/update', '/r/pay', '/r/guide/refund', '/r/desk', '/r/lectures',
  '/r/consultations/seocho',
  '/r/guide/gangnam', '/r/guide/gangnam/calendar', '/r/guide/gangnam/refund/apply',
  '/r/guide/seocho', '/r/guide/seocho/calendar', '/r/guide/seocho/refund/apply',
  '/r/station/gangnam/space', '/r/station/gangnam', '/r/station/seocho/space', '/r/station/seocho',
  '/r/lectures/board/gangnam', '/r/lectures/board/seocho',
];

forEachEngine('the start page leads to every resident service', (ctx) => {
  let server: TestServer;
  before(async () => {
    await seedDemo({ db: ctx.db, cipher: testCipher }, [seedDemoConsultations]);
    server = await startTestServer(ctx.db);
  });
  after(async () => {
    await server?.close();
  });

  /** The site's own links in the page's main content, as written (with ?lang=). */
  const mainLinks = (page: string) => {
    const main = page.slice(page.indexOf('<main'), page.indexOf('</main>'));
    return [...main.matchAll(/<a [^>]*href="(\/[^"#]*)"/g)].map((m) => m[1]!.replaceAll('&amp;', '&'));
  };

  for (const locale of ['ko', 'en'] as const) {
    test(`[${locale}] every service is linked, and every link leads to a page`, async () => {
      const page = await (await fetch(`${server.url}/?lang=${locale}`)).text();
      const links = mainLinks(page);
      const paths = links.map((href) => href.split('?')[0]!);
      for (const path of EXPECTED) assert.ok(paths.includes(path), `${locale}: the start page links ${path}`);
      for (const href of links) assert.match(href, new RegExp(`[?&]lang=${locale}(&|$)`), `${href} keeps the language`);
      for (const href of new Set(links)) {
        const response = await fetch(server.url + href, { headers: { accept: 'text/html' } });
        assert.equal(response.status, 200, `${href} exists`);
        assert.match(response.headers.get('content-type') ?? '', /text\/html/, href);
        await response.body?.cancel();
      }
    });
  }

  test('/r/pay: a paper notice’s district and number lead to its page; a wrong one comes back with what was typed', async () => {
    await importText(ctx.db, `notice_no,taxpayer_no,name,birth_date,postal_code,address,tax_item,tax_year,amount,due_date\n2026-0700-424242,T4242,김납세,1970-01-01,06236,서울특별시 강남구 테헤란로 1,property_tax,2026,10000,2026-07-31\n`, { districtCode: 'gangnam' });
    const form = await fetch(`${server.url}/r/pay?lang=en`);
    assert.equal(form.status, 200);
    const html = await form.text();
    assert.match(html, /<select[^>]*name="district"/);
    assert.match(html, /name="noticeNo"[^>]*maxlength="40"|maxlength="40"[^>]*name="noticeNo"/);

    const wrong = await fetch(`${server.url}/r/pay?lang=ko&district=&noticeNo=${encodeURIComponent('2026 0700 <b>')}`, { redirect: 'manual' });
    assert.equal(wrong.status, 400);
    const wrongPage = await wrong.text();
    assert.match(wrongPage, /error-summary/);
    assert.match(wrongPage, /href="#pay-district"/);
    assert.match(wrongPage, /href="#pay-notice-no"/);
    assert.match(wrongPage, /value="2026 0700 &lt;b&gt;"/, 'the input is kept, escaped');

    const right = await fetch(`${server.url}/r/pay?lang=en&district=gangnam&noticeNo=2026-0700-424242`, { redirect: 'manual' });
    assert.equal(right.status, 303);
    assert.equal(right.headers.get('location'), '/pay/gangnam/2026-0700-424242?lang=en');
    const codePage = await fetch(server.url + right.headers.get('location')!);
    assert.equal(codePage.status, 200);
    assert.match(await codePage.text(), /Enter the code printed on your notice/);
    const code = paymentCode(server.deps.cipher, 'gangnam', '2026-0700-424242');
    assert.equal((await fetch(`${server.url}/pay/gangnam/2026-0700-424242?lang=en&code=${code}`)).status, 200);
  });
});
