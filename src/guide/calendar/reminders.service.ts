import { createHash, randomBytes } from 'node:crypto';
import { enqueueMessages } from '../../delivery/queue/queue.ts';
import { loadLawRules } from '../../delivery/law/law-rules.ts';
import { AppError } from '../../platform/errors.ts';
import { CODE_MINUTES, checkCode, codeProblem, contactValueHash, spendConfirmedCodes, type ContactField } from '../../platform/one-time-codes.ts';
import { sendOneTimeCode } from '../../delivery/queue/one-time-code-message.ts';
import { hitRateLimits } from '../../platform/rate-limit/window-counters.ts';
import { seoulClock, seoulDay } from '../../platform/time/seoul.ts';
import { formatDayWithWeekday } from '../../platform/web/format.ts';
import { maskEmail, normaliseEmail } from '../../taxpayers/email.ts';
import { maskPhone, normaliseMobile } from '../../taxpayers/phone.ts';
import type { GuideDeps } from '../guide.deps.ts';
import { calendarError } from './calendar.messages.ts';
import {
  calendarItems, claimReminder, endSubscription, liveSubscriptions, noteReminderMessage, replaceSubscription,
  subscriptionByUnsubscribeHash, type SubscriptionRow,
} from './calendar.repository.ts';
import { deadlinesBetween } from './calendar.schedule.ts';

// Deadline reminders of the local-tax calendar. A resident names a mobile
// number or an e-mail address; a one-time code (platform/one-time-codes.ts,
// sent through the delivery engine) shows it is theirs before anything else
// goes there. The sweep then hands each reminder to the delivery engine
// once: the reminder row (subscription, tax, due date) and its message are
// written in one transaction, so two sweeps at once send it once.

export const REMINDER_DAYS = [1, 3, 7] as const;
export const CODES_PER_CONTACT_PER_HOUR = 5;
/** Reminders go out in the day only (Seoul 09:00–20:00): a deadline is never news at night. */
export const SEND_HOURS = { from: 9, to: 20 } as const;
export const UNSUBSCRIBE_PATH = '/r/guide/calendar/unsubscribe';

export interface Contact {
  field: ContactField;
  value: string;
}

/** The contact normalised (E.164 or the normalised address); a clear refusal naming the field otherwise. */
export function normaliseContact(input: Contact): Contact {
  if (input.field === 'mobile') {
    const m = normaliseMobile(input.value);
    if (!m.ok) throw calendarError(400, 'contact_invalid', 'contact', { reason: m.reason.ko });
    if (m.deadPrefix) throw calendarError(400, 'contact_dead_prefix', 'contact');
    return { field: 'mobile', value: m.e164 };
  }
  const e = normaliseEmail(input.value);
  if (!e.ok) throw calendarError(400, 'contact_invalid', 'contact', { reason: e.reason.ko });
  return { field: 'email', value: e.email };
}

export const maskContact = (c: Contact): string => (c.field === 'mobile' ? maskPhone(c.value) : maskEmail(c.value));

const scopeOf = (verificationId: string) => `guide-calendar:${createHash('sha256').update(verificationId).digest('hex').slice(0, 40)}`;
const unsubscribeHash = (deps: GuideDeps, token: string) => deps.cipher.lookupHash('guide_calendar_unsubscribe', token);

/** Sends a code to the contact; the verification id names the check in subscribe(). */
export async function requestReminderCode(deps: GuideDeps, args: { districtCode: string; contact: Contact }): Promise<{ verificationId: string; sentTo: string; minutes: number }> {
  const contact = normaliseContact(args.contact);
  const limit = await hitRateLimits(deps.db, [{ key: `guide-code:${contactValueHash(deps.cipher, contact.field, contact.value).toString('hex').slice(0, 32)}`, windowSeconds: 3600, max: CODES_PER_CONTACT_PER_HOUR }]);
  if (!limit.allowed) throw calendarError(429, 'code_limit', 'contact');
  const verificationId = randomBytes(18).toString('base64url');
  await deps.db.transaction((tx) =>
    sendOneTimeCode(tx, deps.cipher, { districtCode: args.districtCode, scope: scopeOf(verificationId), field: contact.field, value: contact.value }),
  );
  return { verificationId, sentTo: maskContact(contact), minutes: CODE_MINUTES };
}

export interface SubscribeRequest {
  districtCode: string;
  verificationId: string;
  contact: Contact;
  code: string;
  itemCodes: string[];
  daysBefore: number;
  locale: 'ko' | 'en';
}

/** Checks what the resident chose before a code is sent (so a wrong choice costs no code). */
export async function checkChoices(deps: GuideDeps, districtCode: string, itemCodes: readonly string[], daysBefore: number): Promise<void> {
  if (itemCodes.length === 0) throw calendarError(400, 'items_required', 'items');
  const known = new Set((await calendarItems(deps.db, districtCode)).map((i) => i.code));
  if (itemCodes.some((c) => !known.has(c))) throw calendarError(400, 'item_unknown', 'items');
  if (!(REMINDER_DAYS as readonly number[]).includes(daysBefore)) throw calendarError(400, 'days_invalid', 'days');
}

