import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ReceiptRejected, type Receipt } from '../provider.ts';
import { GatewayReceiptParser } from '../providers/gateway-receipt.parser.ts';

// For tests: a real HTTP endpoint that receives the simulator's receipt
// webhooks, verifies them with the real parser and keeps them in arrival order.

export interface ReceiptCollector {
  url: string;
  received: Receipt[];
  refused: string[];
  /** Answer the next n calls with 500, to see the simulator retry. */
  failNext(n: number): void;
  waitFor(predicate: (received: Receipt[]) => boolean, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

export async function startReceiptCollector(provider: string, secret: string): Promise<ReceiptCollector> {
  const parser = new GatewayReceiptParser({ provider, secret });
  const received: Receipt[] = [];
  const refused: string[] = [];
  let failing = 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (failing > 0) {
        failing--;
        res.writeHead(500).end();
        return;
      }
      try {
        received.push(...parser.parseWebhook(req.headers, Buffer.concat(chunks)));
        res.writeHead(204).end();
      } catch (error) {
        refused.push(error instanceof ReceiptRejected ? error.reason : String(error));
        res.writeHead(400).end();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/receipts`,
    received,
    refused,
    failNext(n) {
      failing = n;
    },
    async waitFor(predicate, timeoutMs = 15_000) {
      const until = Date.now() + timeoutMs;
      while (!predicate(received)) {
        if (Date.now() > until) throw new Error(`receipts did not arrive in time (have ${received.length})`);
        await new Promise((r) => setTimeout(r, 10));
      }
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
