import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { forEachEngine } from '../../../test-support/engines.ts';
import { startTestServer, TEST_PASSWORD, TestClient, type TestServer } from '../../../test-support/test-server.ts';
import { consultationDistrict, testClock, testDeps, type ConsultationDistrict, type TestClock } from '../consultations.test-support.ts';
import { createSession } from '../sessions/sessions.service.ts';
import { latestCode, PageClient, summaryOf } from '../booking-pages/booking-pages.test-support.ts';
import { formPost, getPage, rawCodes } from '../console/consultations-console.test-support.ts';
import { stepsOf } from '../../../test-support/step-indicator.ts';

// Explanation sessions' pages over real HTTP on both engines: a resident
// registers through the pages (form, code, confirmation, personal page,
// cancel), a full session answers with a clear message; an official creates
// a session through the form (error summary first) and sees it listed with
// its registrations; another district's session is 404.

let address = 0;
const newAddress = () => `198.51.${(++address >> 8) & 255}.${address & 255}`;

forEachEngine('explanation session pages', (ctx) => {
  let server: TestServer;
  let clock: TestClock;
  let c: ConsultationDistrict;
  let other: ConsultationDistrict;
  let official: TestClient;
  before(async () => {
    server = await startTestServer(ctx.db);
    clock = testClock();
    server.deps.clock = clock;
    c = await consultationDistrict(ctx.db, [{}], { password: TEST_PASSWORD });
    other = await consultationDistrict(ctx.db, [{}], { password: TEST_PASSWORD });
    official = new TestClient(server.url);
    await official.login(`${c.district}.official`);
  });
  after(async () => {
    await server?.close();
  });

  const deps = () => testDeps(ctx.db, server.deps.cipher, clock);
  const newSession = (district: ConsultationDistrict, capacity: number, title = '양도소득세 설명회') =>
    createSession(deps(), {
      titleKo: title, titleEn: 'Capital gains tax briefing', placeNameKo: '서초구청 대강당', placeNameEn: 'Seocho-gu Office hall',
      addressKo: '서울 서초구 남부순환로 2584', addressEn: '2584 Nambusunhwan-ro, Seocho-gu, Seoul', start: '2027-04-14T14:00:00+09:00', end: '2027-04-14T16:00:00+09:00', capacity,
    }, { kind: 'staff', staffId: district.officialId, role: 'tax_official', districtCode: district.district });

  const csrf = (html: string) => /name="_csrf" value="([^"]*)"/.exec(html)![1]!;

  test('a resident registers through the pages and cancels through the personal page; a full session says so', async () => {
    const s = await newSession(c, 2);
    const b = new PageClient(server.url, newAddress());
    const base = `/r/consultations/${c.district}/sessions`;
    const list = await b.page(`${base}?lang=en`);
    assert.equal(list.status, 200);
    assert.match(list.html, /Capital gains tax briefing/);
    assert.deepEqual(rawCodes(list.html), []);

    const form = await b.page(`${base}/${s.id}/register?lang=en`);
    assert.equal(form.status, 200);
    const empty = await b.submit(`${base}/${s.id}/register?lang=en`, { _csrf: csrf(form.html) });
    assert.equal(empty.status, 400);
    assert.deepEqual(summaryOf(empty.html), ['Enter your name.', 'Choose mobile phone or e-mail.', 'Choose how many people attend (1–4).']);
    // The registration's pages name their step (KRDS step indicator), the current one marked; the list is no step.
    assert.equal(stepsOf(list.html), null);
    assert.deepEqual(stepsOf(empty.html), { names: ['Your details', 'Code', 'Done'], current: 'Your details', done: [], currentText: 'Current step Step 1 Your details' });
    const tooMany = await b.submit(`${base}/${s.id}/register?lang=en`, { _csrf: csrf(form.html), name: '김하나', contactField: 'mobile', mobile: '010-5555-1212', partySize: '3' });
    assert.equal(tooMany.status, 400);
    assert.deepEqual(summaryOf(tooMany.html), ['Only 2 seat(s) are left. Choose fewer people.']);

    const sent = await b.submit(`${base}/${s.id}/register?lang=ko`, { _csrf: csrf(form.html), name: '김하나', contactField: 'mobile', mobile: '010-5555-1212', partySize: '2' });
    assert.equal(sent.status, 303);
    const codePage = await b.follow(sent.location);
    assert.match(codePage.html, /인증번호/);
    assert.deepEqual(stepsOf(codePage.html), { names: ['신청 정보', '인증번호', '완료'], current: '인증번호', done: ['신청 정보'], currentText: '현재 단계 2단계 인증번호' });
    const code = await latestCode(ctx.db, server.deps.cipher, c.district);
    const done = await b.submit(`${base}/${s.id}/code?lang=ko`, { _csrf: csrf(codePage.html), code });
    assert.equal(done.status, 303);
    const confirmation = await b.follow(done.location);
    assert.match(confirmation.html, /설명회 신청이 완료되었습니다/);
    assert.equal(stepsOf(confirmation.html)?.current, '완료');
    const link = /id="personal-link" href="([^"]+)"/.exec(confirmation.html)![1]!.replace(/&amp;/g, '&');
    assert.match(link, /^\/r\/consultations\/sessions\/r\//);

    // Full now: the list says so, and another resident is told clearly.
    const full = await b.page(`${base}?lang=en`);
    assert.match(full.html, /Full/);
    const late = new PageClient(server.url, newAddress());
    const lateForm = await late.page(`${base}/${s.id}/register?lang=en`);
    assert.equal(lateForm.status, 409);
    assert.deepEqual(summaryOf(lateForm.html), ['The session is full (0 seat(s) left). Choose another session.']);
    const lateSend = await late.submit(`${base}/${s.id}/register?lang=en`, { _csrf: csrf(lateForm.html), name: 'Kim', contactField: 'email', email: 'kim@example.com', partySize: '1' });
    assert.equal(lateSend.status, 400);
    assert.deepEqual(summaryOf(lateSend.html), ['The session is full (0 seat(s) left). Choose another session.']);

    const personal = await b.page(link);
    assert.equal(personal.status, 200);
    assert.match(personal.html, /신청됨/);
    const cancelled = await b.submit(link.replace(/\?lang=ko$/, '/cancel?lang=ko'), {});
    assert.equal(cancelled.status, 303);
    const after = await b.follow(cancelled.location);
    assert.match(after.html, /신청을 취소했습니다/);
    assert.match((await b.page(`${base}?lang=en`)).html, /Register for Capital gains tax briefing/);

    assert.equal((await b.page(`/r/consultations/sessions/r/${'x'.repeat(43)}?lang=en`)).status, 404);
  });

  test('an official creates a session through the form and reads its registrations; another district is 404', async () => {
    const C = '/console/consultations/sessions';
    const bad = await formPost(official, `${C}/new?lang=en`, { day: '2027-02-30', start: '25:00', end: '14:00', capacity: '0' });
    assert.equal(bad.status, 400);
    const badHtml = await bad.text();
    assert.match(badHtml, /<title>Error: /);
    for (const message of ['Enter the Title (Korean).', 'Enter the day like 2027-04-14.', 'Enter the time like 14:00.', 'Enter a capacity from 1 to 10000.']) assert.ok(badHtml.includes(message), message);

    const made = await formPost(official, `${C}/new?lang=ko`, {
      titleKo: '상속세 설명회', titleEn: 'Inheritance tax briefing', placeNameKo: '서초구청', placeNameEn: 'Seocho-gu Office', addressKo: '서초구 남부순환로 2584', addressEn: '2584 Nambusunhwan-ro',
      day: '2027-05-12', start: '10:00', end: '12:00', capacity: '30',
    });
    assert.equal(made.status, 303);
    const list = await getPage(official, `${C}?lang=ko&created=1`);
    assert.equal(list.status, 200);
    assert.match(list.html, /설명회를 만들었습니다/);
    assert.match(list.html, /상속세 설명회/);
    assert.deepEqual(rawCodes(list.html), []);
    const id = /href="\/console\/consultations\/sessions\/(\d+)\?lang=ko">상속세 설명회/.exec(list.html)![1]!;
    const regs = await getPage(official, `${C}/${id}?lang=en`);
    assert.equal(regs.status, 200);
    assert.match(regs.html, /No registrations yet/);
    assert.match(regs.html, /registrations\.csv/);

    const theirs = await newSession(other, 5, '다른 구 설명회');
    assert.equal((await getPage(official, `${C}/${theirs.id}?lang=en`)).status, 404);
    assert.equal((await new PageClient(server.url, newAddress()).page(`/r/consultations/${c.district}/sessions/${theirs.id}/register?lang=en`)).status, 404);
  });
  test('an official sets the in-person day through its form: errors first, then saved and shown', async () => {
    const P = '/console/consultations/in-person';
    const form = await getPage(official, `${P}?lang=en`);
    assert.equal(form.status, 200);
    assert.deepEqual(rawCodes(form.html), []);
    const bad = await formPost(official, `${P}?lang=en`, { windows: '10:00-10:10, 9:00', placeNameKo: '서초구청' });
    assert.equal(bad.status, 400);
    const badHtml = await bad.text();
    for (const message of ['Enter the Place name (English).', 'Enter the hours like 10:00-12:00, 14:00-16:00 (at most 6).', 'Choose at least one expert.']) assert.ok(badHtml.includes(message), message);
    const short = await formPost(official, `${P}?lang=ko`, {
      enabled: '1', placeNameKo: '서초구청 1층', placeNameEn: 'Seocho-gu Office, 1F', addressKo: '서초구 남부순환로 2584', addressEn: '2584 Nambusunhwan-ro', windows: '10:00-10:10', expertIds: String(c.experts[0]),
    });
    assert.equal(short.status, 400);
    assert.match(await short.text(), /상담 한 건\(20분\) 이상/);
    const saved = await official.request(`${P}?lang=ko`, {
      method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams([['_csrf', official.csrfToken ?? ''], ['enabled', '1'], ['placeNameKo', '서초구청 1층'], ['placeNameEn', 'Seocho-gu Office, 1F'], ['addressKo', '서초구 남부순환로 2584'], ['addressEn', '2584 Nambusunhwan-ro'], ['windows', '10:00-12:00, 14:00-15:00'], ['expertIds', String(c.experts[0])]]).toString(),
    });
    assert.equal(saved.status, 303);
    const shown = await getPage(official, `${P}?lang=en&saved=1`);
    assert.match(shown.html, /Saved\./);
    assert.match(shown.html, /Seocho-gu Office, 1F/);
    assert.match(shown.html, /10:00–12:00, 14:00–15:00/);
    assert.deepEqual(rawCodes(shown.html), []);
  });
});
