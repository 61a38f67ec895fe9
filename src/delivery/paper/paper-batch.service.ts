import { mkdir, rename, rm } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { PersonalDataCipher } from '../../platform/crypto.ts';
import type { Database, Queryable } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import { isTaxItem } from '../../notices/render/format.ts';
import { paymentCode } from '../../notices/payment-page/payment-code.ts';
import { paymentLink, renderPrintPage, type NoticeView } from '../../notices/render/notice-render.ts';
import type { TemplateSet } from '../../notices/templates/templates.defaults.ts';
import { TEMPLATE_KINDS, type TemplateKind } from '../../notices/templates/templates.engine.ts';
import { loadTemplates } from '../../notices/templates/templates.repository.ts';
import { openManifest, type ManifestWriter } from './manifest.ts';
import { openPaperPdf, type PaperPdfWriter } from './pdf.ts';
import { findDistrict } from '../../platform/districts/districts.repository.ts';

// A paper batch takes every message of a district waiting for paper, prints
// one page per notice into one PDF with a CSV manifest for the mail house,
// and marks the messages sent on paper. The files are written first, outside
// any transaction (a long batch holds no lock and, on PGlite's one
// connection, blocks no request; its progress is seen as it goes); then one
// short transaction locks what was printed and marks it all, or nothing: if
// the files cannot be written, or the process stops, nothing is marked; if a
// notice printed was paid or taken by another batch meanwhile, the files are
// made again. A notice paid in the meantime is never printed; its message is
// withdrawn instead.

/** Postage per printed page when the district has not set its own (KRW). */
export const DEFAULT_POSTAGE_PER_PAGE_KRW = 540;
/** Messages locked and printed per round trip; bounds memory whatever the batch size. */
const CHUNK = 500;
const PAGES_PER_NOTICE = 1;

export interface PaperBatchDeps {
  db: Database;
  /** The registry's cipher: nothing is decrypted for a print page (name and address are plaintext); it keys the payment page code. */
  cipher: PersonalDataCipher;
  /** Base of the payment links printed as QR codes (TAXSTATION_PUBLIC_URL). */
  publicUrl?: string;
}

export interface PaperBatchInput {
  districtCode: string;
  outDir: string;
  createdBy: string;
  /** At most this many notices in the batch; the rest wait for the next one. */
  limit?: number;
  /** Called with the number of messages handled so far, after each chunk; awaited (no transaction is open then). */
  onProgress?: (done: number) => void | Promise<void>;
  /** Messages read and printed per round trip (tests; default 500). */
  chunkSize?: number;
}

export interface PaperBatchResult {
  /** null when nothing was waiting for paper (paid ones may still have been withdrawn). */
  batchId: number | null;
  notices: number;
  pages: number;
  postagePerPageKrw: number;
  costKrw: number;
  pdfFile: string | null;
  manifestFile: string | null;
  /** Messages of notices paid meanwhile: withdrawn, not printed. */
  withdrawnPaid: number;
}

interface WaitingRow {
  id: number;
  kind: string;
  effective_due_date: string | null;
  notice_no: string;
  tax_item: string;
  tax_year: number;
  period: number | null;
  amount: number;
  due_date: string;
  /** Arrears notices: the additional dues from the arrears file. */
  additional_dues: number | null;
  payment_account: string | null;
  paid_at: Date | string | null;
  name: string;
  postal_code: string;
  address: string;
}

const DEFAULT_PUBLIC_URL = 'http://127.0.0.1:3000';

