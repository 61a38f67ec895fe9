import type { Command } from 'commander';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const BENCH_DIR = fileURLToPath(new URL('../../bench/', import.meta.url));

export function listBenchmarks(): string[] {
  return readdirSync(BENCH_DIR).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts')).map((f) => f.slice(0, -3)).sort();
}

/**
 * A benchmark's usage: its own `usage` text when it exports one (options
 * explained one by one), else the comment it opens with (its command line,
 * what it measures, against which baseline), without the comment marks.
 * Every file in bench/ starts so.
 */
export async function benchmarkUsage(name: string): Promise<string> {
  const module = (await import(pathToFileURL(`${BENCH_DIR}${name}.ts`).href)) as { usage?: unknown };
  if (typeof module.usage === 'string') return module.usage.trimEnd();
  return openingComment(name);
}

/** The comment a bench/ file opens with, without the comment marks. */
export function openingComment(name: string): string {
  const lines: string[] = [];
  for (const line of readFileSync(`${BENCH_DIR}${name}.ts`, 'utf8').split('\n')) {
    if (!line.startsWith('//')) break;
    lines.push(line.replace(/^\/\/ ?/, ''));
  }
  return lines.join('\n').trimEnd();
}

export function registerBenchCommand(program: Command): void {
  const bench = program
    .command('bench')
    .description(`run a benchmark from bench/ and print its figures (npm run bench -- NAME); NAME --help tells what it measures and its options`)
    .argument('[name]', 'benchmark name, e.g. roll-import, season, receipts, paper, desk')
    .argument('[args...]', 'options passed to the benchmark, e.g. --rows 100000')
    // --help after a name is the benchmark's (below); alone it is this command's.
    .helpOption(false)
    .allowUnknownOption()
    .action(async (name: string | undefined, args: string[]) => {
      if (name === undefined || name === '--help' || name === '-h') {
        const help = `${bench.helpInformation()}\nBenchmarks: ${listBenchmarks().join(', ')}`;
        // Asked for, help is the answer; without a name it is a usage error.
        if (name === undefined) {
          console.error(help);
          process.exitCode = 2;
        } else console.log(help);
        return;
      }
      const file = `${BENCH_DIR}${name}.ts`;
      if (!/^[a-z0-9-]+$/.test(name) || !existsSync(file)) {
        console.error(`error: no benchmark named ${name}; there are: ${listBenchmarks().join(', ')}`);
        process.exit(2);
      }
      if (args.includes('--help') || args.includes('-h')) {
        console.log(await benchmarkUsage(name));
        return;
      }
      const module = (await import(pathToFileURL(file).href)) as { run?: (args: string[]) => Promise<void> };
      if (typeof module.run !== 'function') throw new Error(`bench/${name}.ts exports no run(args)`);
      await module.run(args);
    });
}
