import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import QRCode from 'qrcode';
import { forEachEngine } from '../../../test-support/engines.ts';
import { createDistrictWithStaff, startTestServer, TestClient, type TestServer } from '../../../test-support/test-server.ts';
import { setUpConsultations } from '../../consultations/schedule/schedule.service.ts';
import { stationOf } from './station-maps.repository.ts';
import { pngSize } from './tiles-png.ts';

// The station's maps over real HTTP on both engines: the default station
// and its text mode (every zone's link answers), bindings saved and read,
// uploads accepted or refused with the reason (nothing stored), reset, roles
// and districts, short links and their QR codes.

const PUBLIC_URL = 'https://tax.example.go.kr';
const DEFAULT_MAP = JSON.parse(readFileSync(new URL('../../../assets/station/default-map.json', import.meta.url), 'utf8')) as Record<string, unknown>;

/** A small map of our own: 10 × 8 tiles of 32 px, one tileset of the given image size, zones entrance and hall. */
function smallMap(image: { width: number; height: number }, zones = [{ zone: 'entrance', ko: '입구', en: 'Entrance', x: 0 }, { zone: 'hall', ko: '민원실', en: 'Service hall', x: 160 }]) {
  return {
    type: 'map',
    orientation: 'orthogonal',
    infinite: false,
    width: 10,
    height: 8,
    tilewidth: 32,
    tileheight: 32,
    layers: [
      { id: 1, name: 'floor', type: 'tilelayer', width: 10, height: 8, x: 0, y: 0, opacity: 1, visible: true, data: new Array(80).fill(1) },
      {
        id: 2,
        name: 'zones',
        type: 'objectgroup',
        objects: zones.map((z, i) => ({
          id: i + 1,
          name: z.en,
          type: 'room',
          x: z.x,
          y: 0,
          width: 128,
          height: 128,
          properties: [
            { name: 'zone', type: 'string', value: z.zone },
            { name: 'label_ko', type: 'string', value: z.ko },
            { name: 'label_en', type: 'string', value: z.en },
          ],
        })),
      },
    ],
    tilesets: [{ firstgid: 1, name: 'own', image: 'own.png', imagewidth: image.width, imageheight: image.height, tilewidth: 32, tileheight: 32, tilecount: 1, columns: 1 }],
  };
}

