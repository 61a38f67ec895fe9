import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { guard } from '../../platform/auth/auth.guard.ts';
import { AppError } from '../../platform/errors.ts';
import type { RoutePlugin } from '../../platform/http/routes.ts';
import { listDistricts } from '../../platform/districts/districts.repository.ts';
import { findTaxpayer, maskEmail, maskPhone, decryptContacts } from '../../taxpayers/taxpayers.repository.ts';
import { closeConversation, getDistrictConversation, linkTaxpayer, messagesAfter, postMessage, publishEvent } from '../conversations/conversations.service.ts';
import { liveChatMessages } from './live-chat.messages.ts';
import type { DeskConfig } from './live-chat.frames.ts';
import { deskOpenState, outOfHoursMessage } from '../business-hours/business-hours.repository.ts';
import { agentConsolePage, residentDeskPage } from './live-chat.pages.ts';
import { agentSocket, residentSocket } from './live-chat.socket.ts';
import { conversationTopic } from '../conversations/conversations.topics.ts';
import { deskDepsFrom } from '../desk.deps.ts';
import { LIVE_DESK_ROLES } from '../desk-console.layout.ts';
import { presentForms } from '../contact-requests/contact-requests.service.ts';
import { districtAgents, districtQueue, getAgentStatus, pickConversation, setAgentStatus, transferConversation } from '../conversations/queue.service.ts';

// Routes of the live desk:
//   resident: GET /r/desk (no-script page), GET /r/desk/config, WS /r/desk/socket
//   agent:    GET /console/desk, WS /console/desk/socket, /api/desk/queue, /api/desk/status and
//             /api/desk/conversations/:id… (JSON; state changes need x-csrf-token)
// Files are attachments.routes.ts; the desk's other features have route modules of their own.

const bilingual = z.object({ ko: z.string(), en: z.string() });
const idParam = z.object({ id: z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER) });
const tags = ['desk'];

function agentOf(request: FastifyRequest): { staffId: number; districtCode: string } {
  return { staffId: request.staff!.id, districtCode: request.staff!.districtCode };
}

