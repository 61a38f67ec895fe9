import type { Config } from '../platform/config.ts';
import type { PersonalDataCipher } from '../platform/crypto.ts';
import type { Database } from '../platform/db/database.ts';
import type { Logger } from '../platform/logger.ts';
import type { HousekeepingTask } from '../platform/retention/retention.ts';
import { DispatchEngine, type ConfiguredProvider, type DispatchOptions } from './dispatch/dispatch.engine.ts';
import { createNoticeRenderer } from './dispatch/notice-renderer.ts';
import { parseQuietHours } from './dispatch/quiet-hours.ts';
import { loadLawRules } from './law/law-rules.ts';
import { applyEnrolmentWithdrawals } from './law/enrolment-withdrawal.ts';
import type { ReceiptParser, ResultPoller } from './provider.ts';
import { dkimSigningOf, parseProvidersConfig, type ProviderConfig } from './providers.config.ts';
import { kindOf } from './providers/provider-kinds.ts';
import { processSecretSources, type SecretSources } from './providers/secrets.ts';
import { ResultPolling } from './receipts/result-polling.ts';
import { startBounceListener, type BounceListener } from './providers/bounce-listener.ts';
import { GatewayReceiptParser } from './providers/gateway-receipt.parser.ts';
import { KakaoGatewayAdapter } from './providers/kakao-gateway.adapter.ts';
import { SmsGatewayAdapter } from './providers/sms-gateway.adapter.ts';
import { BOUNCE_KEY_PURPOSE, BounceSigner, SmtpAdapter } from './providers/smtp.adapter.ts';
import { ReceiptWriter } from './receipts/receipts.service.ts';
import { storeRefusedReports } from './receipts/refused-reports.repository.ts';
import { startSimulator, type Simulator, type SimulatorOptions } from './simulator/simulator.ts';
import { paperJobDepsOf, runNextPaperJob } from './paper/paper-batch-jobs.service.ts';

// Everything delivery needs in one process, put together from the config:
// the providers (or the in-process gateway simulator when none is
// configured), their receipt parsers, the receipt writer, the bounce
// listener and, in a worker, the dispatch loop and the paper batches asked
// for from the console.

export interface DeliveryRuntimeDeps {
  config: Config;
  db: Database;
  log: Logger;
  cipher: PersonalDataCipher;
}

export interface DeliveryRuntimeOptions {
  /** Run the dispatch loop in this process. */
  worker: boolean;
  /** Listen for bounce reports (SMTP) in this process. */
  bounceListener: boolean;
  dispatch?: Partial<DispatchOptions>;
  /** Pause between rounds when there was nothing to do. */
  idleMs?: number;
  /** `serve --demo`: with the in-process simulator, the demo's controls (DeliveryRuntime.demo). */
  demo?: boolean;
  /** Options for the in-process simulator (used only when no provider is configured). */
  simulator?: Partial<SimulatorOptions>;
  /** Providers to use instead of TAXSTATION_PROVIDERS (tests, benchmarks). */
  providers?: ProviderConfig[];
  /** Where credentials given as {"env"} or {"file"} are read; default the process's. */
  secrets?: SecretSources;
  /** Other periodic jobs the worker runs (the composition root's list: retention purges). */
  housekeeping?: HousekeepingTask[];
}

export interface DeliveryRuntime {
  providers: ConfiguredProvider[];
  parsers: Map<string, ReceiptParser>;
  /** Results asked for from the services without a result webhook. */
  polling: ResultPolling;
  writer: ReceiptWriter;
  engine: DispatchEngine;
  simulator?: Simulator;
  /**
   * The demo's controls: present only under `serve --demo` with the
   * in-process simulator (no real phone can ring, no real inbox is read).
   * Lifting quiet hours only where this process delivers (its worker runs).
   */
  demo?: { liftQuietHours?(until: Date): void; quietHoursLiftedUntil(now?: Date): Date | null };
  bounce?: BounceListener;
  /** Tells the in-process simulator where this process receives receipt webhooks. */
  setReceiptBaseUrl(baseUrl: string): void;
  /** Runs one round now (tests, the season command). */
  tick(): Promise<number>;
  close(): Promise<void>;
}

const SIM_PROVIDERS = { kakao: 'kakao-sim', sms: 'sms-sim', email: 'email-sim' } as const;

