import type { Bilingual } from '../../platform/i18n/i18n.ts';
import type { ProviderAdapter, ReceiptParser, ResultPoller } from '../provider.ts';
import type { ServiceProviderConfig } from '../providers.config.ts';
import type { SecretSources } from './secrets.ts';
import { NHN_ALIMTALK_KIND, NHN_SMS_KIND } from './nhn/nhn.kind.ts';
import { SENS_ALIMTALK_KIND, SENS_SMS_KIND } from './sens/sens.kind.ts';

// How each real messaging service plugs in: its entry in TAXSTATION_PROVIDERS
// (a schema in its folder, spread into providers.config.ts) and a kind here
// that builds its adapter (with a receipt parser when results come by
// webhook, a poller when they must be asked for) and checks its
// configuration against the service for `taxstation providers check`.
// Adding a service: its schema to the union in providers.config.ts, its kind
// to PROVIDER_KINDS. The runtime and the check command need nothing else.

export interface BuiltProvider {
  adapter: ProviderAdapter;
  /** When the service POSTs results: verifies and reads them (route /api/webhooks/receipts/<name>). */
  parser?: ReceiptParser;
  /** When results must be asked for. */
  poller?: ResultPoller;
}

/** What `providers check` found, in words an official can act on; never a credential. */
export interface ProviderCheckResult {
  ok: boolean;
  /**
   * One sentence per thing checked, in both languages (from
   * providers-check.messages.ts): what is right, or what is wrong and what to do.
   */
  findings: Bilingual[];
}

export interface ProviderKind<C extends ServiceProviderConfig> {
  /** Throws a message naming the entry and the setting when a credential cannot be read. */
  build(config: C, sources: SecretSources): BuiltProvider;
  /**
   * Calls the service's cheapest read-only endpoints (sender numbers, sender
   * profile, template list, balance) and says what is wrong. Never sends a
   * message; never throws for an answer the service gives.
   */
  check(config: C, sources: SecretSources, signal?: AbortSignal): Promise<ProviderCheckResult>;
}

export const PROVIDER_KINDS: { [T in ServiceProviderConfig['type']]: ProviderKind<Extract<ServiceProviderConfig, { type: T }>> } = {
  'nhn-sms': NHN_SMS_KIND,
  'nhn-alimtalk': NHN_ALIMTALK_KIND,
  'sens-sms': SENS_SMS_KIND,
  'sens-alimtalk': SENS_ALIMTALK_KIND,
};

export function kindOf<C extends ServiceProviderConfig>(config: C): ProviderKind<C> {
  return PROVIDER_KINDS[config.type] as unknown as ProviderKind<C>;
}
