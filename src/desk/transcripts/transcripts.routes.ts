import type { RoutePlugin } from '../../platform/http/routes.ts';
import { limitResidentRequest } from '../desk.http.ts';
import { transcriptConfirmSchema, transcriptInput, transcriptQueuedSchema } from './transcripts.schema.ts';
import { sendTranscript } from './transcripts.service.ts';

// POST /r/desk/transcript: a resident asks for the transcript of an ended
// conversation, authorised by its resume token and counted against the
// address's budget.

export const transcriptRoutes: RoutePlugin = async (app, deps) => {
  app.post('/r/desk/transcript', {
    schema: {
      tags: ['desk'],
      summary: 'E-mail the transcript of a closed conversation (through the delivery engine), only to an address confirmed by a code in this conversation',
      description: 'An address not confirmed yet gets a code (202, queued false); send the request again with `code`. An address confirmed for the contact-update form of the conversation needs no new code.',
      body: transcriptInput,
      response: { 201: transcriptQueuedSchema, 202: transcriptConfirmSchema },
    },
  }, async (request, reply) => {
    await limitResidentRequest(deps.db, request.ip);
    const answer = await sendTranscript(deps, request.body);
    return answer.queued ? reply.code(201).send({ queued: true as const }) : reply.code(202).send(answer);
  });
};
