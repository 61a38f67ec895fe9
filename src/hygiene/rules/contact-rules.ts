import type { Bilingual } from '../../platform/i18n/i18n.ts';
import { normaliseEmail } from '../../taxpayers/email.ts';
import { normaliseMobile } from '../../taxpayers/phone.ts';
import { suspectDomain } from './email-domains.ts';

// The contact validation rules, as data: each rule is a record with a stable
// code (stored in contact_checks and used as the risk list's filter), the
// field it is about, a severity and a reason an official can act on, plus a
// pure check over one taxpayer's facts. Adding a rule is adding a record here.

export type ContactChannel = 'kakao' | 'sms' | 'email';
export type RuleField = 'mobile' | 'email' | 'identity_key' | 'enrolment';
export type Severity = 'high' | 'medium' | 'low';

/** A permanent delivery failure on one channel since the contacts were last changed. */
export interface DeliveryFailure {
  channel: ContactChannel;
  cause: string;
}

/** What the rules see of one taxpayer: decrypted contacts, enrolment and failures. */
export interface ContactFacts {
  /** the mobile number as stored (E.164 when it came through the normaliser), null when there is none */
  mobile: string | null;
  email: string | null;
  hasIdentityKey: boolean;
  enrol: { kakao: boolean; sms: boolean; email: boolean };
  failures: readonly DeliveryFailure[];
}

export interface ContactRule {
  code: string;
  field: RuleField;
  severity: Severity;
  reason: Bilingual;
  check(facts: ContactFacts): boolean;
}

/** Causes that say the number itself is wrong (not a passing outage). */
export const MOBILE_FAILURE_CAUSES = ['dead_prefix', 'number_changed', 'invalid_recipient'] as const;
/**
 * Causes that say the mailbox is wrong: a permanent bounce naming the
 * address itself (no such user, unknown domain, disabled mailbox) or a
 * malformed address. Never a full mailbox, a delay, or a refusal for the
 * sender's reasons (sender_rejected: SPF/DKIM/DMARC, block lists, policy,
 * spam), which are the district's problem, not the taxpayer's.
 */
export const EMAIL_FAILURE_CAUSES = ['hard_bounce', 'invalid_recipient'] as const;
export const KAKAO_UNKNOWN_CAUSES = ['not_kakao_user'] as const;
/** Every cause the rules look at: the classifier reads only these from the delivery history. */
export const CONTACT_FAILURE_CAUSES: readonly string[] = [...new Set<string>([...MOBILE_FAILURE_CAUSES, ...EMAIL_FAILURE_CAUSES, ...KAKAO_UNKNOWN_CAUSES])];

const failedOn = (facts: ContactFacts, channel: ContactChannel, causes: readonly string[]) =>
  facts.failures.some((f) => f.channel === channel && causes.includes(f.cause));

const mobileOf = (facts: ContactFacts) => (facts.mobile === null || facts.mobile.trim() === '' ? null : normaliseMobile(facts.mobile));
const emailOf = (facts: ContactFacts) => (facts.email === null || facts.email.trim() === '' ? null : normaliseEmail(facts.email));

/** The electronic channels that can still reach the taxpayer, judged by the same facts as the rules. */
export function usableChannels(facts: ContactFacts): Record<ContactChannel, boolean> {
  const m = mobileOf(facts);
  const e = emailOf(facts);
  const mobile = m !== null && m.ok && !m.deadPrefix && !failedOn(facts, 'sms', MOBILE_FAILURE_CAUSES);
  const email = e !== null && e.ok && !suspectDomain(e.email) && !failedOn(facts, 'email', EMAIL_FAILURE_CAUSES);
  // KakaoTalk reaches a person by identification key, or by a phone number that works
  const kakao = !failedOn(facts, 'kakao', KAKAO_UNKNOWN_CAUSES) && (facts.hasIdentityKey || mobile);
  return { kakao, sms: mobile, email };
}

