import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { forEachEngine } from '../../../test-support/engines.ts';
import { createDistrictWithStaff, startTestServer, TestClient, type TestServer } from '../../../test-support/test-server.ts';
import { deskOpenState } from '../../desk/business-hours/business-hours.repository.ts';
import { deliverySettingsOf } from '../../delivery/settings/delivery-settings.repository.ts';
import { readRequireAdminTotp } from '../auth/totp/totp.repository.ts';
import { findDistrict } from '../districts/districts.repository.ts';

// The console's district settings page over real HTTP on both engines: only
// the district's own admin opens it (a tax official and another district's
// admin are refused or see their own); each section's refused form comes
// back with what was typed and an error by each field, and nothing changes;
// a saved form changes the owning domain's table and writes one audit row
// with the admin and the fields before and after (contacts masked); the
// same form again changes nothing and writes nothing.

const PNG_1x1 = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

forEachEngine('district settings page', (ctx) => {
  let server: TestServer;
  let home: Record<string, string>;
  let other: Record<string, string>;
  before(async () => {
    server = await startTestServer(ctx.db, { TAXSTATION_QUIET_HOURS: '21:00-08:00', TAXSTATION_RECEIPT_TIMEOUT_SECONDS: String(72 * 3600) });
    home = await createDistrictWithStaff(ctx.db, 'mapo', ['admin', 'tax_official', 'desk_agent'], { ko: '마포구', en: 'Mapo-gu' });
    other = await createDistrictWithStaff(ctx.db, 'jongno', ['admin'], { ko: '종로구', en: 'Jongno-gu' });
  });
  after(() => server?.close());

  async function signedIn(username: string): Promise<TestClient> {
    const client = new TestClient(server.url);
    await client.login(username);
    return client;
  }
  const post = (client: TestClient, path: string, fields: Record<string, string | string[]>) => {
    const body = new URLSearchParams({ _csrf: client.csrfToken ?? '' });
    for (const [name, value] of Object.entries(fields)) for (const v of Array.isArray(value) ? value : [value]) body.append(name, v);
    return client.request(path, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', origin: server.url }, body: body.toString() });
  };
  const upload = (client: TestClient, bytes: Buffer, name: string, type: string) => {
    const form = new FormData();
    form.append('_csrf', client.csrfToken ?? '');
    form.append('logo', new Blob([new Uint8Array(bytes)], { type }), name);
    return client.request('/console/settings/logo?lang=en', { method: 'POST', headers: { origin: server.url }, body: form });
  };
  const audits = async (section: string) =>
    (await ctx.db.query<{ actor_id: string; details: { changes: Record<string, { before: unknown; after: unknown }> } }>(
      `SELECT actor_id, details FROM audit_log WHERE district_code = 'mapo' AND action = 'district.settings_changed' AND entity_id = $1 ORDER BY id`,
      [section],
    )).rows;
  const adminId = async () => String((await ctx.db.query<{ id: string }>(`SELECT id FROM staff_accounts WHERE username = $1`, [home.admin])).rows[0]!.id);

  const DELIVERY = {
    channel1: 'sms', channel2: 'email', channel3: '', quietMode: 'custom', quietStart: '22:00', quietEnd: '07:30',
    smsSender: '02-3153-8114', emailFromName: '마포구청 세무과', emailFromAddress: 'notice@mapo.go.kr',
    postage: '600', receiptTimeoutHours: '48', reminderDays: '7', retentionDays: '400',
  };

  test('only the district’s admin opens it; every section shows its current values', async () => {
    const anonymous = await new TestClient(server.url).request('/console/settings');
    assert.equal(anonymous.status, 303);
    assert.match(anonymous.headers.get('location')!, /^\/login/);
    for (const role of ['tax_official', 'desk_agent'] as const) {
      const client = await signedIn(home[role]!);
      assert.equal((await client.request('/console/settings')).status, 403, role);
      assert.equal((await post(client, '/console/settings/district', { nameKo: '탈취구', nameEn: 'Taken-gu', officePhone: '' })).status, 403, `${role} cannot post`);
    }
    const page = await (await (await signedIn(home.admin!)).request('/console/settings?lang=en')).text();
    assert.match(page, /<h1>District settings<\/h1>/);
    for (const id of ['district', 'delivery', 'desk', 'sign-in']) assert.match(page, new RegExp(`<section id="settings-${id}"`), id);
    assert.match(page, /id="district-nameKo" name="nameKo" type="text" value="마포구"/);
    assert.match(page, /The installation’s default \(now 21:00–08:00, TAXSTATION_QUIET_HOURS\)/);
    assert.match(page, /id="delivery-receiptTimeoutHours" name="receiptTimeoutHours" type="text" value="72"/);
    assert.match(page, /id="desk-d1o1" name="d1o1" type="time" value="09:00"/, 'the default hours until the district sets its own');
    assert.doesNotMatch(page, /jongno|종로/i, 'nothing of the other district');
    const korean = await (await (await signedIn(home.admin!)).request('/console/settings?lang=ko')).text();
    assert.match(korean, /<h1>구 설정<\/h1>/);
  });

  test('district: a refused form keeps what was typed, changes nothing; a saved one is audited with the admin, before and after', async () => {
    const client = await signedIn(home.admin!);
    const longAddress = `서울특별시 마포구 월드컵로 212 ${'가'.repeat(200)}`;
    const bad = await post(client, '/console/settings/district?lang=en', { nameKo: '  ', nameEn: 'Mapo-gu, the district of the river', officePhone: '02-31x', officeAddress: longAddress });
    assert.equal(bad.status, 400);
    const page = await bad.text();
    assert.match(page, /<title>Error: District settings/);
    assert.match(page, /class="error-summary"/);
    assert.match(page, /<a href="#district-nameKo">Enter a name of 1 to 100 characters\.<\/a>/);
    assert.match(page, /<a href="#district-officePhone">Enter the number as digits and hyphens/);
    assert.match(page, /value="Mapo-gu, the district of the river"/, 'the input is kept');
    assert.match(page, /value="02-31x"/);
    assert.match(page, /<a href="#district-officeAddress">Enter the address on one line, in 200 characters or fewer\.<\/a>/);
    assert.ok(page.includes(`value="${longAddress}"`), 'the address typed is kept');
    const twoLines = await post(client, '/console/settings/district?lang=ko', { nameKo: '마포구', nameEn: 'Mapo-gu', officePhone: '', officeAddress: '서울특별시 마포구\n월드컵로 212' });
    assert.equal(twoLines.status, 400);
    assert.match(await twoLines.text(), /주소는 한 줄로 200자 이내로 써 주세요/);
    assert.equal((await findDistrict(ctx.db, 'mapo'))!.name.en, 'Mapo-gu', 'nothing changed');
    assert.deepEqual(await audits('district'), []);

    const ADDRESS = '서울특별시 마포구 월드컵로 212 (우 03937)';
    const good = await post(client, '/console/settings/district?lang=en', { nameKo: '마포구청', nameEn: 'Mapo District', officePhone: '02-3153-8114', officeAddress: `  ${ADDRESS} ` });
    assert.equal(good.status, 303);
    assert.match(good.headers.get('location')!, /done=district#settings-district$/);
    const after = await (await client.request(good.headers.get('location')!)).text();
    assert.match(after, /The District settings were saved/);
    assert.match(after, /class="service-name" href="\/console">Mapo District/, 'the header shows the new name at once');
    const saved = (await findDistrict(ctx.db, 'mapo'))!;
    assert.deepEqual({ name: saved.name, officePhone: saved.officePhone, officeAddress: saved.officeAddress }, { name: { ko: '마포구청', en: 'Mapo District' }, officePhone: '02-3153-8114', officeAddress: ADDRESS });
    assert.ok(after.includes(`id="district-officeAddress" name="officeAddress"`) && after.includes(`value="${ADDRESS}"`), 'the page shows the saved address');
    // The print page takes it at once: the paper preview (the PrintPage the PDF draws) names the new office.
    const official = await signedIn(home.tax_official!);
    const preview = await official.json('/api/templates/notice/paper/ko/preview', 'POST', { subject: '{{tax_item}} 고지', body: '{{taxpayer_name}}님께 고지합니다.' }, { 'x-csrf-token': official.csrfToken ?? '' });
    assert.equal(preview.status, 200);
    const printed = (await preview.json()) as { content: { contact: { text: string } } };
    assert.match(printed.content.contact.text, new RegExp(`마포구청 세무과 · 주소 ${ADDRESS.replace(/[()]/g, '\\$&')} · 전화 02-3153-8114`));
    const rows = await audits('district');
    assert.equal(rows.length, 1);
    assert.equal(rows[0]!.actor_id, await adminId());
    assert.deepEqual(rows[0]!.details.changes, {
      nameKo: { before: '마포구', after: '마포구청' },
      nameEn: { before: 'Mapo-gu', after: 'Mapo District' },
      officePhone: { before: null, after: '****8114' },
      officeAddress: { before: null, after: ADDRESS },
    });
    const again = await post(client, '/console/settings/district?lang=en', { nameKo: '마포구청', nameEn: 'Mapo District', officePhone: '02-3153-8114', officeAddress: ADDRESS });
    assert.match(again.headers.get('location')!, /nothing=1/);
    assert.equal((await audits('district')).length, 1, 'the same form again writes nothing');
    const cleared = await post(client, '/console/settings/district?lang=en', { nameKo: '마포구청', nameEn: 'Mapo District', officePhone: '02-3153-8114', officeAddress: '' });
    assert.equal(cleared.status, 303);
    assert.equal((await findDistrict(ctx.db, 'mapo'))!.officeAddress, null, 'empty: no address');
    assert.deepEqual((await audits('district'))[1]!.details.changes, { officeAddress: { before: ADDRESS, after: null } });
  });

  test('logo: a PNG is stored and served to the district’s staff; an SVG loses its script; anything else is refused', async () => {
    const client = await signedIn(home.admin!);
    const png = await upload(client, PNG_1x1, 'logo.png', 'image/png');
    assert.equal(png.status, 303);
    const page = await (await client.request('/console/settings?lang=en')).text();
    const src = /<img class="logo-preview" src="([^"]+)" alt="Mapo District logo">/.exec(page)?.[1];
    assert.ok(src, 'the page shows the logo');
    const official = await signedIn(home.tax_official!);
    const image = await official.request(src!.replace(/&amp;/g, '&'));
    assert.equal(image.status, 200);
    assert.equal(image.headers.get('content-type'), 'image/png');
    assert.match(image.headers.get('cache-control')!, /immutable/);
    assert.deepEqual(Buffer.from(await image.arrayBuffer()), PNG_1x1);
    assert.match(await (await official.request('/console?lang=en')).text(), /<img class="service-logo" src="\/console\/settings\/logo\?v=[0-9a-f]{16}" alt="">/, 'the console header shows it');
    assert.equal((await (await signedIn(other.admin!)).request('/console/settings/logo')).status, 404, 'another district has its own (none)');

    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10" onload="alert(1)"><script>alert(2)</script><a href="javascript:alert(3)"><rect width="10" height="10" fill="url(https://evil.example/x)"/></a><circle cx="5" cy="5" r="4" fill="#063a74"/></svg>');
    assert.equal((await upload(client, svg, 'logo.svg', 'image/svg+xml')).status, 303);
    const served = await official.request('/console/settings/logo');
    assert.equal(served.headers.get('content-type'), 'image/svg+xml');
    assert.match(served.headers.get('content-security-policy')!, /default-src 'none'.*sandbox/);
    const text = await served.text();
    assert.match(text, /<circle cx="5" cy="5" r="4" fill="#063a74"/);
    assert.doesNotMatch(text, /script|onload|javascript|evil/i);

    for (const [bytes, name, message] of [
      [Buffer.from('%PDF-1.4 not a logo'), 'logo.pdf', /This is not a PNG or SVG file/],
      [Buffer.concat([PNG_1x1, Buffer.alloc(300 * 1024)]), 'big.png', /The logo must be at most 256 KB/],
      [Buffer.from('<!DOCTYPE svg [<!ENTITY x "y">]><svg><rect width="1" height="1"/></svg>'), 'entity.svg', /export it again as a plain SVG/],
    ] as const) {
      const refused = await upload(client, bytes, name, 'application/octet-stream');
      assert.equal(refused.status, 400, name);
      const body = await refused.text();
      assert.match(body, message, name);
      assert.match(body, /<a href="#logo-file">/, `${name}: the summary leads to the file input`);
    }
    assert.equal((await official.request('/console/settings/logo')).headers.get('content-type'), 'image/svg+xml', 'a refused file changes nothing');
    assert.equal((await post(client, '/console/settings/logo/remove?lang=en', {})).status, 303);
    assert.equal((await official.request('/console/settings/logo')).status, 404);
    const logoAudits = (await audits('district')).filter((r) => 'logo' in r.details.changes).map((r) => r.details.changes.logo!);
    assert.equal(logoAudits.length, 3, 'upload, replace, remove');
    assert.match(String(logoAudits[0]!.after), /^image\/png, \d+ bytes, sha256 [0-9a-f]{16}…$/);
    assert.equal(logoAudits[2]!.after, null);
  });

  test('sending: refused with each field’s error and the input kept; saved, the engine’s table holds it, the audit masks the senders', async () => {
    const client = await signedIn(home.admin!);
    const bad = await post(client, '/console/settings/delivery?lang=en', {
      ...DELIVERY, channel2: 'sms', channel3: 'email', quietStart: '25:00', smsSender: '02-31', emailFromAddress: 'not an address', postage: '-5', receiptTimeoutHours: '0', reminderDays: '31', retentionDays: '10',
    });
    assert.equal(bad.status, 400);
    const page = await bad.text();
    for (const [field, text] of [
      ['delivery-channel2', 'A channel can be chosen once only'],
      ['delivery-quietStart', 'Enter a time as HH:MM'],
      ['delivery-smsSender', 'Enter the caller number as 8 to 13 digits'],
      ['delivery-emailFromAddress', 'Enter an e-mail address'],
      ['delivery-postage', 'Enter the postage as a whole number'],
      ['delivery-receiptTimeoutHours', 'Enter a whole number of hours from 1 to 720'],
      ['delivery-reminderDays', 'Enter a whole number of days from 1 to 30'],
      ['delivery-retentionDays', 'Enter a whole number of days from 30 to 3,650'],
    ]) assert.match(page, new RegExp(`<a href="#${field}">${text}`), field);
    assert.match(page, /id="delivery-smsSender" name="smsSender" type="tel" value="02-31"/, 'input kept');
    assert.match(page, /<option value="sms" selected>SMS<\/option>/);
    assert.match(page, /id="delivery-quietMode-custom" name="quietMode" value="custom" checked/);
    const gap = await post(client, '/console/settings/delivery?lang=en', { ...DELIVERY, channel2: '', channel3: 'email' });
    assert.match(await gap.text(), /<a href="#delivery-channel3">A channel cannot follow “Not used”/);
    assert.equal((await deliverySettingsOf(ctx.db, 'mapo')).smsSender, null, 'nothing saved');

    const good = await post(client, '/console/settings/delivery?lang=en', DELIVERY);
    assert.equal(good.status, 303);
    assert.deepEqual(await deliverySettingsOf(ctx.db, 'mapo'), {
      channelOrder: ['sms', 'email'], quietHours: '22:00-07:30', smsSender: '0231538114', emailFromName: '마포구청 세무과', emailFromAddress: 'notice@mapo.go.kr',
      postagePerPageKrw: 600, receiptTimeoutSeconds: 48 * 3600, reminderDaysBeforeDue: 7,
    });
    const [row] = await audits('delivery');
    assert.equal(row!.actor_id, await adminId());
    assert.deepEqual(row!.details.changes.smsSender, { before: null, after: '****8114' });
    assert.deepEqual(row!.details.changes.emailFromAddress, { before: null, after: 'n****@mapo.go.kr' });
    assert.deepEqual(row!.details.changes.quietHours, { before: 'default', after: '22:00-07:30' });
    assert.deepEqual(row!.details.changes.channelOrder, { before: 'kakao,sms,email', after: 'sms,email' });
    assert.deepEqual(row!.details.changes.retentionContentsDays, { before: 365, after: 400 });
    const { rows } = await ctx.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_log WHERE details::text LIKE '%notice@%' OR details::text LIKE '%3153%'`);
    assert.equal(rows[0]!.n, 0, 'no sender in clear in the audit log');
    const page2 = await (await client.request('/console/settings?lang=en')).text();
    assert.match(page2, /id="delivery-smsSender" name="smsSender" type="tel" value="0231538114"/);
    assert.match(page2, /id="delivery-quietStart" name="quietStart" type="time" value="22:00"/);
    const back = await post(client, '/console/settings/delivery?lang=en', { ...DELIVERY, quietMode: 'default' });
    assert.equal(back.status, 303);
    assert.equal((await deliverySettingsOf(ctx.db, 'mapo')).quietHours, null, 'back to the installation’s default');
  });

  test('desk: hours, closed days and the message; refused with errors by field; saved, the desk reads them at once', async () => {
    const client = await signedIn(home.admin!);
    const week: Record<string, string> = {};
    for (const d of [0, 1, 2, 3, 4, 5, 6]) for (const s of ['o1', 'c1', 'o2', 'c2']) week[`d${d}${s}`] = '';
    Object.assign(week, { d1o1: '09:00', d1c1: '12:00', d1o2: '13:00', d1c2: '18:00', d2o1: '10:00', d2c1: '16:00' });
    const fields = { ...week, closedDay: ['2099-01-02', ''], closedReason: ['구청 행사', ''], outOfHoursKo: '지금은 닫혀 있습니다.', outOfHoursEn: 'We are closed now.', chatDays: '200', attachmentDays: '90', offlineDays: '180' };
    const bad = await post(client, '/console/settings/desk?lang=en', { ...fields, d1c1: '08:00', d2o2: '15:00', d2c2: '', closedDay: ['2099-01-02', '2099-01-02', '2020-01-01', ''], closedReason: ['a', 'b', 'c', 'orphan'], outOfHoursEn: '', chatDays: '5' });
    assert.equal(bad.status, 400);
    const page = await bad.text();
    for (const [field, text] of [
      ['desk-d1c1', 'The closing time must be later than the opening time'],
      ['desk-d2o2', 'The second opening must start after the first closes'],
      ['desk-closedDay-2', 'This date is given twice'],
      ['desk-closedDay-3', 'Enter today or a later date'],
      ['desk-closedDay-4', 'Give the date the reason is for'],
      ['desk-outOfHoursEn', 'Give the message in both Korean and English'],
      ['desk-chatDays', 'Enter a whole number of days from 30 to 3,650'],
    ]) assert.match(page, new RegExp(`<a href="#${field}">${text}`), field);
    assert.match(page, /id="desk-closedReason-4" name="closedReason" type="text" value="orphan"/, 'input kept');

    const good = await post(client, '/console/settings/desk?lang=en', fields);
    assert.equal(good.status, 303);
    const monday = new Date('2099-01-05T03:30:00Z'); // 12:30 in Seoul, a Monday: the lunch break
    assert.deepEqual(await deskOpenState(ctx.db, 'mapo', monday), { open: false, reason: 'outside_hours' });
    assert.equal((await deskOpenState(ctx.db, 'mapo', new Date('2099-01-05T04:30:00Z'))).open, true);
    assert.deepEqual(await deskOpenState(ctx.db, 'mapo', new Date('2099-01-02T02:00:00Z')), { open: false, reason: 'closed_day', name: '구청 행사' });
    const [row] = await audits('desk');
    assert.ok(row);
    assert.deepEqual(row.details.changes.hours, { before: ['1 09:00-18:00', '2 09:00-18:00', '3 09:00-18:00', '4 09:00-18:00', '5 09:00-18:00'], after: ['1 09:00-12:00 13:00-18:00', '2 10:00-16:00'] });
    assert.match(JSON.stringify(row.details.changes.closedDays), /2099-01-02 \(5 characters, sha256 [0-9a-f]{12}\)/);
    assert.doesNotMatch(JSON.stringify(row.details), /구청 행사|closed now/, 'free texts are not copied into the audit log');
  });

  test('sign-in security is shown with a link to the Staff page that changes it; another district’s admin changes only their own', async () => {
    const client = await signedIn(home.admin!);
    const page0 = await (await client.request('/console/settings?lang=en')).text();
    assert.match(page0, /<dt>Two-step verification for administrators<\/dt><dd>Each administrator’s choice<\/dd>/);
    assert.match(page0, /<a href="\/console\/staff\?lang=en#rule-title" id="sign-in-change">/);
    assert.equal((await post(client, '/console/settings/sign-in?lang=en', { requireAdminTotp: '1' })).status, 404, 'no second form for the same rule');
    assert.equal(await readRequireAdminTotp(ctx.db, 'mapo'), false);
    const jongno = await signedIn(other.admin!);
    assert.equal((await post(jongno, '/console/settings/district?lang=en', { nameKo: '종로구청', nameEn: 'Jongno District', officePhone: '' })).status, 303);
    assert.equal((await findDistrict(ctx.db, 'mapo'))!.name.en, 'Mapo District', 'mapo untouched');
    assert.equal((await findDistrict(ctx.db, 'jongno'))!.name.en, 'Jongno District');
    assert.equal(await readRequireAdminTotp(ctx.db, 'jongno'), false);
    const page = await (await jongno.request('/console/settings?lang=en')).text();
    assert.doesNotMatch(page, /Mapo District|value="[^"]*마포/, 'nothing of the other district');
  });
});
