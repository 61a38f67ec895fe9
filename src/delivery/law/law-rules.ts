import { z } from 'zod';
import type { Queryable } from '../../platform/db/database.ts';
import type { Bilingual } from '../../platform/i18n/i18n.ts';
import { addDays, seoulDay } from '../../platform/time/seoul.ts';

// The law's clock as data (table law_rules, each row citing its article):
// the engine reads the numbers from there, so a change of law is a change of
// rows, not of code.

const paramsSchema = z.object({
  due_date_extended_on_late_arrival: z.object({ within_days: z.number().int().min(0), new_due_after_days: z.number().int().min(1) }),
  enrolment_deemed_withdrawn_when_unopened: z.object({ consecutive_unopened: z.number().int().min(1), within_days: z.number().int().min(1) }),
  public_notice_on_returned_post: z.object({ deemed_served_after_days: z.number().int().min(0) }),
});

export interface LawRules {
  /** §31 */
  dueDateExtension: { withinDays: number; newDueAfterDays: number; article: string };
  /** Enforcement Decree §14④ */
  enrolmentWithdrawal: { consecutiveUnopened: number; withinDays: number; article: string };
  /** §33 */
  publicNotice: { deemedServedAfterDays: number; article: string };
}

export async function loadLawRules(q: Queryable): Promise<LawRules> {
  const { rows } = await q.query<{ code: string; article: string; params: unknown }>('SELECT code, article, params FROM law_rules');
  const byCode = Object.fromEntries(rows.map((r) => [r.code, r]));
  const params = paramsSchema.parse(Object.fromEntries(rows.map((r) => [r.code, r.params])));
  return {
    dueDateExtension: {
      withinDays: params.due_date_extended_on_late_arrival.within_days,
      newDueAfterDays: params.due_date_extended_on_late_arrival.new_due_after_days,
      article: byCode.due_date_extended_on_late_arrival!.article,
    },
    enrolmentWithdrawal: {
      consecutiveUnopened: params.enrolment_deemed_withdrawn_when_unopened.consecutive_unopened,
      withinDays: params.enrolment_deemed_withdrawn_when_unopened.within_days,
      article: byCode.enrolment_deemed_withdrawn_when_unopened!.article,
    },
    publicNotice: {
      deemedServedAfterDays: params.public_notice_on_returned_post.deemed_served_after_days,
      article: byCode.public_notice_on_returned_post!.article,
    },
  };
}

/** A rule's article and its summary in each language, for a page or an answer that cites it. */
export async function lawRuleCitation(q: Queryable, code: string): Promise<{ article: string; summary: Bilingual } | null> {
  const { rows } = await q.query<{ article: string; summary_ko: string; summary_en: string }>(
    'SELECT article, summary_ko, summary_en FROM law_rules WHERE code = $1',
    [code],
  );
  const r = rows[0];
  return r ? { article: r.article, summary: { ko: r.summary_ko, en: r.summary_en } } : null;
}

/**
 * §31: a notice that arrives within `withinDays` of its due date, or after
 * it, is due `newDueAfterDays` after arrival. Returns null when the original
 * due date stands.
 */
export function extendedDueDate(rules: LawRules, dueDate: string, arrivedAt: Date): string | null {
  const arrival = seoulDay(arrivedAt);
  if (arrival < addDays(dueDate, -rules.dueDateExtension.withinDays)) return null;
  return addDays(arrival, rules.dueDateExtension.newDueAfterDays);
}
