import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runCli } from '../../test-support/cli.ts';
import { benchmarkUsage, listBenchmarks, openingComment } from './bench.command.ts';

// `npm run bench -- NAME --help` tells what a benchmark measures and its
// options (the comment the file opens with) and runs nothing; `bench --help`
// is the command's own help with the list of benchmarks.

test('every benchmark opens with its command line and what it measures', () => {
  const names = listBenchmarks();
  assert.ok(names.includes('season') && names.includes('roll-import'));
  for (const name of names) {
    const opening = openingComment(name);
    assert.ok(opening.startsWith(`npm run bench -- ${name}`), `bench/${name}.ts opens with its command line: «${opening.split('\n')[0]}»`);
    assert.ok(opening.split('\n').length >= 3, `bench/${name}.ts says what it measures`);
  }
});

test('a benchmark that explains its options one by one prints that text instead', async () => {
  const load = await benchmarkUsage('load');
  assert.match(load, /^npm run bench -- load \[options\]/);
  assert.match(load, /--baseline-seconds S/);
  assert.equal((await runCli(['bench', 'lecture-streaming', '--help'])).stdout.trim(), await benchmarkUsage('lecture-streaming'));
  assert.match(await benchmarkUsage('lecture-streaming'), /--viewers N {3}concurrent viewers/);
});

test('NAME --help prints that text and runs nothing; --help alone lists the benchmarks; no name or an unknown one is a usage error', async () => {
  const season = await runCli(['bench', 'season', '--help']);
  assert.equal(season.code, 0, season.stderr);
  assert.equal(season.stdout.trim(), await benchmarkUsage('season'));
  assert.equal(season.stdout.trim(), openingComment('season'), 'season has no usage of its own: its opening comment');
  const short = await runCli(['bench', 'paper', '-h']);
  assert.equal(short.code, 0);
  assert.match(short.stdout, /^npm run bench -- paper \[--notices N\]/);
  const own = await runCli(['bench', '--help']);
  assert.equal(own.code, 0);
  assert.match(own.stdout, /Usage: taxstation bench \[name\] \[args\.\.\.\]/);
  assert.match(own.stdout, /Benchmarks: .*roll-import.*season/);
  const none = await runCli(['bench']);
  assert.equal(none.code, 2);
  assert.match(none.stderr, /Benchmarks: /);
  const unknown = await runCli(['bench', 'nope', '--help']);
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /no benchmark named nope; there are: booking/);
});