export const CONTACT_RULES: readonly ContactRule[] = [
  {
    code: 'mobile_dead_prefix',
    field: 'mobile',
    severity: 'high',
    reason: {
      ko: '휴대전화 번호가 서비스 종료된 01X 국번(011·016·017·018·019)입니다. 2023. 6. 30. 이후 개인 회선은 없습니다.',
      en: 'The mobile number is on a dead 01X prefix (011, 016, 017, 018, 019); no personal line has been in service on them since 30 June 2023.',
    },
    check: (f) => {
      const m = mobileOf(f);
      return m !== null && m.ok && m.deadPrefix;
    },
  },
  {
    code: 'mobile_malformed',
    field: 'mobile',
    severity: 'high',
    reason: { ko: '휴대전화 번호의 형식이나 자릿수가 맞지 않습니다.', en: 'The mobile number is malformed or has the wrong number of digits.' },
    check: (f) => {
      const m = mobileOf(f);
      return m !== null && !m.ok && m.code !== 'not_mobile';
    },
  },
  {
    code: 'mobile_not_mobile',
    field: 'mobile',
    severity: 'high',
    reason: { ko: '휴대전화 번호가 아닙니다(유선 전화 등). 문자와 카카오톡을 받을 수 없습니다.', en: 'Not a mobile number (a landline or similar): it cannot receive text or KakaoTalk messages.' },
    check: (f) => {
      const m = mobileOf(f);
      return m !== null && !m.ok && m.code === 'not_mobile';
    },
  },
  {
    code: 'email_malformed',
    field: 'email',
    severity: 'high',
    reason: { ko: '이메일 주소 형식이 아닙니다.', en: 'The e-mail address is malformed.' },
    check: (f) => {
      const e = emailOf(f);
      return e !== null && !e.ok;
    },
  },
  {
    code: 'email_domain_suspect',
    field: 'email',
    severity: 'high',
    reason: {
      ko: '이메일 도메인(@ 뒤)이 잘못 입력되었거나 서비스가 종료되었습니다(예: hanmail.com → hanmail.net).',
      en: 'The e-mail domain (after @) is misspelt or its mail service has closed (e.g. hanmail.com for hanmail.net).',
    },
    check: (f) => {
      const e = emailOf(f);
      return e !== null && e.ok && suspectDomain(e.email) !== undefined;
    },
  },
  {
    code: 'mobile_failed',
    field: 'mobile',
    severity: 'high',
    reason: {
      ko: '이 휴대전화 번호로 보낸 문자가 실패했습니다(결번·번호 변경 등). 번호를 확인해야 합니다.',
      en: 'A text message to this mobile number failed (number not in service or changed); the number needs checking.',
    },
    check: (f) => mobileOf(f) !== null && failedOn(f, 'sms', MOBILE_FAILURE_CAUSES),
  },
  {
    code: 'email_bounced',
    field: 'email',
    severity: 'high',
    reason: {
      ko: '이 이메일 주소로 보낸 메일이 되돌아왔습니다. 받는 사람이나 도메인(@ 뒤)이 없거나, 메일함이 닫혔거나, 주소 형식이 잘못되었습니다. 납세자에게 주소를 확인해야 합니다.',
      en: 'Mail to this address came back for good: the mailbox or its domain (after @) does not exist, the mailbox is closed, or the address is malformed. Check the address with the taxpayer.',
    },
    check: (f) => emailOf(f) !== null && failedOn(f, 'email', EMAIL_FAILURE_CAUSES),
  },
  {
    code: 'kakao_unknown_key',
    field: 'identity_key',
    severity: 'medium',
    reason: {
      ko: '카카오톡이 이 납세자를 찾지 못했습니다(카카오톡 사용자가 아님). 다른 전자 채널이 필요합니다.',
      en: 'KakaoTalk does not know this taxpayer (not a KakaoTalk user); another electronic channel is needed.',
    },
    check: (f) => failedOn(f, 'kakao', KAKAO_UNKNOWN_CAUSES),
  },
  {
    code: 'enrolled_no_channel',
    field: 'enrolment',
    severity: 'high',
    reason: {
      ko: '전자고지를 신청했지만 받을 수 있는 전자 채널이 하나도 남지 않았습니다. 다음 고지서는 종이로 갑니다.',
      en: 'Enrolled for electronic notices, but no enrolled channel can reach the taxpayer any more: the next notice goes on paper.',
    },
    check: (f) => {
      const enrolled = (['kakao', 'sms', 'email'] as const).filter((c) => f.enrol[c]);
      if (enrolled.length === 0) return false;
      const usable = usableChannels(f);
      return enrolled.every((c) => !usable[c]);
    },
  },
];

export const RULE_CODES: readonly string[] = CONTACT_RULES.map((r) => r.code);
const BY_CODE = new Map(CONTACT_RULES.map((r) => [r.code, r]));

export function ruleByCode(code: string): ContactRule | undefined {
  return BY_CODE.get(code);
}

export interface Finding {
  code: string;
  field: RuleField;
  severity: Severity;
}

/** The rules that hold for one taxpayer, in the rules' order. Pure; never throws. */
export function evaluateContacts(facts: ContactFacts): Finding[] {
  return CONTACT_RULES.filter((r) => r.check(facts)).map((r) => ({ code: r.code, field: r.field, severity: r.severity }));
}
