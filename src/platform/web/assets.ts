import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { RoutePlugin } from '../http/routes.ts';

// The stylesheet and the one progressive-enhancement script, read once at
// start. URLs carry a content hash, so browsers may cache them for a year.

const FILES = {
  'site.css': 'text/css; charset=utf-8',
  'site.js': 'text/javascript; charset=utf-8',
  'delivery-console.css': 'text/css; charset=utf-8',
  'delivery-console.js': 'text/javascript; charset=utf-8',
} as const;
type AssetName = keyof typeof FILES;

const assets = new Map<string, { body: Buffer; type: string; hash: string }>();
for (const [name, type] of Object.entries(FILES)) {
  const body = readFileSync(new URL(`./assets/${name}`, import.meta.url));
  assets.set(name, { body, type, hash: createHash('sha256').update(body).digest('hex').slice(0, 12) });
}

export function assetUrl(name: AssetName): string {
  return `/assets/${name}?v=${assets.get(name)!.hash}`;
}

export const assetRoutes: RoutePlugin = async (app) => {
  app.get(
    '/assets/:name',
    {
      schema: {
        hide: true,
        params: z.object({ name: z.enum(Object.keys(FILES) as [AssetName, ...AssetName[]]) }),
        querystring: z.object({ v: z.string().max(64).optional() }),
      },
    },
    async (request, reply) => {
      const asset = assets.get(request.params.name)!;
      const versioned = request.query.v === asset.hash;
      reply.header('cache-control', versioned ? 'public, max-age=31536000, immutable' : 'no-cache');
      reply.header('etag', `"${asset.hash}"`);
      return reply.type(asset.type).send(asset.body);
    },
  );
};
