import { CAPTURE_PEER_CONNECTIONS } from '../../../test-support/webrtc.ts';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { after, before, describe, test } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { assertAccessible, BROWSER_SKIP, launchChromium, signInAsStaff, tabTo } from '../../../test-support/browser.ts';
import { createTestDatabase, type TestDatabase } from '../../../test-support/databases.ts';
import { freePort } from '../../../test-support/ports.ts';
import { startTestServer, type TestServer } from '../../../test-support/test-server.ts';
import { videoRoomsOf } from '../signalling/signalling.routes.ts';
import { bookVideoConsultation, type VideoBooking } from '../video.test-support.ts';

// The room in headless Chromium with a fake camera and microphone: two
// browser contexts (the expert signed in, the resident by the personal
// link) on loopback. The call connects and media flows both ways (getStats
// on each side: video frames decoded, audio bytes received); the call comes
// back after the server drops both signalling sockets, without a reload;
// the pages pass axe at desktop and phone width and every control is
// reached by Tab. Then relay-only through a real coturn with credentials
// from our server.

/** A 1 × 1 PNG. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
const FAKE_MEDIA = ['--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream'];
const TURN_SECRET = 'test-turn-secret-0123456789';


interface Flow {
  framesDecoded: number;
  audioBytes: number;
  relay: boolean;
}

/** Media received by the page's newest live connection, and whether its selected path is a relay. */
async function flow(page: Page): Promise<Flow> {
  return page.evaluate(async () => {
    const pcs = (window as unknown as { __pcs: RTCPeerConnection[] }).__pcs.filter((pc) => pc.connectionState !== 'closed');
    const pc = pcs[pcs.length - 1];
    const result = { framesDecoded: 0, audioBytes: 0, relay: false };
    if (!pc) return result;
    type Stat = { type: string; kind?: string; framesDecoded?: number; bytesReceived?: number; selected?: boolean; nominated?: boolean; state?: string; localCandidateId?: string; candidateType?: string; id: string };
    const stats = [...((await pc.getStats()) as unknown as Map<string, Stat>).values()];
    for (const s of stats) {
      if (s.type === 'inbound-rtp' && s.kind === 'video') result.framesDecoded += s.framesDecoded ?? 0;
      if (s.type === 'inbound-rtp' && s.kind === 'audio') result.audioBytes += s.bytesReceived ?? 0;
    }
    type Transport = { type: string; selectedCandidatePairId?: string };
    const transport = stats.find((s) => s.type === 'transport') as Transport | undefined;
    const pair = stats.find((s) => s.id === transport?.selectedCandidatePairId) ?? stats.find((s) => s.type === 'candidate-pair' && s.state === 'succeeded' && s.nominated);
    const local = pair && stats.find((s) => s.id === pair.localCandidateId);
    result.relay = local?.candidateType === 'relay';
    return result;
  });
}

/** Waits until both sides decode video from and hear the other, above the given counts (polled: getStats is asynchronous). */
async function mediaFlowsBothWays(a: Page, b: Page, above: { a?: Flow; b?: Flow } = {}): Promise<{ a: Flow; b: Flow }> {
  const past = (now: Flow, base?: Flow) => now.framesDecoded > (base?.framesDecoded ?? 0) && now.audioBytes > (base?.audioBytes ?? 0);
  for (let i = 0; i < 300; i++) {
    const now = { a: await flow(a), b: await flow(b) };
    if (past(now.a, above.a) && past(now.b, above.b)) return now;
    await a.waitForTimeout(100);
  }
  assert.fail(`media did not flow both ways: ${JSON.stringify({ a: await flow(a), b: await flow(b) })}`);
}

