import type { RoutePlugin } from '../platform/http/routes.ts';
import { receiptWebhookRoutes } from './receipts/receipts.routes.ts';
import './delivery.deps.ts';

// Delivery's HTTP surface: the providers' receipt webhooks (public, signed).
export const deliveryRoutes: RoutePlugin = async (app, deps) => {
  if (deps.delivery) {
    await app.register(async (scope) =>
      receiptWebhookRoutes(scope, { parsers: deps.delivery!.parsers, writer: deps.delivery!.writer, log: deps.log }),
    );
  }
};
