import PDFDocument from 'pdfkit';
import { KOREAN_FONT_FILE } from '../../delivery/paper/pdf.ts';
import { intlLocale, type Locale } from '../../platform/i18n/i18n.ts';
import { bookletMessages } from './booklet.messages.ts';

// The booklet as an A4 PDF with the Korean government typeface (Pretendard
// GOV, shipped in assets/fonts): a cover, a table of contents with page
// numbers (written after the sections, on the page kept for it), the
// sections, page numbers in the footer, and the same contents as the PDF's
// bookmarks (outline), so a reader's side panel lists them too.

export interface BookletBlock {
  kind: 'heading' | 'paragraph' | 'item' | 'note';
  text: string;
  /** Text in another language than the booklet's (Korean in an English booklet). */
  lang?: Locale;
}

export interface BookletSection {
  title: string;
  blocks: BookletBlock[];
}

export interface Booklet {
  locale: Locale;
  title: string;
  subtitle: string;
  madeOn: string;
  onlineUrl: string;
  sections: BookletSection[];
}

const MARGIN = 56;
const INK = '#1d1d1d';
const BRAND = '#0b50d0';

export async function renderBooklet(b: Booklet): Promise<Buffer> {
  const t = (key: Parameters<typeof bookletMessages.t>[1], vars?: Record<string, string | number>) => bookletMessages.t(b.locale, key, vars);
  const doc = new PDFDocument({
    size: 'A4', margin: MARGIN, bufferPages: true, compress: true, lang: intlLocale(b.locale), displayTitle: true,
    info: { Title: b.title, Subject: b.subtitle, Author: 'Tax Station', Producer: 'Tax Station' },
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

  // cover
  doc.fontSize(12).fillColor(BRAND).text(b.subtitle, MARGIN, 200, { width });
  doc.moveDown(0.5).fontSize(30).fillColor(INK).text(b.title, { width });
  doc.moveDown(1).fontSize(12).text(b.madeOn, { width });
  doc.fontSize(10).text(t('online', { url: b.onlineUrl }), MARGIN, doc.page.height - MARGIN - 60, { width });

  // the contents page, written at the end
  doc.addPage();
  const contentsPage = doc.bufferedPageRange().count - 1;
  const starts: number[] = [];
  for (const section of b.sections) {
    doc.addPage();
    starts.push(doc.bufferedPageRange().count);
    doc.outline.addItem(section.title);
    doc.fontSize(20).fillColor(BRAND).text(section.title, { width });
    doc.moveDown(0.6).fillColor(INK);
    for (const block of section.blocks) {
      const text = block.lang && block.lang !== b.locale ? `${block.text} ${t('only_korean')}` : block.text;
      if (block.kind === 'heading') doc.moveDown(0.4).fontSize(14).text(text, { width }).moveDown(0.2);
      else if (block.kind === 'item') doc.fontSize(11).text(`•  ${text}`, { width, indent: 0, paragraphGap: 2 });
      else if (block.kind === 'note') doc.fontSize(10).fillColor('#555555').text(text, { width, paragraphGap: 4 }).fillColor(INK);
      else doc.fontSize(11).text(text, { width, paragraphGap: 6, lineGap: 2 });
    }
  }

  doc.switchToPage(contentsPage);
  doc.fontSize(20).fillColor(BRAND).text(t('contents'), MARGIN, MARGIN, { width });
  doc.moveDown(1).fillColor(INK).fontSize(12);
  b.sections.forEach((section, i) => {
    const y = doc.y;
    doc.text(`${i + 1}. ${section.title}`, MARGIN, y, { width: width - 60 });
    doc.text(t('page', { n: starts[i]! }), MARGIN + width - 60, y, { width: 60, align: 'right' });
    doc.moveDown(0.5);
  });

  // page numbers, not on the cover
  const range = doc.bufferedPageRange();
  for (let i = 1; i < range.count; i++) {
    doc.switchToPage(i);
    // below the bottom margin: without lifting it, pdfkit would start a new page for the footer
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc.fontSize(9).fillColor('#555555').text(t('page', { n: i + 1 }), MARGIN, doc.page.height - MARGIN + 16, { width, align: 'center', lineBreak: false });
    doc.page.margins.bottom = bottom;
  }
  doc.end();
  await done;
  return Buffer.concat(chunks);
}
