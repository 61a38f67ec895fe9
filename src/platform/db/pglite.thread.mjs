// Starts the PGlite thread (pglite-thread.ts). A worker does not inherit the
// TypeScript loader that bin/taxstation.mjs registers, so it registers its own.
import { register } from 'tsx/esm/api';

register();
await import('./pglite-thread.worker.ts');
