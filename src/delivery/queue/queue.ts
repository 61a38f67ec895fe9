import type { Database, Queryable } from '../../platform/db/database.ts';
import type { PersonalDataCipher } from '../../platform/crypto.ts';
import { AppError } from '../../platform/errors.ts';
import { districtExists } from '../../platform/districts/districts.repository.ts';
import { openSeason, seasonSchema, type SeasonInput } from '../../notices/issuance/seasons.repository.ts';
import type { PaymentEffects } from '../../notices/payments/payments.service.ts';
import type { ElectronicChannel, Recipient } from '../provider.ts';
import { TOPICS, type TopicCode } from '../topics.ts';
import {
  insertArrearsNotices,
  insertEnrolmentWithdrawnGuidance,
  insertMessages,
  insertReminders,
  insertSeasonMessages,
  lockForResend,
  reminderDaysOf,
  restartMessages,
  undeliveredNoticeMessages,
  withdrawNoticeMessages,
} from './queue.repository.ts';

export { messageTimeline, type TimelineEvent } from './queue.repository.ts';

// The delivery queue's API: the one way onto the queue (messages, their
// attempts and events) for every other domain and for delivery's own
// consoles and commands. Notices are issued by season, reminded and followed
// by arrears notices; other messages are enqueued; a payment withdraws what
// is not final yet; an official's resend or a corrected contact starts an
// undelivered message again. The dispatch engine then advances each message
// on its receipts and closes it (dispatch/).

export type { SeasonInput } from '../../notices/issuance/seasons.repository.ts';

export interface IssueResult {
  seasonId: number;
  issued: number;
  electronic: number;
  paperOnly: number;
  withdrawnPaid: number;
}

/**
 * Issues a season: the imported roll's notices become messages with a channel
 * plan, and the first delivery attempt of each is queued. Running it again
 * issues only what was added since: it never issues a notice twice.
 */
export async function issueSeason(db: Database, input: SeasonInput): Promise<IssueResult> {
  const season = seasonSchema.parse(input);
  const result = await db.transaction(async (tx): Promise<IssueResult> => {
    const seasonId = await openSeason(tx, season);
    const c = await insertSeasonMessages(tx, { ...season, seasonId });
    return { seasonId, issued: c.issued, electronic: c.electronic, paperOnly: c.paperOnly, withdrawnPaid: c.withdrawn };
  });
  // The queue just grew by a season: keep the planner's picture current
  // (PGlite has no autovacuum).
  if (result.issued > 1000) await db.exec('ANALYZE messages, delivery_attempts');
  return result;
}

// The two follow-ups of a season, through the same engine as the notice:
// - a reminder a few days before the due date to those who have not paid,
//   on the channels they applied for (guidance: it never goes to paper);
// - an arrears notice after it, from the arrears file: a legal notice like
//   the first (§30⑦ plan, paper when no channel works), KakaoTalk first since
//   it reaches a person by identification key without a phone number.

export interface FollowUpResult {
  issued: number;
  sendAfter: Date | null;
}

/**
 * Reminders for the unpaid notices of a season, sent `daysBefore` days
 * before the due date (09:00 Seoul time), or now when that is past. Running
 * it again issues nothing new.
 */
export async function issueReminders(
  db: Database,
  args: { districtCode: string; taxItem: string; taxYear: number; period: number; daysBefore?: number },
): Promise<FollowUpResult> {
  return db.transaction(async (tx) => {
    const days = args.daysBefore ?? (await reminderDaysOf(tx, args.districtCode)) ?? 5;
    return insertReminders(tx, { ...args, days });
  });
}

/** Arrears notices for every imported arrears row not yet issued and not paid since. */
export async function issueArrears(db: Database, args: { districtCode: string }): Promise<FollowUpResult> {
  return db.transaction(async (tx) => {
    await assertDistrict(tx, args.districtCode);
    return { issued: await insertArrearsNotices(tx, args.districtCode), sendAfter: null };
  });
}

async function assertDistrict(tx: Queryable, districtCode: string): Promise<void> {
  if (!(await districtExists(tx, districtCode))) throw new AppError('district_not_found', 404, { ko: '구를 찾을 수 없습니다.', en: `No district with code ${districtCode}.` });
}

// How other domains send something that is not a tax notice (a campaign
// message, a one-time code, a link, a desk reply) through the same engine:
// one message per recipient, an ordered channel plan, and the first attempt
// queued. Such messages are guidance: when no channel works they end
// 'failed', never on paper.

