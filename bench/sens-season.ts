// npm run bench -- sens-season [--notices N] [--poll-ms N]
//
// The Gangnam season through Naver Cloud SENS (AlimTalk and SMS by the SENS
// adapters, results by polling) against `taxstation sim` in its own process,
// and, in the same run on the same PGlite database, the same season through
// our own gateway protocol (webhook receipts): notices/s end to end for both
// and their ratio. E-mail goes through the simulated SMTP relay in both.
// SENS results are polled every --poll-ms (default 250 ms: the simulator
// completes results within ~20 ms; the service's default interval is 15 s,
// which would measure the interval, not the adapter).

import { providersSchema, type ProviderConfig } from '../src/delivery/providers.config.ts';
import { runServiceSeasonBench } from './support/service-season.ts';

/** The simulator's SENS defaults (sens.sim.ts). */
function sensProviders(url: string, smtpPort: number, pollIntervalMs: number): ProviderConfig[] {
  const keys = { baseUrl: url, accessKey: 'sim-sens-access-key', secretKey: 'sim-sens-secret-key', pollIntervalMs, ratePerSecond: 100_000 };
  return providersSchema.parse([
    { type: 'sens-alimtalk', name: 'sens-kakao', ...keys, serviceId: 'ncp:kkobizmsg:kr:100000000001:taxstation', plusFriendId: '@taxstation' },
    { type: 'sens-sms', name: 'sens-sms', ...keys, serviceId: 'ncp:sms:kr:100000000001:taxstation', from: '0234235000' },
    { type: 'smtp', name: 'email-sim', host: '127.0.0.1', port: smtpPort, from: 'notice@taxstation.local', bounceDomain: 'bounces.taxstation.local', ratePerSecond: 100_000 },
  ]);
}

export async function run(args: string[]): Promise<void> {
  await runServiceSeasonBench(args, { key: 'sens', label: 'Naver Cloud SENS', providers: sensProviders });
}
