import type { Command } from 'commander';
import { openRuntime } from '../platform/runtime.ts';
import { createCipher } from '../platform/crypto.ts';
import { demoLogins, DEMO_PASSWORD, seedDemo } from '../platform/demo/seed.ts';
import { demoExtraLogins, demoStartLines, demoSeedSteps } from './demo.ts';
import { buildAppServer } from './server.ts';
import { startDeliveryRuntime } from '../delivery/delivery.runtime.ts';
import { createRealtimeBus } from '../platform/realtime/bus.ts';
import { workerHousekeeping } from './retention.ts';

interface ServeOptions {
  demo?: boolean;
  work?: boolean;
  port?: string;
  host?: string;
}

export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description('run the web server: resident pages, staff console and the HTTP API (/api/openapi.json)')
    .option('--demo', 'seed demo districts and staff accounts when the database is empty, and print the logins')
    .option('--port <n>', 'port to listen on (default TAXSTATION_PORT or 3000; 0 picks a free port)')
    .option('--host <host>', 'address to listen on (default TAXSTATION_HOST or 127.0.0.1)')
    .option('--no-work', 'do not run the delivery worker in this process (run `taxstation work` processes instead)')
    .action(async (options: ServeOptions) => {
      const port = options.port !== undefined ? Number(options.port) : undefined;
      if (port !== undefined && (!Number.isInteger(port) || port < 0 || port > 65535)) {
        console.error(`error: --port must be a whole number from 0 to 65535, not "${options.port}"`);
        process.exit(2);
      }
      const runtime = await openRuntime('serve');
      const { config, log, db } = runtime;
      const cipher = createCipher(config.encryptionKey);
      if (options.demo) {
        const { created } = await seedDemo({ db, cipher, log }, demoSeedSteps);
        if (created) console.log('Demo data created: districts gangnam (강남구) and seocho (서초구).');
      }
      // On PGlite only one process may open the database, so the web server
      // delivers too; on PostgreSQL, --no-work leaves that to `work` processes.
      const delivery = await startDeliveryRuntime({ config, db, log, cipher }, { worker: options.work !== false, bounceListener: options.work !== false, demo: options.demo === true, housekeeping: workerHousekeeping() });
      const app = await buildAppServer({ config, db, log, cipher, delivery, bus: createRealtimeBus(db, { log }) });
      const host = options.host ?? config.TAXSTATION_HOST;
      await app.listen({ port: port ?? config.TAXSTATION_PORT, host });
      const address = app.server.address();
      const actualPort = typeof address === 'object' && address ? address.port : port;
      const shownHost = host === '0.0.0.0' || host === '::' ? 'localhost' : host.includes(':') ? `[${host}]` : host;
      const url = config.TAXSTATION_PUBLIC_URL ?? `http://${shownHost}:${actualPort}/`;
      delivery.setReceiptBaseUrl(`http://${shownHost === 'localhost' ? '127.0.0.1' : shownHost}:${actualPort}`);

      console.log(`\nTax Station is running at ${url}  (database: ${db.engine})`);
      console.log(`Staff console: ${new URL('/login', url).href}   API: ${new URL('/api/openapi.json', url).href}`);
      if (options.demo) {
        console.log(`\nDemo logins (password for all: ${DEMO_PASSWORD})`);
        const rows = [...demoLogins(), ...demoExtraLogins];
        const width = Math.max(...rows.map((r) => r.username.length));
        console.log(`  ${'username'.padEnd(width)}  role          district`);
        for (const r of rows) console.log(`  ${r.username.padEnd(width)}  ${r.role.padEnd(12)}  ${r.district}`);
        const lines = await demoStartLines({ db, cipher, log }, url);
        if (delivery.demo) lines.unshift('Demo phone and inbox: what the demo residents received (KakaoTalk, texts, e-mail), links working:', `  ${new URL('/r/demo/phone', url).href}`);
        if (lines.length) console.log(`\n${lines.join('\n')}`);
      }
      console.log('\nPress Ctrl+C to stop.');

      let stopping = false;
      const stop = async (signal: string) => {
        if (stopping) return;
        stopping = true;
        log.info({ signal }, 'shutting down');
        try {
          await app.close();
          await delivery.close();
          await runtime.close();
          process.exit(0);
        } catch (error) {
          log.error({ err: error }, 'shutdown failed');
          process.exit(1);
        }
      };
      process.once('SIGINT', () => void stop('SIGINT'));
      process.once('SIGTERM', () => void stop('SIGTERM'));
    });
}