forEachEngine('station maps', (ctx) => {
  let server: TestServer;
  let a: Record<string, string>;
  let b: Record<string, string>;
  const A = 'stna';
  const B = 'stnb';

  before(async () => {
    a = await createDistrictWithStaff(ctx.db, A, ['admin', 'tax_official', 'desk_agent'], { ko: '가나구', en: 'Gana-gu' });
    b = await createDistrictWithStaff(ctx.db, B, ['tax_official'], { ko: '다라구', en: 'Dara-gu' });
    await setUpConsultations(ctx.db, A); // so that its booking page is open
    server = await startTestServer(ctx.db, { TAXSTATION_PUBLIC_URL: PUBLIC_URL });
  });
  after(async () => {
    await server?.close();
  });

  const signedIn = async (username: string) => {
    const client = new TestClient(server.url);
    await client.login(username);
    return client;
  };
  const form = (client: TestClient, path: string, fields: Record<string, string>) =>
    client.request(path, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ _csrf: client.csrfToken ?? '', ...fields }).toString(),
    });
  const upload = (client: TestClient, files: { map?: string | Buffer; tiles?: Buffer }, csrf = client.csrfToken ?? '') => {
    const data = new FormData();
    data.append('_csrf', csrf);
    if (files.map !== undefined) data.append('map', new Blob([typeof files.map === 'string' ? files.map : new Uint8Array(files.map)], { type: 'application/json' }), 'own-map.json');
    if (files.tiles !== undefined) data.append('tiles', new Blob([new Uint8Array(files.tiles)], { type: 'image/png' }), 'own.png');
    return client.request('/console/station/map?lang=en', { method: 'POST', body: data });
  };
  const storedMaps = async (district: string) => Number((await ctx.db.query<{ n: string }>('SELECT count(*) AS n FROM station_maps WHERE district_code = $1', [district])).rows[0]!.n);
  const audits = async (district: string, action: string) =>
    (await ctx.db.query<{ details: unknown }>('SELECT details FROM audit_log WHERE district_code = $1 AND action = $2 ORDER BY id', [district, action])).rows.map((r) => (typeof r.details === 'string' ? JSON.parse(r.details) : r.details));

  test('the default station: ten zones with their default features, and the text mode links every one to a page that answers', async () => {
    const station = await stationOf(ctx.db, A);
    assert.equal(station.isDefault, true);
    assert.deepEqual(
      station.zones.map((z) => [z.id, z.feature, z.url]),
      [
        ['entrance', 'search', `/r/guide/${A}/search`],
        ['consultation', 'booking', `/r/consultations/${A}`],
        ['video', 'video', '/r/video/check'],
        ['lecture', 'lectures', `/r/lectures?district=${A}`],
        ['board', 'board', `/r/lectures/board/${A}`],
        ['guide', 'calendar', `/r/guide/${A}/calendar`],
        ['booth-1', 'booths', `/r/guide/${A}/booths`],
        ['booth-2', 'faq', `/r/guide/${A}/faq`],
        ['booth-3', 'refund', `/r/guide/${A}/refund/apply`],
        ['staff', 'desk', `/r/desk?district=${A}`],
      ],
    );
    assert.deepEqual(station.zones[1]!.label, { ko: '상담실', en: 'Consultation room' });
    assert.deepEqual(station.zones[1]!.rect, { x: 32, y: 32, width: 224, height: 320 });
    assert.equal(station.tilesUrl, `/r/station/${A}/tiles.png?v=${station.tilesUrl.split('v=')[1]}`);

    const visitor = new TestClient(server.url);
    for (const locale of ['ko', 'en'] as const) {
      const page = await visitor.request(`/r/station/${A}?lang=${locale}`);
      assert.equal(page.status, 200);
      const text = await page.text();
      assert.match(text, locale === 'ko' ? /<h1>가나구 가상 세무서<\/h1>/ : /<h1>Gana-gu virtual tax station<\/h1>/);
      const links = [...text.matchAll(/<a id="zone-link-([a-z0-9-]+)" href="([^"]+)"[^>]*>([^<]+)<\/a>/g)].map((m) => ({ zone: m[1]!, href: m[2]!.replaceAll('&amp;', '&'), label: m[3]! }));
      assert.deepEqual(links.map((l) => l.zone), station.zones.map((z) => z.id), 'every zone is listed, in order');
      assert.match(links[1]!.label, locale === 'ko' ? /상담실: 상담 예약/ : /Consultation room: Book a consultation/);
      for (const link of links) {
        assert.match(link.href, new RegExp(`lang=${locale}`));
        const feature = await visitor.request(link.href);
        assert.equal(feature.status, 200, `${link.zone} → ${link.href} answers ${feature.status}`);
      }
    }
    const map = await visitor.request(`/r/station/${A}/map.json`);
    assert.equal(map.status, 200);
    assert.deepEqual(await map.json(), DEFAULT_MAP);
    const etag = map.headers.get('etag')!;
    assert.match(etag, /^"[0-9a-f]{12}"$/);
    assert.equal((await visitor.request(`/r/station/${A}/map.json`, { headers: { 'if-none-match': etag } })).status, 304);
    const tiles = await visitor.request(`/r/station/${A}/tiles.png`);
    assert.equal(tiles.headers.get('content-type'), 'image/png');
    assert.deepEqual(pngSize(new Uint8Array(await tiles.arrayBuffer())), { width: 160, height: 64 });
    assert.equal((await visitor.request('/r/station/nowhere')).status, 404);
  });

  test('?zone= marks and focuses that zone; an unknown zone lands at the entrance with a note', async () => {
    const visitor = new TestClient(server.url);
    const text = await (await visitor.request(`/r/station/${A}?zone=lecture&lang=en`)).text();
    assert.match(text, /<li id="zone-lecture" class="notification"><a id="zone-link-lecture" href="[^"]+" data-zone-panel="lecture" aria-current="location" autofocus>Lecture room: Watch tax lectures<\/a> <strong class="zone-here">\(You are here\)<\/strong>/);
    assert.equal((text.match(/aria-current="location"/g) ?? []).length, 1);
    const unknown = await (await visitor.request(`/r/station/${A}?zone=attic&lang=ko`)).text();
    assert.match(unknown, /주소의 구역이 이 지도에 없어 입구로 안내합니다\./);
    assert.match(unknown, /id="zone-link-entrance"[^>]*aria-current="location"/);
  });

  test('bindings: saved, read by stationOf and the text mode, audited; a wrong feature or zone is refused naming the zone', async () => {
    const official = await signedIn(a.tax_official!);
    const page = await official.request('/console/station?lang=ko');
    assert.equal(page.status, 200);
    const html = await page.text();
    assert.match(html, /<h1>가상 세무서 지도<\/h1>/);
    assert.match(html, /<select class="select" id="feature-consultation" name="zone.consultation">/);
    assert.match(html, /<option value="booking" selected>상담 예약<\/option>/);

    const saved = await form(official, '/console/station/bindings?lang=ko', { 'zone.consultation': 'faq', 'zone.booth-3': 'none', 'zone.staff': 'desk' });
    assert.equal(saved.status, 303);
    assert.equal(saved.headers.get('location'), '/console/station?lang=ko&done=bindings_saved');
    const station = await stationOf(ctx.db, A);
    const byId = new Map(station.zones.map((z) => [z.id, z]));
    assert.equal(byId.get('consultation')!.feature, 'faq');
    assert.equal(byId.get('consultation')!.url, `/r/guide/${A}/faq`);
    assert.equal(byId.get('booth-3')!.url, null);
    assert.equal(byId.get('guide')!.feature, 'calendar', 'zones left out keep their default');
    const audit = await audits(A, 'station.zones_bound');
    assert.deepEqual(audit.at(-1), { changed: [{ zone: 'consultation', from: 'booking', to: 'faq' }, { zone: 'booth-3', from: 'refund', to: 'none' }] });
    const textMode = await (await new TestClient(server.url).request(`/r/station/${A}?lang=en`)).text();
    assert.match(textMode, /<span id="zone-link-booth-3">Information booth 3: Nothing opens here yet\.<\/span>/);
    assert.match(await (await official.request('/console/station?lang=ko&done=bindings_saved')).text(), /구역 연결을 저장했습니다\./);

    const wrong = await form(official, '/console/station/bindings?lang=en', { 'zone.consultation': 'casino', 'zone.attic': 'faq' });
    assert.equal(wrong.status, 400);
    const wrongHtml = await wrong.text();
    assert.match(wrongHtml, /href="#feature-consultation">That is not one of the choices/);
    assert.match(wrongHtml, /href="#feature-attic">/);
    assert.equal((await stationOf(ctx.db, A)).zones.find((z) => z.id === 'consultation')!.feature, 'faq', 'nothing changed');
  });

  test('roles and districts: another district’s official sees and changes only their own; a desk agent and a visitor are refused', async () => {
    const other = await signedIn(b.tax_official!);
    assert.equal((await form(other, '/console/station/bindings', { 'zone.lecture': 'none' })).status, 303);
    assert.equal((await stationOf(ctx.db, B)).zones.find((z) => z.id === 'lecture')!.feature, 'none');
    assert.equal((await stationOf(ctx.db, A)).zones.find((z) => z.id === 'lecture')!.feature, 'lectures', 'district A untouched');
    assert.equal((await upload(other, { map: JSON.stringify(smallMap({ width: 160, height: 64 })) })).status, 303);
    assert.equal(await storedMaps(A), 0, 'B’s upload is B’s');
    assert.equal((await form(other, '/console/station/reset', {})).status, 303);

    const agent = await signedIn(a.desk_agent!);
    assert.equal((await agent.request('/console/station')).status, 403);
    assert.equal((await form(agent, '/console/station/bindings', { 'zone.lecture': 'none' })).status, 403);
    assert.equal((await upload(agent, { map: JSON.stringify(smallMap({ width: 160, height: 64 })) })).status, 403);
    const anonymous = await new TestClient(server.url).request('/console/station');
    assert.equal(anonymous.status, 303);
    assert.match(anonymous.headers.get('location') ?? '', /^\/login\?/);
    assert.equal((await stationOf(ctx.db, A)).zones.find((z) => z.id === 'lecture')!.feature, 'lectures');
  });

  test('upload: refused with the reason naming where, nothing stored; a valid map with its tiles replaces the default; reset goes back', async () => {
    const admin = await signedIn(a.admin!);
    const refusedWith = async (files: Parameters<typeof upload>[1], reason: RegExp) => {
      const response = await upload(admin, files);
      assert.equal(response.status, 400);
      const html = await response.text();
      assert.match(html, /The map cannot be used, so nothing was stored\./);
      assert.match(html, reason);
      assert.match(html, /<title>Error: /);
      assert.equal(await storedMaps(A), 0, 'nothing stored');
    };
    const noEntrance = smallMap({ width: 160, height: 64 }, [{ zone: 'hall', ko: '민원실', en: 'Service hall', x: 0 }]);
    await refusedWith({ map: JSON.stringify(noEntrance) }, /layer “zones”: no entrance zone \(zone id “entrance”\)/);
    const noLabel = smallMap({ width: 160, height: 64 });
    noLabel.layers[1]!.objects![1]!.properties.pop();
    await refusedWith({ map: JSON.stringify(noLabel) }, /property “label_en” of object 2 \(“Service hall”\) of layer “zones”: the zone’s name is missing/);
    await refusedWith({ map: '{"type": "map", ' }, /the map file: it cannot be read as JSON/);
    await refusedWith({ map: JSON.stringify({ ...smallMap({ width: 160, height: 64 }), tilesets: [{ firstgid: 1, source: 'station.tsx' }] }) }, /points to an external tileset file \(“station.tsx”\)/);
    await refusedWith({}, /Choose a map file\./);

    const qr = await QRCode.toBuffer('tiles', { type: 'png', width: 128, margin: 0 });
    const size = pngSize(qr)!;
    await refusedWith({ map: JSON.stringify(smallMap(size)) }, /The map’s tileset image “own.png” \([0-9]+×[0-9]+\) is not the default tiles\. Upload that PNG image with it\./);
    await refusedWith({ map: JSON.stringify(smallMap({ width: size.width + 32, height: size.height })), tiles: qr }, /The tile image is [0-9]+×[0-9]+ pixels, but the map’s tileset says/);
    await refusedWith({ map: JSON.stringify(smallMap(size)), tiles: Buffer.from('not an image') }, /The tile image is not a PNG file\./);
    const noToken = await upload(admin, { map: JSON.stringify(smallMap(size)), tiles: qr }, 'wrong');
    assert.equal(noToken.status, 403);
    assert.equal(await storedMaps(A), 0);

    const mapText = JSON.stringify(smallMap(size));
    const accepted = await upload(admin, { map: mapText, tiles: qr });
    assert.equal(accepted.status, 303);
    assert.equal(accepted.headers.get('location'), '/console/station?lang=en&done=map_saved');
    const station = await stationOf(ctx.db, A);
    assert.equal(station.isDefault, false);
    assert.equal(station.fileName, 'own-map.json');
    assert.deepEqual(station.zones.map((z) => [z.id, z.label.en, z.feature]), [['entrance', 'Entrance', 'search'], ['hall', 'Service hall', 'none']]);
    const visitor = new TestClient(server.url);
    assert.equal(await (await visitor.request(`/r/station/${A}/map.json`)).text(), mapText);
    assert.deepEqual(Buffer.from(await (await visitor.request(`/r/station/${A}/tiles.png`)).arrayBuffer()), qr);
    const uploadedAudit = (await audits(A, 'station.map_uploaded')).at(-1) as Record<string, unknown>;
    assert.deepEqual(uploadedAudit.zones, ['entrance', 'hall']);
    assert.equal(uploadedAudit.ownTiles, true);
    assert.deepEqual(uploadedAudit.bindingsRemoved, ['booth-3', 'consultation', 'staff'], 'bindings of zones the new map lacks are removed');
    const consolePage = await (await admin.request('/console/station?lang=en&done=map_saved')).text();
    assert.match(consolePage, /Map in use: “own-map.json”/);
    assert.match(consolePage, /The new map is in use\./);

    assert.equal((await form(admin, '/console/station/bindings', { 'zone.hall': 'booking' })).status, 303);
    assert.equal((await stationOf(ctx.db, A)).zones[1]!.url, `/r/consultations/${A}`);

    const reset = await form(admin, '/console/station/reset?lang=ko', {});
    assert.equal(reset.status, 303);
    assert.equal(await storedMaps(A), 0);
    const back = await stationOf(ctx.db, A);
    assert.equal(back.isDefault, true);
    assert.equal(back.zones.length, 10);
    assert.deepEqual((await audits(A, 'station.map_reset')).at(-1), { hadUploadedMap: true, bindingsRemoved: ['hall'] });
    assert.match(await (await admin.request('/console/station?lang=ko&done=map_reset')).text(), /기본 지도로 되돌렸습니다\./);
  });

  test('short links redirect to the station at the zone; their QR codes (PNG and SVG) carry the absolute short link', async () => {
    const visitor = new TestClient(server.url);
    const station = await visitor.request(`/s/${A}`);
    assert.equal(station.status, 302);
    assert.equal(station.headers.get('location'), `/r/station/${A}/space`);
    const zone = await visitor.request(`/s/${A}/lecture`);
    assert.equal(zone.status, 302);
    assert.equal(zone.headers.get('location'), `/r/station/${A}/space?zone=lecture`);
    const gone = await visitor.request(`/s/${A}/attic`);
    assert.equal(gone.status, 302, 'a zone the map lost still leads into the station');
    assert.equal(gone.headers.get('location'), `/r/station/${A}/space?zone=attic`);
    assert.equal((await visitor.request(`/s/${A}/attic/qr.png`)).status, 404, 'but no new code is made for it');
    assert.equal((await visitor.request(`/s/nowhere/lecture`)).status, 404);
    assert.equal((await visitor.request('/s/nowhere')).status, 404);
    assert.equal((await visitor.request('/s/nowhere/qr.png')).status, 404);

    for (const [path, url] of [[`/s/${A}`, `${PUBLIC_URL}/s/${A}`], [`/s/${A}/booth-1`, `${PUBLIC_URL}/s/${A}/booth-1`]] as const) {
      const png = await visitor.request(`${path}/qr.png`);
      assert.equal(png.status, 200);
      assert.equal(png.headers.get('content-type'), 'image/png');
      const bytes = Buffer.from(await png.arrayBuffer());
      assert.deepEqual([...bytes.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
      assert.deepEqual(bytes, await QRCode.toBuffer(url, { type: 'png', errorCorrectionLevel: 'M', margin: 4, width: 512 }), `the PNG encodes ${url}`);
      assert.ok(pngSize(bytes)!.width >= 500);
      const svg = await visitor.request(`${path}/qr.svg`);
      assert.equal(svg.headers.get('content-type'), 'image/svg+xml; charset=utf-8');
      const svgText = await svg.text();
      assert.match(svgText, /^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
      assert.equal(svgText, await QRCode.toString(url, { type: 'svg', errorCorrectionLevel: 'M', margin: 4 }), `the SVG encodes ${url}`);
    }

    const official = await signedIn(a.tax_official!);
    const links = await (await official.request('/console/station?lang=en')).text();
    assert.match(links, new RegExp(`<a href="/s/${A}"><code>${PUBLIC_URL}/s/${A}</code></a>`));
    assert.match(links, new RegExp(`<img src="/s/${A}/lecture/qr.svg" width="128" height="128" alt="QR code of ${PUBLIC_URL}/s/${A}/lecture">`));
    assert.match(links, new RegExp(`href="/s/${A}/lecture/qr.png" download`));
  });
});
