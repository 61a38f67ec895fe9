import { createHash } from 'node:crypto';
import type { GatewayReceiptCode } from '../providers/gateway.schema.ts';

// What the simulated gateways do, as data. A recipient's fate is a keyed
// hash of the seed and the recipient, never Math.random: the same seed and
// the same recipient always meet the same fate, in any process, in any order.
// The hash is cyrb53, not HMAC: a season draws several numbers for each of a
// million messages, HMAC made that the simulator's main cost, and nothing
// here needs to resist an attacker, only to be well spread and repeatable.

export interface SimulatorProfile {
  /** Added to every gateway call before it is answered. */
  latencyMs: number;
  /** Gateway calls per second (all endpoints together) before 429; null for no limit. */
  rateLimitPerSecond: number | null;
  /** Outage windows in ms from start-up, answered with 503. */
  outages: { fromMs: number; untilMs: number }[];
  /** Share of gateway calls answered with 503 at random (seeded by call number). */
  callErrorShare: number;
  /** Share of gateway calls answered 200 with a body that is not the protocol. */
  garbageShare: number;
  /** Share of messages refused at the door as `temporarily_unavailable` (retry may succeed). */
  transientRejectShare: number;
  /** National prefixes with no line in service (011, 016, 017, 018, 019 since 2023-06-30). */
  deadPrefixes: string[];
  /** Share of phone numbers now out of service or someone else's. */
  numberChangedShare: number;
  /** Share of CIs and phone numbers without a KakaoTalk account. */
  notKakaoUserShare: number;
  /** Share of mailboxes that do not exist. */
  hardBounceShare: number;
  /** Of those, the share refused during the SMTP session (550) instead of by a later DSN. */
  rejectAtRcptShare: number;
  mailboxFullShare: number;
  /** Share of delivered KakaoTalk messages the recipient opens. */
  openedShare: number;
  receiptDelayMs: number;
  openedDelayMs: number;
  lateReceiptShare: number;
  lateReceiptDelayMs: number;
  duplicateReceiptShare: number;
  /** Share of opened messages whose "opened" receipt is sent before the "delivered" one. */
  outOfOrderShare: number;
  /** Share of messages whose receipts are never sent. */
  lostReceiptShare: number;
}

export const PROFILE_NAMES = ['gangnam', 'clean', 'chaos'] as const;
export type ProfileName = (typeof PROFILE_NAMES)[number];

const DEAD_PREFIXES = ['011', '016', '017', '018', '019'];

const clean: SimulatorProfile = {
  latencyMs: 0,
  rateLimitPerSecond: null,
  outages: [],
  callErrorShare: 0,
  garbageShare: 0,
  transientRejectShare: 0,
  deadPrefixes: DEAD_PREFIXES,
  numberChangedShare: 0,
  notKakaoUserShare: 0,
  hardBounceShare: 0,
  rejectAtRcptShare: 0,
  mailboxFullShare: 0,
  openedShare: 0.6,
  receiptDelayMs: 10,
  openedDelayMs: 30,
  lateReceiptShare: 0,
  lateReceiptDelayMs: 0,
  duplicateReceiptShare: 0,
  outOfOrderShare: 0,
  lostReceiptShare: 0,
};

export const PROFILES: Record<ProfileName, SimulatorProfile> = {
  clean,
  // Gangnam-gu 2023: 6.1% of electronic recipients unreachable. With the
  // dead-prefix numbers found in real data (about 1% of phones), these
  // shares land near 6% across a usual mix of channels.
  gangnam: {
    ...clean,
    numberChangedShare: 0.035,
    notKakaoUserShare: 0.05,
    hardBounceShare: 0.045,
    rejectAtRcptShare: 0.25,
    mailboxFullShare: 0.01,
    receiptDelayMs: 20,
  },
  chaos: {
    ...clean,
    latencyMs: 2,
    rateLimitPerSecond: 200,
    outages: [{ fromMs: 2_000, untilMs: 3_000 }],
    callErrorShare: 0.03,
    garbageShare: 0.02,
    transientRejectShare: 0.02,
    numberChangedShare: 0.05,
    notKakaoUserShare: 0.06,
    hardBounceShare: 0.06,
    rejectAtRcptShare: 0.3,
    mailboxFullShare: 0.02,
    receiptDelayMs: 20,
    lateReceiptShare: 0.1,
    lateReceiptDelayMs: 1_500,
    duplicateReceiptShare: 0.1,
    outOfOrderShare: 0.3,
    lostReceiptShare: 0.01,
  },
};

