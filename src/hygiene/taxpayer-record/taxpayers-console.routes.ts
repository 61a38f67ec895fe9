import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { guard } from '../../platform/auth/auth.guard.ts';
import type { PersonalDataCipher } from '../../platform/crypto.ts';
import type { Database } from '../../platform/db/database.ts';
import { AppError, tooManyRequests } from '../../platform/errors.ts';
import type { Locale } from '../../platform/i18n/i18n.ts';
import { problemSchema } from '../../platform/http/problem.ts';
import type { RoutePlugin } from '../../platform/http/routes.ts';
import type { FieldError } from '../../platform/web/components.ts';
import { checkCode, codeProblem, codesSentRecently, type ContactField } from '../../platform/one-time-codes.ts';
import { checkContactChange, checkEmail, checkMobile, contactNotFound, sendContactCode, updateTaxpayerContacts, type ContactChange } from '../contact-change/contact-change.service.ts';
import { maskEmail } from '../../taxpayers/email.ts';
import { maskPhone, normaliseMobile } from '../../taxpayers/phone.ts';
import { currentContacts, findTaxpayer } from '../../taxpayers/taxpayers.repository.ts';
import { TAXPAYER_READ_ROLES, TAXPAYER_WRITE_ROLES } from '../../taxpayers/taxpayer-console.ts';
import {
  contactChanges,
  deliveryHistory,
  latestChangeBy,
  referenceOf,
  taxpayerSummary,
  type TaxpayerSummary,
} from './taxpayer-console.repository.ts';
import { taxpayerRecordMessages } from './taxpayer-record.messages.ts';
import { checkPage, donePage, editPage, searchPage, taxpayerPage, type CodeSent, type EditForm } from './taxpayer.view.ts';

// Official edits (issue 4, item 4): find a taxpayer of the district, see the
// contacts masked with their checks and history, change them with a required
// reason through a check-answers step. Desk agents may look up; admins and
// tax officials may change. Every change goes through updateTaxpayerContacts.
//
// Officials meet the same bar as every other path (issue 13): a new mobile
// number or e-mail address gets a one-time code, sent when the official
// reaches the check step, which the taxpayer (on the phone or at the
// counter) reads out; the official types it before saving. Removing a
// contact or changing the channels needs no code. The old contact is told
// by the service.
//
// The taxpayer's record sits in hygiene, above taxpayers, notices and
// delivery: it shows the contacts, their risk reasons and the delivery
// history together (issue 14).

// Who may read and change a record: in taxpayers/, where delivery's pages that link here read them too.
export { TAXPAYER_READ_ROLES, TAXPAYER_WRITE_ROLES };

const security: { [label: string]: string[] }[] = [{ session: [] }];
const errors = { 400: problemSchema, 401: problemSchema, 403: problemSchema, 404: problemSchema };
const idParam = z.object({ id: z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER) });
const lang = z.enum(['ko', 'en']).optional();

const summarySchema = z
  .object({
    id: z.number().int(),
    taxpayerNo: z.string(),
    name: z.string(),
    mobileMasked: z.string().nullable().describe('010-****-5678'),
    emailMasked: z.string().nullable().describe('m****@example.kr'),
    hasIdentityKey: z.boolean(),
    enrol: z.object({ kakao: z.boolean(), sms: z.boolean(), email: z.boolean() }),
    contactSource: z.string(),
    contactUpdatedAt: z.string(),
    findings: z.array(z.string()).describe('codes of the contact rules that hold'),
  })
  .meta({ id: 'TaxpayerContacts' });

const notFound = () => new AppError('taxpayer_not_found', 404, taxpayerRecordMessages.both('err_not_found'));

const summaryJson = (s: TaxpayerSummary) => ({ ...s, contactUpdatedAt: s.contactUpdatedAt.toISOString() });

async function summaryOr404(db: Database, cipher: PersonalDataCipher, request: FastifyRequest, id: number): Promise<TaxpayerSummary> {
  const s = await taxpayerSummary(db, cipher, request.staff!.districtCode, id);
  if (!s) throw notFound();
  return s;
}

function sendHtml(reply: FastifyReply, body: string, status = 200): FastifyReply {
  return reply.code(status).type('text/html; charset=utf-8').send(body);
}

const BIRTH_DATE = /^\d{4}-\d{2}-\d{2}$/;