/** How many messages of a district wait for paper (for progress totals). */
export async function countAwaitingPaper(db: Queryable, districtCode: string): Promise<number> {
  const { rows } = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM messages WHERE district_code = $1 AND state = 'awaiting_paper'`,
    [districtCode],
  );
  return rows[0]?.n ?? 0;
}

function badLimit(): AppError {
  return new AppError('paper_batch_invalid', 400, {
    ko: '한도(limit)는 1 이상의 정수여야 합니다.',
    en: 'The limit must be a whole number of at least 1.',
  });
}

/** Times a batch is made again from the start when notices changed under it (paid, or taken by another batch) before it could mark them. */
const MAX_ROUNDS = 5;

/** A notice rendered into the files changed before the batch could mark it: the files are made again. */
class ChangedMeanwhile extends Error {}

export async function createPaperBatch(deps: PaperBatchDeps, input: PaperBatchInput): Promise<PaperBatchResult> {
  if (input.limit !== undefined && (!Number.isInteger(input.limit) || input.limit < 1)) throw badLimit();
  for (let round = 1; ; round += 1) {
    try {
      return await makeBatchOnce(deps, input);
    } catch (error) {
      if (!(error instanceof ChangedMeanwhile)) throw error;
      if (round >= MAX_ROUNDS) {
        throw new AppError('paper_batch_changed', 409, {
          ko: '종이 고지서 묶음을 만드는 동안 고지서가 계속 바뀌어(납부, 다른 묶음) 만들지 못했습니다. 처리된 고지서는 없습니다. 잠시 뒤 다시 실행해 주십시오.',
          en: 'The notices kept changing (paid, or taken by another batch) while the batch was made, so it was not made. No notice was marked. Run it again in a moment.',
        });
      }
    }
  }
}

/**
 * One attempt. The files are written first, reading the waiting messages a
 * chunk at a time outside any transaction (so that progress, and every other
 * request, goes on meanwhile, on PGlite's one connection too); then one short
 * transaction locks the messages printed, checks that each still waits for
 * paper unpaid, and marks them all with the batch, or none: a notice that
 * changed meanwhile throws ChangedMeanwhile and the files are made again.
 */
async function makeBatchOnce(deps: PaperBatchDeps, input: PaperBatchInput): Promise<PaperBatchResult> {
  const { db } = deps;
  const limit = input.limit ?? Number.POSITIVE_INFINITY;
  const chunk = input.chunkSize ?? CHUNK;
  const outDir = resolve(input.outDir);
  const publicUrl = deps.publicUrl ?? DEFAULT_PUBLIC_URL;

  let pdf: PaperPdfWriter | undefined;
  let manifest: ManifestWriter | undefined;
  const files: string[] = [];

  try {
    // Inside the try: a folder that cannot be made is the same failure as files that cannot be written.
    await mkdir(outDir, { recursive: true });
    const district = await findDistrict(db, input.districtCode);
    if (!district) {
      throw new AppError('district_unknown', 404, {
        ko: `구 코드 ${input.districtCode}를 찾을 수 없습니다. 등록된 구 코드를 확인해 주십시오.`,
        en: `No district has the code ${input.districtCode}. Check the district code.`,
      });
    }
    const settings = (
      await db.query<{ postage: number | null }>(`SELECT postage_per_page_krw AS postage FROM delivery_settings WHERE district_code = $1`, [input.districtCode])
    ).rows[0];
    const postage = settings?.postage ?? DEFAULT_POSTAGE_PER_PAGE_KRW;
    // The office printed on every page: the tax office's phone and address, as the district has set them.
    const office = { phone: district.officePhone, address: district.officeAddress };
    const templates = new Map<TemplateKind, TemplateSet>();
    const templatesFor = async (kind: TemplateKind) => {
      let set = templates.get(kind);
      if (!set) templates.set(kind, (set = await loadTemplates(db, input.districtCode, kind, 'ko')));
      return set;
    };

    let batchId: number | null = null;
    let pdfFile: string | null = null;
    let manifestFile: string | null = null;
    const printedIds: number[] = [];
    const paidIds: number[] = [];
    let lastId = 0;

    // 1. The files, a chunk of messages at a time; nothing is marked yet.
    while (printedIds.length < limit) {
      const { rows } = await db.query<WaitingRow>(
        `SELECT m.id, m.kind, m.effective_due_date,
                n.notice_no, n.tax_item, n.tax_year, n.period, n.payment_account, n.paid_at,
                coalesce(ar.unpaid_amount, n.amount) AS amount, coalesce(ar.due_date, n.due_date) AS due_date,
                ar.additional_dues,
                t.name, t.postal_code, t.address
           FROM messages m
           JOIN notices n ON n.id = m.notice_id
           LEFT JOIN arrears ar ON ar.id = m.arrears_id
           JOIN taxpayers t ON t.id = n.taxpayer_id
          WHERE m.district_code = $1 AND m.state = 'awaiting_paper' AND m.id > $2
          ORDER BY m.id
          LIMIT $3`,
        [input.districtCode, lastId, Math.min(chunk, limit - printedIds.length)],
      );
      if (rows.length === 0) break;
      lastId = rows[rows.length - 1]!.id;

      for (const row of rows) {
        if (row.paid_at !== null) {
          paidIds.push(row.id);
          continue;
        }
        if (batchId === null) {
          batchId = (await db.query<{ id: number }>(`SELECT nextval(pg_get_serial_sequence('paper_batches', 'id')) AS id`)).rows[0]!.id;
          pdfFile = resolve(outDir, `batch-${batchId}.pdf`);
          manifestFile = resolve(outDir, `batch-${batchId}.csv`);
          files.push(`${pdfFile}.partial`, `${manifestFile}.partial`);
          pdf = openPaperPdf(`${pdfFile}.partial`, { title: `${district.name.ko} paper batch ${batchId}` });
          manifest = openManifest(`${manifestFile}.partial`);
        }
        const kind = (TEMPLATE_KINDS as readonly string[]).includes(row.kind) ? (row.kind as TemplateKind) : 'notice';
        if (!isTaxItem(row.tax_item)) throw new Error(`notice ${row.notice_no} has an unknown tax item`);
        const view: NoticeView = {
          kind,
          locale: 'ko',
          districtName: district.name.ko,
          taxpayerName: row.name,
          noticeNo: row.notice_no,
          taxItem: row.tax_item,
          taxYear: row.tax_year,
          period: row.period,
          amount: row.amount,
          dueDate: row.due_date,
          effectiveDueDate: row.effective_due_date,
          paymentAccount: row.payment_account,
          link: paymentLink(publicUrl, input.districtCode, row.notice_no, deps.cipher),
          paymentCode: paymentCode(deps.cipher, input.districtCode, row.notice_no),
          additionalDues: row.additional_dues,
          postalCode: row.postal_code,
          address: row.address,
          office,
        };
        await pdf!.addPage(renderPrintPage(view, await templatesFor(kind)));
        await manifest!.addRow({ postal_code: row.postal_code, address: row.address, notice_no: row.notice_no, pages: PAGES_PER_NOTICE });
        printedIds.push(row.id);
      }
      await input.onProgress?.(printedIds.length + paidIds.length);
    }

    const written = pdf ? await pdf.finish() : null;
    if (manifest) await manifest.finish();

    // 2. All or nothing: one short transaction marks what the files hold.
    return await db.transaction(async (tx) => {
      // Locks the messages and, shared, their notices, in id order: a payment
      // or another batch that committed meanwhile is seen here (and the files
      // are made again); one still running waits for this one.
      const { rows: current } = await tx.query<{ id: number; paid: boolean }>(
        `SELECT m.id, n.paid_at IS NOT NULL AS paid
           FROM messages m JOIN notices n ON n.id = m.notice_id
          WHERE m.id = ANY($1::bigint[]) AND m.state = 'awaiting_paper'
          ORDER BY m.id
            FOR UPDATE OF m
            FOR SHARE OF n`,
        [[...printedIds, ...paidIds]],
      );
      const waiting = new Map(current.map((r) => [Number(r.id), r.paid]));
      if (printedIds.some((id) => waiting.get(id) !== false)) throw new ChangedMeanwhile();
      const withdraw = paidIds.filter((id) => waiting.has(id));
      if (withdraw.length > 0) {
        await tx.query(
          `UPDATE messages SET state = 'withdrawn', withdrawn_reason = 'paid', final_at = now(), updated_at = now()
            WHERE id = ANY($1::bigint[])`,
          [withdraw],
        );
        await tx.query(
          `INSERT INTO message_events (message_id, event, channel, detail)
           SELECT id, 'withdrawn', 'paper', '{"reason": "paid"}'::jsonb FROM unnest($1::bigint[]) AS id`,
          [withdraw],
        );
      }
      if (batchId === null || !written || !pdfFile || !manifestFile) {
        return { batchId: null, notices: 0, pages: 0, postagePerPageKrw: postage, costKrw: 0, pdfFile: null, manifestFile: null, withdrawnPaid: withdraw.length };
      }
      const pages = written.pages * PAGES_PER_NOTICE;
      const cost = pages * postage;
      await tx.query(
        `INSERT INTO paper_batches (id, district_code, created_by, notices, pages, postage_per_page_krw, cost_krw, pdf_file, manifest_file, pdf_sha256)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
        [batchId, input.districtCode, input.createdBy, printedIds.length, pages, postage, cost, pdfFile, manifestFile, written.sha256],
      );
      await tx.query(
        `UPDATE messages SET state = 'paper', paper_batch_id = $2, final_at = now(), updated_at = now()
          WHERE id = ANY($1::bigint[])`,
        [printedIds, batchId],
      );
      await tx.query(
        `INSERT INTO message_events (message_id, event, channel, detail)
         SELECT id, 'paper_reissued', 'paper', jsonb_build_object('batch_id', $2::bigint) FROM unnest($1::bigint[]) AS id`,
        [printedIds, batchId],
      );
      // The files get their final names last; a failed commit removes them below.
      await rename(`${pdfFile}.partial`, pdfFile);
      await rename(`${manifestFile}.partial`, manifestFile);
      files.push(pdfFile, manifestFile);
      return { batchId, notices: printedIds.length, pages, postagePerPageKrw: postage, costKrw: cost, pdfFile, manifestFile, withdrawnPaid: withdraw.length };
    });
  } catch (error) {
    await pdf?.abort().catch(() => {});
    await manifest?.abort().catch(() => {});
    await Promise.all(files.map((f) => rm(f, { force: true }).catch(() => {})));
    if (isFileError(error)) {
      throw new AppError(
        'paper_batch_write_failed',
        500,
        {
          ko: `인쇄 파일을 ${outDir} 폴더에 쓸 수 없습니다(${error.code}). 폴더 권한과 여유 공간을 확인한 뒤 다시 실행해 주십시오. 처리된 고지는 없습니다.`,
          en: `The print files could not be written to ${outDir} (${error.code}). Check the folder's permissions and free space, then run again. No notice was marked.`,
        },
        [],
        { cause: error },
      );
    }
    throw error;
  }
}

function isFileError(error: unknown): error is NodeJS.ErrnoException & { code: string } {
  return error instanceof Error && typeof (error as NodeJS.ErrnoException).code === 'string' && 'syscall' in error;
}