export type SimChannel = 'kakao' | 'sms' | 'email';

export type Fate =
  | { kind: 'delivered'; opened: boolean }
  | { kind: 'failed'; code: GatewayReceiptCode }
  /** E-mail: refused during the SMTP session, before anything was accepted. */
  | { kind: 'rejected_at_rcpt' }
  /** E-mail: accepted, then a failure DSN with this status. */
  | { kind: 'bounced'; status: '5.1.1' | '5.2.2' };

export interface FateRecipient {
  ci?: string;
  phone?: string;
  email?: string;
}

/** cyrb53 (public domain, bryc): a fast 53-bit string hash with a 32-bit seed. */
export function cyrb53(text: string, seed: number): number {
  let h1 = 0xdeadbeef ^ seed;
  let h2 = 0x41c6ce57 ^ seed;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507);
  h1 ^= Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507);
  h2 ^= Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

/** Deterministic numbers in [0, 1) keyed by the seed. */
export class SeededUnit {
  private readonly a: number;
  private readonly b: number;

  constructor(seed: string) {
    const digest = createHash('sha256').update(seed).digest();
    this.a = digest.readInt32BE(0);
    this.b = digest.readInt32BE(4);
  }

  of(label: string, key: string): number {
    return cyrb53(`${label}\0${key}`, this.a) / 2 ** 53;
  }

  /** 26 hex digits, distinct for distinct inputs in practice (106 bits). */
  id(label: string, key: string): string {
    const text = `${label}\0${key}`;
    return cyrb53(text, this.a).toString(16).padStart(14, '0') + cyrb53(text, this.b).toString(16).padStart(14, '0');
  }
}

/** +821612345678 → 016; undefined for a number outside Korea. */
export function koreanMobilePrefix(phone: string): string | undefined {
  const match = /^\+82(1\d)/.exec(phone);
  return match ? `0${match[1]}` : undefined;
}

export function fateOf(profile: SimulatorProfile, unit: SeededUnit, channel: SimChannel, to: FateRecipient): Fate {
  if (channel === 'email') {
    const mailbox = (to.email ?? '').toLowerCase();
    const u = unit.of('mailbox', mailbox);
    if (u < profile.hardBounceShare) {
      return unit.of('rcpt', mailbox) < profile.rejectAtRcptShare ? { kind: 'rejected_at_rcpt' } : { kind: 'bounced', status: '5.1.1' };
    }
    if (u < profile.hardBounceShare + profile.mailboxFullShare) return { kind: 'bounced', status: '5.2.2' };
    return { kind: 'delivered', opened: false };
  }
  if (channel === 'kakao' && to.ci) {
    if (unit.of('kakao', to.ci) < profile.notKakaoUserShare) return { kind: 'failed', code: 'not_kakao_user' };
    return { kind: 'delivered', opened: unit.of('opened', to.ci) < profile.openedShare };
  }
  const phone = to.phone ?? '';
  const prefix = koreanMobilePrefix(phone);
  if (prefix && profile.deadPrefixes.includes(prefix)) return { kind: 'failed', code: 'dead_prefix' };
  if (unit.of('changed', phone) < profile.numberChangedShare) return { kind: 'failed', code: 'number_changed' };
  if (channel === 'kakao') {
    if (unit.of('kakao', phone) < profile.notKakaoUserShare) return { kind: 'failed', code: 'not_kakao_user' };
    return { kind: 'delivered', opened: unit.of('opened', phone) < profile.openedShare };
  }
  return { kind: 'delivered', opened: false };
}
