import { recordAudit } from '../audit/audit.ts';
import type { PersonalDataCipher } from '../crypto.ts';
import type { Database } from '../db/database.ts';
import { AppError } from '../errors.ts';
import type { Locale } from '../i18n/i18n.ts';
import { dataExportMessages } from './data-export.messages.ts';
import type { ExportEntry, ExportSubject, TaxpayerExportRegistry } from './data-export.section.ts';

// Gathers one taxpayer's sections in one transaction and records the export
// in the audit log in that same transaction (who, which taxpayer, why, which
// format and how much; never the data itself).

export type ExportFormat = 'json' | 'pdf';

export interface GatheredExport {
  subject: ExportSubject;
  districtCode: string;
  taxpayerId: number;
  exportedAt: Date;
  exportedBy: string;
  sections: { id: string; title: string; data: unknown; entries: ExportEntry[] }[];
}

export function taxpayerNotFound(): AppError {
  return new AppError('taxpayer_not_found', 404, dataExportMessages.both('taxpayer_not_found'));
}

export async function gatherTaxpayerExport(
  deps: { db: Database; cipher: PersonalDataCipher },
  registry: TaxpayerExportRegistry,
  args: { districtCode: string; taxpayerId: number; locale: Locale; format: ExportFormat; reason: string; staff: string; now?: Date },
): Promise<GatheredExport> {
  return deps.db.transaction(async (tx) => {
    const subject = await registry.subject(tx, args.districtCode, args.taxpayerId);
    if (!subject) throw taxpayerNotFound();
    const ctx = { q: tx, cipher: deps.cipher, districtCode: args.districtCode, taxpayerId: args.taxpayerId, locale: args.locale };
    const sections: GatheredExport['sections'] = [];
    for (const section of registry.sections) {
      const result = await section.collect(ctx);
      sections.push({ id: section.id, title: section.title[args.locale], data: result.data, entries: result.entries });
    }
    await recordAudit(tx, {
      districtCode: args.districtCode,
      actor: { type: 'staff', id: args.staff },
      action: 'taxpayer.data_exported',
      entityType: 'taxpayer',
      entityId: String(args.taxpayerId),
      reason: args.reason,
      source: 'official',
      details: { format: args.format, sections: Object.fromEntries(sections.map((s) => [s.id, s.entries.length])) },
    });
    return { subject, districtCode: args.districtCode, taxpayerId: args.taxpayerId, exportedAt: args.now ?? new Date(), exportedBy: args.staff, sections };
  });
}

/** The JSON file: the taxpayer's own data by section. */
export function exportJson(e: GatheredExport): string {
  return JSON.stringify(
    {
      format: 'taxstation-taxpayer-export/1',
      exportedAt: e.exportedAt.toISOString(),
      exportedBy: e.exportedBy,
      district: e.districtCode,
      taxpayer: { id: e.taxpayerId, taxpayerNo: e.subject.taxpayerNo },
      sections: Object.fromEntries(e.sections.map((s) => [s.id, s.data])),
    },
    null,
    2,
  );
}
