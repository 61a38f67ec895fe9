import type { Command } from 'commander';
import { existsSync, readdirSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const BENCH_DIR = fileURLToPath(new URL('../../bench/', import.meta.url));

export function listBenchmarks(): string[] {
  return readdirSync(BENCH_DIR).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts')).map((f) => f.slice(0, -3)).sort();
}

export function registerBenchCommand(program: Command): void {
  program
    .command('bench')
    .description(`run a benchmark from bench/ and print its figures (npm run bench -- NAME)`)
    .argument('<name>', 'benchmark name, e.g. roll-import, season, receipts, paper, desk')
    .argument('[args...]', 'options passed to the benchmark, e.g. --rows 100000')
    .allowUnknownOption()
    .action(async (name: string, args: string[]) => {
      const file = `${BENCH_DIR}${name}.ts`;
      if (!/^[a-z0-9-]+$/.test(name) || !existsSync(file)) {
        console.error(`error: no benchmark named ${name}; there are: ${listBenchmarks().join(', ')}`);
        process.exit(2);
      }
      const module = (await import(pathToFileURL(file).href)) as { run?: (args: string[]) => Promise<void> };
      if (typeof module.run !== 'function') throw new Error(`bench/${name}.ts exports no run(args)`);
      await module.run(args);
    });
}
