// npm run bench -- paper [--notices N] [--engine pglite|postgres|both]
//
// Paper reissue of a Gangnam-sized return: 3,900 notices (the electronic
// notices Gangnam-gu could not deliver in 2023) through createPaperBatch,
// from messages waiting for paper to a finished PDF, manifest and marked
// messages. Reports pages/s and peak memory, and in the same run two
// baselines without the database: pdfkit alone writing the same text on
// 3,900 pages, and the batch's own page layout (QR code included).

import { randomBytes } from 'node:crypto';
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { finished } from 'node:stream/promises';
import { pathToFileURL } from 'node:url';
import PDFDocument from 'pdfkit';
import pg from 'pg';
import { createPaperBatch } from '../src/delivery/paper/paper-batch.service.ts';
import { KOREAN_FONT_FILE, openPaperPdf } from '../src/delivery/paper/pdf.ts';
import { paymentLink, renderPrintPage, sampleView, type NoticeView } from '../src/notices/render/notice-render.ts';
import { createCipher } from '../src/platform/crypto.ts';
import type { Database } from '../src/platform/db/database.ts';
import { migrate } from '../src/platform/db/migrate.ts';
import { openPglite } from '../src/platform/db/pglite.ts';
import { openPostgres } from '../src/platform/db/postgres.ts';

interface Figures {
  label: string;
  pages: number;
  seconds: number;
  pagesPerSecond: number;
  peakRssMb: number;
  rssGrowthMb: number;
  fileMb: number;
}

/** Samples the resident set while fn runs: the peak, and how far it rose above the start. */
async function measure(label: string, pages: number, file: () => string, fn: () => Promise<void>): Promise<Figures> {
  globalThis.gc?.();
  const start = process.memoryUsage().rss;
  let peak = start;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 20);
  const t0 = process.hrtime.bigint();
  try {
    await fn();
  } finally {
    clearInterval(timer);
  }
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  peak = Math.max(peak, process.memoryUsage().rss);
  return {
    label,
    pages,
    seconds,
    pagesPerSecond: pages / seconds,
    peakRssMb: peak / 2 ** 20,
    rssGrowthMb: (peak - start) / 2 ** 20,
    fileMb: statSync(file()).size / 2 ** 20,
  };
}

const benchCipher = createCipher(randomBytes(32));
const view = (i: number): NoticeView => ({
  ...sampleView('notice', 'ko', '강남구'),
  taxpayerName: `홍길동${i}`,
  noticeNo: `N-${i}`,
  amount: 100000 + i * 37,
  address: `서울특별시 강남구 테헤란로 ${i}`,
  postalCode: String(i % 99999).padStart(5, '0'),
  link: paymentLink('https://tax.gangnam.go.kr', 'bench', `N-${i}`, benchCipher),
});

/** pdfkit alone: the same text of each page as plain lines, no layout, no QR code, no database. */
async function rawPdfkit(file: string, count: number): Promise<void> {
  const doc = new PDFDocument({ size: 'A4', margin: 56, autoFirstPage: false, compress: true });
  doc.registerFont('ko', KOREAN_FONT_FILE);
  const out = createWriteStream(file);
  doc.pipe(out);
  for (let i = 1; i <= count; i += 1) {
    const page = renderPrintPage(view(i));
    doc.addPage().font('ko').fontSize(11);
    doc.text(page.districtName).text(page.recipient.postalCode).text(page.recipient.address).text(page.recipient.name).text(page.title);
    for (const f of page.fields) doc.text(`${f.label}: ${f.value}`);
    doc.text(page.explanation).text(page.paymentLink);
    // Same courtesy as the batch writer: let the output reach the disk.
    while (doc.readableLength > 256 * 1024 || out.writableNeedDrain) await new Promise((resolve) => setImmediate(resolve));
  }
  doc.end();
  await finished(out);
}

/** The batch's page layout (QR code included) without the database. */
async function layoutOnly(file: string, count: number): Promise<void> {
  const pdf = openPaperPdf(file);
  for (let i = 1; i <= count; i += 1) await pdf.addPage(renderPrintPage(view(i)));
  await pdf.finish();
}

