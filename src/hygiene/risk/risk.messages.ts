import { defineMessages, type Locale } from '../../platform/i18n/i18n.ts';

export const riskMessages = defineMessages({
  title: { ko: '연락처 위험 목록', en: 'Contacts at risk' },
  lead: {
    ko: '전자고지가 도착하지 않을 위험이 있는 납세자입니다. 고지 시즌 전에 연락처를 바로잡으세요.',
    en: 'Taxpayers whose electronic notices are at risk of not arriving. Correct their contacts before the season.',
  },
  flagged: { ko: '위험 납세자', en: 'Taxpayers at risk' },
  last_run: { ko: '마지막 점검: {time}, 납세자 {n}명, 실행: {by}', en: 'Last check: {time}, {n} taxpayers, run by {by}' },
  never_run: { ko: '아직 점검하지 않았습니다.', en: 'Contacts have not been checked yet.' },
  recheck: { ko: '지금 다시 점검', en: 'Re-check now' },
  rechecked: { ko: '점검을 마쳤습니다: 납세자 {n}명 중 {flagged}명이 위험합니다.', en: 'Check finished: {flagged} of {n} taxpayers are at risk.' },
  counts_title: { ko: '사유별 건수', en: 'Taxpayers per reason' },
  col_reason: { ko: '사유', en: 'Reason' },
  col_count: { ko: '납세자 수', en: 'Taxpayers' },
  filter_label: { ko: '사유로 거르기', en: 'Filter by reason' },
  filter_any: { ko: '모든 사유', en: 'Any reason' },
  filter_apply: { ko: '적용', en: 'Apply' },
  list_title: { ko: '납세자 목록', en: 'Taxpayers' },
  list_range: { ko: '{total}명 중 {from}–{to}', en: '{from}–{to} of {total}' },
  list_none: { ko: '해당하는 납세자가 없습니다.', en: 'No taxpayer matches.' },
  col_taxpayer_no: { ko: '납세자번호', en: 'Taxpayer number' },
  col_name: { ko: '성명', en: 'Name' },
  col_reasons: { ko: '사유', en: 'Reasons' },
  col_mobile: { ko: '휴대전화', en: 'Mobile' },
  col_email: { ko: '이메일', en: 'E-mail' },
  col_enrolled: { ko: '신청 채널', en: 'Enrolled' },
  none: { ko: '없음', en: 'none' },
  csv: { ko: 'CSV로 내려받기 (연락처는 가려짐)', en: 'Download as CSV (contacts masked)' },
  page_prev: { ko: '이전 쪽', en: 'Previous page' },
  page_next: { ko: '다음 쪽', en: 'Next page' },
  pages_label: { ko: '쪽 이동', en: 'Pages' },
  channel_kakao: { ko: '카카오톡', en: 'KakaoTalk' },
  channel_sms: { ko: '문자', en: 'Text' },
  channel_email: { ko: '이메일', en: 'E-mail' },
  // short names of the rules, for tables and filters (the rules carry the full reason)
  rule_mobile_dead_prefix: { ko: '없어진 01X 국번', en: 'Dead 01X prefix' },
  rule_mobile_malformed: { ko: '잘못된 휴대전화 번호', en: 'Malformed mobile number' },
  rule_mobile_not_mobile: { ko: '휴대전화 번호 아님', en: 'Not a mobile number' },
  rule_email_malformed: { ko: '잘못된 이메일 주소', en: 'Malformed e-mail address' },
  rule_email_domain_suspect: { ko: '오타·폐쇄 이메일 도메인', en: 'Misspelt or closed e-mail domain' },
  rule_mobile_failed: { ko: '문자 발송 실패', en: 'Text message failed' },
  rule_email_bounced: { ko: '이메일 반송', en: 'E-mail bounced' },
  rule_kakao_unknown_key: { ko: '카카오톡 미사용자', en: 'Not a KakaoTalk user' },
  rule_enrolled_no_channel: { ko: '신청했지만 전자 채널 없음', en: 'Enrolled, no channel left' },
  severity_high: { ko: '높음', en: 'high' },
  severity_medium: { ko: '보통', en: 'medium' },
  severity_low: { ko: '낮음', en: 'low' },
});
export type RiskMessageKey = keyof typeof riskMessages.catalogue;

/** The short name of a rule; its code when the catalogue has none (a rule added without a name). */
export function ruleLabel(locale: Locale, code: string): string {
  const key = `rule_${code}` as RiskMessageKey;
  return key in riskMessages.catalogue ? riskMessages.t(locale, key) : code;
}
