import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { forEachEngine } from '../../../test-support/engines.ts';
import { FrameClient } from '../../../test-support/frame-client.ts';
import { startTestServer, TestClient, TEST_PASSWORD, type TestServer } from '../../../test-support/test-server.ts';
import { createStaffAccount } from '../../platform/auth/staff.repository.ts';
import { cancel, getBooking } from '../../consultations/booking/booking.service.ts';
import { consultationDepsFrom } from '../../consultations/consultations.deps.ts';
import { turnCredential } from '../rooms/ice.ts';
import { bookSameExpert, bookVideoConsultation, type VideoBooking } from '../video.test-support.ts';
import { videoRoomsOf } from './signalling.routes.ts';
import { CLOSE_CODES } from './video.frames.ts';

// The rooms' signalling over a real server and real WebSockets, on both
// engines: who may enter and when, the relay of the negotiation (in order,
// caught up after a reconnect), presence, the expert's extension and switch
// to phone, and the room closing at its end.

const TURN_SECRET = 'test-turn-secret-0123456789';
const OFFER = { description: { type: 'offer', sdp: 'v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\n' } };
const candidate = (n: number) => ({ candidate: { candidate: `candidate:${n} 1 udp 2122260223 127.0.0.1 ${50000 + n} typ host`, sdpMid: '0', sdpMLineIndex: 0 } });
const peerId = (name: string) => `${name}-page-0001`;