export interface MessageToSend {
  districtCode: string;
  kind: 'guidance' | 'campaign' | 'one_time_code';
  topic: TopicCode;
  /** The taxpayer it concerns, when known. */
  taxpayerId?: number | null;
  /** Channels in order; the first is tried first. */
  plan: ElectronicChannel[];
  /** Send here instead of the taxpayer's contacts on record (e.g. a new number being confirmed). */
  recipient?: Recipient;
  variables: Record<string, string>;
  sendAfter?: Date;
  campaignId?: number | null;
}

export async function enqueueMessages(q: Queryable, cipher: PersonalDataCipher, messages: MessageToSend[]): Promise<number[]> {
  if (messages.length === 0) return [];
  for (const m of messages) {
    if (m.plan.length === 0) throw new Error('a message needs at least one channel');
    if (!m.taxpayerId && !m.recipient) throw new Error('a message needs a taxpayer or a recipient');
    const missing = TOPICS[m.topic].variables.filter((v) => v !== 'district' && !(v in m.variables));
    if (missing.length) throw new Error(`message topic ${m.topic} needs ${missing.join(', ')}`);
  }
  return insertMessages(q, messages.map((m) => ({
    districtCode: m.districtCode,
    kind: m.kind,
    topic: m.topic,
    taxpayerId: m.taxpayerId ?? null,
    plan: m.plan,
    recipientEnc: m.recipient ? cipher.encrypt(JSON.stringify(m.recipient)) : null,
    variablesEnc: cipher.encrypt(JSON.stringify(m.variables)),
    sendAfter: m.sendAfter ?? null,
    campaignId: m.campaignId ?? null,
  })));
}

/** Tells taxpayers whose e-notice enrolment was withdrawn (Decree §14④), on the KakaoTalk they used. */
export async function notifyEnrolmentWithdrawn(tx: Queryable, taxpayers: { taxpayerId: number; districtCode: string }[]): Promise<void> {
  if (taxpayers.length === 0) return;
  await insertEnrolmentWithdrawnGuidance(tx, taxpayers);
}

/** Withdraws every message of these notices that is not final yet (pending, waiting for paper) and cancels its live attempts. */
export async function withdrawMessagesOfNotices(q: Queryable, noticeIds: number[], reason: string): Promise<number> {
  if (noticeIds.length === 0) return 0;
  return withdrawNoticeMessages(q, noticeIds, reason);
}

/** What a recorded payment does to the queue (notices' PaymentEffects): its notice's messages are withdrawn, in the payment's transaction. */
export const paymentEffects: PaymentEffects = {
  withdrawPaid: (tx, noticeIds) => withdrawMessagesOfNotices(tx, noticeIds, 'paid'),
};

// An official's resend, and the automatic resend after a contact is fixed:
// a message not yet final gets a fresh channel plan from the taxpayer's
// current enrolment and contacts, and starts again from its first channel.
// Final messages (delivered, printed, withdrawn) keep their legal state.

export interface ResendResult {
  resent: number[];
  /** Messages that could not be resent, with the reason code. */
  refused: { messageId: number; reason: 'final' | 'no_electronic_channel' | 'in_flight' | 'not_found' }[];
}

export async function resendMessages(db: Database, args: { districtCode: string; messageIds: number[]; actor: string; reason: string }): Promise<ResendResult> {
  return db.transaction((tx) => resendInTransaction(tx, args));
}

export async function resendInTransaction(
  tx: Queryable,
  args: { districtCode: string; messageIds: number[]; actor: string; reason: string },
): Promise<ResendResult> {
  const rows = await lockForResend(tx, args.districtCode, args.messageIds);
  const found = new Map(rows.map((r) => [r.id, r]));
  const refused: ResendResult['refused'] = [];
  const ok: { id: number; plan: string[] }[] = [];
  for (const id of args.messageIds) {
    const row = found.get(id);
    if (!row) refused.push({ messageId: id, reason: 'not_found' });
    else if (!['pending', 'awaiting_paper'].includes(row.state)) refused.push({ messageId: id, reason: 'final' });
    else if (row.live) refused.push({ messageId: id, reason: 'in_flight' });
    else if (row.plan.length === 0) refused.push({ messageId: id, reason: 'no_electronic_channel' });
    else ok.push({ id, plan: row.plan });
  }
  if (ok.length > 0) await restartMessages(tx, ok, { actor: args.actor, reason: args.reason });
  return { resent: ok.map((o) => o.id), refused };
}

/** The taxpayer's undelivered legal notices that a corrected contact can still reach (pending with no live attempt, or waiting for paper not yet batched). */
export async function undeliveredNotices(tx: Queryable, districtCode: string, taxpayerId: number): Promise<number[]> {
  return undeliveredNoticeMessages(tx, districtCode, taxpayerId);
}
