import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createTestDatabase, postgresReachable, type TestDatabase } from '../../test-support/databases.ts';
import { createDistrictWithStaff, TestClient } from '../platform/http/test-server.ts';
import { FrameClient, isMessage } from './desk.test-client.ts';

// Two `serve` processes on one PostgreSQL: a resident on one and an agent on
// the other talk through LISTEN/NOTIFY. (PGlite is one process by design.)

const KEY = Buffer.alloc(32, 9).toString('base64');
const root = join(import.meta.dirname, '..', '..');
const pgAvailable = await postgresReachable(undefined, process.env.TAXSTATION_REQUIRE_POSTGRES === '1' ? 60_000 : 3000);

function startServe(url: string): Promise<{ child: ChildProcess; base: string }> {
  const child = spawn(process.execPath, [join(root, 'bin', 'taxstation.mjs'), 'serve', '--no-work', '--port', '0'], {
    env: { ...(process.env as Record<string, string>), DATABASE_URL: url, TAXSTATION_ENCRYPTION_KEY: KEY, TAXSTATION_LOG_LEVEL: 'silent', NODE_ENV: 'test' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const m = /running at (http:\/\/[^\s]+?)\/?\s/.exec(out);
      if (m) resolve({ child, base: m[1]!.replace('localhost', '127.0.0.1') });
    });
    child.once('exit', (code) => reject(new Error(`serve exited with ${code}: ${out}`)));
  });
}

describe('live desk across two serve processes [postgres]', { skip: pgAvailable || process.env.TAXSTATION_REQUIRE_POSTGRES === '1' ? false : 'SKIPPED: no PostgreSQL server reachable' }, () => {
  let database: TestDatabase;
  const children: ChildProcess[] = [];
  before(async () => {
    database = await createTestDatabase('postgres');
  });
  after(async () => {
    for (const child of children) {
      child.kill('SIGTERM');
      await new Promise((resolve) => (child.exitCode !== null ? resolve(null) : child.once('exit', resolve)));
    }
    await database?.drop();
  });

  test('a resident on one node and an agent on the other exchange messages, and the queue moves live', async () => {
    const staff = await createDistrictWithStaff(database.db, 'seocho', ['desk_agent']);
    const [one, two] = await Promise.all([startServe(database.url!), startServe(database.url!)]);
    children.push(one.child, two.child);
    assert.notEqual(one.base, two.base);

    const http = new TestClient(two.base);
    await http.login(staff.desk_agent!);
    const agent = await FrameClient.connect(`${two.base.replace('http', 'ws')}/console/desk/socket`, { cookie: `ts_session=${http.cookies.get('ts_session')}` });
    await agent.next((f) => f.type === 'queue');

    const resident = await FrameClient.connect(`${one.base.replace('http', 'ws')}/r/desk/socket`);
    resident.send({ type: 'start', district: 'seocho', locale: 'ko' });
    const session = await resident.next((f) => f.type === 'session');
    const conversationId = session.conversationId as number;
    await resident.next((f) => f.type === 'state' && f.state === 'waiting' && (f.queue as { position: number }).position === 1);
    // the agent's queue on the other node shows the new conversation
    await agent.next((f) => f.type === 'queue' && (f.items as { id: number; state: string }[]).some((i) => i.id === conversationId && i.state === 'waiting'));

    const status = await http.json('/api/desk/status', 'PUT', { status: 'available' }, { 'x-csrf-token': http.csrfToken! });
    assert.equal(status.status, 200);
    await resident.next((f) => f.type === 'state' && f.state === 'assigned');

    agent.send({ type: 'watch', conversationId, after: 0 });
    resident.send({ type: 'send', body: '환급금은 언제 들어오나요?' });
    await agent.next(isMessage('환급금은 언제 들어오나요?'));
    agent.send({ type: 'send', conversationId, body: '신청 후 2주 안에 입금됩니다.' });
    await resident.next(isMessage('신청 후 2주 안에 입금됩니다.'));
    agent.send({ type: 'typing', conversationId });
    await resident.next((f) => f.type === 'typing');

    const bodies = resident.messages().filter((f) => f.kind === 'text').map((f) => f.body);
    assert.deepEqual(bodies, ['환급금은 언제 들어오나요?', '신청 후 2주 안에 입금됩니다.']);
    await Promise.all([resident.close(), agent.close()]);
  });
});
