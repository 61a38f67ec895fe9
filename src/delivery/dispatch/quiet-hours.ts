import { seoulMinuteOfDay } from '../../platform/time/seoul.ts';

// No KakaoTalk or SMS at night (TAXSTATION_QUIET_HOURS, Seoul time). E-mail
// is not an interruption and goes out at any hour.

export interface QuietHours {
  /** Minutes after midnight, Seoul time; start may be after end (overnight). */
  startMinute: number;
  endMinute: number;
}

export function parseQuietHours(text: string): QuietHours | null {
  if (text === 'off') return null;
  const match = /^(\d{2}):(\d{2})-(\d{2}):(\d{2})$/.exec(text);
  if (!match) throw new Error(`quiet hours must look like 21:00-08:00 or off, not ${text}`);
  const [, sh, sm, eh, em] = match.map(Number) as [number, number, number, number, number];
  return { startMinute: sh * 60 + sm, endMinute: eh * 60 + em };
}

export function isQuiet(quiet: QuietHours | null, at: Date): boolean {
  if (!quiet || quiet.startMinute === quiet.endMinute) return false;
  const minute = seoulMinuteOfDay(at);
  return quiet.startMinute < quiet.endMinute
    ? minute >= quiet.startMinute && minute < quiet.endMinute
    : minute >= quiet.startMinute || minute < quiet.endMinute;
}

/** The first moment at or after `at` outside the quiet hours. */
export function quietHoursEnd(quiet: QuietHours | null, at: Date): Date {
  if (!isQuiet(quiet, at) || !quiet) return at;
  const minute = seoulMinuteOfDay(at);
  const wait = (quiet.endMinute - minute + 24 * 60) % (24 * 60);
  const end = new Date(at.getTime() + wait * 60_000);
  end.setUTCSeconds(0, 0);
  return end;
}

export const MESSAGING_CHANNELS_WITH_QUIET_HOURS = new Set(['kakao', 'sms']);
