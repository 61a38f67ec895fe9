import Fastify from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { sendProblem } from '../../platform/http/problem.ts';
import { receiptWebhookRoutes, type ReceiptRouteDeps } from './receipts.routes.ts';

// A process without the web server (`work`, `season send`) still receives
// receipt webhooks: this is the same route on a bare HTTP listener.

export async function startReceiptListener(deps: ReceiptRouteDeps, host: string, port: number): Promise<{ url: string; close(): Promise<void> }> {
  const app = Fastify({ logger: false, bodyLimit: 8 * 1024 * 1024 });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler((error, request, reply) => sendProblem(request, reply, error));
  await app.register(async (scope) => receiptWebhookRoutes(scope, deps));
  await app.listen({ host, port });
  const address = app.server.address();
  const actualPort = typeof address === 'object' && address ? address.port : port;
  return { url: `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${actualPort}`, close: () => app.close() };
}
