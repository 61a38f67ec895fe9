import type { AppDeps } from '../../platform/http/deps.ts';
import { AppError } from '../../platform/errors.ts';
import type { StaffPrincipal } from '../../platform/auth/staff.ts';
import type { Locale } from '../../platform/i18n/i18n.ts';
import type { TaxItem } from '../../notices/tax-items.ts';
import { formatPeriod } from '../../notices/render/format.ts';
import { issueSeason, type IssueResult } from '../queue/queue.ts';
import { taxItemLabel } from '../delivery.format.ts';
import { countIssuable, findSeason, type SeasonRow } from './seasons.repository.ts';
import { seasonMessages } from './seasons.messages.ts';

// What the season pages and the seasons API both do: shared so that the HTML
// form and the JSON route behave the same.

export function seasonNotFound(id: number): AppError {
  return new AppError('season_not_found', 404, seasonMessages.both('season_not_found', { id }));
}

/** The district's season, or 404 (a season of another district is not found). */
export async function seasonOr404(deps: AppDeps, staff: StaffPrincipal, id: number): Promise<SeasonRow> {
  const season = await findSeason(deps.db, staff.districtCode, id);
  if (!season) throw seasonNotFound(id);
  return season;
}

export interface IssueRequest {
  taxItem: TaxItem;
  taxYear: number;
  period: number;
  sendAfter?: Date;
}

/** Refuses a season with nothing to issue or a send time in the past; otherwise issues it (the worker sends). */
export async function issueFromConsole(deps: AppDeps, staff: StaffPrincipal, input: IssueRequest): Promise<IssueResult> {
  // A minute of grace: the official may take a moment on the check-answers page.
  if (input.sendAfter && input.sendAfter.getTime() < Date.now() - 60_000) {
    throw new AppError('send_after_past', 400, seasonMessages.both('send_after_past'), [{ field: 'sendAfter', reason: seasonMessages.t('en', 'send_after_past') }]);
  }
  const issuable = await countIssuable(deps.db, staff.districtCode, input.taxItem, input.taxYear, input.period);
  if (issuable === 0) {
    const vars = (locale: Locale) => ({
      item: taxItemLabel(input.taxItem, locale),
      year: input.taxYear,
      period: input.period > 0 ? formatPeriod(input.period, locale) : seasonMessages.t(locale, 'no_period'),
    });
    throw new AppError('no_notices_to_issue', 422, {
      ko: seasonMessages.t('ko', 'no_notices_to_issue', vars('ko')),
      en: seasonMessages.t('en', 'no_notices_to_issue', vars('en')),
    });
  }
  return issueSeason(deps.db, {
    districtCode: staff.districtCode,
    taxItem: input.taxItem,
    taxYear: input.taxYear,
    period: input.period,
    sendAfter: input.sendAfter,
    createdBy: staff.username,
  });
}
