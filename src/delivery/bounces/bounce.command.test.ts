import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { runCli } from '../../../test-support/cli.ts';

// `taxstation bounce classify FILE...` through the real command line.

const CORPUS = join(import.meta.dirname, 'corpus');
const work = mkdtempSync(join(tmpdir(), 'ts-bounce-cli-'));
after(() => rmSync(work, { recursive: true, force: true }));

// No database, no key: the command needs neither.
const run = (args: string[]) => runCli(args, { TAXSTATION_ENCRYPTION_KEY: '' });

test('classifies every corpus file: one JSON line per file, in order, with exactly the expected answer', async () => {
  const expected = JSON.parse(readFileSync(join(CORPUS, 'expected.json'), 'utf8')) as Record<string, object>;
  const files = readdirSync(CORPUS).filter((f) => f.endsWith('.eml')).sort();
  const { code, stdout, stderr } = await run(['bounce', 'classify', ...files.map((f) => join(CORPUS, f))]);
  assert.equal(code, 0, stderr);
  const lines = stdout.trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
  assert.equal(lines.length, files.length);
  lines.forEach((line, i) => {
    assert.deepEqual(Object.keys(line), ['file', 'kind', 'reason', 'status', 'recipient']);
    assert.deepEqual(line, { file: join(CORPUS, files[i]!), ...expected[files[i]!] });
  });
});

test('a file that cannot be read gives an error line with a message, and the others are still classified; exit 0', async () => {
  const denied = join(work, 'denied.eml');
  writeFileSync(denied, 'x');
  chmodSync(denied, 0o000);
  const canDeny = process.getuid?.() !== 0;
  const args = ['bounce', 'classify', join(work, 'missing.eml'), join(CORPUS, 'qmail-no-mailbox.eml'), work, ...(canDeny ? [denied] : []), join(CORPUS, 'vacation-gmail.eml')];
  const { code, stdout, stderr } = await run(args);
  assert.equal(code, 0, stderr);
  const lines = stdout.trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, string | null>);
  assert.equal(lines.length, args.length - 2);
  assert.deepEqual(lines[0], {
    file: join(work, 'missing.eml'),
    kind: 'error',
    reason: null,
    status: null,
    recipient: null,
    code: 'file_not_found',
    message: `There is no file ${join(work, 'missing.eml')}: check the path. The other files were still classified.`,
    message_ko: `파일 ${join(work, 'missing.eml')}이(가) 없습니다. 경로를 확인해 주세요. 다른 파일은 계속 분류했습니다.`,
  });
  assert.deepEqual(lines[1], { file: join(CORPUS, 'qmail-no-mailbox.eml'), kind: 'hard', reason: 'no_such_user', status: '5.1.1', recipient: 'ju.hs@example.com' });
  assert.equal(lines[2]!.kind, 'error');
  assert.equal(lines[2]!.code, 'file_is_directory');
  if (canDeny) assert.equal(lines[3]!.code, 'file_no_permission');
  assert.deepEqual(lines.at(-1), { file: join(CORPUS, 'vacation-gmail.eml'), kind: 'not_a_bounce', reason: 'auto_reply', status: null, recipient: null });
});

test('--explain adds the recognised format and the rule; --help explains the output; no file is wrong usage (exit 2)', async () => {
  const explained = await run(['bounce', 'classify', '--explain', join(CORPUS, 'exim-user-unknown.eml')]);
  assert.equal(explained.code, 0);
  assert.deepEqual(JSON.parse(explained.stdout), { file: join(CORPUS, 'exim-user-unknown.eml'), kind: 'hard', reason: 'no_such_user', status: '5.1.1', recipient: 'seong.ho@example.net', format: 'exim', rule: 'no-such-user' });
  const help = await run(['bounce', 'classify', '--help']);
  assert.equal(help.code, 0);
  assert.match(help.stdout, /Usage: taxstation bounce classify \[options\] <files\.\.\.>/);
  assert.match(help.stdout, /kind {5}hard \(the address itself is dead or wrong\)/);
  assert.match(help.stdout, /Exit codes: 0 done/);
  const none = await run(['bounce', 'classify']);
  assert.equal(none.code, 2);
  assert.match(none.stderr, /missing required argument 'files'/);
});
