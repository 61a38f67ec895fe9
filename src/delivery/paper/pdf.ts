import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { Transform } from 'node:stream';
import { once } from 'node:events';
import { pipeline } from 'node:stream/promises';
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import type { PrintPage } from '../../notices/render/notice-render.ts';

// The print-ready A4 PDF of a paper batch: one notice per page, written to
// disk as each page is finished, so a batch of any size runs in constant
// memory. pdfkit flushes a page when the next one starts and embeds only the
// glyphs used from the shipped Korean font.

/** Pretendard GOV (SIL Open Font License 1.1), the typeface of Korea's government design system (kept in platform, which every PDF shares). */
export { KOREAN_FONT_FILE } from '../../platform/pdf-font.ts';
import { KOREAN_FONT_FILE } from '../../platform/pdf-font.ts';

const MM = 72 / 25.4;
const A4 = { width: 595.28, height: 841.89 };

// The address window of a standard window envelope for an A4 sheet folded in
// three (DIN 5008 form B position, used by Korean mail houses too): 20 mm
// from the left, 45 mm from the top, 85 × 45 mm. The recipient block sits
// inside it with a margin so that the fold tolerance never cuts a line.
export const ADDRESS_WINDOW = { x: 20 * MM, y: 45 * MM, width: 85 * MM, height: 45 * MM };

export interface PaperPdfWriter {
  /** Draws one notice on a new page; resolves when the file can take more. */
  addPage(page: PrintPage): Promise<void>;
  /** Ends the document; resolves when the file is complete on disk. */
  finish(): Promise<{ pages: number; bytes: number; sha256: string }>;
  /** Stops writing and deletes the partial file. */
  abort(): Promise<void>;
}

export interface PaperPdfOptions {
  title?: string;
  author?: string;
}

export function openPaperPdf(file: string, options: PaperPdfOptions = {}): PaperPdfWriter {
  const doc = new PDFDocument({
    size: 'A4',
    margin: 0,
    autoFirstPage: false,
    compress: true,
    lang: 'ko-KR',
    displayTitle: true,
    info: { Title: options.title ?? 'Tax Station paper batch', Author: options.author ?? 'Tax Station', Producer: 'Tax Station' },
  });
  doc.registerFont('ko', KOREAN_FONT_FILE);
  const hash = createHash('sha256');
  let bytes = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _enc, done) {
      hash.update(chunk);
      bytes += chunk.length;
      done(null, chunk);
    },
  });
  const out = createWriteStream(file, { flags: 'wx' });
  let failure: unknown;
  const written = pipeline(doc, counter, out).catch((error: unknown) => {
    failure ??= error;
  });
  let pages = 0;
  let closed = false;

  return {
    async addPage(page) {
      if (failure) throw failure;
      if (closed) throw new Error('the PDF is already finished');
      doc.addPage({ size: 'A4', margin: 0 });
      drawNotice(doc, page);
      pages += 1;
      if (pages % LAYOUT_CACHE_PAGES === 0) trimLayoutCache(doc);
      // pdfkit pushes output without regard for the reader, and a loop that
      // never yields lets it pile up: hand the turn to the event loop while
      // the output is behind, and wait for the disk when it is.
      while (!failure && (doc.readableLength > OUTPUT_HIGH_WATER || out.writableNeedDrain)) {
        if (out.writableNeedDrain) await Promise.race([once(out, 'drain'), written]);
        else await new Promise((resolve) => setImmediate(resolve));
      }
      if (failure) throw failure;
    },
    async finish() {
      if (closed) throw new Error('the PDF is already finished');
      closed = true;
      doc.end();
      await written;
      if (failure) throw failure;
      return { pages, bytes, sha256: hash.digest('hex') };
    },
    async abort() {
      closed = true;
      doc.unpipe();
      counter.destroy();
      out.destroy();
      await written;
      await rm(file, { force: true });
    },
  };
}

const OUTPUT_HIGH_WATER = 256 * 1024;
const LAYOUT_CACHE_PAGES = 200;

/**
 * pdfkit caches the glyph layout of every distinct word it has set, for the
 * life of the document; with a name, an address and a notice number on each
 * page that cache grows with the batch. Starting it afresh every few hundred
 * pages keeps memory flat and keeps the labels that repeat on every page
 * cached. (Relies on pdfkit's EmbeddedFont.layoutCache; if that changes, this
 * does nothing and only the memory bound is lost.)
 */
function trimLayoutCache(doc: PDFKit.PDFDocument): void {
  const families = (doc as unknown as { _fontFamilies?: Record<string, { layoutCache?: unknown }> })._fontFamilies;
  for (const font of Object.values(families ?? {})) {
    if (font && typeof font.layoutCache === 'object' && font.layoutCache !== null) font.layoutCache = Object.create(null);
  }
}

const INK = '#1e2124';
const MUTED = '#464c53';
const RULE = '#b1b8be';
const ACCENT = '#0b50d0';
const WARN = '#bd2c0f';