export const liveChatRoutes: RoutePlugin = async (app, appDeps) => {
  const deps = deskDepsFrom(appDeps);

  app.get('/r/desk/socket', { websocket: true }, (socket, request) => residentSocket(deps, socket, request));
  app.get('/console/desk/socket', { websocket: true, preValidation: guard(LIVE_DESK_ROLES) }, (socket, request) => agentSocket(deps, socket, request));

  app.get(
    '/r/desk/config',
    {
      schema: {
        tags,
        summary: 'Districts a resident can chat with, each open now or not, with its out-of-hours message',
        response: { 200: z.object({ districts: z.array(z.object({ code: z.string(), name: bilingual, open: z.boolean(), outOfHours: bilingual })) }) },
      },
    },
    async (): Promise<DeskConfig> => {
      const at = deps.now();
      const districts = await listDistricts(deps.db);
      return {
        districts: await Promise.all(districts.map(async (d) => ({
          ...d,
          open: (await deskOpenState(deps.db, d.code, at)).open,
          outOfHours: await outOfHoursMessage(deps.db, d.code),
        }))),
      };
    },
  );

  app.get('/r/desk', { schema: { hide: true } }, async (request, reply) => reply.type('text/html; charset=utf-8').send(residentDeskPage(request)));

  app.get('/console/desk', { schema: { hide: true }, preValidation: guard(LIVE_DESK_ROLES) }, async (request, reply) =>
    reply.type('text/html; charset=utf-8').send(agentConsolePage(request)),
  );

  app.get('/api/desk/queue', { schema: { tags, summary: "The district's waiting and open conversations, its agents and my status" }, preValidation: guard(LIVE_DESK_ROLES) }, async (request) => {
    const staff = request.staff!;
    const [items, agents, me] = await Promise.all([districtQueue(deps.db, staff.districtCode), districtAgents(deps.db, staff.districtCode), getAgentStatus(deps.db, staff.id)]);
    return { items, agents, me: { id: staff.id, ...me } };
  });

  app.put(
    '/api/desk/status',
    {
      schema: { tags, summary: 'Set myself available or away', body: z.object({ status: z.enum(['available', 'away']), maxConcurrent: z.number().int().min(1).max(20).optional() }) },
      preValidation: guard(LIVE_DESK_ROLES),
    },
    async (request) => {
      await setAgentStatus(deps, agentOf(request), request.body.status, request.body.maxConcurrent);
      return getAgentStatus(deps.db, request.staff!.id);
    },
  );

  app.get(
    '/api/desk/conversations/:id',
    { schema: { tags, summary: 'One conversation of my district with its messages (notes included)', params: idParam, querystring: z.object({ after: z.coerce.number().int().min(0).default(0) }) }, preValidation: guard(LIVE_DESK_ROLES) },
    async (request) => {
      const c = await getDistrictConversation(deps.db, request.staff!.districtCode, request.params.id);
      const messages = await presentForms(deps, await messagesAfter(deps.db, c.id, request.query.after, 'agent'), 'agent');
      return {
        conversation: { id: c.id, source: c.source, locale: c.locale, state: c.state, assignedStaffId: c.assigned_staff_id, taxpayerId: c.taxpayer_id, createdAt: c.created_at, residentReadId: c.resident_read_id },
        messages,
      };
    },
  );

  app.post('/api/desk/conversations/:id/pick', { schema: { tags, summary: 'Take a waiting conversation', params: idParam }, preValidation: guard(LIVE_DESK_ROLES) }, async (request) => {
    await pickConversation(deps, agentOf(request), request.params.id);
    return { ok: true };
  });

  app.post(
    '/api/desk/conversations/:id/transfer',
    { schema: { tags, summary: 'Hand a conversation to another agent of my district', params: idParam, body: z.object({ toStaffId: z.number().int().positive() }) }, preValidation: guard(LIVE_DESK_ROLES) },
    async (request) => {
      await getDistrictConversation(deps.db, request.staff!.districtCode, request.params.id);
      await transferConversation(deps, agentOf(request), request.params.id, request.body.toStaffId);
      return { ok: true };
    },
  );

  app.post('/api/desk/conversations/:id/close', { schema: { tags, summary: 'Close a conversation', params: idParam }, preValidation: guard(LIVE_DESK_ROLES) }, async (request) => {
    const c = await getDistrictConversation(deps.db, request.staff!.districtCode, request.params.id);
    await closeConversation(deps, { conversationId: c.id, by: { type: 'agent', id: String(request.staff!.id) } });
    return { ok: true };
  });

  app.post(
    '/api/desk/conversations/:id/messages',
    { schema: { tags, summary: 'Reply, or add an internal note (never sent to the resident)', params: idParam, body: z.object({ body: z.string().trim().min(1).max(2000), note: z.boolean().default(false) }) }, preValidation: guard(LIVE_DESK_ROLES) },
    async (request, reply) => {
      const staff = request.staff!;
      const c = await getDistrictConversation(deps.db, staff.districtCode, request.params.id);
      if (!request.body.note && c.assigned_staff_id !== staff.id) {
        throw new AppError('not_assigned', 409, liveChatMessages.both('not_assigned'));
      }
      const { messageId } = await postMessage(deps, { conversationId: c.id, author: { type: 'agent', id: String(staff.id) }, kind: request.body.note ? 'note' : 'text', body: request.body.body });
      return reply.code(201).send({ messageId });
    },
  );

  app.post(
    '/api/desk/conversations/:id/taxpayer',
    {
      schema: {
        tags,
        summary: 'Link the taxpayer found by taxpayer number, or by name and date of birth',
        params: idParam,
        body: z.union([z.object({ taxpayerNo: z.string().trim().min(1).max(40) }), z.object({ name: z.string().trim().min(1).max(100), birthDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/) })]),
      },
      preValidation: guard(LIVE_DESK_ROLES),
    },
    async (request) => {
      const staff = request.staff!;
      const c = await getDistrictConversation(deps.db, staff.districtCode, request.params.id);
      const taxpayer = await findTaxpayer(deps.db, deps.cipher, staff.districtCode, request.body);
      if (!taxpayer) throw new AppError('taxpayer_not_found', 404, liveChatMessages.both('taxpayer_not_found'));
      await linkTaxpayer(deps.db, c.id, taxpayer.id);
      await publishEvent(deps, conversationTopic(c.id), { type: 'state' });
      const contacts = decryptContacts(deps.cipher, taxpayer);
      return {
        taxpayer: {
          id: Number(taxpayer.id),
          taxpayerNo: taxpayer.taxpayer_no,
          name: taxpayer.name,
          mobileMasked: contacts.mobile ? maskPhone(contacts.mobile) : null,
          emailMasked: contacts.email ? maskEmail(contacts.email) : null,
        },
      };
    },
  );
};
