import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { forEachEngine } from '../../../test-support/engines.ts';
import { createDistrictWithStaff, startTestServer, TestClient, type TestServer } from '../../../test-support/test-server.ts';
import { setUpConsultations } from '../../consultations/schedule/schedule.service.ts';
import { FEATURES, featureUrl, type Feature } from '../maps/station-features.ts';

// Panel mode (src/platform/web/panel.ts) on every feature a zone can open,
// over real HTTP on both engines: asked for by ?panel=1 or by a frame's
// navigation (Sec-Fetch-Dest: iframe), the feature's page comes without the
// site's skip link, header and footer and may be framed by this site only;
// the same address without either is the whole page and may not be framed.
// A form posted from inside a frame answers in panel mode too. Staff pages
// never come in panel mode.

const D = 'pnlgu';

forEachEngine('zone panels: resident pages in panel mode', (ctx) => {
  let server: TestServer;
  let staff: Record<string, string>;

  before(async () => {
    staff = await createDistrictWithStaff(ctx.db, D, ['tax_official'], { ko: '판넬구', en: 'Panel-gu' });
    await setUpConsultations(ctx.db, D); // so that its booking page is open
    server = await startTestServer(ctx.db);
  });
  after(async () => {
    await server?.close();
  });

  const withParam = (url: string, param: string) => `${url}${url.includes('?') ? '&' : '?'}${param}`;
  const features = FEATURES.filter((f): f is Exclude<Feature, 'none'> => f !== 'none');

  function assertPanel(text: string, headers: Headers, what: string): void {
    assert.match(text, /<html lang="(ko|en)" data-panel>/, `${what}: marked as a panel`);
    assert.doesNotMatch(text, /class="site-header"|class="site-footer"|class="skip-link"|id="krds-masthead"/, `${what}: no header, footer or skip link`);
    assert.match(text, /<main id="main"/, `${what}: the feature's page itself`);
    assert.match(headers.get('content-security-policy') ?? '', /frame-ancestors 'self'/, `${what}: this site may frame it`);
    assert.equal(headers.get('x-frame-options'), 'SAMEORIGIN', what);
  }
  function assertWhole(text: string, headers: Headers, what: string): void {
    assert.doesNotMatch(text, /data-panel/, what);
    assert.match(text, /class="site-header"/, `${what}: the header`);
    assert.match(text, /class="site-footer"/, `${what}: the footer`);
    assert.match(headers.get('content-security-policy') ?? '', /frame-ancestors 'none'/, `${what}: nobody may frame it`);
    assert.equal(headers.get('x-frame-options'), 'DENY', what);
  }

  test('every feature page: in panel mode by ?panel=1 or by a frame navigation, whole otherwise', async () => {
    assert.equal(features.length, 10);
    const visitor = new TestClient(server.url);
    for (const feature of features) {
      const url = featureUrl(feature, D)!;
      for (const locale of ['ko', 'en'] as const) {
        const address = withParam(url, `lang=${locale}`);
        const byParam = await visitor.request(withParam(address, 'panel=1'));
        assert.equal(byParam.status, 200, `${feature}: ${byParam.status}`);
        assertPanel(await byParam.text(), byParam.headers, `${feature} ?panel=1 (${locale})`);
        const byFrame = await visitor.request(address, { headers: { 'sec-fetch-dest': 'iframe' } });
        assert.equal(byFrame.status, 200);
        assertPanel(await byFrame.text(), byFrame.headers, `${feature} in a frame (${locale})`);
        const whole = await visitor.request(address, { headers: { 'sec-fetch-dest': 'document' } });
        assert.equal(whole.status, 200);
        assertWhole(await whole.text(), whole.headers, `${feature} (${locale})`);
        assert.match(whole.headers.get('vary') ?? '', /Sec-Fetch-Dest/i, 'caches keep the two apart');
      }
    }
  });

  test('a form posted from inside a frame answers in panel mode (the refund application refuses an empty notice number there)', async () => {
    const visitor = new TestClient(server.url);
    const response = await visitor.request(`/r/guide/${D}/refund/apply?lang=en`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-dest': 'iframe' },
      body: '',
    });
    const text = await response.text();
    assert.ok(response.status === 200 || response.status === 400, `status ${response.status}`);
    assertPanel(text, response.headers, 'the refused refund form');
    assert.match(text, /error-summary/);
  });

  test('staff pages and the sign-in page are never in panel mode, nor framable', async () => {
    const official = new TestClient(server.url);
    await official.login(staff.tax_official!);
    const anonymous = new TestClient(server.url);
    for (const [client, path] of [[official, '/console?panel=1'], [official, '/console/station?panel=1'], [anonymous, '/login?panel=1']] as const) {
      const response = await client.request(path, { headers: { 'sec-fetch-dest': 'iframe' } });
      assert.equal(response.status, 200, path);
      assert.doesNotMatch(await response.text(), /data-panel/, path);
      assert.equal(response.headers.get('x-frame-options'), 'DENY', path);
      assert.match(response.headers.get('content-security-policy') ?? '', /frame-ancestors 'none'/, path);
    }
  });
});
