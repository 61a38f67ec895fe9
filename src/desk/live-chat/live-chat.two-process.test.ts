import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestDatabase, postgresReachable, type TestDatabase } from '../../../test-support/databases.ts';
import { startServeProcess, type ServeProcess } from '../../../test-support/serve-process.ts';
import { createDistrictWithStaff, TestClient } from '../../../test-support/test-server.ts';
import { LISTEN_APPLICATION_NAME } from '../../platform/db/listen-connection.ts';
import { FrameClient, isMessage, type Frame } from '../desk.test-support.ts';

// Two `serve` processes on one PostgreSQL: a resident on one and an agent on
// the other talk through LISTEN/NOTIFY, also after the listening connections
// are killed under them. (PGlite is one process by design.)

const KEY = Buffer.alloc(32, 9).toString('base64');
const pgAvailable = await postgresReachable(undefined, process.env.TAXSTATION_REQUIRE_POSTGRES === '1' ? 60_000 : 3000);

describe('live desk across two serve processes [postgres]', { skip: pgAvailable || process.env.TAXSTATION_REQUIRE_POSTGRES === '1' ? false : 'SKIPPED: no PostgreSQL server reachable' }, () => {
  let database: TestDatabase;
  let one: ServeProcess;
  let two: ServeProcess;
  let agentLogin: string;
  before(async () => {
    database = await createTestDatabase('postgres');
    agentLogin = (await createDistrictWithStaff(database.db, 'seocho', ['desk_agent'])).desk_agent!;
    const env = { DATABASE_URL: database.url!, TAXSTATION_ENCRYPTION_KEY: KEY, NODE_ENV: 'test' };
    [one, two] = await Promise.all([startServeProcess(env), startServeProcess(env)]);
    assert.notEqual(one.base, two.base);
  });
  after(async () => {
    await Promise.all([one?.stop(), two?.stop()]);
    await database?.drop();
  });

  /**
   * An agent signed in on node two, and a resident on node one whose conversation the agent is
   * given and watches. The first time, no agent is available yet: the resident waits first.
   */
  async function converse(firstInQueue: boolean): Promise<{ agent: FrameClient; resident: FrameClient; conversationId: number }> {
    const http = new TestClient(two.base);
    await http.login(agentLogin);
    const agent = await FrameClient.connect(`${two.base.replace('http', 'ws')}/console/desk/socket`, { cookie: `ts_session=${http.cookies.get('ts_session')}` });
    await agent.next((f) => f.type === 'queue');

    const resident = await FrameClient.connect(`${one.base.replace('http', 'ws')}/r/desk/socket`);
    resident.send({ type: 'start', district: 'seocho', locale: 'ko' });
    const session = await resident.next((f) => f.type === 'session');
    const conversationId = session.conversationId as number;
    // first in the queue; the serve processes keep the real clock, and out of hours a waiting conversation has no place (deskClosed)
    if (firstInQueue) await resident.next((f) => f.type === 'state' && f.state === 'waiting' && ((f.queue as { position: number } | undefined)?.position === 1 || f.deskClosed === true));
    // the agent's queue on the other node shows the new conversation
    const inQueue = (state: string) => (f: Frame) => f.type === 'queue' && (f.items as { id: number; state: string }[]).some((i) => i.id === conversationId && i.state === state);
    await agent.next(inQueue(firstInQueue ? 'waiting' : 'assigned'));

    const status = await http.json('/api/desk/status', 'PUT', { status: 'available' }, { 'x-csrf-token': http.csrfToken! });
    assert.equal(status.status, 200);
    await resident.next((f) => f.type === 'state' && f.state === 'assigned');
    agent.send({ type: 'watch', conversationId, after: 0 });
    await agent.next((f) => f.type === 'watching' && f.conversationId === conversationId);
    return { agent, resident, conversationId };
  }

  /** What the resident and the agent wrote (system notices, such as out-of-hours, left out). */
  const spoken = (client: FrameClient, conversationId?: number) =>
    client.messages(conversationId).filter((f) => f.kind === 'text' && f.authorType !== 'system').map((f) => f.body);

  test('a resident on one node and an agent on the other exchange messages, and the queue moves live', async () => {
    const { agent, resident, conversationId } = await converse(true);
    resident.send({ type: 'send', body: '환급금은 언제 들어오나요?' });
    await agent.next(isMessage('환급금은 언제 들어오나요?'));
    agent.send({ type: 'send', conversationId, body: '신청 후 2주 안에 입금됩니다.' });
    await resident.next(isMessage('신청 후 2주 안에 입금됩니다.'));
    agent.send({ type: 'typing', conversationId });
    await resident.next((f) => f.type === 'typing');

    assert.deepEqual(spoken(resident), ['환급금은 언제 들어오나요?', '신청 후 2주 안에 입금됩니다.']);
    await Promise.all([resident.close(), agent.close()]);
  });

  test('after both nodes lose their LISTEN connection, messages posted right after the drop still reach the other side, once each', async () => {
    const { agent, resident, conversationId } = await converse(false);
    resident.send({ type: 'send', body: '납부 기한이 언제인가요?' });
    await agent.next(isMessage('납부 기한이 언제인가요?'));

    const killed = await database.db.query<{ n: number }>(
      `SELECT count(pg_terminate_backend(pid))::int AS n FROM pg_stat_activity WHERE application_name = $1 AND datname = current_database()`,
      [LISTEN_APPLICATION_NAME],
    );
    assert.equal(killed.rows[0]!.n, 2, 'one listening connection per serve process');
    // Sent at once: the NOTIFY of the first may fall into the outage; resync catches it up.
    agent.send({ type: 'send', conversationId, body: '이번 달 말일입니다.' });
    await resident.next(isMessage('이번 달 말일입니다.'));
    resident.send({ type: 'send', body: '감사합니다.' });
    await agent.next(isMessage('감사합니다.'));
    // each side also gets its own messages back, through the same bus
    await Promise.all([resident.next(isMessage('감사합니다.')), agent.next(isMessage('이번 달 말일입니다.'))]);

    assert.deepEqual(spoken(resident), ['납부 기한이 언제인가요?', '이번 달 말일입니다.', '감사합니다.']);
    assert.deepEqual(spoken(agent, conversationId), ['납부 기한이 언제인가요?', '이번 달 말일입니다.', '감사합니다.']);
    const ids = resident.messages().map((f) => f.id);
    assert.equal(new Set(ids).size, ids.length, 'no message twice');
    await Promise.all([resident.close(), agent.close()]);
  });
});
