import PDFDocument from 'pdfkit';
import { intlLocale, type Bilingual, type Locale } from '../i18n/i18n.ts';
import { formatSeoulTime } from '../web/format.ts';
import { KOREAN_FONT_FILE } from '../pdf-font.ts';
import { dataExportMessages, type DataExportMessageKey } from './data-export.messages.ts';
import type { GatheredExport } from './data-export.service.ts';

// The export as an A4 PDF for people: a heading page, then each section with
// its entries as label–value lines, each section a bookmark (so a reader's
// side panel lists them), page numbers in the footer. Korean text needs the
// shipped Korean font (Pretendard GOV), embedded with the glyphs used.

const MARGIN = 56;
const INK = '#1d1d1d';
const MUTED = '#555555';
const BRAND = '#0b50d0';

export async function renderExportPdf(e: GatheredExport, o: { locale: Locale; districtName: Bilingual }): Promise<Buffer> {
  const t = (key: DataExportMessageKey, vars?: Record<string, string | number>) => dataExportMessages.t(o.locale, key, vars);
  const title = t('pdf_title', { no: e.subject.taxpayerNo });
  const doc = new PDFDocument({
    size: 'A4', margin: MARGIN, bufferPages: true, compress: true, lang: intlLocale(o.locale), displayTitle: true,
    info: { Title: title, Author: o.districtName[o.locale], Producer: 'Tax Station' },
  });
  doc.registerFont('ko', KOREAN_FONT_FILE);
  doc.font('ko').fillColor(INK);
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve, reject) => {
    doc.on('end', () => resolve());
    doc.on('error', reject);
  });
  const width = doc.page.width - 2 * MARGIN;

  doc.fontSize(22).fillColor(BRAND).text(title, { width });
  doc.moveDown(0.4).fontSize(13).fillColor(INK).text(t('pdf_subtitle', { district: o.districtName[o.locale], name: e.subject.name }), { width });
  doc.moveDown(0.3).fontSize(10).fillColor(MUTED).text(t('pdf_made', { time: formatSeoulTime(o.locale, e.exportedAt), by: e.exportedBy }), { width }).fillColor(INK);

  for (const section of e.sections) {
    doc.moveDown(1.2);
    if (doc.y > doc.page.height - MARGIN - 80) doc.addPage();
    doc.outline.addItem(section.title);
    doc.fontSize(16).fillColor(BRAND).text(section.title, { width }).fillColor(INK);
    doc.moveDown(0.3);
    if (section.entries.length === 0) {
      doc.fontSize(10).fillColor(MUTED).text(t('pdf_nothing'), { width }).fillColor(INK);
      continue;
    }
    for (const entry of section.entries) {
      if (entry.title) doc.moveDown(0.4).fontSize(12).text(entry.title, { width });
      for (const [label, value] of entry.fields) {
        doc.fontSize(10).fillColor(MUTED).text(`${label}: `, { width, continued: true }).fillColor(INK).text(value || '-', { width });
      }
    }
  }

  const range = doc.bufferedPageRange();
  for (let i = 0; i < range.count; i++) {
    doc.switchToPage(i);
    // below the bottom margin: without lifting it, pdfkit would start a new page for the footer
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc.fontSize(9).fillColor(MUTED).text(t('pdf_page', { page: i + 1, pages: range.count }), MARGIN, doc.page.height - MARGIN + 16, { width, align: 'center', lineBreak: false });
    doc.page.margins.bottom = bottom;
  }
  doc.end();
  await done;
  return Buffer.concat(chunks);
}
