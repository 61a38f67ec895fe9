import fastifyCookie from '@fastify/cookie';
import fastifyFormbody from '@fastify/formbody';
import fastifyMultipart from '@fastify/multipart';
import fastifySwagger from '@fastify/swagger';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { jsonSchemaTransform, jsonSchemaTransformObject, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { loggablePath } from '../logger.ts';
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
  // One WebSocket server for every socket route (registering the plugin in
  // two scopes would answer each upgrade twice). Its frame limit is the
  // largest any route takes; a route with a smaller one checks it itself.
  await app.register(fastifyWebsocket, { options: { maxPayload: MAX_WEBSOCKET_FRAME_BYTES } });
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

  app.addHook('onResponse', async (request, reply) => {
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
