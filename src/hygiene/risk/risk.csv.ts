import type { Locale } from '../../platform/i18n/i18n.ts';
import { ruleByCode } from '../rules/contact-rules.ts';
import type { RiskRow } from './risk.repository.ts';

// The risk list as CSV (RFC 4180: CRLF line ends, fields quoted when they
// hold a comma, quote or line break, quotes doubled), UTF-8 with a byte-order
// mark so that spreadsheet programs read Korean correctly. Cells that a
// spreadsheet would run as a formula (= + - @ tab CR) get a leading
// apostrophe: an export must not become an attack on whoever opens it.

export const CSV_BOM = '\uFEFF';

export function csvField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function csvLine(fields: readonly string[]): string {
  return fields.map(csvField).join(',') + '\r\n';
}

const HEADERS: Record<Locale, string[]> = {
  ko: ['납세자번호', '성명', '사유 코드', '사유', '휴대전화(가림)', '이메일(가림)', '전자고지 신청 채널', '최초 발견'],
  en: ['taxpayer_no', 'name', 'reason_codes', 'reasons', 'mobile_masked', 'email_masked', 'enrolled_channels', 'first_detected'],
};

export function csvHeader(locale: Locale): string {
  return CSV_BOM + csvLine(HEADERS[locale]);
}

export function csvRow(locale: Locale, r: RiskRow): string {
  return csvLine([
    r.taxpayerNo,
    r.name,
    r.reasons.join(' '),
    r.reasons.map((c) => ruleByCode(c)?.reason[locale] ?? c).join(' / '),
    r.mobileMasked ?? '',
    r.emailMasked ?? '',
    r.enrolled.join(' '),
    r.detectedAt.toISOString(),
  ]);
}
