import { formatNumber, type Locale } from '../platform/i18n/i18n.ts';
import { formatDay, formatPercent, formatSeoulTime } from '../platform/web/format.ts';
import { formatKrw, isTaxItem, taxItemName } from '../notices/render/format.ts';
import type { FailureCause } from './provider.ts';
import { deliveryMessages, type DeliveryMessageKey } from './delivery.messages.ts';

// How delivery's pages write numbers, money, dates and the names of things:
// counts, shares, days and instants as every page does (platform/web/format.ts),
// money as the notices do, and delivery's own words.

export function deliveryFormat(locale: Locale) {
  return {
    n: (value: number) => formatNumber(locale, value),
    krw: (value: number) => formatKrw(value, locale),
    date: (value: string) => formatDay(locale, value),
    /** An instant, in Seoul time, to the second (the legal moment matters). */
    time: (value: Date) => formatSeoulTime(locale, value),
    pct: (share: number) => formatPercent(locale, share),
  };
}

/** A tax item in words; an unknown code as it is. */
export function taxItemLabel(item: string, locale: Locale): string {
  return isTaxItem(item) ? taxItemName(item, locale) : item;
}

const STATE_KEYS: Record<string, DeliveryMessageKey> = {
  pending: 'state_pending',
  awaiting_paper: 'state_awaiting_paper',
  delivered: 'state_delivered',
  paper: 'state_paper',
  withdrawn: 'state_withdrawn',
  failed: 'state_failed',
};
export function stateLabel(state: string, locale: Locale): string {
  const key = STATE_KEYS[state];
  return key ? deliveryMessages.t(locale, key) : state;
}

// Every failure cause has its words: a cause added to provider.ts without them does not compile.
const CAUSE_KEYS: Record<FailureCause, DeliveryMessageKey> = {
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
  const key = CAUSE_KEYS[cause as FailureCause] as DeliveryMessageKey | undefined;
  return key ? deliveryMessages.t(locale, key) : cause;
}

const CHANNEL_KEYS: Record<string, DeliveryMessageKey> = { kakao: 'channel_kakao', sms: 'channel_sms', email: 'channel_email', paper: 'channel_paper' };
export function channelLabel(channel: string, locale: Locale): string {
  const key = CHANNEL_KEYS[channel];
  return key ? deliveryMessages.t(locale, key) : channel;
}

const KIND_KEYS: Record<string, DeliveryMessageKey> = {
  notice: 'kind_notice',
  reminder: 'kind_reminder',
  arrears: 'kind_arrears',
  guidance: 'kind_guidance',
  campaign: 'kind_campaign',
  one_time_code: 'kind_one_time_code',
};
export function kindLabel(kind: string, locale: Locale): string {
  const key = KIND_KEYS[kind];
  return key ? deliveryMessages.t(locale, key) : kind;
}
