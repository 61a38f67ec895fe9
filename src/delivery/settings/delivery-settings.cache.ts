import type { Database } from '../../platform/db/database.ts';
import { DISTRICT_SETTINGS_TOPIC } from '../../platform/district-settings/district-settings.section.ts';
import type { Logger } from '../../platform/logger.ts';
import type { RealtimeBus } from '../../platform/realtime/bus.ts';
import { isQuiet, parseQuietHours, type QuietHours } from '../dispatch/quiet-hours.ts';
import { quietHoursOverrides } from './delivery-settings.repository.ts';

// Which districts quiet hours hold at a moment, for the dispatch engine's
// lanes, which ask before every claim (many times a second when busy): the
// districts' own quiet hours (delivery_settings.quiet_hours; the others
// follow the installation's default, TAXSTATION_QUIET_HOURS) are kept in
// memory and dropped the moment any process saves district settings (the
// settings page publishes DISTRICT_SETTINGS_TOPIC: NOTIFY on PostgreSQL, in
// process on PGlite), or when the realtime listener lost its connection and
// may have missed one (RESYNC). MAX_AGE_MS bounds how long a lost
// notification could go unnoticed; nothing relies on it.

export const MAX_AGE_MS = 60_000;

/** What a claim on a KakaoTalk or SMS lane may take: nothing, everything, or the attempts of some districts (only / all but). */
export type QuietFilter = { hold: 'all' } | { hold: 'none' } | { only: string[] } | { except: string[] };

export interface QuietHoursSource {
  filterAt(now: Date): Promise<QuietFilter>;
  close(): Promise<void>;
}

export class DistrictQuietHours implements QuietHoursSource {
  private overrides: Map<string, QuietHours | null> | undefined;
  private loadedAt = 0;
  /** Moves on every invalidation: a load that began before one does not keep its answer. */
  private generation = 0;
  private subscription: Promise<(() => Promise<void>) | undefined> | undefined;

  constructor(
    private readonly db: Database,
    private readonly bus: RealtimeBus | undefined,
    private readonly defaultQuiet: QuietHours | null,
    private readonly options: { log?: Logger; now?: () => number } = {},
  ) {}

  /** Drops what is cached (the next question reads the database). */
  invalidate(): void {
    this.generation++;
    this.overrides = undefined;
  }

  private subscribe(): Promise<(() => Promise<void>) | undefined> {
    // Listening starts before the first read, so no change between the two is missed.
    this.subscription ??= (this.bus?.subscribe(DISTRICT_SETTINGS_TOPIC, () => this.invalidate()) ?? Promise.resolve(undefined)).catch((error: unknown) => {
      this.options.log?.warn({ err: error }, 'quiet hours: cannot listen for settings changes; re-reading them every minute');
      this.subscription = undefined;
      return undefined;
    });
    return this.subscription;
  }

  private async current(): Promise<Map<string, QuietHours | null>> {
    await this.subscribe();
    const now = (this.options.now ?? Date.now)();
    if (this.overrides && now - this.loadedAt < MAX_AGE_MS) return this.overrides;
    const generation = this.generation;
    const raw = await quietHoursOverrides(this.db);
    const parsed = new Map([...raw].map(([district, text]) => [district, parseQuietHours(text)] as const));
    if (generation === this.generation) {
      this.overrides = parsed;
      this.loadedAt = now;
    }
    return parsed;
  }

  async filterAt(at: Date): Promise<QuietFilter> {
    const overrides = await this.current();
    if (isQuiet(this.defaultQuiet, at)) {
      const awake = [...overrides].filter(([, quiet]) => !isQuiet(quiet, at)).map(([district]) => district);
      return awake.length ? { only: awake.sort() } : { hold: 'all' };
    }
    const quiet = [...overrides].filter(([, q]) => isQuiet(q, at)).map(([district]) => district);
    return quiet.length ? { except: quiet.sort() } : { hold: 'none' };
  }

  async close(): Promise<void> {
    const unsubscribe = await this.subscription;
    this.subscription = undefined;
    await unsubscribe?.();
  }
}
