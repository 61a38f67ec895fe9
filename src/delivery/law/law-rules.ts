import { z } from 'zod';
import type { Queryable } from '../../platform/db/database.ts';
import type { Bilingual } from '../../platform/i18n/i18n.ts';
import { addDays, isWorkingDay, seoulDay } from '../../platform/time/seoul.ts';

// The law's clock as data (table law_rules, each row citing its article):
// the engine reads the numbers from there, so a change of law is a change of
// rows, not of code.

const paramsSchema = z.object({
  due_date_extended_on_late_arrival: z.object({ within_days: z.number().int().min(0), new_due_after_days: z.number().int().min(1) }),
  enrolment_deemed_withdrawn_when_unopened: z.object({ consecutive_unopened: z.number().int().min(1), within_days: z.number().int().min(1) }),
  public_notice_on_returned_post: z.object({ deemed_served_after_days: z.number().int().min(0) }),
  due_date_on_day_off: z.object({ also_closed: z.array(z.string().regex(/^\d{2}-\d{2}$/)) }),
});

export interface LawRules {
  /** §31 */
  dueDateExtension: { withinDays: number; newDueAfterDays: number; article: string };
  /** Enforcement Decree §14④ */
  enrolmentWithdrawal: { consecutiveUnopened: number; withinDays: number; article: string };
  /** §33 */
  publicNotice: { deemedServedAfterDays: number; article: string };
  /** §24: a deadline on a day off moves to the next day that is not one */
  deadlineOnDayOff: { alsoClosed: readonly string[]; article: string };
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
    deadlineOnDayOff: {
      alsoClosed: params.due_date_on_day_off.also_closed,
      article: byCode.due_date_on_day_off!.article,
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

/** Whether a deadline may fall on the day (§24): a working day that is not one of the rule's other days off. */
export function deadlineMayFallOn(rules: LawRules, day: string): boolean {
  return isWorkingDay(day) && !rules.deadlineOnDayOff.alsoClosed.includes(day.slice(5));
}

/**
 * §24: the deadline itself when it may fall on its day, else the first day
 * after it that may. The SQL function local_tax_deadline (migration 0021)
 * is the same rule for the statements that set due dates.
 */
export function localTaxDeadline(rules: LawRules, day: string): string {
  let d = day;
  for (let i = 0; i < 40; i++, d = addDays(d, 1)) if (deadlineMayFallOn(rules, d)) return d;
  throw new Error(`no day a deadline may fall on within 40 days of ${day}`);
}

/**
 * §31: a notice that arrives within `withinDays` of its due date, or after
 * it, is due `newDueAfterDays` after arrival, moved by §24 when that day is
 * a day off. Returns null when the original due date stands.
 */
export function extendedDueDate(rules: LawRules, dueDate: string, arrivedAt: Date): string | null {
  const arrival = seoulDay(arrivedAt);
  if (arrival < addDays(dueDate, -rules.dueDateExtension.withinDays)) return null;
  return localTaxDeadline(rules, addDays(arrival, rules.dueDateExtension.newDueAfterDays));
}

/**
 * A rule's article as a reader of the language writes it: the rows keep the
 * Korean citation ('지방세기본법 제24조', '지방세기본법 시행령 제14조제4항');
 * in English, 'Framework Act on Local Taxes, Article 24' and
 * 'Enforcement Decree of the Framework Act on Local Taxes, Article 14(4)'.
 */
export function citeArticle(article: string, locale: 'ko' | 'en'): string {
  return CITE[locale](article);
}

const CITE: Record<'ko' | 'en', (article: string) => string> = { ko: (article) => article, en: englishArticle };

function englishArticle(article: string): string {
  const m = /^지방세기본법( 시행령)? 제(\d+)조(?:의(\d+))?(?:제(\d+)항)?$/.exec(article.trim());
  if (!m) return 'Framework Act on Local Taxes';
  const act = m[1] ? 'Enforcement Decree of the Framework Act on Local Taxes' : 'Framework Act on Local Taxes';
  return `${act}, Article ${m[2]}${m[3] ? `-${m[3]}` : ''}${m[4] ? `(${m[4]})` : ''}`;
}
