import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { forEachEngine } from '../../../test-support/engines.ts';
import { createDistrictWithStaff, startTestServer, TestClient, type TestServer } from '../../../test-support/test-server.ts';
import { featureUrl } from '../maps/station-features.ts';
import { withLang } from '../maps/station-maps.view.ts';
import type { SpaceConfig } from './space.config.ts';

// The 2D station's page over real HTTP on both engines: what it hands its
// script (the map, the zones with their services in the page's language,
// where the visitor starts), the text mode one link away, every zone listed
// as a link, a zone that is not on the map, an unknown district, and the
// page's scripts. The Korean page has no English words.

const A = 'spcga';

const configOf = (page: string) => JSON.parse(page.match(/<script type="application\/json" id="station-space-config">(.*?)<\/script>/s)![1]!) as SpaceConfig;
/** What a reader sees: tags, scripts and styles gone. */
const visibleText = (page: string) =>
  page
    .replace(/<script[\s\S]*?<\/script>/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&[a-z]+;/g, ' ');

forEachEngine('station space page', (ctx) => {
  let server: TestServer;
  before(async () => {
    await createDistrictWithStaff(ctx.db, A, [], { ko: '가나구', en: 'Gana-gu' });
    server = await startTestServer(ctx.db);
  });
  after(async () => {
    await server?.close();
  });

  test('the page and its config in both languages: map, zones and their services, start at the entrance, the text mode one link away', async () => {
    const visitor = new TestClient(server.url);
    for (const locale of ['ko', 'en'] as const) {
      const response = await visitor.request(`/r/station/${A}/space?lang=${locale}`);
      assert.equal(response.status, 200);
      const page = await response.text();
      assert.match(page, locale === 'ko' ? /<h1>가나구 온라인 세무서<\/h1>/ : /<h1>Gana-gu online tax station<\/h1>/);
      const config = configOf(page);
      assert.equal(config.district, A);
      assert.equal(config.start, 'entrance');
      assert.equal(config.offerStart, false);
      assert.match(config.mapUrl, new RegExp(`^/r/station/${A}/map\\.json\\?v=`));
      assert.equal(config.zones.length, 10);
      const consultation = config.zones.find((z) => z.id === 'consultation')!;
      assert.deepEqual(consultation.rect, { x: 32, y: 32, width: 224, height: 320 });
      assert.equal(consultation.url, `/r/consultations/${A}?lang=${locale}`);
      assert.equal(consultation.feature, locale === 'ko' ? '상담 예약' : 'Book a consultation');
      assert.equal(config.deskUrl, withLang(featureUrl('desk', A)!, locale));
      assert.match(page, new RegExp(`id="space-text-mode" href="/r/station/${A}\\?zone=entrance&amp;lang=${locale}"`));
      assert.equal([...page.matchAll(/<a id="space-zone-link-/g)].length, 10, 'every zone’s service as a link');
      for (const name of ['station-space-boot.js', 'station-space.css']) {
        const src = page.match(new RegExp(`/assets/${name.replace('.', '\\.')}\\?v=[0-9a-f]+`))![0];
        assert.equal((await visitor.request(src)).status, 200);
      }
      assert.equal((await visitor.request(config.engineUrl)).status, 200);
      if (locale === 'ko') {
        // the layout's language switch and its accessibility statement name English and WCAG AA on every page
        const english = (visibleText(page).match(/[A-Za-z]{2,}/g) ?? []).filter((w) => !['English', 'WCAG', 'AA'].includes(w));
        assert.deepEqual(english, [], 'no English words on the Korean page');
        assert.deepEqual(Object.entries(config.words).filter(([, w]) => /[A-Za-z]{2,}/.test(w.replace(/W·A·S·D|Enter|\{\w+\}/g, ''))), [], 'nor in the script’s words');
      }
    }
  });

  test('a zone of the map (a short link’s target) is the start, its service offered; a zone the map lacks starts at the entrance and says so; an unknown district is 404', async () => {
    const visitor = new TestClient(server.url);
    const staff = configOf(await (await visitor.request(`/r/station/${A}/space?zone=staff&lang=en`)).text());
    assert.equal(staff.start, 'staff');
    assert.equal(staff.offerStart, true);
    assert.match(staff.textModeUrl, new RegExp(`^/r/station/${A}\\?zone=staff&lang=en$`));
    const attic = await (await visitor.request(`/r/station/${A}/space?zone=attic&lang=en`)).text();
    assert.equal(configOf(attic).start, 'entrance');
    assert.equal(configOf(attic).offerStart, false);
    assert.match(attic, /id="space-zone-unknown"/);
    const short = await visitor.request(`/s/${A}/staff`);
    assert.equal(short.headers.get('location'), `/r/station/${A}/space?zone=staff`);
    assert.equal((await visitor.request('/r/station/nowhere/space')).status, 404);
  });
});
