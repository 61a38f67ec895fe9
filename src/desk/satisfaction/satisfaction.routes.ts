import type { RoutePlugin } from '../../platform/http/routes.ts';
import { limitResidentRequest, okAnswer } from '../desk.http.ts';
import { recordSatisfaction } from './satisfaction.repository.ts';
import { satisfactionInput } from './satisfaction.schema.ts';

// POST /r/desk/satisfaction: a resident rates a conversation that ended,
// authorised by its resume token and counted against the address's budget.

export const satisfactionRoutes: RoutePlugin = async (app, deps) => {
  app.post('/r/desk/satisfaction', {
    schema: { tags: ['desk'], summary: 'Rate a closed conversation 1–5, with an optional comment', body: satisfactionInput, response: { 201: okAnswer } },
  }, async (request, reply) => {
    await limitResidentRequest(deps.db, request.ip);
    await recordSatisfaction(deps.db, request.body);
    return reply.code(201).send({ ok: true as const });
  });
};
