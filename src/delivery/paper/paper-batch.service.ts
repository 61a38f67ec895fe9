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
// and marks the messages sent on paper, all in one transaction: if the
// files cannot be written, nothing is marked. A notice paid in the meantime
// is never printed; its message is withdrawn instead.

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
  /** Called with the number of messages handled so far. */
  onProgress?: (done: number) => void;
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

export async function createPaperBatch(deps: PaperBatchDeps, input: PaperBatchInput): Promise<PaperBatchResult> {
  const { db } = deps;
  const limit = input.limit ?? Number.POSITIVE_INFINITY;
  if (input.limit !== undefined && (!Number.isInteger(input.limit) || input.limit < 1)) throw badLimit();
  const outDir = resolve(input.outDir);
  const publicUrl = deps.publicUrl ?? DEFAULT_PUBLIC_URL;

  let pdf: PaperPdfWriter | undefined;
  let manifest: ManifestWriter | undefined;
  const files: string[] = [];

  try {
    // Inside the try: a folder that cannot be made is the same failure as files that cannot be written.
    await mkdir(outDir, { recursive: true });
    return await db.transaction(async (tx) => {
      const district = await findDistrict(tx, input.districtCode);
      if (!district) {
        throw new AppError('district_unknown', 404, {
          ko: `구 코드 ${input.districtCode}를 찾을 수 없습니다. 등록된 구 코드를 확인해 주십시오.`,
          en: `No district has the code ${input.districtCode}. Check the district code.`,
        });
      }
      const settings = (
        await tx.query<{ postage: number | null }>(`SELECT postage_per_page_krw AS postage FROM delivery_settings WHERE district_code = $1`, [input.districtCode])
      ).rows[0];
      const postage = settings?.postage ?? DEFAULT_POSTAGE_PER_PAGE_KRW;
      // The office printed on every page: the tax office's phone and address, as the district has set them.
      const office = { phone: district.officePhone, address: district.officeAddress };
      const templates = new Map<TemplateKind, TemplateSet>();
      const templatesFor = async (kind: TemplateKind) => {
        let set = templates.get(kind);
        if (!set) templates.set(kind, (set = await loadTemplates(tx, input.districtCode, kind, 'ko')));
        return set;
      };

      let batchId: number | null = null;
      let pdfFile: string | null = null;
      let manifestFile: string | null = null;
      let printed = 0;
      let withdrawn = 0;
      let lastId = 0;

      while (printed < limit) {
        // Locks the messages and, shared, their notices: a payment recorded
        // meanwhile either committed before (and is seen here) or waits for
        // this batch; a message another batch holds is skipped.
        const { rows } = await tx.query<WaitingRow>(
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
            LIMIT $3
              FOR UPDATE OF m SKIP LOCKED
              FOR SHARE OF n SKIP LOCKED`,
          [input.districtCode, lastId, Math.min(CHUNK, limit - printed)],
        );
        if (rows.length === 0) break;
        lastId = rows[rows.length - 1]!.id;

        const paidIds: number[] = [];
        const printedIds: number[] = [];
        for (const row of rows) {
          if (row.paid_at !== null) {
            paidIds.push(row.id);
            continue;
          }
          if (batchId === null) {
            batchId = (await tx.query<{ id: number }>(`SELECT nextval(pg_get_serial_sequence('paper_batches', 'id')) AS id`)).rows[0]!.id;
            pdfFile = resolve(outDir, `batch-${batchId}.pdf`);
            manifestFile = resolve(outDir, `batch-${batchId}.csv`);
            files.push(`${pdfFile}.partial`, `${manifestFile}.partial`);
            pdf = openPaperPdf(`${pdfFile}.partial`, { title: `${district.name.ko} paper batch ${batchId}` });
            manifest = openManifest(`${manifestFile}.partial`);
            // The row exists from the start so that messages can point to it;
            // its totals are filled in when the files are complete.
            await tx.query(
              `INSERT INTO paper_batches (id, district_code, created_by, notices, pages, postage_per_page_krw, cost_krw, pdf_file, manifest_file, pdf_sha256)
               VALUES ($1, $2, $3, 0, 0, $4, 0, $5, $6, '')`,
              [batchId, input.districtCode, input.createdBy, postage, pdfFile, manifestFile],
            );
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

        if (paidIds.length > 0) {
          await tx.query(
            `UPDATE messages SET state = 'withdrawn', withdrawn_reason = 'paid', final_at = now(), updated_at = now()
              WHERE id = ANY($1::bigint[])`,
            [paidIds],
          );
          await tx.query(
            `INSERT INTO message_events (message_id, event, channel, detail)
             SELECT id, 'withdrawn', 'paper', '{"reason": "paid"}'::jsonb FROM unnest($1::bigint[]) AS id`,
            [paidIds],
          );
          withdrawn += paidIds.length;
        }
        if (printedIds.length > 0) {
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
          printed += printedIds.length;
        }
        input.onProgress?.(printed + withdrawn);
      }

      if (batchId === null || !pdf || !manifest || !pdfFile || !manifestFile) {
        return { batchId: null, notices: 0, pages: 0, postagePerPageKrw: postage, costKrw: 0, pdfFile: null, manifestFile: null, withdrawnPaid: withdrawn };
      }
      const written = await pdf.finish();
      await manifest.finish();
      const pages = written.pages * PAGES_PER_NOTICE;
      const cost = pages * postage;
      await tx.query(`UPDATE paper_batches SET notices = $2, pages = $3, cost_krw = $4, pdf_sha256 = $5 WHERE id = $1`, [
        batchId,
        printed,
        pages,
        cost,
        written.sha256,
      ]);
      // The files get their final names last; a failed commit removes them below.
      await rename(`${pdfFile}.partial`, pdfFile);
      await rename(`${manifestFile}.partial`, manifestFile);
      files.push(pdfFile, manifestFile);
      return { batchId, notices: printed, pages, postagePerPageKrw: postage, costKrw: cost, pdfFile, manifestFile, withdrawnPaid: withdrawn };
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
