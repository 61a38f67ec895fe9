import type { Locale } from '../../platform/i18n/i18n.ts';
import { csvHeaderLine, csvLine } from '../../platform/csv.ts';
import { seoulDateTime } from '../../platform/time/seoul.ts';
import { causeLabel, channelLabel, stateLabel } from '../delivery.format.ts';
import type { MessageListRow } from './messages.repository.ts';
import { messageMessages, type MessageMessageKey } from './messages.messages.ts';

// A season's messages as CSV, as GOV.UK Notify's "download report": one line
// a message with its state and last failure in words (the page's language),
// times in Seoul, no contact. Written by the one CSV writer (platform/csv.ts:
// RFC 4180, UTF-8 with a byte-order mark, formula cells neutralised).

const COLUMNS: MessageMessageKey[] = [
  'csv_message', 'csv_notice_no', 'csv_taxpayer', 'csv_state', 'csv_channel', 'csv_last_failure',
  'csv_delivered_at', 'csv_returned_at', 'csv_effective_due', 'csv_paper_batch',
];

export function reportHeader(locale: Locale): string {
  return csvHeaderLine(COLUMNS.map((key) => messageMessages.t(locale, key)));
}

/** 'YYYY-MM-DD HH:mm:ss' in Seoul: sortable, and read as a time by spreadsheets. */
function seoulSeconds(at: Date): string {
  return `${seoulDateTime(at)}:${String(at.getUTCSeconds()).padStart(2, '0')}`;
}

export function reportLine(locale: Locale, m: MessageListRow): string {
  const channel = m.deliveredChannel ? channelLabel(m.deliveredChannel, locale) : m.plan.map((c) => channelLabel(c, locale)).join(' → ') || channelLabel('paper', locale);
  return csvLine([
    m.id,
    m.noticeNo ?? '',
    m.taxpayerName ?? '',
    stateLabel(m.state, locale),
    channel,
    m.lastFailureCause ? causeLabel(m.lastFailureCause, locale) : '',
    m.deliveredAt ? seoulSeconds(m.deliveredAt) : '',
    m.returnedAt ? seoulSeconds(m.returnedAt) : '',
    m.effectiveDueDate ?? '',
    m.paperBatchId ?? '',
  ]);
}
