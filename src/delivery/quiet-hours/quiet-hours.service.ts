import type { AppDeps } from '../../platform/http/deps.ts';
import { isQuiet, parseQuietHours, quietHoursEnd } from '../dispatch/quiet-hours.ts';
import '../delivery.deps.ts';
import { quietHoursOf } from '../settings/delivery-settings.repository.ts';

// Whether quiet hours hold a district's KakaoTalk and text messages at a moment, until
// when, and whether this server may lift them (the demo: the in-process
// simulator delivering here, so no real phone can ring).

export interface QuietNow {
  now: Date;
  /** The end of the quiet hours, the moment the held messages go. */
  until: Date;
  /** The configured hours, 'HH:MM' each, for the rule's sentence. */
  start: string;
  end: string;
  /** Only with the in-process simulator: the demo may send the held messages now. */
  demo: boolean;
}

const hhmm = (minute: number) => `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;

/**
 * null when quiet hours hold nothing at `now` (off, or daytime) in the
 * district: its own quiet hours (district settings, read now), else the
 * installation's (TAXSTATION_QUIET_HOURS).
 */
export async function quietNow(deps: Pick<AppDeps, 'config' | 'delivery' | 'clock' | 'db'>, districtCode: string): Promise<QuietNow | null> {
  const now = deps.clock?.() ?? new Date();
  const quiet = parseQuietHours((await quietHoursOf(deps.db, districtCode)) ?? deps.config.TAXSTATION_QUIET_HOURS);
  if (!quiet || !isQuiet(quiet, now) || deps.delivery?.demo?.quietHoursLiftedUntil(now)) return null;
  return { now, until: quietHoursEnd(quiet, now), start: hhmm(quiet.startMinute), end: hhmm(quiet.endMinute), demo: deps.delivery?.demo?.liftQuietHours !== undefined };
}
