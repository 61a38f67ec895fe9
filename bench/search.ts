// npm run bench -- search [--documents N] [--queries N] [--keep]
//
// The guide's search over N documents (default 10,000) of one district on
// PostgreSQL (a fresh database from DATABASE_URL or the local test server,
// created and dropped): documents of Korean tax vocabulary indexed as the
// guide indexes them (character unigrams and bigrams in a GIN-indexed
// text[]), then Q searches (default 300) of one or two words, timed one by
// one: median and p99 latency. Baseline in the same run: the same searches
// as a plain ILIKE '%word%' over the same rows (what a search without the
// n-gram index does), for common words (in most documents: ILIKE stops at
// the first 30 rows it meets) and rare ones (ILIKE reads every row). Also prints how long rebuilding the index takes.

import { performance } from 'node:perf_hooks';
import { migrate } from '../src/platform/db/migrate.ts';
import { openPostgres } from '../src/platform/db/postgres.ts';
import { documentGrams } from '../src/guide/search/search.grams.ts';
import type { SearchDocument } from '../src/guide/search/search.repository.ts';
import { rebuildIndex, searchGuide } from '../src/guide/search/search.service.ts';
import { seededRandom } from '../src/notices/demo/demo-roll.ts';
import { createBenchDatabase, fmt, option } from './support/bench-support.ts';

const DISTRICT = 'seocho';
const WORDS = [
  '취득세', '재산세', '자동차세', '주민세', '지방소득세', '등록면허세', '연납', '분할납부', '환급', '가산세', '고지서', '납부기한', '감면', '신고', '부동산',
  '주택', '토지', '건축물', '상속', '증여', '생애최초', '공시가격', '과세표준', '세율', '체납', '압류', '전자고지', '위택스', '가상계좌', '카드납부',
  '경정청구', '이의신청', '사업소분', '종업원분', '특별징수', '차량', '이륜차', '말소', '이전등록', '법인', '개인', '세대주', '분납', '연체', '환급가산금',
];
// Words few documents hold (each in about 0.5% of them): what a precise search looks like.
const RARE = ['지역자원시설세', '레저세', '담배소비세', '지방교육세', '택지개발', '리스차량', '농어촌특별세', '도시계획세', '공동주택가격', '면세점', '국외전출', '성실납세자'];
const PARTICLES = ['은', '는', '이', '가', '을', '를', '의', '에', '로', '와', '도', '에서', ''];

function sentence(rnd: () => number, words: number): string {
  const out: string[] = [];
  for (let i = 0; i < words; i++) out.push(WORDS[Math.floor(rnd() * WORDS.length)]! + PARTICLES[Math.floor(rnd() * PARTICLES.length)]!);
  return `${out.join(' ')}.`;
}

function documents(n: number): SearchDocument[] {
  const rnd = seededRandom(23);
  const kinds = ['faq', 'booth', 'question', 'lecture'] as const;
  return Array.from({ length: n }, (_, i) => {
    const title = sentence(rnd, 3 + Math.floor(rnd() * 3));
    let body = Array.from({ length: 3 + Math.floor(rnd() * 6) }, () => sentence(rnd, 6 + Math.floor(rnd() * 8))).join(' ');
    if (rnd() < 0.06) body += ` ${RARE[Math.floor(rnd() * RARE.length)]!}에 관한 안내.`;
    return {
      kind: kinds[i % kinds.length]!, sourceId: String(i), title: { ko: title, en: '' }, body: { ko: body, en: '' }, path: `/r/guide/${DISTRICT}/doc/${i}`,
      grams: documentGrams(`${title} ${body}`), titleGrams: documentGrams(title),
    };
  });
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;

export async function run(args: string[]): Promise<void> {
  if (args.includes('--help')) {
    console.log('npm run bench -- search [--documents N] [--queries N] [--keep]\n  the guide search over N documents (default 10000), Q timed searches (default 300), baseline ILIKE');
    return;
  }
  const n = Number(option(args, '--documents') ?? 10_000);
  const q = Number(option(args, '--queries') ?? 300);
  const bench = await createBenchDatabase('bench_search');
  const db = openPostgres({ connectionString: bench.url.toString(), applicationName: 'bench-search' });
  try {
    await migrate(db);
    await db.query("INSERT INTO districts (code, name_ko, name_en) VALUES ($1, '서초구', 'Seocho-gu')", [DISTRICT]);
    const docs = documents(n);
    const clock = () => new Date();
    process.stderr.write(`indexing ${fmt(n)} documents…\n`);
    const t0 = performance.now();
    await rebuildIndex({ db, clock }, DISTRICT, docs);
    const rebuildMs = performance.now() - t0;
    await db.query('ANALYZE guide_search_documents');

    const rnd = seededRandom(7);
    const common = Array.from({ length: q }, () => {
      const w = WORDS[Math.floor(rnd() * WORDS.length)]!;
      const part = rnd() < 0.3 ? w.slice(0, 2) : w;
      return rnd() < 0.3 ? `${part} ${WORDS[Math.floor(rnd() * WORDS.length)]!}` : part;
    });
    const rare = Array.from({ length: q }, () => RARE[Math.floor(rnd() * RARE.length)]!);
    const time = async (queries: string[], f: (query: string) => Promise<number>) => {
      for (const query of queries.slice(0, 20)) await f(query); // warm the caches
      const ms: number[] = [];
      let hits = 0;
      for (const [i, query] of queries.entries()) {
        const t = performance.now();
        hits += await f(query);
        ms.push(performance.now() - t);
        if (i % 100 === 99) process.stderr.write(`  ${i + 1}/${q}\r`);
      }
      ms.sort((a, b) => a - b);
      return { median: percentile(ms, 0.5), p99: percentile(ms, 0.99), hits: hits / q };
    };
    const withIndex = async (query: string) => (await searchGuide({ db, clock }, DISTRICT, query, 'ko', { rebuild: false })).length;
    const withIlike = async (query: string) => {
      const words = query.split(' ');
      const { rows } = await db.query(
        `SELECT title_ko, body_ko, path FROM guide_search_documents
          WHERE district_code = $1 AND ${words.map((_, i) => `(title_ko || ' ' || body_ko) ILIKE $${i + 2}`).join(' AND ')}
          LIMIT 30`,
        [DISTRICT, ...words.map((w) => `%${w}%`)],
      );
      return rows.length;
    };
    console.log(`guide search over ${fmt(n)} documents (PostgreSQL), ${fmt(q)} searches of each sort`);
    console.log(`  index rebuilt in ${fmt(rebuildMs)} ms`);
    for (const [label, queries] of [['common words (one or two, in most documents)', common], ['rare words (in about 0.5% of documents)', rare]] as const) {
      process.stderr.write(`${label}: n-gram index, then ILIKE…\n`);
      const indexed = await time([...queries], withIndex);
      const baseline = await time([...queries], withIlike);
      console.log(`  ${label}`);
      console.log(`    n-gram index:     median ${fmt(indexed.median, 2)} ms, p99 ${fmt(indexed.p99, 2)} ms, ${fmt(indexed.hits, 1)} results per search`);
      console.log(`    ILIKE (baseline): median ${fmt(baseline.median, 2)} ms, p99 ${fmt(baseline.p99, 2)} ms, ${fmt(baseline.hits, 1)} results per search`);
      console.log(`    ratio (index / baseline): median ${fmt(indexed.median / baseline.median, 2)}, p99 ${fmt(indexed.p99 / baseline.p99, 2)}`);
    }
  } finally {
    await db.close();
    await bench.drop({ keep: args.includes('--keep') });
  }
}