async function seed(db: Database, count: number): Promise<void> {
  const cipher = createCipher(randomBytes(32));
  await db.query(`INSERT INTO districts (code, name_ko, name_en) VALUES ('bench', '강남구', 'Gangnam-gu')`);
  await db.transaction(async (tx) => {
    await tx.query(
      `INSERT INTO taxpayers (district_code, taxpayer_no, name, birth_date_enc, birth_date_hash, postal_code, address)
       SELECT 'bench', 'TP-' || g, '홍길동' || g, $1, $2, lpad((g % 99999)::text, 5, '0'), '서울특별시 강남구 테헤란로 ' || g
         FROM generate_series(1, $3::int) AS g`,
      [cipher.encrypt('1970-01-01'), cipher.lookupHash('birth_date', '1970-01-01'), count],
    );
    const roll = await tx.query<{ id: number }>(
      `INSERT INTO roll_imports (district_code, file_name, file_sha256, encoding, rows_total, rows_inserted, rows_updated,
                                 rows_unchanged, rows_rejected, conflicts, imported_by, started_at)
       VALUES ('bench', 'bench.csv', 'bench', 'utf-8', $1, $1, 0, 0, 0, 0, 'bench', now()) RETURNING id`,
      [count],
    );
    await tx.query(
      `INSERT INTO notices (district_code, tax_year, notice_no, taxpayer_id, tax_item, period, amount, due_date, payment_account, roll_import_id)
       SELECT 'bench', 2026, 'N-' || t.id, t.id, 'property_tax', 1, 100000 + t.id * 37, '2026-07-31', '우리은행 1234-567-890123', $1
         FROM taxpayers t WHERE t.district_code = 'bench'`,
      [roll.rows[0]!.id],
    );
    await tx.query(
      `INSERT INTO messages (district_code, kind, notice_id, taxpayer_id, legal, state, plan)
       SELECT 'bench', 'notice', n.id, n.taxpayer_id, true, 'awaiting_paper', '{}' FROM notices n WHERE n.district_code = 'bench'`,
    );
  });
}

async function throughService(engine: string, db: Database, dir: string, count: number): Promise<Figures> {
  await seed(db, count);
  let pdfFile = '';
  const figures = await measure(`createPaperBatch on ${engine}`, count, () => pdfFile, async () => {
    const result = await createPaperBatch(
      { db, cipher: createCipher(randomBytes(32)), publicUrl: 'https://tax.gangnam.go.kr' },
      { districtCode: 'bench', outDir: join(dir, engine), createdBy: 'bench' },
    );
    if (result.notices !== count || result.pages !== count) throw new Error(`expected ${count} pages, the batch has ${result.pages}`);
    pdfFile = result.pdfFile!;
  });
  return figures;
}

function parseArgs(args: string[]): { notices: number; engine: 'pglite' | 'postgres' | 'both' } {
  let notices = 3900;
  let engine: 'pglite' | 'postgres' | 'both' = 'both';
  for (let i = 0; i < args.length; i += 1) {
    if (args[i] === '--notices') notices = Number(args[++i]);
    else if (args[i] === '--engine') engine = args[++i] as typeof engine;
  }
  if (!Number.isSafeInteger(notices) || notices < 1) throw new Error('--notices takes a whole number of at least 1');
  if (!['pglite', 'postgres', 'both'].includes(engine)) throw new Error('--engine takes pglite, postgres or both');
  return { notices, engine };
}

export async function run(args: string[]): Promise<void> {
  const { notices, engine } = parseArgs(args);
  const dir = mkdtempSync(join(tmpdir(), 'taxstation-bench-paper-'));
  const results: Figures[] = [];
  try {
    console.log(`paper batch benchmark: ${notices.toLocaleString('en')} notices, one A4 page each (node ${process.version})`);
    results.push(await measure('pdfkit alone, same text (no DB)', notices, () => join(dir, 'raw.pdf'), () => rawPdfkit(join(dir, 'raw.pdf'), notices)));
    results.push(await measure('batch page layout + QR (no DB)', notices, () => join(dir, 'layout.pdf'), () => layoutOnly(join(dir, 'layout.pdf'), notices)));

    if (engine !== 'postgres') {
      const db = await openPglite();
      try {
        await migrate(db);
        results.push(await throughService('pglite', db, dir, notices));
      } finally {
        await db.close();
      }
    }
    if (engine !== 'pglite') {
      const url = process.env.TAXSTATION_BENCH_DATABASE_URL ?? process.env.TAXSTATION_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
      const admin = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
      const name = `ts_bench_paper_${process.pid}`;
      let reachable = true;
      try {
        await admin.connect();
        await admin.query(`CREATE DATABASE ${name}`);
      } catch (error) {
        reachable = false;
        console.log(`PostgreSQL not reachable (${error instanceof Error ? error.message : error}): PostgreSQL run skipped`);
      }
      if (reachable) {
        const u = new URL(url);
        u.pathname = `/${name}`;
        const db = openPostgres({ connectionString: u.toString(), max: 4 });
        try {
          await migrate(db);
          results.push(await throughService('postgres', db, dir, notices));
        } finally {
          await db.close();
          await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => {});
        }
      }
      await admin.end().catch(() => {});
    }

    const raw = results[0]!.pagesPerSecond;
    console.log('');
    console.log('run                                   pages   seconds   pages/s   vs pdfkit   peak RSS MB   RSS rise MB   PDF MB');
    for (const r of results) {
      console.log(
        `${r.label.padEnd(36)} ${String(r.pages).padStart(6)} ${r.seconds.toFixed(2).padStart(9)} ${r.pagesPerSecond.toFixed(0).padStart(9)} ${(r.pagesPerSecond / raw).toFixed(2).padStart(11)} ${r.peakRssMb.toFixed(0).padStart(13)} ${r.rssGrowthMb.toFixed(0).padStart(13)} ${r.fileMb.toFixed(1).padStart(8)}`,
      );
    }
    console.log(JSON.stringify({ bench: 'paper', notices, results }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await run(process.argv.slice(2));
}