function buildProviders(
  configs: ProviderConfig[],
  bounceSigner: BounceSigner,
  secrets: SecretSources,
): { providers: ConfiguredProvider[]; parsers: Map<string, ReceiptParser>; pollers: ResultPoller[] } {
  const providers: ConfiguredProvider[] = [];
  const parsers = new Map<string, ReceiptParser>();
  const pollers: ResultPoller[] = [];
  for (const c of configs) {
    const settings = { name: c.name, priority: c.priority, ratePerSecond: c.ratePerSecond };
    if (c.type !== 'kakao-gateway' && c.type !== 'sms-gateway' && c.type !== 'smtp') {
      // A real service: its kind builds the adapter and says how results come back.
      const built = kindOf(c).build(c, secrets);
      providers.push({ adapter: built.adapter, settings: { ...settings, channel: built.adapter.channel } });
      if (built.parser) parsers.set(c.name, built.parser);
      if (built.poller) pollers.push(built.poller);
    } else if (c.type === 'kakao-gateway' || c.type === 'sms-gateway') {
      const options = { name: c.name, baseUrl: c.baseUrl, apiKey: c.apiKey, maxBatchSize: c.maxBatchSize };
      const adapter = c.type === 'kakao-gateway' ? new KakaoGatewayAdapter(options) : new SmsGatewayAdapter(options);
      providers.push({ adapter, settings: { ...settings, channel: adapter.channel } });
      parsers.set(c.name, new GatewayReceiptParser({ provider: c.name, secret: c.webhookSecret }));
    } else {
      const adapter = new SmtpAdapter({
        name: c.name, host: c.host, port: c.port, secure: c.secure, from: c.from, bounceDomain: c.bounceDomain, bounceSigner,
        maxConnections: c.maxConnections, maxBatchSize: c.maxBatchSize,
        auth: c.user && c.pass ? { user: c.user, pass: c.pass } : undefined,
        dkim: dkimSigningOf(c), listUnsubscribe: c.listUnsubscribe,
      });
      providers.push({ adapter, settings: { ...settings, channel: 'email' } });
    }
  }
  return { providers, parsers, pollers };
}