// The form of the edit page, as posted (checkboxes come as one value or many).
const editBody = z.object({
  _csrf: z.string().optional(),
  mobile: z.string().max(60).optional(),
  removeMobile: z.string().max(5).optional(),
  email: z.string().max(300).optional(),
  removeEmail: z.string().max(5).optional(),
  enrol: z.union([z.string().max(10), z.array(z.string().max(10)).max(3)]).optional(),
  reason: z.string().max(2000).optional(),
  codeMobile: z.string().max(20).optional(),
  codeEmail: z.string().max(20).optional(),
  action: z.enum(['confirm', 'change', 'resend']).optional(),
});
type EditBody = z.infer<typeof editBody>;

function formOf(body: EditBody): EditForm {
  const enrol = body.enrol === undefined ? [] : Array.isArray(body.enrol) ? body.enrol : [body.enrol];
  return {
    mobile: body.mobile ?? '',
    removeMobile: body.removeMobile === '1',
    email: body.email ?? '',
    removeEmail: body.removeEmail === '1',
    enrol: { kakao: enrol.includes('kakao'), sms: enrol.includes('sms'), email: enrol.includes('email') },
    reason: body.reason ?? '',
  };
}

function changeOf(form: EditForm): ContactChange {
  return {
    mobile: form.removeMobile ? null : form.mobile?.trim() ? form.mobile : undefined,
    email: form.removeEmail ? null : form.email?.trim() ? form.email : undefined,
    enrol: { ...form.enrol },
  };
}

const FIELD_IDS: Record<string, string> = { mobile: 'mobile', email: 'email', enrol: 'enrol-kakao', reason: 'reason' };

interface NewContact {
  field: ContactField;
  /** normalised: E.164 or the normalised address */
  value: string;
}
type Checked =
  | { errors: FieldError[] }
  | { after: { mobile: string | null | undefined; email: string | null | undefined; enrol: Record<string, boolean> }; newContacts: NewContact[] };

/** The scope of an official's codes for one taxpayer (platform/one-time-codes.ts). */
const officialScope = (staffId: number, taxpayerId: number) => `official:${staffId}:taxpayer:${taxpayerId}`;

const codeSent = (c: NewContact): CodeSent => ({ field: c.field, to: c.field === 'mobile' ? maskPhone(c.value) : maskEmail(c.value) });

/** Codes an official may have sent for one taxpayer per hour. */
export const MAX_OFFICIAL_CODES_PER_HOUR = 10;

/** Sends a code to each new contact, for the official to have the taxpayer read out. */
async function sendOfficialCodes(db: Database, cipher: PersonalDataCipher, districtCode: string, scope: string, taxpayerId: number, contacts: NewContact[]): Promise<void> {
  if (contacts.length === 0) return;
  if ((await codesSentRecently(db, scope)) + contacts.length > MAX_OFFICIAL_CODES_PER_HOUR) throw tooManyRequests(taxpayerRecordMessages.both('err_too_many_codes'));
  await db.transaction(async (tx) => {
    for (const c of contacts) await sendContactCode(tx, cipher, { districtCode, scope, field: c.field, value: c.value, taxpayerId });
  });
}

/** Checks the codes typed for the new contacts; field errors for the check page (ids code-mobile, code-email). */
async function checkTypedCodes(db: Database, cipher: PersonalDataCipher, locale: Locale, scope: string, typed: Partial<Record<ContactField, string>>, contacts: NewContact[]): Promise<FieldError[]> {
  const errors: FieldError[] = [];
  for (const c of contacts) {
    const code = typed[c.field]?.trim() ?? '';
    if (!code) {
      errors.push({ field: `code-${c.field}`, message: taxpayerRecordMessages.t(locale, 'err_code_missing') });
      continue;
    }
    const outcome = await checkCode(db, cipher, scope, c.field, code);
    if (!outcome.ok) errors.push({ field: `code-${c.field}`, message: codeProblem(outcome)[locale] });
  }
  return errors;
}

