import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { runCli } from '../../../test-support/cli.ts';
import { forEachEngine } from '../../../test-support/engines.ts';
import { openDatabase } from '../../platform/db/open.ts';
import { SAMPLE, SAMPLE_HEADER, SAMPLE_ROWS, ensureDistricts } from '../../../test-support/roll-fixtures.ts';


const run = runCli;

forEachEngine('taxstation roll import', (ctx) => {
  let dir = '';
  let env: Record<string, string> = {};
  const path = (name: string) => join(dir, name);

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'roll-cli-'));
    env = { TAXSTATION_DATA_DIR: join(dir, 'data'), ...(ctx.engine === 'postgres' ? { DATABASE_URL: ctx.test.url! } : {}) };
    if (ctx.engine === 'postgres') await ensureDistricts(ctx.db);
    else {
      const db = await openDatabase({ dataDir: env.TAXSTATION_DATA_DIR!, DATABASE_URL: undefined });
      await ensureDistricts(db);
      await db.close();
    }
    writeFileSync(path('sample.csv'), SAMPLE);
    writeFileSync(path('bad.csv'), SAMPLE.replace('356000', '12.5'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('imports the sample (exit 0), then again with nothing changed', async () => {
    const first = await run(['roll', 'import', path('sample.csv'), '--district', 'gangnam', '--json'], env);
    assert.equal(first.code, 0, first.stderr);
    const report = JSON.parse(first.stdout);
    assert.deepEqual([report.status, report.inserted, report.encoding], ['imported', 3, 'utf-8']);
    const second = await run(['roll', 'import', path('sample.csv'), '--district', 'gangnam'], env);
    assert.equal(second.code, 0, second.stderr);
    assert.match(second.stdout, /rows 3: 0 new, 0 updated, 3 unchanged, 0 rejected/);
  });

  test('a bad file exits 1 and names the line, column and reason', async () => {
    const human = await run(['roll', 'import', path('bad.csv'), '--district', 'seocho'], env);
    assert.equal(human.code, 1);
    assert.match(human.stdout, /rejected bad\.csv.*nothing was imported/);
    assert.match(human.stdout, /line 3, amount: .*whole number/);
    const json = await run(['roll', 'import', path('bad.csv'), '--district', 'seocho', '--json'], env);
    assert.equal(json.code, 1);
    assert.deepEqual(JSON.parse(json.stdout).errors.map((e: { line: number; field: string }) => [e.line, e.field]), [[3, 'amount']]);
  });

  test('--skip-invalid --rejects imports the rest and writes the bad row', async () => {
    const res = await run(['roll', 'import', path('bad.csv'), '--district', 'seocho', '--skip-invalid', '--rejects', path('rejects.csv'), '--json'], env);
    assert.equal(res.code, 0, res.stderr);
    assert.deepEqual([JSON.parse(res.stdout).inserted, JSON.parse(res.stdout).rejected], [2, 1]);
    assert.equal(readFileSync(path('rejects.csv'), 'utf8'), `${SAMPLE_HEADER}\n${SAMPLE_ROWS[1]!.replace('356000', '12.5')}\n`);
  });

  test('wrong usage exits 2', async () => {
    const cases = [
      ['roll', 'import', path('missing.csv'), '--district', 'gangnam'],
      ['roll', 'import', path('sample.csv'), '--district', 'nowhere'],
      ['roll', 'import', path('sample.csv'), '--district', 'gangnam', '--frobnicate'],
      ['roll', 'import', path('sample.csv'), '--district', 'gangnam', '--rejects', path('r.csv')],
      ['roll', 'import', path('sample.csv')],
    ];
    for (const args of cases) {
      const res = await run(args, env);
      assert.equal(res.code, 2, `${args.join(' ')}: ${res.stderr}`);
      assert.ok(res.stderr.length > 0);
    }
    const help = await run(['roll', 'import', '--help'], env);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /--skip-invalid/);
  });
});