export async function startDeliveryRuntime(deps: DeliveryRuntimeDeps, options: DeliveryRuntimeOptions): Promise<DeliveryRuntime> {
  const { config, db, log } = deps;
  let simulator: Simulator | undefined;
  let configs = options.providers ?? parseProvidersConfig(config.TAXSTATION_PROVIDERS);
  if (!configs) {
    simulator = await startSimulator({ host: '127.0.0.1', port: 0, profile: config.TAXSTATION_SIM_PROFILE, smtp: { port: 0 }, ...options.simulator });
    log.info({ url: simulator.url, profile: config.TAXSTATION_SIM_PROFILE }, 'no TAXSTATION_PROVIDERS: using the in-process gateway simulator');
    const secret = simulator.webhookSecret;
    configs = [
      { type: 'kakao-gateway', name: SIM_PROVIDERS.kakao, baseUrl: simulator.url, apiKey: simulator.apiKey, webhookSecret: secret, priority: 100, ratePerSecond: 100_000 },
      { type: 'sms-gateway', name: SIM_PROVIDERS.sms, baseUrl: simulator.url, apiKey: simulator.apiKey, webhookSecret: secret, priority: 100, ratePerSecond: 100_000 },
      {
        type: 'smtp', name: SIM_PROVIDERS.email, host: '127.0.0.1', port: simulator.smtpPort!, secure: false,
        from: 'notice@taxstation.local', bounceDomain: 'bounces.taxstation.local', priority: 100, ratePerSecond: 100_000,
        maxConnections: 10, maxBatchSize: 200,
      },
    ];
  }
  // Return paths are signed with a key derived from the encryption key, which
  // every process shares (the database checks it): any process's bounce
  // listener verifies what any process's SMTP adapter signed.
  const bounceSigner = new BounceSigner(deps.cipher.deriveKey(BOUNCE_KEY_PURPOSE));
  const { providers, parsers, pollers } = buildProviders(configs, bounceSigner, options.secrets ?? processSecretSources);
  const writer = new ReceiptWriter(db, { maxBatch: 1000, maxDelayMs: 5 });
  const polling = new ResultPolling(db, pollers, writer, log);

  let bounce: BounceListener | undefined;
  if (options.bounceListener) {
    const [host, port] = (config.TAXSTATION_BOUNCE_LISTEN ?? '127.0.0.1:0').split(':') as [string, string];
    bounce = await startBounceListener({
      host,
      port: Number(port),
      providers: providers.filter((p) => p.settings.channel === 'email').map((p) => p.settings.name),
      signer: bounceSigner,
      onReceipts: (receipts) => writer.write(receipts),
      onRefused: async (reports) => {
        const kept = await storeRefusedReports(db, deps.cipher, reports);
        log.warn(
          { refused: reports.length, kept, namingNoMessage: reports.length - kept, reasons: [...new Set(reports.map((r) => r.reason))] },
          'bounce listener: mail to an unsigned or wrongly signed return path not applied; kept for inspection when it named a message',
        );
      },
    });
    simulator?.setDsnTarget({ host: host === '0.0.0.0' ? '127.0.0.1' : host, port: bounce.port });
  }

  const engine = new DispatchEngine(
    { db, cipher: deps.cipher, log, providers, renderer: createNoticeRenderer(config.TAXSTATION_PUBLIC_URL ?? `http://${config.TAXSTATION_HOST}:${config.TAXSTATION_PORT}`, deps.cipher) },
    {
      batchSize: config.TAXSTATION_WORKER_BATCH,
      lockSeconds: config.TAXSTATION_CLAIM_LOCK_SECONDS,
      receiptTimeoutSeconds: config.TAXSTATION_RECEIPT_TIMEOUT_SECONDS,
      quietHours: parseQuietHours(config.TAXSTATION_QUIET_HOURS),
      // PGlite runs queries on this thread: one lane per channel is enough,
      // and receipts are applied in larger batches (see receiptGatherBelow).
      concurrency: db.engine === 'pglite' ? 1 : 2,
      ...(db.engine === 'pglite' ? { receiptGatherBelow: 1000, receiptGatherMs: 250 } : {}),
      ...options.dispatch,
    },
  );

  let stopped = false;
  let loop: Promise<void> = Promise.resolve();
  const tick = async () => {
    const polled = polling.size > 0 ? await polling.round() : 0;
    const r = await engine.tick();
    return polled + r.sent + r.receiptsApplied + r.housekeeping;
  };
  if (options.worker) {
    const idleMs = options.idleMs ?? 200;
    const law = (async () => {
      // Enforcement Decree §14④, checked every ten minutes.
      while (!stopped) {
        try {
          const withdrawn = await applyEnrolmentWithdrawals(db, await loadLawRules(db));
          if (withdrawn.taxpayers) log.info({ taxpayers: withdrawn.taxpayers }, 'e-delivery applications deemed withdrawn (Enforcement Decree §14④)');
        } catch (error) {
          log.error({ err: error }, 'enrolment withdrawal check failed');
        }
        for (let waited = 0; waited < 600_000 && !stopped; waited += 500) await new Promise((r) => setTimeout(r, 500));
      }
    })();
    const poll = (async () => {
      // Results of the services that must be asked (each poller keeps its own interval).
      while (!stopped && polling.size > 0) {
        try {
          await polling.round();
        } catch (error) {
          log.error({ err: error }, 'result polling failed');
        }
        for (let waited = 0; waited < Math.min(polling.intervalMs, 1000) && !stopped; waited += 100) await new Promise((r) => setTimeout(r, 100));
      }
    })();
    const others = (options.housekeeping ?? []).map(async (task) => {
      while (!stopped) {
        try {
          await task.run(db, log);
        } catch (error) {
          log.error({ err: error }, `${task.name} failed`);
        }
        for (let waited = 0; waited < task.intervalMs && !stopped; waited += 500) await new Promise((r) => setTimeout(r, 500));
      }
    });
    const paperDeps = paperJobDepsOf({ config, db, cipher: deps.cipher, log });
    const paper = (async () => {
      // Paper batches asked for from the console (paper-batch-jobs.service.ts): one at a time, looked for every second.
      while (!stopped) {
        let ran = false;
        try {
          ran = (await runNextPaperJob(paperDeps)) !== null;
        } catch (error) {
          log.error({ err: error }, 'paper batch jobs failed');
        }
        for (let waited = 0; !ran && waited < 1000 && !stopped; waited += 100) await new Promise((r) => setTimeout(r, 100));
      }
    })();
    loop = Promise.all([engine.run(() => stopped, idleMs), law, poll, paper, ...others]).then(() => undefined);
  }

  return {
    providers,
    parsers,
    polling,
    writer,
    engine,
    simulator,
    demo: simulator && options.demo
      ? { liftQuietHours: options.worker ? (until: Date) => engine.liftQuietHours(until) : undefined, quietHoursLiftedUntil: (now?: Date) => engine.quietHoursLiftedUntil(now) }
      : undefined,
    bounce,
    setReceiptBaseUrl(baseUrl) {
      const base = baseUrl.replace(/\/+$/, '');
      simulator?.setWebhooks({
        kakao: `${base}/api/webhooks/receipts/${SIM_PROVIDERS.kakao}`,
        sms: `${base}/api/webhooks/receipts/${SIM_PROVIDERS.sms}`,
      });
    },
    tick,
    async close() {
      stopped = true;
      await loop;
      await engine.close();
      // Clients before servers: an SMTP server's close waits for its open
      // connections, so our pooled connections to the relay go first, then
      // the relay (whose reports come to the bounce listener), then the listener.
      for (const p of providers) await p.adapter.close?.();
      await simulator?.close();
      await bounce?.close();
      await writer.close();
    },
  };
}
