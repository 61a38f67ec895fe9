import { z } from 'zod';
import { requireStaff } from '../../platform/auth/auth.guard.ts';
import type { RoutePlugin } from '../../platform/http/routes.ts';
import { deskDepsFrom } from '../desk.deps.ts';
import { limitResidentRequest, pathId } from '../desk.http.ts';
import { applyAnswerSchema, contactFormConfirmInput, contactFormInput, contactFormResendInput, formAnswerSchema } from './contact-requests.schema.ts';
import { applyContactRequest, confirmContactForm, resendContactFormCodes, submitContactForm } from './contact-requests.service.ts';

// Contact-update requests: the resident's form and its codes (under /r/desk,
// authorised by the conversation's resume token and counted against the
// address's budget), and the agent applying a confirmed form.

export const contactRequestRoutes: RoutePlugin = async (app, appDeps) => {
  const deps = deskDepsFrom(appDeps);

  app.post('/r/desk/contact-form', {
    schema: {
      tags: ['desk'], summary: "A resident's contact-update form: sealed, and a code sent to each new contact (202); it reaches the agent once confirmed (201 when it has no new contact)",
      body: contactFormInput, response: { 201: formAnswerSchema, 202: formAnswerSchema },
    },
  }, async (request, reply) => {
    await limitResidentRequest(deps.db, request.ip);
    const { resumeToken, ...form } = request.body;
    const answer = await submitContactForm(deps, resumeToken, form);
    return reply.code(answer.messageId === null ? 202 : 201).send(answer);
  });

  app.post('/r/desk/contact-form/confirm', {
    schema: { tags: ['desk'], summary: 'The codes sent to the new contacts of a form; with every one right, the form is posted into the conversation', body: contactFormConfirmInput, response: { 201: formAnswerSchema } },
  }, async (request, reply) => {
    await limitResidentRequest(deps.db, request.ip);
    return reply.code(201).send(await confirmContactForm(deps, request.body));
  });

  app.post('/r/desk/contact-form/resend', {
    schema: { tags: ['desk'], summary: "New codes for a form's contacts not confirmed yet (earlier codes stop working)", body: contactFormResendInput, response: { 202: formAnswerSchema } },
  }, async (request, reply) => {
    await limitResidentRequest(deps.db, request.ip);
    return reply.code(202).send(await resendContactFormCodes(deps, request.body));
  });

  app.post('/api/desk/conversations/:id/contact-requests/:messageId/apply', {
    preValidation: requireStaff(['admin', 'desk_agent', 'tax_official']),
    schema: {
      tags: ['desk'], summary: "Apply a resident's contact-update form to the matching taxpayer (audit, re-check and re-send as for official edits)",
      description: 'Only the agent the conversation is assigned to (403 not_assigned otherwise); only a form whose new contacts the resident confirmed with the codes sent to them (409 form_unconfirmed for forms sent before codes were required).',
      params: z.object({ id: z.string().max(20), messageId: z.string().max(20) }),
      body: z.object({ taxpayerNo: z.string().trim().min(1).max(40).optional() }),
      response: { 200: applyAnswerSchema },
    },
  }, async (request) => applyContactRequest(deps, {
    districtCode: request.staff!.districtCode, conversationId: pathId(request.params.id), messageId: pathId(request.params.messageId), staffId: request.staff!.id,
    ...(request.body.taxpayerNo ? { taxpayerNo: request.body.taxpayerNo } : {}),
  }));
};
