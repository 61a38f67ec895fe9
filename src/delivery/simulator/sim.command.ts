import { InvalidArgumentError, Option, type Command } from 'commander';
import { PROFILE_NAMES, type ProfileName } from './sim.profile.ts';
import { startSimulator } from './simulator.ts';

// `taxstation sim`: the gateway simulator as its own process, for a demo on
// several machines, for benchmarks and for tests that kill workers.

function port(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError('use a port number (0-65535)');
  return n;
}

function hostPort(value: string): { host: string; port: number } {
  const match = /^(.+):(\d{1,5})$/.exec(value);
  if (!match) throw new InvalidArgumentError('use HOST:PORT, e.g. 127.0.0.1:2526');
  return { host: match[1]!.replace(/^\[|\]$/g, ''), port: port(match[2]!) };
}

function url(value: string): string {
  try {
    return new URL(value).toString();
  } catch {
    throw new InvalidArgumentError('use a full URL, e.g. http://127.0.0.1:3000/api/receipts/kakao');
  }
}

function nonNegative(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) throw new InvalidArgumentError('use a number of 0 or more');
  return n;
}

interface SimCommandOptions {
  host: string;
  port: number;
  profile: ProfileName;
  seed: string;
  apiKey?: string;
  webhookSecret?: string;
  webhookKakao?: string;
  webhookSms?: string;
  smtpPort?: number;
  dsnTo?: { host: string; port: number };
  latencyMs?: number;
  rateLimit?: number;
}

export function registerSimCommand(program: Command): void {
  program
    .command('sim')
    .description('run the KakaoTalk/SMS gateway (our protocol and Naver Cloud SENS) and SMTP relay simulator (seeded, deterministic) until stopped')
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--port <n>', 'HTTP port of both gateways (0 picks a free one)', port, 4010)
    .addOption(new Option('--profile <name>', 'failure mix').choices(PROFILE_NAMES).default('gangnam'))
    .option('--seed <s>', 'seed of every fate: same seed and recipient, same fate', 'taxstation')
    .option('--api-key <key>', 'bearer key the gateways accept (default: TAXSTATION_SIM_API_KEY, else sim-api-key)')
    .option('--webhook-secret <secret>', 'secret receipts are signed with (default: TAXSTATION_SIM_WEBHOOK_SECRET, else random)')
    .option('--webhook-kakao <url>', 'where KakaoTalk receipts are POSTed', url)
    .option('--webhook-sms <url>', 'where SMS receipts are POSTed', url)
    .option('--smtp-port <n>', 'also run the SMTP relay on this port', port)
    .option('--dsn-to <host:port>', 'where the relay sends delivery reports (the bounce listener)', hostPort)
    .option('--latency-ms <ms>', 'override: added to every gateway call', nonNegative)
    .option('--rate-limit <perSecond>', 'override: gateway calls per second before 429', nonNegative)
    .addHelpText(
      'after',
      `
Profiles:
  gangnam  about 6% of electronic recipients unreachable (dead prefixes from the
           data, changed numbers, non-KakaoTalk keys, bouncing or full mailboxes),
           receipts within tens of ms, no outages (the default)
  clean    everything delivered except dead prefixes
  chaos    every fault: latency, 429s, 503s and an outage window, garbage answers,
           late, duplicated, out-of-order and lost receipts

Example:
  taxstation sim --port 4010 --smtp-port 2525 --dsn-to 127.0.0.1:2526 \\
    --webhook-kakao http://127.0.0.1:3000/api/receipts/kakao \\
    --webhook-sms http://127.0.0.1:3000/api/receipts/sms`,
    )
    .action(async (options: SimCommandOptions) => {
      const overrides = {
        ...(options.latencyMs !== undefined ? { latencyMs: options.latencyMs } : {}),
        ...(options.rateLimit !== undefined ? { rateLimitPerSecond: options.rateLimit || null } : {}),
      };
      const sim = await startSimulator({
        host: options.host,
        port: options.port,
        profile: options.profile,
        seed: options.seed,
        apiKey: options.apiKey ?? process.env.TAXSTATION_SIM_API_KEY ?? 'sim-api-key',
        ...((options.webhookSecret ?? process.env.TAXSTATION_SIM_WEBHOOK_SECRET) ? { webhookSecret: options.webhookSecret ?? process.env.TAXSTATION_SIM_WEBHOOK_SECRET } : {}),
        webhooks: { ...(options.webhookKakao ? { kakao: options.webhookKakao } : {}), ...(options.webhookSms ? { sms: options.webhookSms } : {}) },
        ...(options.smtpPort !== undefined ? { smtp: { port: options.smtpPort, ...(options.dsnTo ? { dsnTo: options.dsnTo } : {}) } } : {}),
        overrides,
      });
      const lines = [
        `gateway simulator (profile ${options.profile}, seed ${options.seed})`,
        `  KakaoTalk gateway  POST ${sim.url}/v1/kakao/messages:batch`,
        `  SMS/LMS gateway    POST ${sim.url}/v1/sms/messages:batch`,
        `  Naver Cloud SENS   ${sim.url}/sms/v2/services/${sim.sens.smsServiceId}/messages`,
        `                     ${sim.url}/alimtalk/v2/services/${sim.sens.alimtalkServiceId}/messages (channel ${sim.sens.plusFriendId})`,
        `  SENS keys          access ${sim.sens.accessKey}, secret ${sim.sens.secretKey} (results by polling)`,
        `  NHN Cloud          ${sim.url}/sms/v3.0/appKeys/${sim.nhn.smsAppKey}/sender/sms (calling number ${sim.nhn.sendNos.join(', ')})`,
        `                     ${sim.url}/alimtalk/v2.3/appkeys/${sim.nhn.alimtalkAppKey}/raw-messages (sender key ${sim.nhn.senderKey})`,
        `  NHN keys           X-Secret-Key ${sim.nhn.secretKey} (results by polling)`,
        `  statistics         GET  ${sim.url}/sim/stats   and ${sim.url}/sim/messages`,
        `  API key            ${sim.apiKey}`,
        `  webhook secret     ${sim.webhookSecret}`,
        `  KakaoTalk receipts ${options.webhookKakao ?? '(no webhook: receipts are not sent)'}`,
        `  SMS receipts       ${options.webhookSms ?? '(no webhook: receipts are not sent)'}`,
        sim.smtpPort !== undefined ? `  SMTP relay         ${options.host}:${sim.smtpPort}, reports to ${options.dsnTo ? `${options.dsnTo.host}:${options.dsnTo.port}` : '(nowhere: --dsn-to not given)'}` : '  SMTP relay         off (--smtp-port to run it)',
        'stop with Ctrl-C',
      ];
      console.log(lines.join('\n'));
      await new Promise<void>((resolve) => {
        const stop = () => {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          resolve();
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
      });
      const stats = sim.stats();
      await sim.close();
      console.log(`stopped: ${stats.accepted} accepted, ${stats.delivered} delivered, ${stats.failed} failed, ${stats.duplicatesSuppressed} duplicates suppressed`);
    });
}
