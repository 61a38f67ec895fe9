import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { forEachEngine } from '../../../test-support/engines.ts';
import { createDistrictWithStaff, startTestServer, type TestServer } from '../../../test-support/test-server.ts';
import { FrameClient, isMessage, OPEN_HOURS, SEOLLAL, SeoulClock, SUNDAY, WEEKDAY_NIGHT, type Frame } from '../desk.test-support.ts';
import { REFUND_APPLICATION_PATH } from './auto-replies.service.ts';
import { DEFAULT_OUT_OF_HOURS } from '../business-hours/business-hours.messages.ts';

// The desk's own messages in the web widget, over real WebSocket on both
// engines, with the server's clock set: the out-of-hours notice (open, after
// hours, Sunday, public holiday) and the refund-application link, once.

forEachEngine('desk auto replies in the web widget', (ctx) => {
  let server: TestServer;
  let wsUrl: string;
  const clock = new SeoulClock(OPEN_HOURS);

  before(async () => {
    await createDistrictWithStaff(ctx.db, 'seocho', ['desk_agent'], { ko: '서초구', en: 'Seocho-gu' });
    server = await startTestServer(ctx.db);
    server.deps.clock = clock.now;
    wsUrl = server.url.replace('http', 'ws');
  });
  after(async () => {
    await server?.close();
  });

  /** Starts a conversation at a Seoul local time and waits for its first state frame (after the first catch-up). */
  async function startAt(local: string, locale: 'ko' | 'en'): Promise<{ ws: FrameClient; conversationId: number; notices: Frame[] }> {
    clock.set(local);
    const ws = await FrameClient.connect(`${wsUrl}/r/desk/socket`);
    ws.send({ type: 'start', district: 'seocho', locale });
    const session = await ws.next((f) => f.type === 'session');
    await ws.next((f) => f.type === 'state');
    const notices = ws.messages().filter((f) => (f.payload as { auto?: string } | undefined)?.auto === 'out_of_hours');
    return { ws, conversationId: session.conversationId as number, notices };
  }

  test('no notice while the desk is open', async () => {
    const { ws, conversationId, notices } = await startAt(OPEN_HOURS, 'ko');
    assert.deepEqual(notices, []);
    const { rows } = await ctx.db.query(`SELECT 1 FROM desk_messages WHERE conversation_id = $1 AND payload->>'auto' = 'out_of_hours'`, [conversationId]);
    assert.equal(rows.length, 0);
    await ws.close();
  });

  test('after hours and on a Sunday the resident reads the out-of-hours message with the offline form, in their language', async () => {
    const night = await startAt(WEEKDAY_NIGHT, 'en');
    assert.equal(night.notices.length, 1);
    assert.equal(night.notices[0]!.body, DEFAULT_OUT_OF_HOURS.en);
    assert.equal(night.notices[0]!.authorType, 'system');
    assert.deepEqual(night.notices[0]!.payload, { auto: 'out_of_hours', reason: 'outside_hours', offlineForm: '/r/desk/offline' });
    const sunday = await startAt(SUNDAY, 'ko');
    assert.equal(sunday.notices.length, 1);
    assert.equal(sunday.notices[0]!.body, DEFAULT_OUT_OF_HOURS.ko);
    // the link the widget renders leads to a working form
    const offline = await fetch(`${server.url}/r/desk/offline?lang=en`);
    assert.equal(offline.status, 200);
    assert.match(await offline.text(), /Leave a message for the desk/);
    await Promise.all([night.ws.close(), sunday.ws.close()]);
  });

  test("on a public holiday (Seollal) the notice says why, and the district's own message is used", async () => {
    await ctx.db.query(`INSERT INTO desk_settings (district_code, out_of_hours_ko, out_of_hours_en) VALUES ('seocho', '설 연휴에는 쉽니다.', 'Closed for Seollal.')`);
    try {
      const holiday = await startAt(SEOLLAL, 'en');
      assert.equal(holiday.notices.length, 1);
      assert.equal(holiday.notices[0]!.body, 'Closed for Seollal.');
      assert.equal((holiday.notices[0]!.payload as { reason: string }).reason, 'holiday');
      await holiday.ws.close();
    } finally {
      await ctx.db.query(`DELETE FROM desk_settings WHERE district_code = 'seocho'`);
    }
  });

  test('a refund question gets the link to the refund application once per conversation', async () => {
    const { ws, conversationId } = await startAt(OPEN_HOURS, 'ko');
    ws.send({ type: 'send', body: '환급 신청은 어떻게 하나요?' });
    const link = await ws.next((f) => f.type === 'message' && (f.payload as { auto?: string } | undefined)?.auto === 'refund_link');
    assert.equal(link.authorType, 'system');
    assert.equal((link.payload as { link: string }).link, REFUND_APPLICATION_PATH);
    assert.match(link.body as string, /환급 신청 페이지/);
    ws.send({ type: 'send', body: '환급금은 언제 들어오나요?' });
    ws.send({ type: 'send', body: 'thanks' });
    await ws.next(isMessage('thanks'));
    const { rows } = await ctx.db.query(`SELECT 1 FROM desk_messages WHERE conversation_id = $1 AND payload->>'auto' = 'refund_link'`, [conversationId]);
    assert.equal(rows.length, 1, 'a second refund question gets no second link');
    await ws.close();
  });
});
