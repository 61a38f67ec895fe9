import type { ProviderKind } from '../provider-kinds.ts';
import type { NhnAlimtalkConfig, NhnSmsConfig } from './nhn.config.ts';

// Placeholder until the NHN Cloud adapters land (same session): the entry
// parses, but building it says so.
function notYet(): never {
  throw new Error('TAXSTATION_PROVIDERS: the NHN Cloud adapters are not built yet');
}

export const NHN_SMS_KIND: ProviderKind<NhnSmsConfig> = {
  build: notYet,
  check: async () => ({ ok: false, findings: ['The NHN Cloud SMS adapter is not built yet.'] }),
};

export const NHN_ALIMTALK_KIND: ProviderKind<NhnAlimtalkConfig> = {
  build: notYet,
  check: async () => ({ ok: false, findings: ['The NHN Cloud AlimTalk adapter is not built yet.'] }),
};
