import fastifyCompress from '@fastify/compress';
import fastifyCookie from '@fastify/cookie';
import fastifyFormbody from '@fastify/formbody';
import fastifyMultipart from '@fastify/multipart';
import fastifySwagger from '@fastify/swagger';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { jsonSchemaTransform, jsonSchemaTransformObject, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { randomUUID } from 'node:crypto';
import { loggablePath, logContext } from '../logger.ts';
import { httpRequestDuration, loginFailures, websocketConnections } from '../metrics/metrics.ts';
import type { AppDeps } from './deps.ts';
import { localeHook } from './locale.ts';
import { refuseNulHook } from './nul-guard.ts';
import { notFoundError, sendProblem } from './problem.ts';
import { catalogueEntries, type CatalogueEntry } from './route-catalogue.ts';
import fastifyWebsocket from '@fastify/websocket';
import { registerRouteModule, type RoutePlugin } from './routes.ts';
import { EMPTY_WEB_SHELL, type WebShell } from '../web/web-shell.ts';
import { buildAssets, registerAssetRoute, type AssetSources } from '../web/assets.ts';
import { multipartOnlyForUploadsHook, originCheckHook, securityHeadersHook } from './security.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** Every route with the roles its guard admits; see route-catalogue.ts. */
    routeCatalogue: CatalogueEntry[];
  }
  interface FastifyContextConfig {
    /** OpenAPI body of a route that reads its body itself (multipart streams). */
    openapiBody?: unknown;
  }
}

/**
 * A request id a proxy sent (nginx's $request_id in X-Request-Id) is kept
 * when it is a plain token, so the proxy's and our lines share it; otherwise
 * one is made. It is answered in X-Request-Id and is in every log line.
 */
const REQUEST_ID = /^[A-Za-z0-9._:-]{8,128}$/;
export function requestIdOf(header: string | string[] | undefined): string {
  return typeof header === 'string' && REQUEST_ID.test(header) ? header : randomUUID();
}

/** Sign-in routes: a 401 or 429 from them is a refused sign-in (taxstation_login_failures_total). */
const SIGN_IN_ROUTES = new Set(['POST /login', 'POST /login/code', 'POST /api/session']);

/** The largest WebSocket frame any socket route accepts (a video offer's SDP fits). */
export const MAX_WEBSOCKET_FRAME_BYTES = 64 * 1024;

export interface ServerParts {
  /** The route modules, each registered in its own scope (the list lives in src/app/routes.ts). */
  routes: readonly RoutePlugin[];
  /** The staff menu and page fragments the domains add to every page. */
  webShell?: WebShell;
  /** The domains' browser scripts and stylesheets, bundled at start beside platform's own (src/app/assets.ts lists them). */
  assets?: readonly AssetSources[];
}

/** Builds the HTTP server from the parts the composition root (src/app/) hands it. */
export async function buildServer(deps: AppDeps, parts: ServerParts): Promise<FastifyInstance> {
  const { config } = deps;
  // Bundled first: a script that does not build stops the start here, naming it.
  const assets = await buildAssets(parts.assets ?? []);
  const app = Fastify({
    loggerInstance: deps.log as FastifyBaseLogger,
    // The shared logger's scrubbing formatter runs before serializers and
    // flattens Fastify's request object to {}; one line per request is
    // written by the onResponse hook below instead: method, path, status, time.
    logController: new LogController({ disableRequestLogging: true }),
    trustProxy: config.TAXSTATION_TRUST_PROXY,
    bodyLimit: 1024 * 1024,
    genReqId: (request) => requestIdOf(request.headers['x-request-id']),
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  const catalogue: CatalogueEntry[] = [];
  app.decorate('routeCatalogue', catalogue);
  app.decorate('authDb', deps.db);
  app.decorate('webShell', parts.webShell ?? EMPTY_WEB_SHELL);
  app.addHook('onRoute', (route) => {
    catalogue.push(...catalogueEntries(route));
  });

  await app.register(fastifyCookie);
  await app.register(fastifyFormbody);
  // Pages, scripts, stylesheets and JSON go out compressed (brotli, else gzip)
  // when the browser asks: the stylesheet with KRDS is ~70 KB, ~12 KB
  // compressed, which a resident on a slow phone feels. Video, PDF and images
  // are left as they are (already compressed; video answers byte ranges).
  // Request bodies are not decompressed: nothing we accept is sent compressed,
  // and a small compressed body must not grow past the body limits.
  await app.register(fastifyCompress, { global: true, globalDecompression: false, threshold: 1024, encodings: ['br', 'gzip'] });
  // One WebSocket server for every socket route (registering the plugin in
  // two scopes would answer each upgrade twice). Its frame limit is the
  // largest any route takes; a route with a smaller one checks it itself.
  await app.register(fastifyWebsocket, { options: { maxPayload: MAX_WEBSOCKET_FRAME_BYTES } });
  // Open sockets by route (a known socket route's path, never a query or a token).
  app.websocketServer.on('connection', (socket: import('ws').WebSocket, request: import('node:http').IncomingMessage) => {
    const path = (request.url ?? '').split('?')[0]!;
    const label = { socket: catalogue.some((r) => r.method === 'GET' && r.url === path) ? path : 'other' };
    websocketConnections.inc(label);
    socket.once('close', () => websocketConnections.dec(label));
  });
  await app.register(fastifyMultipart, {
    limits: { fileSize: config.TAXSTATION_ROLL_MAX_BYTES, files: 1, fields: 10, fieldSize: 1024 },
  });
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'Tax Station API',
        description: 'Tax Station: notices that arrive and a tax office open 24 hours. Errors are application/problem+json (schema Problem).',
        version: '0.1.0',
      },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'ts_session' },
          csrf: { type: 'apiKey', in: 'header', name: 'x-csrf-token' },
        },
      },
    },
    transform: (input) => {
      const out = jsonSchemaTransform(input);
      // Multipart bodies are read as streams by the route, not validated
      // up front; the route describes them for the document here.
      const body = input.route.config?.openapiBody;
      if (body) (out.schema as Record<string, unknown>).body = body;
      return out;
    },
    transformObject: jsonSchemaTransformObject,
  });

  app.addHook('onRequest', (request, reply, done) => {
    reply.header('x-request-id', request.id);
    logContext.run({ reqId: request.id }, done);
  });
  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    httpRequestDuration.observe({ method: request.method, route, status: `${Math.floor(reply.statusCode / 100)}xx` }, reply.elapsedTime / 1000);
    if (SIGN_IN_ROUTES.has(`${request.method} ${route}`) && (reply.statusCode === 401 || reply.statusCode === 429)) {
      loginFailures.inc({ reason: reply.statusCode === 429 ? 'throttled' : 'wrong_credentials' });
    }
    request.log.info(
      { method: request.method, path: loggablePath(request.url, request.routeOptions.url), status: reply.statusCode, ms: Math.round(reply.elapsedTime) },
      'request',
    );
  });
  app.addHook('onRequest', securityHeadersHook);
  app.addHook('onRequest', localeHook);
  app.addHook('onRequest', originCheckHook(config));
  app.addHook('onRequest', multipartOnlyForUploadsHook);
  app.addHook('preValidation', refuseNulHook);

  app.setErrorHandler((error, request, reply) => sendProblem(request, reply, error));
  app.setNotFoundHandler((request, reply) => sendProblem(request, reply, notFoundError(request)));

  registerAssetRoute(app, assets);
  for (const plugin of parts.routes) registerRouteModule(app, plugin, deps);
  await app.ready();
  return app;
}