describe('video room in two browsers', { skip: BROWSER_SKIP }, () => {
  let database: TestDatabase;
  let server: TestServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  before(async () => {
    database = await createTestDatabase('pglite');
    server = await startTestServer(database.db, { TAXSTATION_STUN_URLS: '' });
    browser = await launchChromium(FAKE_MEDIA);
  });
  after(async () => {
    for (const c of contexts) await c.close().catch(() => {});
    await browser?.close();
    await server?.close();
    await database?.drop();
  });

  async function openRoom(target: TestServer = server): Promise<VideoBooking> {
    const booking = await bookVideoConsultation(target.deps.db, target.deps.cipher);
    booking.clock.set(new Date(booking.slotStart.getTime() - 5 * 60_000));
    target.deps.clock = booking.clock;
    return booking;
  }

  async function expertPage(b: VideoBooking, target: TestServer, locale: 'ko' | 'en' = 'ko'): Promise<{ page: Page; errors: string[] }> {
    const { context, page, errors } = await signInAsStaff(browser, { baseUrl: target.url, username: b.expert.username, password: b.expert.password, locale });
    contexts.push(context);
    await context.addInitScript(CAPTURE_PEER_CONNECTIONS);
    await page.goto(`${target.url}/console/video/${b.bookingId}?lang=${locale}`);
    return { page, errors };
  }

  async function residentPage(b: VideoBooking, target: TestServer, locale: 'ko' | 'en' = 'ko', width = 1280): Promise<{ page: Page; errors: string[] }> {
    const context = await browser.newContext({ bypassCSP: true, locale: locale === 'ko' ? 'ko-KR' : 'en-GB', viewport: { width, height: 800 } });
    contexts.push(context);
    await context.addInitScript(CAPTURE_PEER_CONNECTIONS);
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${target.url}/r/video/${b.token}?lang=${locale}`);
    return { page, errors };
  }

  test('the call connects, media flows both ways, and it recovers after the signalling drops, without a reload', async () => {
    const b = await openRoom();
    const resident = await residentPage(b, server);
    await resident.page.waitForFunction(() => /아직 들어오지 않았습니다/.test(document.querySelector('#vr-status')?.textContent ?? ''));
    assert.equal(await resident.page.isVisible('#vr-waiting'), true, 'the resident is told the expert has not arrived yet');
    assert.match(await resident.page.textContent('.vr-recording') ?? '', /녹화하지 않습니다/);
    const expert = await expertPage(b, server);

    const first = await mediaFlowsBothWays(expert.page, resident.page);
    assert.ok(first.a.framesDecoded > 0 && first.a.audioBytes > 0, 'the expert sees and hears the resident');
    assert.ok(first.b.framesDecoded > 0 && first.b.audioBytes > 0, 'the resident sees and hears the expert');
    await resident.page.waitForFunction(() => /연결되었습니다/.test(document.querySelector('#vr-status')?.textContent ?? ''));
    assert.equal(await resident.page.isHidden('#vr-waiting'), true);

    // chat over the data channel
    await expert.page.fill('#vr-chat-input', '신분증 사본을 보내 주세요');
    await expert.page.click('#vr-chat-send');
    await resident.page.waitForFunction(() => document.querySelector('#vr-chat-log')?.textContent?.includes('신분증 사본을 보내 주세요'));
    // a picture back over the data channel, offered for download and shown
    await resident.page.setInputFiles('#vr-file-input', { name: 'id-card.png', mimeType: 'image/png', buffer: PNG });
    await resident.page.click('#vr-file-send');
    await expert.page.waitForSelector('#vr-chat-log a[download="id-card.png"]');
    const received = await expert.page.evaluate(async () => {
      const link = document.querySelector<HTMLAnchorElement>('#vr-chat-log a[download="id-card.png"]')!;
      return { bytes: (await (await fetch(link.href)).arrayBuffer()).byteLength, image: !!document.querySelector('#vr-chat-log img[alt="id-card.png"]') };
    });
    assert.deepEqual(received, { bytes: PNG.length, image: true }, 'the whole file arrived');

    // the server drops both sockets as a network failure would; no page reloads
    const navigations: string[] = [];
    for (const p of [expert.page, resident.page]) p.on('framenavigated', (f) => (f === p.mainFrame() ? navigations.push(f.url()) : undefined));
    const pcsBefore = await resident.page.evaluate(() => (window as unknown as { __pcs: unknown[] }).__pcs.length);
    videoRoomsOf(server.deps)!.dropAll();
    await resident.page.waitForFunction(() => /다시 연결|연결되었습니다/.test(document.querySelector('#vr-status')?.textContent ?? ''));
    await assert.doesNotReject(async () => {
      for (let i = 0; i < 100 && videoRoomsOf(server.deps)!.size < 2; i++) await resident.page.waitForTimeout(100);
    });
    assert.equal(videoRoomsOf(server.deps)!.size, 2, 'both pages joined again by themselves');
    await mediaFlowsBothWays(expert.page, resident.page, first);
    assert.equal(await resident.page.evaluate(() => (window as unknown as { __pcs: unknown[] }).__pcs.length), pcsBefore, 'the same call went on (same page, same connection)');
    assert.deepEqual(navigations, []);

    // a forced ICE restart (a network change) renegotiates over the socket and the media keeps flowing
    const beforeRestart = { a: await flow(expert.page), b: await flow(resident.page) };
    await resident.page.evaluate(() => window.dispatchEvent(new Event('online')));
    await mediaFlowsBothWays(expert.page, resident.page, beforeRestart);

    // once the slot has begun the expert extends it; both see the new end
    b.clock.set(new Date(b.slotStart.getTime() + 60_000));
    await expert.page.click('#vr-extend-5');
    await resident.page.waitForFunction(() => /연장/.test(document.querySelector('#vr-status')?.textContent ?? ''));

    // video fails: the expert switches to a phone call; the resident is shown the office's number
    await expert.page.click('#vr-switch-phone');
    await resident.page.waitForSelector('#vr-phone:not([hidden])');
    assert.match(await resident.page.textContent('#vr-phone') ?? '', /02-2155-6114/);
    await expert.page.waitForSelector('#vr-resident-contact:not([hidden])');
    assert.deepEqual([...expert.errors, ...resident.errors].filter((e) => !/favicon/.test(e)), []);
  });

  test('the room pages pass axe at desktop and phone width, in Korean and English, and every control is reached by keyboard', async () => {
    const b = await openRoom();
    for (const locale of ['ko', 'en'] as const) {
      for (const width of [1280, 375]) {
        const { page } = await residentPage(b, server, locale, width);
        await page.waitForSelector('#vr-call:not([hidden])');
        await assertAccessible(page, `resident room (${locale}, ${width}px)`);
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1);
        assert.equal(overflow, false, `nothing scrolls sideways at ${width}px`);
        await page.close();
      }
    }
    const { page: expert } = await expertPage(b, server, 'en');
    await expert.waitForSelector('#vr-call:not([hidden])');
    await assertAccessible(expert, 'expert room');
    for (const id of ['vr-mute', 'vr-camera', 'vr-audio-only', 'vr-leave', 'vr-extend-5', 'vr-extend-10', 'vr-switch-phone']) await tabTo(expert, id, 80);
    assert.equal(await expert.getAttribute('#vr-mute', 'aria-pressed'), 'false');
    await expert.focus('#vr-mute');
    await expert.keyboard.press('Enter');
    assert.equal(await expert.getAttribute('#vr-mute', 'aria-pressed'), 'true', 'a toggle says its state');

    // the pre-call check and the too-early page
    const checkContext = await browser.newContext({ bypassCSP: true, viewport: { width: 375, height: 800 } });
    contexts.push(checkContext);
    const check = await checkContext.newPage();
    await check.goto(`${server.url}/r/video/check?lang=ko`);
    await check.click('#vc-start');
    await check.waitForFunction(() => /카메라가 작동합니다/.test(document.querySelector('#vc-camera-result')?.textContent ?? ''));
    await check.click('#vc-conn');
    await check.waitForFunction(() => /연결 점검|직접 연결/.test(document.querySelector('#vc-conn-result')?.textContent ?? '') && !/하는 중/.test(document.querySelector('#vc-conn-result')?.textContent ?? ''));
    await assertAccessible(check, 'pre-call check (375px)');

    b.clock.set(new Date(b.slotStart.getTime() - 60 * 60_000));
    const early = await check.goto(`${server.url}/r/video/${b.token}?lang=en`);
    assert.equal(early?.status(), 200);
    assert.match(await check.textContent('#vr-opens') ?? '', /The room opens on .*, Korea time/);
    await assertAccessible(check, 'too early (375px)');
    b.clock.set(b.slotEnd);
    const ended = await check.goto(`${server.url}/r/video/${b.token}?lang=ko`);
    assert.equal(ended?.status(), 410);
    assert.match(await check.textContent('main') ?? '', /02-2155-6114/, 'the office phone when the room is over');
    const unknown = await check.goto(`${server.url}/r/video/${'x'.repeat(43)}?lang=ko`);
    assert.equal(unknown?.status(), 404);
    await assertAccessible(check, 'unknown room');
  });

  test('another expert and an official are refused the room', async () => {
    const b = await openRoom();
    for (const who of [b.otherExpert, b.official]) {
      const { context, page } = await signInAsStaff(browser, { baseUrl: server.url, username: who.username, password: who.password, locale: 'ko' });
      contexts.push(context);
      const response = await page.goto(`${server.url}/console/video/${b.bookingId}?lang=ko`);
      assert.equal(response?.status(), 403);
      assert.match(await page.textContent('#vr-closed-text') ?? '', /예약한 주민과 담당 세무사만/);
    }
  });

  describe('relay only, through a real coturn', () => {
    let turn: ChildProcess;
    let relayServer: TestServer;
    before(async () => {
      const port = await freePort();
      const minPort = 52000 + Math.floor(Math.random() * 500) * 10;
      turn = spawn('turnserver', [
        '--use-auth-secret', `--static-auth-secret=${TURN_SECRET}`, '--realm=test', '--listening-ip=127.0.0.1', '--relay-ip=127.0.0.1',
        `--listening-port=${port}`, '--no-tls', '--no-dtls', '-n', '--allow-loopback-peers', '--no-cli', `--min-port=${minPort}`, `--max-port=${minPort + 9}`,
      ], { stdio: 'ignore' });
      relayServer = await startTestServer(database.db, {
        TAXSTATION_ENCRYPTION_KEY: server.deps.config.encryptionKey.toString('base64'),
        TAXSTATION_STUN_URLS: '',
        TAXSTATION_TURN_URLS: `turn:127.0.0.1:${port}?transport=udp`,
        TAXSTATION_TURN_SECRET: TURN_SECRET,
        TAXSTATION_ICE_TRANSPORT_POLICY: 'relay',
      });
    });
    after(async () => {
      await relayServer?.close();
      turn?.kill('SIGTERM');
    });

    test('the call connects through the relay with the credentials our server issued', async () => {
      const b = await openRoom(relayServer);
      const resident = await residentPage(b, relayServer);
      const expert = await expertPage(b, relayServer);
      const flows = await mediaFlowsBothWays(expert.page, resident.page);
      assert.equal(flows.a.relay, true, "the expert's path is the relay");
      assert.equal(flows.b.relay, true, "the resident's path is the relay");
    });
  });
});