/** Confirms the code and starts the reminders (replacing the contact's earlier ones); returns the unsubscribe token. */
export async function subscribe(deps: GuideDeps, r: SubscribeRequest): Promise<{ subscriptionId: number; unsubscribeToken: string; sentTo: string }> {
  const contact = normaliseContact(r.contact);
  await checkChoices(deps, r.districtCode, r.itemCodes, r.daysBefore);
  const outcome = await checkCode(deps.db, deps.cipher, scopeOf(r.verificationId), contact.field, r.code);
  if (!outcome.ok) throw new AppError(`code_${outcome.reason}`, 400, codeProblem(outcome), [{ field: 'code', reason: codeProblem(outcome).en }]);
  const token = randomBytes(24).toString('base64url');
  const subscriptionId = await deps.db.transaction(async (tx) => {
    const missing = await spendConfirmedCodes(tx, deps.cipher, { districtCode: r.districtCode, scope: scopeOf(r.verificationId), contacts: [contact] });
    if (missing.length) throw calendarError(400, 'not_verified', 'code');
    return replaceSubscription(tx, {
      districtCode: r.districtCode,
      contactField: contact.field,
      contactSealed: deps.cipher.encrypt(contact.value),
      contactHash: contactValueHash(deps.cipher, contact.field, contact.value),
      itemCodes: [...new Set(r.itemCodes)],
      daysBefore: r.daysBefore,
      locale: r.locale,
      unsubscribeSealed: deps.cipher.encrypt(token),
      unsubscribeHash: unsubscribeHash(deps, token),
    });
  });
  return { subscriptionId, unsubscribeToken: token, sentTo: maskContact(contact) };
}

/** The subscription an unsubscribe link names, with its contact masked; null when none. */
export async function subscriptionForLink(deps: GuideDeps, token: string): Promise<{ row: SubscriptionRow; sentTo: string } | null> {
  const row = await subscriptionByUnsubscribeHash(deps.db, unsubscribeHash(deps, token));
  if (!row) return null;
  return { row, sentTo: maskContact({ field: row.contactField, value: deps.cipher.decrypt(row.contactSealed) }) };
}

/** Ends the reminders an unsubscribe link names; false when the link names none. Ending twice is fine. */
export async function unsubscribe(deps: GuideDeps, token: string): Promise<boolean> {
  const row = await subscriptionByUnsubscribeHash(deps.db, unsubscribeHash(deps, token));
  if (!row) return false;
  await endSubscription(deps.db, row.id);
  return true;
}

export const unsubscribeLink = (deps: GuideDeps, token: string) => `${deps.publicUrl}${UNSUBSCRIBE_PATH}/${token}`;

/** '2026. 6. 1.(월)': the reminder's deadline as every page writes a day (the engine renders reminders in Korean). */
const dueText = (day: string) => formatDayWithWeekday('ko', day);

/**
 * The reminders due now: for each live subscription, each chosen deadline
 * from today to `daysBefore` days ahead that has not been reminded of.
 * Outside the sending hours nothing goes. Returns how many were handed to
 * the delivery engine.
 */
export async function runCalendarReminders(deps: GuideDeps, now: Date = deps.clock()): Promise<number> {
  const { hours } = seoulClock(now);
  if (hours < SEND_HOURS.from || hours >= SEND_HOURS.to) return 0;
  const today = seoulDay(now);
  const rules = await loadLawRules(deps.db);
  const itemsByDistrict = new Map<string, Awaited<ReturnType<typeof calendarItems>>>();
  let sent = 0;
  for (let after = 0; ;) {
    const page = await liveSubscriptions(deps.db, after, 200);
    for (const s of page) {
      if (!itemsByDistrict.has(s.districtCode)) itemsByDistrict.set(s.districtCode, await calendarItems(deps.db, s.districtCode));
      const chosen = itemsByDistrict.get(s.districtCode)!.filter((i) => s.itemCodes.includes(i.code));
      for (const entry of deadlinesBetween(rules, chosen, today, s.daysBefore + 1)) {
        sent += await deps.db.transaction(async (tx) => {
          if (!(await claimReminder(tx, s.id, entry.item.code, entry.due))) return 0;
          const value = deps.cipher.decrypt(s.contactSealed);
          const [messageId] = await enqueueMessages(tx, deps.cipher, [{
            districtCode: s.districtCode,
            kind: 'guidance',
            topic: 'guide_calendar_reminder',
            plan: s.contactField === 'mobile' ? ['sms'] : ['email'],
            recipient: s.contactField === 'mobile' ? { phone: value } : { email: value },
            variables: { title: entry.item.title.ko, due: dueText(entry.due), link: unsubscribeLink(deps, deps.cipher.decrypt(s.unsubscribeSealed)) },
          }]);
          await noteReminderMessage(tx, s.id, entry.item.code, entry.due, messageId ?? null);
          return 1;
        });
      }
    }
    if (page.length < 200) break;
    after = page[page.length - 1]!.id;
  }
  return sent;
}
