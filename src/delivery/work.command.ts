import type { Command } from 'commander';
import { openRuntime } from '../platform/runtime.ts';
import { createCipher } from '../platform/crypto.ts';
import { startDeliveryRuntime } from './delivery.runtime.ts';
import { startReceiptListener } from './receipts/receipt-listener.ts';
import { startMetricsListener } from '../platform/metrics/metrics-listener.ts';
import type { HousekeepingTask } from '../platform/retention/retention.ts';

/** `housekeeping`: the composition root's other periodic jobs (retention purges), run beside delivery's own. */
export function registerWorkCommand(program: Command, housekeeping: () => HousekeepingTask[] = () => []): void {
  program
    .command('work')
    .description('run the delivery worker: dispatch, receipts, bounce listener, schedules (run several against one PostgreSQL)')
    .option('--receipts-host <host>', 'address for the receipt webhook listener', '127.0.0.1')
    .option('--receipts-port <port>', 'port for receipt webhooks (default: a free port when the in-process simulator is used, else none: serve receives them)')
    .action(async (options: { receiptsHost: string; receiptsPort?: string }) => {
      const rt = await openRuntime('work');
      const cipher = createCipher(rt.config.encryptionKey);
      const delivery = await startDeliveryRuntime({ ...rt, cipher }, { worker: true, bounceListener: true, housekeeping: housekeeping() });
      let listener: { url: string; close(): Promise<void> } | undefined;
      if (options.receiptsPort !== undefined || delivery.simulator) {
        listener = await startReceiptListener({ parsers: delivery.parsers, writer: delivery.writer, log: rt.log }, options.receiptsHost, Number(options.receiptsPort ?? 0));
        delivery.setReceiptBaseUrl(listener.url);
      }
      const metrics = await startMetricsListener(rt.config, rt.db);
      if (metrics) console.log(`metrics and probes at ${metrics.url}/metrics, /livez, /readyz`);
      console.log(
        `taxstation work ${delivery.engine.workerId} on ${rt.db.engine}: providers ${delivery.providers.map((p) => p.settings.name).join(', ')}` +
          `${listener ? `; receipts at ${listener.url}/api/webhooks/receipts/<provider>` : ''}${delivery.bounce ? `; bounces on SMTP port ${delivery.bounce.port}` : ''}`,
      );
      await new Promise<void>((resolve) => {
        process.once('SIGINT', resolve);
        process.once('SIGTERM', resolve);
      });
      await metrics?.close();
      await listener?.close();
      await delivery.close();
      await rt.close();
    });
}
