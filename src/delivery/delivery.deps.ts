import type { DeliveryRuntime } from './delivery.runtime.ts';

// Delivery's addition to what every route module receives: the providers,
// receipt parsers and writer, and the dispatch engine, when this process
// runs delivery. Declared here, so platform never names delivery.

declare module '../platform/http/deps.ts' {
  interface AppDeps {
    delivery?: DeliveryRuntime;
  }
}

export type { DeliveryRuntime };