/** The edit form judged against the current contacts, as field errors for the page or the values after the change. */
async function checkForm(db: Database, cipher: PersonalDataCipher, locale: Locale, districtCode: string, id: number, form: EditForm): Promise<Checked> {
  const current = await currentContacts(db, cipher, districtCode, id);
  if (!current) throw notFound();
  const errors: FieldError[] = [];
  if (form.removeMobile && form.mobile?.trim()) errors.push({ field: 'mobile', message: taxpayerRecordMessages.t(locale, 'err_remove_and_new') });
  if (form.removeEmail && form.email?.trim()) errors.push({ field: 'email', message: taxpayerRecordMessages.t(locale, 'err_remove_and_new') });
  const checked = checkContactChange(changeOf(form), current, form.reason ?? '');
  if ('problems' in checked) {
    for (const p of checked.problems) if (!errors.some((e) => e.field === FIELD_IDS[p.field])) errors.push({ field: FIELD_IDS[p.field]!, message: p.reason[locale] });
  }
  if (errors.length || 'problems' in checked) return { errors };
  const n = checked.ok;
  const mobile = n.mobile === undefined || (n.mobile?.e164 ?? null) === current.mobileE164 ? undefined : n.mobile === null ? null : normaliseMobileDisplay(n.mobile.e164);
  const email = n.email === undefined || n.email === current.email ? undefined : n.email;
  const enrol = { ...current.enrol, ...form.enrol };
  const enrolChanged = (['kakao', 'sms', 'email'] as const).some((c) => enrol[c] !== current.enrol[c]);
  if (mobile === undefined && email === undefined && !enrolChanged) return { errors: [{ field: 'mobile', message: taxpayerRecordMessages.t(locale, 'err_nothing') }] };
  const newContacts: NewContact[] = [
    ...(mobile && n.mobile ? [{ field: 'mobile' as const, value: n.mobile.e164 }] : []),
    ...(email && n.email ? [{ field: 'email' as const, value: n.email }] : []),
  ];
  return { after: { mobile, email, enrol }, newContacts };
}

function normaliseMobileDisplay(e164: string): string {
  const m = normaliseMobile(e164);
  return m.ok ? m.display : e164;
}

