import type { ExportEntry, TaxpayerExportSection } from '../../platform/data-export/data-export.section.ts';
import { formatNumber } from '../../platform/i18n/i18n.ts';
import { formatDay, formatSeoulTime } from '../../platform/web/format.ts';
import { conversationsOfTaxpayer } from './transcripts-export.repository.ts';
import { transcriptExportMessages, type TranscriptExportMessageKey } from './transcripts.export.messages.ts';

// The desk's part of a taxpayer's data export: the conversations an agent
// linked to them, what was written in them (not agents' internal notes), the
// files' names and the rating. A conversation whose contents the retention
// purge removed says so.

export const deskConversationsSection: TaxpayerExportSection = {
  id: 'desk_conversations',
  title: transcriptExportMessages.both('section_title'),
  async collect(ctx) {
    const t = (key: TranscriptExportMessageKey, vars?: Record<string, string | number>) => transcriptExportMessages.t(ctx.locale, key, vars);
    const conversations = await conversationsOfTaxpayer(ctx.q, ctx.districtCode, ctx.taxpayerId);
    const entries: ExportEntry[] = conversations.map((c) => {
      const fields: [string, string][] = [
        [t('through'), t(`source_${c.source}` as TranscriptExportMessageKey)],
        [t('closed'), c.closedAt ? formatSeoulTime(ctx.locale, new Date(c.closedAt)) : t('open')],
      ];
      if (c.transcriptPurgedAt) fields.push([t('contents'), t('transcript_purged', { date: formatDay(ctx.locale, new Date(c.transcriptPurgedAt)) })]);
      for (const m of c.messages) {
        if (m.kind === 'event' || !m.text) continue;
        fields.push([`${formatSeoulTime(ctx.locale, new Date(m.at))} ${t(`author_${m.author}` as TranscriptExportMessageKey)}`, m.text]);
      }
      for (const f of c.attachments) {
        fields.push([formatSeoulTime(ctx.locale, new Date(f.at)), f.purgedAt ? t('file_purged') : t('file', { name: f.fileName, type: f.contentType, size: formatNumber(ctx.locale, f.sizeBytes) })]);
      }
      if (c.rating) fields.push([t('rating'), t('rating_value', { rating: c.rating.rating, comment: c.rating.comment ? `: ${c.rating.comment}` : '' })]);
      return { title: t('conversation_title', { id: c.id, when: formatSeoulTime(ctx.locale, new Date(c.createdAt)) }), fields };
    });
    return { data: conversations, entries };
  },
};