forEachEngine('video rooms: signalling', (ctx) => {
  let server: TestServer;
  let wsUrl: string;

  before(async () => {
    server = await startTestServer(ctx.db, {
      TAXSTATION_STUN_URLS: 'stun:127.0.0.1:3478',
      TAXSTATION_TURN_URLS: 'turn:127.0.0.1:3478?transport=udp',
      TAXSTATION_TURN_SECRET: TURN_SECRET,
    });
    wsUrl = `${server.url.replace('http', 'ws')}/r/video/socket`;
  });
  after(async () => {
    await server?.close();
  });

  /** A booking whose room is open: the server's clock at the slot's start. */
  async function openRoom(at?: string): Promise<VideoBooking> {
    const booking = await bookVideoConsultation(ctx.db, server.deps.cipher, { at });
    booking.clock.set(booking.slotStart);
    server.deps.clock = booking.clock;
    return booking;
  }

  async function signIn(who: { username: string; password: string }): Promise<string> {
    const http = new TestClient(server.url);
    await http.login(who.username, who.password);
    return `ts_session=${http.cookies.get('ts_session')}`;
  }

  async function join(room: unknown, options: { cookie?: string; peer?: string; after?: number; resume?: boolean; locale?: 'ko' | 'en'; origin?: string } = {}): Promise<FrameClient> {
    const headers: Record<string, string> = {};
    if (options.cookie) headers.cookie = options.cookie;
    if (options.origin) headers.origin = options.origin;
    const ws = await FrameClient.connect(wsUrl, headers);
    ws.send({ type: 'join', room, peerId: options.peer ?? peerId('x'), after: options.after ?? 0, resume: options.resume ?? false, locale: options.locale ?? 'ko' });
    return ws;
  }

  const resident = (b: VideoBooking, options: Parameters<typeof join>[1] = {}) => join({ kind: 'resident', token: b.token }, { peer: peerId('resident'), ...options });
  const expert = async (b: VideoBooking, options: Parameters<typeof join>[1] = {}) =>
    join({ kind: 'expert', bookingId: b.bookingId }, { peer: peerId('expert'), cookie: await signIn(b.expert), ...options });
  const welcome = (ws: FrameClient) => ws.next((f) => f.type === 'welcome' || f.type === 'error');
  /** The resident, then the expert, each welcomed. */
  const bothIn = async (b: VideoBooking) => {
    const r = await resident(b);
    await welcome(r);
    const e = await expert(b);
    await welcome(e);
    return { r, e };
  };

  test('both sides enter, see each other, and the negotiation is relayed in order with the sender named', async () => {
    const b = await openRoom();
    const r = await resident(b);
    const rw = await welcome(r);
    assert.equal(rw.type, 'welcome');
    assert.equal(rw.side, 'resident');
    assert.equal(rw.polite, true, 'the resident is the polite side');
    const room = rw.room as Record<string, unknown>;
    assert.equal(room.reference, b.reference);
    assert.equal(room.otherName, '세무사1', "the resident sees the expert's name");
    assert.equal(room.fieldName, '양도소득세');
    assert.equal(room.endsAt, b.slotEnd.toISOString());
    assert.equal(room.opensAt, new Date(b.slotStart.getTime() - 10 * 60_000).toISOString(), 'open ten minutes before by default');
    assert.equal(room.extendableMinutes, 10);
    assert.equal(room.mode, 'video');
    assert.equal(room.officePhone, '02-2155-6114');
    assert.equal(room.residentContact, undefined, "the resident is not shown their own contact");

    const e = await expert(b);
    const ew = await welcome(e);
    assert.equal(ew.side, 'expert');
    assert.equal(ew.polite, false);
    assert.equal((ew.room as Record<string, unknown>).otherName, '김민지');
    assert.match(String((ew.room as Record<string, unknown>).residentContact), /^010-\*\*\*\*-\d{4}$/);

    // presence, both ways
    assert.equal((await e.next((f) => f.type === 'peer')).peerId, peerId('resident'));
    assert.equal((await r.next((f) => f.type === 'peer')).peerId, peerId('expert'));

    e.send({ type: 'signal', data: OFFER });
    for (let n = 1; n <= 5; n += 1) e.send({ type: 'signal', data: candidate(n) });
    r.send({ type: 'signal', data: { candidate: null } });
    const got = await Promise.all([1, 2, 3, 4, 5, 6].map((i) => r.next((f) => f.type === 'signal' && r.frames.filter((g) => g.type === 'signal').indexOf(f) === i - 1)));
    assert.deepEqual(got[0]!.data, OFFER);
    assert.deepEqual(got.slice(1).map((f) => (f.data as { candidate: { candidate: string } }).candidate.candidate), [1, 2, 3, 4, 5].map((n) => candidate(n).candidate.candidate));
    assert.ok(got.every((f) => f.from === peerId('expert')));
    const ids = got.map((f) => f.id as number);
    assert.deepEqual([...ids].sort((a, c) => a - c), ids, 'in the order sent');
    assert.deepEqual((await e.next((f) => f.type === 'signal')).data, { candidate: null });
    assert.equal(r.frames.filter((f) => f.type === 'signal').length, 6, 'a side never gets its own signals back');

    await r.close();
    assert.deepEqual(await e.next((f) => f.type === 'peer' && f.present === false), { type: 'peer', present: false, peerId: null });
    await e.close();
  });

  test('a page that reconnects gets exactly what it missed; a new page starts after the old negotiation', async () => {
    const b = await openRoom();
    const { r, e } = await bothIn(b);
    e.send({ type: 'signal', data: OFFER });
    const first = await r.next((f) => f.type === 'signal');
    r.socket.terminate(); // the network drops
    await r.closed;
    e.send({ type: 'signal', data: candidate(1) });
    e.send({ type: 'signal', data: candidate(2) });
    await e.next((f) => f.type === 'peer' && f.present === false);

    const again = await resident(b, { after: first.id as number, resume: true });
    const w = await welcome(again);
    assert.equal(w.cursor, first.id);
    const missed = [await again.next((f) => f.type === 'signal'), await again.next((f) => f.type === 'signal' && f.data !== again.frames.find((g) => g.type === 'signal')!.data)];
    assert.deepEqual(missed.map((f) => (f.data as { candidate: { candidate: string } }).candidate.candidate), [candidate(1).candidate.candidate, candidate(2).candidate.candidate]);
    // the expert sees the same page back (same peerId: keep the call)
    assert.equal((await e.next((f) => f.type === 'peer' && f.present === true)).peerId, peerId('resident'));

    const reloaded = await resident(b, { peer: peerId('reloaded') });
    const rw = await welcome(reloaded);
    assert.ok((rw.cursor as number) >= (missed[1]!.id as number), 'a new page does not replay an old negotiation');
    assert.deepEqual(await again.next((f) => f.type === 'closed'), { type: 'closed', reason: 'replaced' }, 'the older page of the same side gives way');
    assert.equal((await again.closed).code, CLOSE_CODES.replaced);
    assert.equal((await e.next((f) => f.type === 'peer' && f.peerId === peerId('reloaded'))).present, true);
    assert.equal(reloaded.frames.filter((f) => f.type === 'signal').length, 0);
    await reloaded.close();
    await e.close();
  });

  test('a page that dropped before any signal came resumes from the start, not from the newest signal', async () => {
    const b = await openRoom();
    const r = await resident(b);
    assert.equal((await welcome(r)).cursor, 0, 'nothing stored yet');
    r.socket.terminate();
    await r.closed;
    const e = await expert(b);
    await welcome(e);
    e.send({ type: 'signal', data: OFFER });
    // the offer is stored before the resident is back
    for (let i = 0; i < 50; i++) {
      const { rows } = await ctx.db.query('SELECT 1 FROM video_signals WHERE booking_id = $1', [b.bookingId]);
      if (rows.length) break;
      await new Promise((resolve) => setImmediate(resolve));
    }
    const back = await resident(b, { after: 0, resume: true });
    await welcome(back);
    assert.deepEqual((await back.next((f) => f.type === 'signal')).data, OFFER, 'the offer sent during the drop');
    await back.close();
    await e.close();
  });

  test('only the resident and the booking’s own expert enter, only while the room is open', async () => {
    const b = await openRoom();
    const refusal = async (ws: FrameClient) => {
      const frame = await welcome(ws);
      return { code: frame.code, message: frame.message, close: (await ws.closed).code, opensAt: frame.opensAt };
    };
    const wrongLink = await refusal(await join({ kind: 'resident', token: 'x'.repeat(43) }));
    assert.deepEqual(wrongLink, { code: 'room_not_found', message: '상담실을 찾을 수 없습니다. 받은 링크를 그대로 열었는지 확인하세요.', close: CLOSE_CODES.unknown, opensAt: undefined });
    const otherExpert = await refusal(await join({ kind: 'expert', bookingId: b.bookingId }, { cookie: await signIn(b.otherExpert), locale: 'en' }));
    assert.deepEqual([otherExpert.code, otherExpert.close], ['not_your_room', CLOSE_CODES.refused]);
    assert.equal(otherExpert.message, 'Only the resident who booked and the assigned tax accountant can enter this room.');
    const official = await refusal(await join({ kind: 'expert', bookingId: b.bookingId }, { cookie: await signIn(b.official) }));
    assert.deepEqual([official.code, official.close], ['not_your_room', CLOSE_CODES.refused]);
    const noSession = await refusal(await join({ kind: 'expert', bookingId: b.bookingId }));
    assert.deepEqual([noSession.code, noSession.close], ['not_your_room', CLOSE_CODES.refused]);
    const elsewhere = await bookVideoConsultation(ctx.db, server.deps.cipher);
    const otherDistrict = await refusal(await join({ kind: 'expert', bookingId: elsewhere.bookingId }, { cookie: await signIn(b.expert) }));
    assert.deepEqual([otherDistrict.code, otherDistrict.close], ['room_not_found', CLOSE_CODES.unknown]);
    const crossSite = await FrameClient.connect(wsUrl, { origin: 'https://evil.example' });
    assert.equal((await crossSite.closed).code, 1008, 'a page of another site cannot open the room with the visitor’s cookies');

    b.clock.set(new Date(b.slotStart.getTime() - 11 * 60_000));
    const early = await refusal(await resident(b));
    assert.equal(early.code, 'too_early');
    assert.equal(early.close, CLOSE_CODES.tooEarly);
    assert.equal(early.opensAt, new Date(b.slotStart.getTime() - 10 * 60_000).toISOString());
    assert.equal(early.message, '상담실은 2027. 3. 9. 10:10에 열립니다. 그 전에 카메라와 마이크를 점검해 보세요.');
    b.clock.set(new Date(b.slotStart.getTime() - 10 * 60_000));
    assert.equal((await welcome(await resident(b))).type, 'welcome', 'open from opensAt');

    b.clock.set(b.slotEnd);
    const late = await refusal(await resident(b));
    assert.deepEqual([late.code, late.close], ['room_ended', CLOSE_CODES.ended]);

    const c = await openRoom();
    await cancel(consultationDepsFrom(server.deps), { by: 'id', districtCode: c.district, id: c.bookingId }, { kind: 'staff', staffId: c.official.staffId, role: 'tax_official', districtCode: c.district }, { reason: 'test' });
    const cancelled = await refusal(await resident(c));
    assert.deepEqual([cancelled.code, cancelled.close], ['booking_cancelled', CLOSE_CODES.ended]);
  });

  test('the room ends at its time: both sides are told, the sockets close and the negotiation is dropped', async () => {
    const b = await openRoom();
    const { r, e } = await bothIn(b);
    e.send({ type: 'signal', data: OFFER });
    await r.next((f) => f.type === 'signal');
    b.clock.set(new Date(b.slotEnd.getTime() - 1));
    await videoRoomsOf(server.deps)!.sweep();
    assert.equal(r.frames.some((f) => f.type === 'closed'), false, 'open until its last millisecond');
    b.clock.set(b.slotEnd);
    await videoRoomsOf(server.deps)!.sweep();
    for (const ws of [r, e]) {
      assert.deepEqual(await ws.next((f) => f.type === 'closed'), { type: 'closed', reason: 'ended' });
      assert.equal((await ws.closed).code, CLOSE_CODES.ended);
    }
    const { rows } = await ctx.db.query('SELECT 1 FROM video_signals WHERE booking_id = $1', [b.bookingId]);
    assert.equal(rows.length, 0, 'nothing of the call outlives its room');
  });

  test('the expert extends the call (at most 10 minutes, only into free time) and can switch it to a phone call', async () => {
    const b = await openRoom('10:20');
    const { r, e } = await bothIn(b);

    r.send({ type: 'extend', minutes: 5 });
    assert.equal((await r.next((f) => f.type === 'error')).code, 'experts_only');

    e.send({ type: 'extend', minutes: 5 });
    // the periodic sweep may also send a room frame (with the old end) at any moment: wait for the extended one
    const extendedEnd = new Date(b.slotEnd.getTime() + 5 * 60_000).toISOString();
    for (const ws of [r, e]) {
      const room = (await ws.next((f) => f.type === 'room' && (f.room as { endsAt: string }).endsAt === extendedEnd)).room as Record<string, unknown>;
      assert.equal(room.extendableMinutes, 5);
    }
    e.send({ type: 'extend', minutes: 6 });
    assert.equal((await e.next((f) => f.type === 'error')).code, 'extension_limit');
    const view = await getBooking(consultationDepsFrom(server.deps), { by: 'token', token: b.token });
    assert.equal(view.extendedMinutes, 5);

    // past the slot's end, the room stays open for the extension
    b.clock.set(new Date(b.slotEnd.getTime() + 4 * 60_000));
    await videoRoomsOf(server.deps)!.sweep();
    assert.equal(r.frames.some((f) => f.type === 'closed'), false);

    e.send({ type: 'switch_to_phone' });
    for (const ws of [r, e]) assert.equal(((await ws.next((f) => f.type === 'room' && (f.room as { mode: string }).mode === 'phone')).room as { officePhone: string }).officePhone, '02-2155-6114');
    const switched = await getBooking(consultationDepsFrom(server.deps), { by: 'token', token: b.token });
    assert.ok(switched.switchedToPhoneAt, 'marked on the reservation');
    const { rows: events } = await ctx.db.query<{ event: string }>('SELECT event FROM consultation_booking_events WHERE booking_id = $1 ORDER BY id', [b.bookingId]);
    assert.deepEqual(events.map((x) => x.event).slice(-2), ['extended', 'switched_to_phone']);
    const { rows: audit } = await ctx.db.query<{ action: string }>("SELECT action FROM audit_log WHERE entity_id = $1 AND action LIKE 'consultation.%' ORDER BY id", [b.reference]);
    assert.deepEqual(audit.map((x) => x.action), ['consultation.extended', 'consultation.switched_to_phone']);
    await r.close();
    await e.close();
  });

  test('no extension into the next booking of the same expert', async () => {
    const b = await openRoom('10:20');
    const slotMinutes = (b.slotEnd.getTime() - b.slotStart.getTime()) / 60_000;
    const nextAt = new Date(b.slotEnd.getTime() + 9 * 3600_000).toISOString().slice(11, 16); // Seoul HH:MM of the slot's end
    assert.ok(slotMinutes > 10);
    await bookSameExpert(ctx.db, server.deps.cipher, b, nextAt);
    const e = await expert(b);
    await welcome(e);
    e.send({ type: 'extend', minutes: 5 });
    assert.equal((await e.next((f) => f.type === 'error')).code, 'extension_refused');
    const view = await getBooking(consultationDepsFrom(server.deps), { by: 'token', token: b.token });
    assert.equal(view.extendedMinutes, 0);
    await e.close();
  });

  test('short-lived TURN credentials from the shared secret, lasting until the room ends', async () => {
    const b = await openRoom();
    const r = await resident(b);
    const w = await welcome(r);
    const ice = w.ice as { iceServers: { urls: string[]; username?: string; credential?: string }[]; iceTransportPolicy: string };
    assert.deepEqual(ice.iceServers[0], { urls: ['stun:127.0.0.1:3478'] });
    const turn = ice.iceServers[1]!;
    assert.deepEqual(turn.urls, ['turn:127.0.0.1:3478?transport=udp']);
    const [expiry, label] = turn.username!.split(':');
    assert.equal(Number(expiry), b.slotEnd.getTime() / 1000 + 600, 'ten minutes after the room ends');
    assert.equal(label, `room${b.bookingId}r`, 'names the room, no personal data');
    assert.equal(turn.credential, turnCredential(TURN_SECRET, turn.username!));
    assert.equal(ice.iceTransportPolicy, 'all');
    await r.close();
  });

  test('frames that do not parse, or come before joining, are refused; a frame over the limit closes the socket', async () => {
    const b = await openRoom();
    const ws = await FrameClient.connect(wsUrl);
    ws.send({ type: 'signal', data: OFFER });
    assert.equal((await ws.next((f) => f.type === 'error')).code, 'not_joined');
    ws.send('not json');
    ws.send({ type: 'join', room: { kind: 'resident', token: b.token }, peerId: 'bad id!' });
    ws.send({ type: 'join', room: { kind: 'resident', token: b.token }, peerId: peerId('late') });
    assert.equal((await ws.next((f) => f.type === 'welcome')).side, 'resident');
    assert.deepEqual(ws.frames.filter((f) => f.type === 'error').map((f) => f.code), ['not_joined', 'bad_frame', 'bad_frame']);
    ws.send({ type: 'ping' });
    assert.ok(await ws.next((f) => f.type === 'pong'));
    ws.send({ type: 'signal', data: { description: { type: 'offer', sdp: 'x'.repeat(70_000) } } });
    assert.equal((await ws.closed).code, 1009);
  });

  test('settings: an administrator sets when the rooms open; others may read', async () => {
    const b = await openRoom();
    const official = new TestClient(server.url);
    await official.login(b.official.username, b.official.password);
    const read = await official.request('/api/video/settings');
    assert.equal(read.status, 200);
    assert.deepEqual(await read.json(), { openBeforeMinutes: 10 });
    const put = (client: TestClient, minutes: number) =>
      client.request('/api/video/settings', { method: 'PUT', headers: { 'content-type': 'application/json', 'x-csrf-token': client.csrfToken ?? '' }, body: JSON.stringify({ openBeforeMinutes: minutes }) });
    assert.equal((await put(official, 15)).status, 403);
    await createStaffAccount(ctx.db, { districtCode: b.district, username: `${b.district}.admin`, displayName: '관리자', role: 'admin', password: TEST_PASSWORD });
    const admin = new TestClient(server.url);
    await admin.login(`${b.district}.admin`, TEST_PASSWORD);
    assert.equal((await put(admin, 61)).status, 400);
    const saved = await put(admin, 20);
    assert.equal(saved.status, 200);
    assert.deepEqual(await saved.json(), { openBeforeMinutes: 20 });
    b.clock.set(new Date(b.slotStart.getTime() - 19 * 60_000));
    const r = await resident(b);
    assert.equal(((await welcome(r)).room as { opensAt: string }).opensAt, new Date(b.slotStart.getTime() - 20 * 60_000).toISOString());
    await r.close();
  });
});
