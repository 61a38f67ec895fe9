// npm run bench -- nhn-season [--notices N] [--poll-ms N]
//
// The Gangnam season through NHN Cloud (AlimTalk and SMS by the NHN
// adapters, results by polling) against `taxstation sim` in its own process,
// and, in the same run on the same PGlite database, the same season through
// our own gateway protocol (webhook receipts): notices/s end to end for both
// and their ratio. E-mail goes through the simulated SMTP relay in both.
// NHN results are polled every --poll-ms (default 250 ms: the simulator
// completes results within ~20 ms; the adapter's default interval is 10 s,
// which would measure the interval, not the adapter). The run itself is
// bench/support/service-season.ts, shared with the SENS bench.

import { providersSchema, type ProviderConfig } from '../src/delivery/providers.config.ts';
import { runServiceSeasonBench } from './support/service-season.ts';

/** The simulator's NHN defaults (nhn.sim.ts). */
function nhnProviders(url: string, smtpPort: number, pollIntervalMs: number): ProviderConfig[] {
  const keys = { baseUrl: url, secretKey: 'sim-nhn-secret-key', pollIntervalMs, ratePerSecond: 100_000 };
  return providersSchema.parse([
    { type: 'nhn-alimtalk', name: 'nhn-kakao', ...keys, appKey: 'sim-nhn-alimtalk-appkey', senderKey: 'sim0nhn0sender0key0000000000000000000000' },
    { type: 'nhn-sms', name: 'nhn-sms', ...keys, appKey: 'sim-nhn-sms-appkey', sendNo: '0234235000' },
    { type: 'smtp', name: 'email-sim', host: '127.0.0.1', port: smtpPort, from: 'notice@taxstation.local', bounceDomain: 'bounces.taxstation.local', ratePerSecond: 100_000 },
  ]);
}

export async function run(args: string[]): Promise<void> {
  await runServiceSeasonBench(args, { key: 'nhn', label: 'NHN Cloud', providers: nhnProviders });
}
