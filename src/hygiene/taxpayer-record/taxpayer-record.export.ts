import type { Locale } from '../../platform/i18n/i18n.ts';
import type { ExportEntry, TaxpayerExportSection } from '../../platform/data-export/data-export.section.ts';
import { formatSeoulTime } from '../../platform/web/format.ts';
import { ruleByCode } from '../rules/contact-rules.ts';
import { ruleLabel } from '../risk/risk.messages.ts';
import { contactChanges, contactFindings, type ContactChangeEntry } from './taxpayer-console.repository.ts';
import { taxpayerRecordMessages, type TaxpayerRecordMessageKey } from './taxpayer-record.messages.ts';

// Hygiene's part of a taxpayer's data export: every audited change of their
// contacts (old and new values masked, as the audit log keeps them; who, how,
// why, the reference) and the contact checks that hold now.

const CHANNELS = ['kakao', 'sms', 'email'] as const;
/** Far more than a person's contacts ever change: the export holds them all. */
const ALL_CHANGES = 10_000;

function changeLines(locale: Locale, c: ContactChangeEntry): string {
  const t = (key: TaxpayerRecordMessageKey) => taxpayerRecordMessages.t(locale, key);
  const enrol = (e: Record<string, boolean> | undefined) => CHANNELS.filter((ch) => e?.[ch]).map((ch) => t(`channel_${ch}`)).join(', ') || t('not_enrolled');
  const parts: string[] = [];
  if (c.changed.includes('mobile')) parts.push(`${t('mobile')}: ${c.old.mobile ?? t('none')} → ${c.new.mobile ?? t('removed')}`);
  if (c.changed.includes('email')) parts.push(`${t('email')}: ${c.old.email ?? t('none')} → ${c.new.email ?? t('removed')}`);
  if (c.changed.some((f) => f.startsWith('enrol_'))) parts.push(`${t('enrolment')}: ${enrol(c.old.enrol)} → ${enrol(c.new.enrol)}`);
  return parts.join('; ');
}

export const contactHistorySection: TaxpayerExportSection = {
  id: 'contact_history',
  title: taxpayerRecordMessages.both('history_title'),
  async collect(ctx) {
    const t = (key: TaxpayerRecordMessageKey) => taxpayerRecordMessages.t(ctx.locale, key);
    const changes = (await contactChanges(ctx.q, ctx.districtCode, ctx.taxpayerId, undefined, ALL_CHANGES)).reverse();
    const entries: ExportEntry[] = changes.map((c) => ({
      title: `${c.reference} · ${formatSeoulTime(ctx.locale, c.at)}`,
      fields: [
        [t('col_who'), c.actorId ?? c.actorType],
        [t('col_source'), t(`source_${c.source}` as TaxpayerRecordMessageKey)],
        [t('col_change'), changeLines(ctx.locale, c)],
        [t('col_reason'), c.reason],
      ],
    }));
    return {
      data: changes.map(({ auditId: _auditId, ...c }) => ({ ...c, at: c.at.toISOString() })),
      entries,
    };
  },
};

export const contactChecksSection: TaxpayerExportSection = {
  id: 'contact_checks',
  title: taxpayerRecordMessages.both('findings_title'),
  async collect(ctx) {
    const findings = await contactFindings(ctx.q, ctx.districtCode, ctx.taxpayerId);
    return {
      data: findings.map((f) => ({ ...f, detectedAt: f.detectedAt.toISOString() })),
      entries: findings.map((f) => ({
        title: ruleLabel(ctx.locale, f.rule),
        fields: [[taxpayerRecordMessages.t(ctx.locale, 'col_when'), formatSeoulTime(ctx.locale, f.detectedAt)], [taxpayerRecordMessages.t(ctx.locale, 'col_reason'), ruleByCode(f.rule)?.reason[ctx.locale] ?? '']],
      })),
    };
  },
};
