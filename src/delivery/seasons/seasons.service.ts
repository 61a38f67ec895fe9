import { join } from 'node:path';
import type { AppDeps } from '../../platform/http/deps.ts';
import { AppError } from '../../platform/errors.ts';
import type { StaffPrincipal } from '../../platform/auth/staff.ts';
import type { Role } from '../../platform/auth/roles.ts';
import { issueSeason, type IssueResult } from '../queue/queue.ts';
import type { TaxItem } from '../../notices/tax-items.ts';
import { formatPeriod } from '../../notices/render/format.ts';
import { createPaperBatch, type PaperBatchResult } from '../paper/paper-batch.service.ts';
import { countIssuable, findSeason, type SeasonRow } from './seasons.repository.ts';
import { dm } from './seasons.messages.ts';
import { taxItemLabel } from '../delivery.format.ts';

// What the console's API and pages both do: shared so that the HTML form and
// the JSON route behave the same.

/** Roles that issue seasons, resend, make paper batches, record payments and edit templates. */
export const DELIVERY_WRITE_ROLES: readonly Role[] = ['admin', 'tax_official'];
/** Desk agents answer residents: they may read a message's timeline and a notice's status. */
export const TIMELINE_READ_ROLES: readonly Role[] = ['admin', 'tax_official', 'desk_agent'];

export function seasonNotFound(id: number): AppError {
  return new AppError('season_not_found', 404, dm.both('season_not_found', { id }));
}
export function messageNotFound(id: number): AppError {
  return new AppError('message_not_found', 404, dm.both('message_not_found', { id }));
}
export function batchNotFound(id: number): AppError {
  return new AppError('paper_batch_not_found', 404, dm.both('batch_not_found', { id }));
}

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
    throw new AppError('send_after_past', 400, dm.both('send_after_past'), [{ field: 'sendAfter', reason: dm.t('en', 'send_after_past') }]);
  }
  const issuable = await countIssuable(deps.db, staff.districtCode, input.taxItem, input.taxYear, input.period);
  if (issuable === 0) {
    const vars = (locale: 'ko' | 'en') => ({
      item: taxItemLabel(input.taxItem, locale),
      year: input.taxYear,
      period: input.period > 0 ? formatPeriod(input.period, locale) : dm.t(locale, 'no_period'),
    });
    throw new AppError('no_notices_to_issue', 422, {
      ko: dm.t('ko', 'no_notices_to_issue', vars('ko')),
      en: dm.t('en', 'no_notices_to_issue', vars('en')),
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

export function paperDir(deps: AppDeps, districtCode: string): string {
  return join(deps.config.dataDir, 'paper', districtCode);
}

export async function makePaperBatch(deps: AppDeps, staff: StaffPrincipal): Promise<PaperBatchResult> {
  return createPaperBatch(
    {
      db: deps.db,
      cipher: deps.cipher,
      publicUrl: deps.config.TAXSTATION_PUBLIC_URL ?? `http://${deps.config.TAXSTATION_HOST}:${deps.config.TAXSTATION_PORT}`,
    },
    { districtCode: staff.districtCode, outDir: paperDir(deps, staff.districtCode), createdBy: staff.username },
  );
}
