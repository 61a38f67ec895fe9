import type { Locale } from '../platform/i18n/i18n.ts';
import { formatDate, formatKrw, formatPeriod, isTaxItem, taxItemName } from '../notices/render/format.ts';
import type { FailureCause } from './provider.ts';
import { dm, type DmKey } from './seasons/seasons.messages.ts';

// How the console writes numbers, money, dates and names of things.

export function fmt(locale: Locale) {
  const tag = locale === 'ko' ? 'ko-KR' : 'en-GB';
  const timeFormat = new Intl.DateTimeFormat(tag, {
    year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false, timeZone: 'Asia/Seoul',
  });
  return {
    n: (value: number) => value.toLocaleString(tag),
    krw: (value: number) => formatKrw(value, locale),
    date: (value: string) => formatDate(value, locale),
    /** An instant, in Seoul time, to the second (the legal moment matters). */
    time: (value: Date) => `${timeFormat.format(value)} KST`,
    pct: (share: number) => `${(Math.round(share * 1000) / 10).toLocaleString(tag)}%`,
    t: (key: DmKey, vars?: Record<string, string | number>) => dm.t(locale, key, vars),
  };
}

export function taxItemLabel(item: string, locale: Locale): string {
  return isTaxItem(item) ? taxItemName(item, locale) : item;
}

export function seasonName(locale: Locale, s: { taxItem: string; taxYear: number; period: number }): string {
  const period = s.period > 0 ? formatPeriod(s.period, locale) : dm.t(locale, 'no_period');
  return dm.t(locale, 'season_name', { year: s.taxYear, item: taxItemLabel(s.taxItem, locale), period }).trim();
}

const STATE_KEYS: Record<string, DmKey> = {
  pending: 'state_pending',
  awaiting_paper: 'state_awaiting_paper',
  delivered: 'state_delivered',
  paper: 'state_paper',
  withdrawn: 'state_withdrawn',
  failed: 'state_failed',
};
export function stateLabel(state: string, locale: Locale): string {
  const key = STATE_KEYS[state];
  return key ? dm.t(locale, key) : state;
}

// Every failure cause has its words: a cause added to provider.ts without them does not compile.
const CAUSE_KEYS: Record<FailureCause, DmKey> = {
  dead_prefix: 'cause_dead_prefix',
  number_changed: 'cause_number_changed',
  not_kakao_user: 'cause_not_kakao_user',
  hard_bounce: 'cause_hard_bounce',
  mailbox_full: 'cause_mailbox_full',
  sender_rejected: 'cause_sender_rejected',
  invalid_recipient: 'cause_invalid_recipient',
  no_receipt: 'cause_no_receipt',
  provider_rejected: 'cause_provider_rejected',
  provider_error: 'cause_provider_error',
  no_contact: 'cause_no_contact',
  unreadable_contact: 'cause_unreadable_contact',
};
/** A failure cause in words; an unknown code as it is. */
export function causeLabel(cause: string, locale: Locale): string {
  const key = CAUSE_KEYS[cause as FailureCause] as DmKey | undefined;
  return key ? dm.t(locale, key) : cause;
}

const CHANNEL_KEYS: Record<string, DmKey> = { kakao: 'channel_kakao', sms: 'channel_sms', email: 'channel_email', paper: 'channel_paper' };
export function channelLabel(channel: string, locale: Locale): string {
  const key = CHANNEL_KEYS[channel];
  return key ? dm.t(locale, key) : channel;
}

const KIND_KEYS: Record<string, DmKey> = {
  notice: 'kind_notice',
  reminder: 'kind_reminder',
  arrears: 'kind_arrears',
  guidance: 'kind_guidance',
  campaign: 'kind_campaign',
  one_time_code: 'kind_one_time_code',
};
export function kindLabel(kind: string, locale: Locale): string {
  const key = KIND_KEYS[kind];
  return key ? dm.t(locale, key) : kind;
}

export function localeLabel(l: string, locale: Locale): string {
  return l === 'ko' ? dm.t(locale, 'locale_ko') : l === 'en' ? dm.t(locale, 'locale_en') : l;
}
