import type { ElectronicChannel } from '../provider.ts';
import { parseProvidersConfig, type ProviderConfig } from '../providers.config.ts';
import { checkProviders, type ProviderCheckLine } from '../providers/providers-check.ts';
import type { SecretSources } from '../providers/secrets.ts';

// What the providers page shows, from TAXSTATION_PROVIDERS: each provider's
// channel, its read-only check (run with a short timeout, the result reused
// for a minute so reloading the page does not call the services each time),
// and the order the engine tries them in per channel (chooseProvider in
// dispatch/provider-health.repository.ts: priority, then name).

/** The channel each type of entry sends on; a new type without one does not compile. */
export const CHANNEL_OF_TYPE: Record<ProviderConfig['type'], ElectronicChannel> = {
  'kakao-gateway': 'kakao',
  'sms-gateway': 'sms',
  smtp: 'email',
  'nhn-sms': 'sms',
  'nhn-alimtalk': 'kakao',
  'sens-sms': 'sms',
  'sens-alimtalk': 'kakao',
};

/** The channels in the order the engine falls back between them for a notice. */
export const CHANNEL_ORDER: readonly ElectronicChannel[] = ['kakao', 'sms', 'email'];

export interface ProviderFailover {
  channel: ElectronicChannel;
  providers: { name: string; priority: number }[];
}

export function failoverOrder(configs: ProviderConfig[]): ProviderFailover[] {
  return CHANNEL_ORDER.map((channel) => ({
    channel,
    providers: configs
      .filter((c) => CHANNEL_OF_TYPE[c.type] === channel)
      .map((c) => ({ name: c.name, priority: c.priority }))
      .sort((a, b) => a.priority - b.priority || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)),
  })).filter((f) => f.providers.length > 0);
}

export type ProvidersSetting = { state: 'none' } | { state: 'invalid' } | { state: 'ok'; configs: ProviderConfig[] };

/** The setting read as the runtime reads it; an unreadable one is said, its text never shown (it may hold a key). */
export function readProvidersSetting(text: string | undefined): ProvidersSetting {
  try {
    const configs = parseProvidersConfig(text);
    return configs ? { state: 'ok', configs } : { state: 'none' };
  } catch {
    return { state: 'invalid' };
  }
}

export interface ProviderHealth {
  checkedAt: Date;
  lines: ProviderCheckLine[];
}

/** Runs the checks at most once a minute (per process); concurrent page loads share one run. */
export class ProviderHealthCache {
  private last: { at: number; run: Promise<ProviderCheckLine[]> } | null = null;

  constructor(private readonly options: { timeoutMs: number; maxAgeMs: number; sources?: SecretSources; clock: () => Date }) {}

  async health(configs: ProviderConfig[]): Promise<ProviderHealth> {
    const now = this.options.clock().getTime();
    if (!this.last || now - this.last.at >= this.options.maxAgeMs) {
      const run = checkProviders(configs, { timeoutMs: this.options.timeoutMs, sources: this.options.sources });
      this.last = { at: now, run };
      run.catch(() => {
        if (this.last?.run === run) this.last = null;
      });
    }
    return { checkedAt: new Date(this.last.at), lines: await this.last.run };
  }
}