export const taxpayersConsoleRoutes: RoutePlugin = async (app, deps) => {
  const { db, cipher } = deps;
  const read = guard(TAXPAYER_READ_ROLES);
  const write = guard(TAXPAYER_WRITE_ROLES);

  // ---- API (tag 'taxpayers')
  app.post(
    '/api/taxpayers/search',
    {
      preValidation: read,
      schema: {
        tags: ['taxpayers'],
        summary: 'Find a taxpayer of the district by taxpayer number, or by name and date of birth',
        description: 'A POST, so that a date of birth never sits in a URL. 404 when none of the district matches: the answer is the same whether or not the person is a taxpayer elsewhere.',
        security,
        body: z.union([
          z.object({ taxpayerNo: z.string().trim().min(1).max(40) }),
          z.object({ name: z.string().trim().min(1).max(100), birthDate: z.string().regex(BIRTH_DATE).describe('YYYY-MM-DD') }),
        ]),
        response: { 200: summarySchema, ...errors, 409: problemSchema },
      },
    },
    async (request) => {
      const found = await findTaxpayer(db, cipher, request.staff!.districtCode, request.body);
      if (!found) throw notFound();
      return summaryJson(await summaryOr404(db, cipher, request, Number(found.id)));
    },
  );

  app.get(
    '/api/taxpayers/:id',
    { preValidation: read, schema: { tags: ['taxpayers'], summary: 'A taxpayer’s contacts (masked), enrolment and contact checks', security, params: idParam, response: { 200: summarySchema, ...errors } } },
    async (request) => summaryJson(await summaryOr404(db, cipher, request, request.params.id)),
  );

  app.get(
    '/api/taxpayers/:id/history',
    {
      preValidation: read,
      schema: {
        tags: ['taxpayers'],
        summary: 'A taxpayer’s contact changes (audit entries, values masked) and the delivery timeline of their messages',
        security,
        params: idParam,
        response: {
          200: z.object({
            contactChanges: z.array(
              z.object({
                reference: z.string(),
                at: z.string(),
                actorType: z.string(),
                actorId: z.string().nullable(),
                source: z.string(),
                reason: z.string(),
                changed: z.array(z.string()),
                old: z.record(z.string(), z.unknown()),
                new: z.record(z.string(), z.unknown()),
                resentMessageIds: z.array(z.number().int()),
              }),
            ),
            messages: z.array(
              z.object({
                id: z.number().int(),
                kind: z.string(),
                state: z.string(),
                noticeNo: z.string().nullable(),
                taxYear: z.number().int().nullable(),
                deliveredChannel: z.string().nullable(),
                createdAt: z.string(),
                events: z.array(z.object({ at: z.string(), event: z.string(), channel: z.string().nullable(), cause: z.string().nullable() })),
              }),
            ),
          }),
          ...errors,
        },
      },
    },
    async (request) => {
      const district = request.staff!.districtCode;
      await summaryOr404(db, cipher, request, request.params.id);
      const [changes, messages] = await Promise.all([contactChanges(db, district, request.params.id), deliveryHistory(db, district, request.params.id)]);
      return {
        contactChanges: changes.map(({ auditId: _a, ...c }) => ({ ...c, at: c.at.toISOString() })),
        messages: messages.map((m) => ({ ...m, createdAt: m.createdAt.toISOString(), events: m.events.map((e) => ({ ...e, at: e.at.toISOString() })) })),
      };
    },
  );

  app.patch(
    '/api/taxpayers/:id/contacts',
    {
      preValidation: write,
      schema: {
        tags: ['taxpayers'],
        summary: 'Change a taxpayer’s mobile number, e-mail address or enrolment, with a reason',
        description:
          'Omitted fields stay as they are; null removes a contact. Validated as a whole: on any problem nothing changes (400 with one entry per field). ' +
          'A new mobile number or e-mail address needs the code sent to it (POST /api/taxpayers/{id}/contact-codes) in `codes`, as the taxpayer read it out: 409 contact_not_confirmed otherwise. ' +
          'The change is audited with masked values, the old contact is told, the contact checks run again, and undelivered notices are resent on the corrected channel. Needs x-csrf-token.',
        security,
        params: idParam,
        body: z.object({
          mobile: z.string().max(60).nullable().optional(),
          email: z.string().max(300).nullable().optional(),
          enrol: z.object({ kakao: z.boolean().optional(), sms: z.boolean().optional(), email: z.boolean().optional() }).optional(),
          reason: z.string().max(2000),
          codes: z
            .object({ mobile: z.string().max(20).optional(), email: z.string().max(20).optional() })
            .optional()
            .describe('the codes sent to the new contacts by POST …/contact-codes, as the taxpayer read them out'),
        }),
        response: {
          200: z.object({
            changedFields: z.array(z.string()),
            resentMessageIds: z.array(z.number().int()),
            reference: z.string().nullable().describe('the audit entry’s reference, null when nothing changed'),
          }),
          ...errors,
        },
      },
    },
    async (request) => {
      const staff = request.staff!;
      const { reason, codes, ...change } = request.body;
      const scope = officialScope(staff.id, request.params.id);
      const problems = [];
      for (const field of ['mobile', 'email'] as const) {
        const typed = codes?.[field];
        if (!typed) continue;
        const outcome = await checkCode(db, cipher, scope, field, typed);
        if (!outcome.ok) problems.push({ field: `codes.${field}`, reason: codeProblem(outcome).en, reasons: codeProblem(outcome) });
      }
      if (problems.length) throw new AppError('code_not_accepted', 400, taxpayerRecordMessages.both('err_code_not_accepted'), problems);
      const result = await updateTaxpayerContacts(deps, {
        districtCode: staff.districtCode,
        taxpayerId: request.params.id,
        change,
        source: 'official',
        actor: { type: 'staff', id: staff.username },
        reason,
        confirmedBy: { scope },
      });
      const auditId = result.changedFields.length ? await latestChangeBy(db, staff.districtCode, request.params.id, staff.username) : null;
      return { ...result, reference: auditId === null ? null : referenceOf(auditId) };
    },
  );

  app.post(
    '/api/taxpayers/:id/contact-codes',
    {
      preValidation: write,
      schema: {
        tags: ['taxpayers'],
        summary: 'Send a one-time code to each new contact before changing it',
        description:
          'Each given mobile number or e-mail address gets a 6-digit code (5 minutes, 5 tries), sent through the delivery engine; the taxpayer reads it out and the official passes it in `codes` of the PATCH. An earlier code to the same field stops working. Needs x-csrf-token.',
        security,
        params: idParam,
        body: z.object({ mobile: z.string().max(60).optional(), email: z.string().max(300).optional() }),
        response: { 202: z.object({ sent: z.array(z.object({ field: z.enum(['mobile', 'email']), to: z.string().describe('masked') })) }), ...errors },
      },
    },
    async (request, reply) => {
      const staff = request.staff!;
      await summaryOr404(db, cipher, request, request.params.id);
      const contacts: NewContact[] = [];
      const problems = [];
      if (request.body.mobile) {
        const m = checkMobile(request.body.mobile);
        if ('problem' in m) problems.push({ field: 'mobile', reason: m.problem.reason.en, reasons: m.problem.reason });
        else contacts.push({ field: 'mobile', value: m.ok.e164 });
      }
      if (request.body.email) {
        const e = checkEmail(request.body.email);
        if ('problem' in e) problems.push({ field: 'email', reason: e.problem.reason.en, reasons: e.problem.reason });
        else contacts.push({ field: 'email', value: e.ok });
      }
      if (problems.length || contacts.length === 0) {
        throw new AppError('contact_change_invalid', 400, taxpayerRecordMessages.both('err_codes_nothing'), problems.length ? problems : [{ field: 'mobile', reason: taxpayerRecordMessages.t('en', 'err_codes_nothing'), reasons: taxpayerRecordMessages.both('err_codes_nothing') }]);
      }
      await sendOfficialCodes(db, cipher, staff.districtCode, officialScope(staff.id, request.params.id), request.params.id, contacts);
      return reply.code(202).send({ sent: contacts.map(codeSent) });
    },
  );

  // ---- Pages
  const page = { hide: true } as const;

  app.get('/console/taxpayers', { preValidation: read, schema: { ...page, querystring: z.object({ lang }) } }, async (request, reply) => sendHtml(reply, searchPage(request)));

  app.post(
    '/console/taxpayers/search',
    {
      preValidation: read,
      schema: {
        ...page,
        querystring: z.object({ lang }),
        body: z.object({ _csrf: z.string().optional(), by: z.enum(['number', 'name']).default('number'), taxpayerNo: z.string().max(100).optional(), name: z.string().max(200).optional(), birthDate: z.string().max(40).optional() }),
      },
    },
    async (request, reply) => {
      const locale = request.locale;
      const b = request.body;
      const form = { taxpayerNo: b.taxpayerNo ?? '', name: b.name ?? '', birthDate: b.birthDate ?? '' };
      const errs: FieldError[] = [];
      if (b.by === 'number' && !form.taxpayerNo.trim()) errs.push({ field: 'taxpayer-no', message: taxpayerRecordMessages.t(locale, 'err_taxpayer_no') });
      if (b.by === 'name') {
        if (!form.name.trim()) errs.push({ field: 'name', message: taxpayerRecordMessages.t(locale, 'err_name') });
        if (!BIRTH_DATE.test(form.birthDate.trim())) errs.push({ field: 'birth-date', message: taxpayerRecordMessages.t(locale, 'err_birth_date') });
      }
      if (errs.length) return sendHtml(reply, searchPage(request, { form, errors: errs }), 400);
      try {
        const key = b.by === 'number' ? { taxpayerNo: form.taxpayerNo } : { name: form.name, birthDate: form.birthDate.trim() };
        const found = await findTaxpayer(db, cipher, request.staff!.districtCode, key);
        if (found) return reply.redirect(`/console/taxpayers/${found.id}?lang=${locale}`, 303);
        const field = b.by === 'number' ? 'taxpayer-no' : 'name';
        return sendHtml(reply, searchPage(request, { form, errors: [{ field, message: taxpayerRecordMessages.t(locale, 'err_not_found') }] }), 404);
      } catch (error) {
        if (!(error instanceof AppError) || error.code !== 'taxpayer_ambiguous') throw error;
        return sendHtml(reply, searchPage(request, { form, errors: [{ field: 'name', message: error.localized(locale) }] }), 409);
      }
    },
  );

  app.get(
    '/console/taxpayers/:id',
    { preValidation: read, schema: { ...page, params: idParam, querystring: z.object({ lang, unchanged: z.literal('1').optional() }) } },
    async (request, reply) => {
      const district = request.staff!.districtCode;
      const taxpayer = await summaryOr404(db, cipher, request, request.params.id);
      const [changes, deliveries] = await Promise.all([contactChanges(db, district, taxpayer.id), deliveryHistory(db, district, taxpayer.id)]);
      const flash = request.query.unchanged ? taxpayerRecordMessages.t(request.locale, 'nothing_changed') : undefined;
      return sendHtml(reply, taxpayerPage(request, { taxpayer, changes, deliveries, canEdit: TAXPAYER_WRITE_ROLES.includes(request.staff!.role), flash }));
    },
  );

  app.get('/console/taxpayers/:id/edit', { preValidation: write, schema: { ...page, params: idParam, querystring: z.object({ lang }) } }, async (request, reply) => {
    const taxpayer = await summaryOr404(db, cipher, request, request.params.id);
    return sendHtml(reply, editPage(request, { taxpayer, form: { enrol: { ...taxpayer.enrol } } }));
  });

  app.post(
    '/console/taxpayers/:id/edit/check',
    { preValidation: write, schema: { ...page, params: idParam, querystring: z.object({ lang }), body: editBody } },
    async (request, reply) => {
      const taxpayer = await summaryOr404(db, cipher, request, request.params.id);
      const form = formOf(request.body);
      const staff = request.staff!;
      const checked = await checkForm(db, cipher, request.locale, staff.districtCode, taxpayer.id, form);
      if ('errors' in checked) return sendHtml(reply, editPage(request, { taxpayer, form, errors: checked.errors }), 400);
      await sendOfficialCodes(db, cipher, staff.districtCode, officialScope(staff.id, taxpayer.id), taxpayer.id, checked.newContacts);
      return sendHtml(reply, checkPage(request, { taxpayer, form, after: checked.after, codes: checked.newContacts.map(codeSent) }));
    },
  );

  app.post(
    '/console/taxpayers/:id/edit',
    { preValidation: write, schema: { ...page, params: idParam, querystring: z.object({ lang }), body: editBody } },
    async (request, reply) => {
      const staff = request.staff!;
      const taxpayer = await summaryOr404(db, cipher, request, request.params.id);
      const form = formOf(request.body);
      if (request.body.action === 'change') return sendHtml(reply, editPage(request, { taxpayer, form }));
      // the hidden fields are checked again: nothing from the check page is trusted
      const checked = await checkForm(db, cipher, request.locale, staff.districtCode, taxpayer.id, form);
      if ('errors' in checked) return sendHtml(reply, editPage(request, { taxpayer, form, errors: checked.errors }), 400);
      const scope = officialScope(staff.id, taxpayer.id);
      const codes = checked.newContacts.map(codeSent);
      if (request.body.action === 'resend') {
        await sendOfficialCodes(db, cipher, staff.districtCode, scope, taxpayer.id, checked.newContacts);
        return sendHtml(reply, checkPage(request, { taxpayer, form, after: checked.after, codes, resent: true }));
      }
      const codeErrors = await checkTypedCodes(db, cipher, request.locale, scope, { mobile: request.body.codeMobile, email: request.body.codeEmail }, checked.newContacts);
      if (codeErrors.length) return sendHtml(reply, checkPage(request, { taxpayer, form, after: checked.after, codes, errors: codeErrors }), 400);
      try {
        const result = await updateTaxpayerContacts(deps, {
          districtCode: staff.districtCode,
          taxpayerId: taxpayer.id,
          change: changeOf(form),
          source: 'official',
          actor: { type: 'staff', id: staff.username },
          reason: form.reason ?? '',
          confirmedBy: { scope },
        });
        if (result.changedFields.length === 0) return reply.redirect(`/console/taxpayers/${taxpayer.id}?lang=${request.locale}&unchanged=1`, 303);
        const auditId = await latestChangeBy(db, staff.districtCode, taxpayer.id, staff.username);
        return reply.redirect(`/console/taxpayers/${taxpayer.id}/changes/${auditId}?lang=${request.locale}`, 303);
      } catch (error) {
        if (error instanceof AppError && error.code === 'contact_not_confirmed') {
          const errs = error.problems.map((p) => ({ field: `code-${p.field}`, message: error.localized(request.locale) }));
          return sendHtml(reply, checkPage(request, { taxpayer, form, after: checked.after, codes, errors: errs }), 409);
        }
        if (!(error instanceof AppError) || error.code !== 'contact_change_invalid') throw error;
        const errs = error.problems.map((p) => ({ field: FIELD_IDS[p.field] ?? 'mobile', message: p.reason }));
        return sendHtml(reply, editPage(request, { taxpayer, form, errors: errs }), 400);
      }
    },
  );

  app.get(
    '/console/taxpayers/:id/changes/:auditId',
    {
      preValidation: read,
      schema: { ...page, params: z.object({ id: idParam.shape.id, auditId: z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER) }), querystring: z.object({ lang }) },
    },
    async (request, reply) => {
      const taxpayer = await summaryOr404(db, cipher, request, request.params.id);
      const [change] = await contactChanges(db, request.staff!.districtCode, taxpayer.id, request.params.auditId);
      if (!change) throw contactNotFound();
      return sendHtml(reply, donePage(request, { taxpayer, change }));
    },
  );
};
