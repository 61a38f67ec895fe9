#!/usr/bin/env node
// The TypeScript sources run directly through tsx: no build step between a
// fresh clone and a running service.
import { register } from 'tsx/esm/api';

register();
await import('../src/app/main.ts');