function drawNotice(doc: PDFKit.PDFDocument, page: PrintPage): void {
  const left = 20 * MM;
  const right = A4.width - 20 * MM;
  const width = right - left;
  doc.font('ko').fillColor(INK);

  // Header: the district and the kind of document.
  doc.fontSize(18).text(page.districtName, left, 16 * MM, { width: width / 2, lineBreak: false });
  doc.fontSize(10).fillColor(MUTED).text(page.documentName, left + width / 2, 18 * MM, {
    width: width / 2,
    align: 'right',
  });
  doc.moveTo(left, 27 * MM).lineTo(right, 27 * MM).lineWidth(0.8).strokeColor(RULE).stroke();

  // Recipient block in the envelope window: sender line, postal code, address, name.
  const w = ADDRESS_WINDOW;
  const pad = 4 * MM;
  doc.fontSize(7.5).fillColor(MUTED).text(page.districtName, w.x + pad, w.y + pad, { width: w.width - 2 * pad, lineBreak: false });
  doc.fontSize(11).fillColor(INK).text(page.recipient.postalCode, w.x + pad, w.y + pad + 5 * MM, { characterSpacing: 1.5, lineBreak: false });
  doc
    .fontSize(10.5)
    .text(page.recipient.address, w.x + pad, w.y + pad + 11 * MM, { width: w.width - 2 * pad, height: 18 * MM, ellipsis: true, lineGap: 1 });
  doc.fontSize(12).text(page.recipient.name, w.x + pad, w.y + w.height - pad - 6 * MM, { width: w.width - 2 * pad, lineBreak: false, ellipsis: true });

  // QR code of the payment link beside the window, outside the envelope's view.
  const qrSize = 34 * MM;
  const qrX = right - qrSize;
  const qrY = w.y + 2 * MM;
  drawQr(doc, page.paymentLink, qrX, qrY, qrSize);
  doc.link(qrX, qrY, qrSize, qrSize, page.paymentLink); // read on a screen, the code opens the page too
  doc.fontSize(8).fillColor(MUTED).text(page.qrCaption, qrX - 30 * MM, qrY + qrSize + 2 * MM, { width: qrSize + 30 * MM, align: 'right' });

  // Title and the notice's fields.
  let y = 100 * MM;
  doc.fontSize(17).fillColor(INK).text(page.title, left, y, { width });
  y = doc.y + 5 * MM;
  const labelWidth = 45 * MM;
  for (const field of page.fields) {
    const size = field.emphasis ? 14 : 11;
    const rowHeight = field.emphasis ? 10 * MM : 8 * MM;
    if (field.emphasis) doc.rect(left, y + 0.6, width, rowHeight - 0.6).fillColor('#eef2f7').fill();
    doc.fontSize(10.5).fillColor(MUTED).text(field.label, left + 3 * MM, y + (rowHeight - 10.5) / 2 - 1, { width: labelWidth, lineBreak: false });
    doc
      .fontSize(size)
      .fillColor(field.emphasis ? ACCENT : INK)
      .text(field.value, left + labelWidth, y + (rowHeight - size) / 2 - 1, { width: width - labelWidth - 3 * MM, lineBreak: false, ellipsis: true });
    y += rowHeight;
    doc.moveTo(left, y).lineTo(right, y).lineWidth(0.4).strokeColor(RULE).stroke();
  }

  // §31: the extended due date, in a box of its own so nobody misses it.
  if (page.extendedDue) {
    y += 5 * MM;
    const boxTop = y;
    doc.fontSize(14).fillColor(WARN).text(`${page.extendedDue.label}: ${page.extendedDue.value}`, left + 4 * MM, y + 3 * MM, { width: width - 8 * MM });
    doc.fontSize(9).fillColor(INK).text(page.extendedDue.note, left + 4 * MM, doc.y + 1.5 * MM, { width: width - 8 * MM, lineGap: 1 });
    y = doc.y + 3 * MM;
    doc.rect(left, boxTop, width, y - boxTop).lineWidth(1.5).strokeColor(WARN).stroke();
  }

  y += 8 * MM;
  doc.fontSize(10.5).fillColor(INK).text(page.explanation, left, y, { width, lineGap: 3 });

  // Who to ask (the office's address and phone) and how to object: under a rule, above the footer,
  // each kept to the room left so that a notice is always one page.
  const footerTop = A4.height - 20 * MM;
  y = doc.y + 6 * MM;
  doc.moveTo(left, y).lineTo(right, y).lineWidth(0.4).strokeColor(RULE).stroke();
  y += 3 * MM;
  for (const block of [page.contact, page.appeal]) {
    const room = footerTop - y - 5 * MM;
    if (room < 5 * MM) break;
    doc.fontSize(9).fillColor(MUTED).text(block.label, left, y, { width, lineBreak: false });
    doc.fontSize(9.5).fillColor(INK).text(block.text, left, y + 4.5 * MM, { width, height: room, ellipsis: true, lineGap: 1.5 });
    y = doc.y + 3 * MM;
  }

  // Footer: the notice number and its payment page code again, and the link for those who type it.
  doc.fontSize(8).fillColor(MUTED);
  doc.text(page.footer, left, A4.height - 18 * MM, { width, lineBreak: false });
  doc.text(page.paymentLink, left, A4.height - 14 * MM, { width, lineBreak: false, ellipsis: true, link: page.paymentLink });
}

/** Draws the QR code as vector squares: sharp at any print resolution, no image decoding. */
function drawQr(doc: PDFKit.PDFDocument, text: string, x: number, y: number, size: number): void {
  const qr = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const count = qr.modules.size;
  const quiet = 2;
  const cell = size / (count + 2 * quiet);
  for (let row = 0; row < count; row += 1) {
    // One rectangle per horizontal run of dark modules keeps the page small.
    let col = 0;
    while (col < count) {
      if (!qr.modules.get(row, col)) {
        col += 1;
        continue;
      }
      const start = col;
      while (col < count && qr.modules.get(row, col)) col += 1;
      doc.rect(x + (quiet + start) * cell, y + (quiet + row) * cell, (col - start) * cell, cell);
    }
  }
  doc.fillColor('#000000').fill();
}
