import type { Locale } from '../../platform/i18n/i18n.ts';
import { ruleByCode } from '../rules/contact-rules.ts';
import type { RiskRow } from './risk.repository.ts';
import { csvHeaderLine, csvLine } from '../../platform/csv.ts';

// The risk list as CSV, written by the one CSV writer of every export
// (platform/csv.ts: RFC 4180, UTF-8 with a byte-order mark, cells a
// spreadsheet would run as a formula neutralised).

const HEADERS: Record<Locale, string[]> = {
  ko: ['납세자번호', '성명', '사유 코드', '사유', '휴대전화(가림)', '이메일(가림)', '전자고지 신청 채널', '최초 발견'],
  en: ['taxpayer_no', 'name', 'reason_codes', 'reasons', 'mobile_masked', 'email_masked', 'enrolled_channels', 'first_detected'],
};

export function csvHeader(locale: Locale): string {
  return csvHeaderLine(HEADERS[locale]);
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
