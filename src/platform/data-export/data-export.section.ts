import type { PersonalDataCipher } from '../crypto.ts';
import type { Queryable } from '../db/database.ts';
import type { Bilingual, Locale } from '../i18n/i18n.ts';

// One taxpayer's data, exported on request (issue 20, item 5): every domain
// that keeps something of the taxpayer's own offers a section; platform names
// no domain, so the composition root (src/app/taxpayer-export.ts) lists the
// sections and the export page (data-export.routes.ts) gathers them, in one
// transaction with its audit entry, as JSON and as a readable PDF.

export interface ExportContext {
  /** The export's transaction: every section reads one consistent state. */
  q: Queryable;
  cipher: PersonalDataCipher;
  /** The official's district: a section reads only rows of this district. */
  districtCode: string;
  taxpayerId: number;
  /** The language of the PDF's labels. */
  locale: Locale;
}

/** What a PDF shows of one thing in a section: a title and label–value lines, in the export's language. */
export interface ExportEntry {
  title?: string;
  fields: readonly (readonly [label: string, value: string])[];
}

export interface ExportSectionResult {
  /** The section in the JSON file: the taxpayer's own data, sealed fields unsealed, codes and ISO times as stored. */
  data: unknown;
  /** The same for people, for the PDF. Empty: the PDF says the section holds nothing. */
  entries: ExportEntry[];
}

export interface TaxpayerExportSection {
  /** Lower-case letters and underscores: the key of the section in the JSON file. */
  id: string;
  title: Bilingual;
  collect(ctx: ExportContext): Promise<ExportSectionResult>;
}

/**
 * A section of notes the office's staff keep about the taxpayer (an agent's
 * desk notes, an expert's private notes): theirs to see on request, but the
 * office's internal record, so marked so: the domain's title says it, and the
 * JSON holds `{ internal: true, notes: [...] }`.
 */
export function internalNotesSection<T>(o: {
  id: string;
  title: Bilingual;
  read(ctx: ExportContext): Promise<T[]>;
  entry(ctx: ExportContext, note: T): ExportEntry;
}): TaxpayerExportSection {
  return {
    id: o.id,
    title: o.title,
    async collect(ctx) {
      const notes = await o.read(ctx);
      return { data: { internal: true, notes }, entries: notes.map((note) => o.entry(ctx, note)) };
    },
  };
}

/** Who an export is of, as the official sees it. */
export interface ExportSubject {
  taxpayerNo: string;
  name: string;
}

export interface TaxpayerExportRegistry {
  /** The taxpayer of the district, or null: another district's taxpayer, or none, is refused (404) before anything is read. */
  subject(q: Queryable, districtCode: string, taxpayerId: number): Promise<ExportSubject | null>;
  sections: readonly TaxpayerExportSection[];
}
