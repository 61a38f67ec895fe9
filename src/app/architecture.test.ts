// The house rules of ARCHITECTURE.md, read from the source itself so that a
// change breaking one fails CI instead of waiting for a reviewer:
//   - platform imports no domain and no composition root;
//   - nothing imports the composition root (src/app) except the CLI's entry;
//   - notices and taxpayers never import delivery;
//   - the domains' import graph has no cycle;
//   - no SQL in route, view or page files;
//   - each table is written by one domain only.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { filesUnder, isTestFile } from '../../test-support/source-files.ts';

const srcDir = resolve(import.meta.dirname, '..');
const migrationsDir = resolve(srcDir, '..', 'migrations');

// Tests may build the whole app (test-support/test-server.ts does): the rules
// are about the product's code. Fixtures shared by several domains' tests
// live in test-support/ at the root; a feature's own helpers are *.test-support.ts.
const files = filesUnder(srcDir, ['.ts', '.mts', '.mjs']);
const productionFiles = files.filter((f) => !isTestFile(f));
const textOf = (() => {
  const cache = new Map<string, string>();
  return (file: string) => cache.get(file) ?? cache.set(file, readFileSync(file, 'utf8')).get(file)!;
})();

/** The top folder under src/ a file belongs to: a domain, `platform` or `app`. */
const areaOf = (file: string) => relative(srcDir, file).split(sep)[0]!;

/** Relative imports (static, dynamic and type-only) of a file, resolved to absolute paths. */
function importsOf(file: string): string[] {
  const text = textOf(file);
  const specs = [
    ...text.matchAll(/^\s*(?:import|export)\b[^'"]*?from\s*['"](\.{1,2}\/[^'"]+)['"]/gm),
    ...text.matchAll(/^\s*import\s*['"](\.{1,2}\/[^'"]+)['"]/gm),
    ...text.matchAll(/import\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)/g),
  ].map((m) => m[1]!);
  return specs.map((spec) => resolve(dirname(file), spec)).filter((target) => target.startsWith(srcDir + sep));
}

interface Edge {
  from: string;
  to: string;
  file: string;
}
const edges: Edge[] = productionFiles.flatMap((file) =>
  importsOf(file)
    .map((target) => ({ from: areaOf(file), to: areaOf(target), file: relative(srcDir, file) }))
    .filter((e) => e.from !== e.to),
);
const domains = [...new Set(files.map(areaOf))].filter((a) => a !== 'platform' && a !== 'app' && !a.includes('.'));

const listEdges = (found: Edge[]) => found.map((e) => `  ${e.file}: ${e.from} -> ${e.to}`).join('\n');

test('platform imports no domain and not the composition root', () => {
  const found = edges.filter((e) => e.from === 'platform');
  assert.deepEqual(found, [], `platform must stay below every domain:\n${listEdges(found)}`);
});

test('no domain imports the composition root', () => {
  const found = edges.filter((e) => e.to === 'app');
  assert.deepEqual(found, [], `src/app wires the domains together; nothing under src/ may import it:\n${listEdges(found)}`);
});

test('notices and taxpayers never import delivery', () => {
  const found = edges.filter((e) => (e.from === 'notices' || e.from === 'taxpayers') && e.to === 'delivery');
  assert.deepEqual(found, [], `delivery reads notices, never the other way round:\n${listEdges(found)}`);
});

test('the domains import one another without a cycle', () => {
  const graph = new Map<string, Set<string>>(domains.map((d) => [d, new Set()]));
  for (const e of edges) if (graph.has(e.from) && graph.has(e.to)) graph.get(e.from)!.add(e.to);
  const cycles: string[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const path: string[] = [];
  const visit = (node: string) => {
    state.set(node, 'visiting');
    path.push(node);
    for (const next of graph.get(node)!) {
      if (state.get(next) === 'visiting') cycles.push([...path.slice(path.indexOf(next)), next].join(' -> '));
      else if (!state.has(next)) visit(next);
    }
    path.pop();
    state.set(node, 'done');
  };
  for (const d of domains) if (!state.has(d)) visit(d);
  const witnesses = (cycle: string) => {
    const hops = cycle.split(' -> ');
    return hops
      .slice(1)
      .map((to, i) => edges.find((e) => e.from === hops[i] && e.to === to)!)
      .map((e) => `    ${e.file}: ${e.from} -> ${e.to}`)
      .join('\n');
  };
  assert.deepEqual(cycles, [], `cycles between domains:\n${cycles.map((c) => `  ${c}\n${witnesses(c)}`).join('\n')}`);
});

// SQL keywords as statements, not as words in a sentence: a keyword followed
// by what SQL puts after it.
const SQL = /\b(SELECT\s+[\w*(]|INSERT\s+INTO\b|UPDATE\s+\w+\s+SET\b|DELETE\s+FROM\b|WITH\s+\w+\s+AS\s*\()/;

test('route, view and page files hold no SQL', () => {
  const presentation = productionFiles.filter((f) => /(routes|view|views|page|pages)\.ts$/.test(f));
  assert.ok(presentation.length > 20, 'the route and view files were found');
  const found = presentation.filter((f) => SQL.test(textOf(f))).map((f) => relative(srcDir, f));
  assert.deepEqual(found, [], `SQL belongs in the feature's repository, not in:\n  ${found.join('\n  ')}`);
});

/** Tables created by the migrations. */
function tables(): string[] {
  const names = new Set<string>();
  for (const file of readdirSync(migrationsDir).filter((f) => f.endsWith('.sql'))) {
    const sql = readFileSync(join(migrationsDir, file), 'utf8');
    for (const m of sql.matchAll(/CREATE\s+TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?(\w+)/gi)) names.add(m[1]!.toLowerCase());
    for (const m of sql.matchAll(/ALTER\s+TABLE\s+(?:IF\s+EXISTS\s+)?(\w+)\s+RENAME\s+TO\s+(\w+)/gi)) {
      names.delete(m[1]!.toLowerCase());
      names.add(m[2]!.toLowerCase());
    }
    for (const m of sql.matchAll(/DROP\s+TABLE\s+(?:IF\s+EXISTS\s+)?(\w+)/gi)) names.delete(m[1]!.toLowerCase());
  }
  return [...names];
}

/** Which areas write a table: INSERT INTO, UPDATE … SET, DELETE FROM or COPY … FROM in their source. */
function writersOf(table: string): Map<string, string[]> {
  const write = new RegExp(`\\b(INSERT\\s+INTO|DELETE\\s+FROM|COPY)\\s+${table}\\b|\\bUPDATE\\s+${table}\\s+(\\w+\\s+)?SET\\b`, 'i');
  const writers = new Map<string, string[]>();
  for (const file of productionFiles) {
    if (!write.test(textOf(file))) continue;
    const area = areaOf(file);
    writers.set(area, [...(writers.get(area) ?? []), relative(srcDir, file)]);
  }
  return writers;
}

test('each table is written by one domain', () => {
  const all = tables();
  assert.ok(all.length > 20, 'the migrations were read');
  const shared = all
    .map((table) => ({ table, writers: writersOf(table) }))
    .filter(({ writers }) => writers.size > 1)
    .map(({ table, writers }) => `  ${table}: ${[...writers].map(([area, fs]) => `${area} (${fs.join(', ')})`).join('; ')}`);
  assert.deepEqual(shared, [], `a table has one owner; the others go through its repository:\n${shared.join('\n')}`);
});
