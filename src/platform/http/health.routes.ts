import { z } from 'zod';
import { AppError } from '../errors.ts';
import { appliedMigrationCount } from '../db/migrate.ts';
import { httpMessages } from './http.messages.ts';
import type { RoutePlugin } from './routes.ts';

const healthSchema = z
  .object({
    status: z.literal('ok'),
    engine: z.enum(['pglite', 'postgres']),
    migrations: z.number().int().describe('Number of migrations applied'),
  })
  .meta({ id: 'Health' });

export const healthRoutes: RoutePlugin = async (app, deps) => {
  app.get(
    '/api/health',
    {
      schema: {
        tags: ['platform'],
        summary: 'Liveness and database check',
        response: { 200: healthSchema },
      },
    },
    async () => {
      try {
        return { status: 'ok' as const, engine: deps.db.engine, migrations: await appliedMigrationCount(deps.db) };
      } catch (error) {
        throw new AppError('database_unavailable', 503, httpMessages.both('database_unavailable'), [], { cause: error });
      }
    },
  );

  app.get('/api/openapi.json', { schema: { hide: true } }, async (_request, reply) => {
    return reply.type('application/json; charset=utf-8').send(JSON.stringify(app.swagger()));
  });
};
