import { AppError, badRequest, conflict, tooManyRequests, type FieldProblem } from '../../platform/errors.ts';
import { checkCode, codeProblem, confirmsValue, currentCodes, type ContactField } from '../../platform/one-time-codes.ts';
import { checkEmail, checkMobile, sendContactCode, updateTaxpayerContacts } from '../../hygiene/contact-change/contact-change.service.ts';
import { maskEmail } from '../../taxpayers/email.ts';
import { maskPhone } from '../../taxpayers/phone.ts';
import { findTaxpayer } from '../../taxpayers/taxpayers.repository.ts';
import {
  findByResumeToken,
  getDistrictConversation,
  linkTaxpayer,
  postMessage,
  type ConversationRow,
  type DeskDeps,
  type DeskMessage,
} from '../conversations/conversations.service.ts';
import { contactRequestMessages } from './contact-requests.messages.ts';
import {
  findContactForm,
  formCodesLastHour,
  formMessagePayload,
  formScope,
  insertContactForm,
  isRequestApplied,
  recordRequestApplied,
  sealedForms,
  setFormMessage,
  type FormRow,
  type SealedForm,
} from './contact-requests.repository.ts';
import type { ContactForm, ContactFormConfirmInput, ContactFormResendInput } from './contact-requests.schema.ts';

// Structured requests: a resident fills a contact-update form in the
// conversation instead of typing. What it says (name, date of birth, new
// mobile and e-mail, channels) is sealed in desk_contact_forms; a one-time
// code goes to each new contact and the resident types it in the widget;
// only then does the form reach the agent, as a message of kind 'form' that
// carries the form's id and nothing personal. The agent the conversation is
// assigned to matches it to a taxpayer and applies it through
// updateTaxpayerContacts (source 'chat'), which spends the codes and tells
// the old contact (issue 13, findings 2 and 8).

/** How long after the resident confirmed a code the agent may apply the form. */
export const FORM_CONFIRMED_HOURS = 24;
/** Codes the forms of one conversation may have sent per hour (first ones and resends): the form is no way to flood a phone. */
export const MAX_FORM_CODES_PER_HOUR = 6;

export interface FormAnswer {
  formId: number;
  /** The form's message in the conversation, once every new contact is confirmed; null while codes are awaited. */
  messageId: number | null;
  /** The new contacts still waiting for their code (masked). */
  awaiting: { field: ContactField; to: string }[];
}

const masked = (field: ContactField, value: string) => (field === 'mobile' ? maskPhone(value) : maskEmail(value));
const contactsOf = (form: SealedForm): { field: ContactField; value: string }[] => [
  ...(form.mobile ? [{ field: 'mobile' as const, value: form.mobile }] : []),
  ...(form.email ? [{ field: 'email' as const, value: form.email }] : []),
];

/** Refuses more codes than MAX_FORM_CODES_PER_HOUR for the forms of a conversation, counting the ones about to be sent. */
async function capCodes(deps: Pick<DeskDeps, 'db'>, conversationId: number, more: number): Promise<void> {
  if ((await formCodesLastHour(deps.db, conversationId)) + more > MAX_FORM_CODES_PER_HOUR) throw tooManyRequests(contactRequestMessages.both('too_many_codes'));
}

async function openConversationOf(deps: DeskDeps, resumeToken: string): Promise<ConversationRow> {
  const conversation = await findByResumeToken(deps.db, resumeToken);
  if (!conversation || conversation.state === 'closed') throw new AppError('conversation_not_found', 404, contactRequestMessages.both('conversation_not_found'));
  return conversation;
}

async function loadForm(deps: Pick<DeskDeps, 'db' | 'cipher'>, conversationId: number, formId: number): Promise<FormRow> {
  const row = await findContactForm(deps.db, deps.cipher, conversationId, formId);
  if (!row) throw new AppError('form_not_found', 404, contactRequestMessages.both('form_not_found'));
  return row;
}

/** The new contacts of a form still waiting for their code. */
async function awaiting(deps: Pick<DeskDeps, 'db' | 'cipher'>, row: FormRow): Promise<{ field: ContactField; value: string }[]> {
  const codes = await currentCodes(deps.db, formScope(row.id));
  return contactsOf(row.form).filter((c) => !confirmsValue(deps.cipher, codes.find((x) => x.field === c.field), c.value));
}

/** Posts the confirmed form into the conversation (once): the message carries the form's id only. */
async function postForm(deps: DeskDeps, conversation: ConversationRow, row: FormRow): Promise<FormAnswer> {
  if (row.deskMessageId) return { formId: row.id, messageId: row.deskMessageId, awaiting: [] };
  const { messageId } = await postMessage(deps, {
    conversationId: conversation.id,
    author: { type: 'resident', id: conversation.resident_ref },
    kind: 'form',
    body: contactRequestMessages.t(conversation.locale, 'form_body'),
    payload: { form: 'contact_update', formId: row.id },
  });
  await setFormMessage(deps.db, row.id, messageId);
  return { formId: row.id, messageId, awaiting: [] };
}

/**
 * The resident's form: checked, sealed and kept; a code goes to each new
 * contact. A form with no new contact (channels only) reaches the agent at
 * once; otherwise when confirmContactForm has every code.
 */
export async function submitContactForm(deps: DeskDeps, resumeToken: string, form: ContactForm): Promise<FormAnswer> {
  const conversation = await openConversationOf(deps, resumeToken);
  // The resident is told now, while they can still correct it, rather than
  // the agent finding out when applying the form.
  const locale = conversation.locale;
  const problems: FieldProblem[] = [];
  const sealed: SealedForm = { name: form.name, birthDate: form.birthDate, channels: form.channels };
  if (form.mobile) {
    const m = checkMobile(form.mobile);
    if ('problem' in m) problems.push({ field: 'mobile', reason: m.problem.reason[locale] });
    else sealed.mobile = m.ok.e164;
  }
  if (form.email) {
    const e = checkEmail(form.email);
    if ('problem' in e) problems.push({ field: 'email', reason: e.problem.reason[locale] });
    else sealed.email = e.ok;
  }
  if (problems.length) throw badRequest('validation_failed', contactRequestMessages.both('check_input'), problems);
  await capCodes(deps, conversation.id, contactsOf(sealed).length);
  const row = await deps.db.transaction(async (tx) => {
    const formId = await insertContactForm(tx, deps.cipher, { conversationId: conversation.id, districtCode: conversation.district_code, form: sealed });
    for (const c of contactsOf(sealed)) await sendContactCode(tx, deps.cipher, { districtCode: conversation.district_code, scope: formScope(formId), ...c });
    return { id: formId, conversationId: conversation.id, form: sealed, deskMessageId: null } satisfies FormRow;
  });
  const contacts = contactsOf(sealed);
  if (contacts.length === 0) return postForm(deps, conversation, row);
  return { formId: row.id, messageId: null, awaiting: contacts.map((c) => ({ field: c.field, to: masked(c.field, c.value) })) };
}

/** The codes the resident typed for a form's new contacts; once every one is confirmed the form reaches the agent. */
export async function confirmContactForm(deps: DeskDeps, input: ContactFormConfirmInput): Promise<FormAnswer> {
  const conversation = await openConversationOf(deps, input.resumeToken);
  const row = await loadForm(deps, conversation.id, input.formId);
  if (row.deskMessageId) throw conflict('form_already_sent', contactRequestMessages.both('form_already_sent'));
  const locale = conversation.locale;
  const problems: FieldProblem[] = [];
  const waiting = await awaiting(deps, row);
  await deps.db.transaction(async (tx) => {
    for (const c of waiting) {
      const outcome = await checkCode(tx, deps.cipher, formScope(row.id), c.field, input.codes[c.field] ?? '');
      if (!outcome.ok) problems.push({ field: `code.${c.field}`, reason: codeProblem(outcome)[locale] });
    }
  });
  if (problems.length) throw badRequest('code_not_accepted', contactRequestMessages.both('code_not_accepted'), problems);
  const left = await awaiting(deps, row);
  if (left.length) {
    // a code was confirmed for another value than the form's (cannot happen through the widget)
    throw badRequest('code_not_accepted', contactRequestMessages.both('code_not_accepted'), left.map((c) => ({ field: `code.${c.field}`, reason: codeProblem({ ok: false, reason: 'missing' })[locale] })));
  }
  return postForm(deps, conversation, row);
}

/** New codes for the form's contacts still unconfirmed (earlier codes stop working). */
export async function resendContactFormCodes(deps: DeskDeps, input: ContactFormResendInput): Promise<FormAnswer> {
  const conversation = await openConversationOf(deps, input.resumeToken);
  const row = await loadForm(deps, conversation.id, input.formId);
  if (row.deskMessageId) throw conflict('form_already_sent', contactRequestMessages.both('form_already_sent'));
  const left = await awaiting(deps, row);
  await capCodes(deps, conversation.id, left.length);
  await deps.db.transaction(async (tx) => {
    for (const c of left) await sendContactCode(tx, deps.cipher, { districtCode: conversation.district_code, scope: formScope(row.id), ...c });
  });
  return { formId: row.id, messageId: null, awaiting: left.map((c) => ({ field: c.field, to: masked(c.field, c.value) })) };
}

// ------------------------------------------------------------- presentation

interface FormPayload {
  form: 'contact_update';
  formId?: number;
  legacy?: boolean;
}

const isFormPayload = (p: unknown): p is FormPayload => typeof p === 'object' && p !== null && (p as { form?: unknown }).form === 'contact_update';

/**
 * What a form message shows. To the agent: the name and date of birth (to
 * match the taxpayer), the new contacts masked, the channels, unsealed here;
 * forms stored before sealing were masked by migration 0014 and are shown as
 * they are ('legacy', not appliable). To the resident: nothing personal.
 */
export async function presentForms(deps: Pick<DeskDeps, 'db' | 'cipher'>, messages: DeskMessage[], audience: 'resident' | 'agent'): Promise<DeskMessage[]> {
  const forms = messages.filter((m) => m.kind === 'form' && isFormPayload(m.payload));
  if (forms.length === 0) return messages;
  if (audience === 'resident') {
    return messages.map((m) => (forms.includes(m) ? { ...m, payload: { form: 'contact_update', ...((m.payload as FormPayload).legacy ? { legacy: true } : {}) } } : m));
  }
  const ids = forms.map((m) => (m.payload as FormPayload).formId).filter((id): id is number => typeof id === 'number');
  const sealed = await sealedForms(deps.db, deps.cipher, ids);
  return messages.map((m) => {
    if (!forms.includes(m)) return m;
    const p = m.payload as FormPayload;
    const f = typeof p.formId === 'number' ? sealed.get(p.formId) : undefined;
    if (!f) return { ...m, payload: { ...p, legacy: true } };
    return {
      ...m,
      payload: {
        form: 'contact_update', formId: p.formId, name: f.name, birthDate: f.birthDate,
        ...(f.mobile ? { mobile: maskPhone(f.mobile) } : {}), ...(f.email ? { email: maskEmail(f.email) } : {}), channels: f.channels, confirmed: true,
      },
    };
  });
}

// ------------------------------------------------------------------ applying

export interface ApplyResult {
  taxpayerId: number;
  changedFields: string[];
  resentMessageIds: number[];
}

/**
 * Applies a confirmed contact-update form of a conversation assigned to the
 * agent to the taxpayer it names (name and date of birth from the form, or
 * the taxpayer number the agent gives when names collide). Once per form.
 */
export async function applyContactRequest(
  deps: DeskDeps,
  args: { districtCode: string; conversationId: number; messageId: number; staffId: number; taxpayerNo?: string },
): Promise<ApplyResult> {
  const conversation = await getDistrictConversation(deps.db, args.districtCode, args.conversationId);
  if (conversation.assigned_staff_id !== args.staffId) throw new AppError('not_assigned', 403, contactRequestMessages.both('not_assigned'));
  const payload = await formMessagePayload(deps.db, args.conversationId, args.messageId);
  if (!isFormPayload(payload)) throw new AppError('form_not_found', 404, contactRequestMessages.both('form_not_found'));
  const formId = payload.formId;
  if (typeof formId !== 'number') throw conflict('form_unconfirmed', contactRequestMessages.both('form_unconfirmed'));
  const row = await loadForm(deps, args.conversationId, formId);
  if (row.deskMessageId !== args.messageId) throw new AppError('form_not_found', 404, contactRequestMessages.both('form_not_found'));
  const form = row.form;
  if (await isRequestApplied(deps.db, args.messageId)) throw conflict('form_already_applied', contactRequestMessages.both('already_applied'));

  const taxpayer = await findTaxpayer(deps.db, deps.cipher, args.districtCode, args.taxpayerNo ? { taxpayerNo: args.taxpayerNo } : { name: form.name, birthDate: form.birthDate });
  if (!taxpayer) throw new AppError('taxpayer_not_found', 404, contactRequestMessages.both('taxpayer_not_found'));
  // Given a taxpayer number, the form's name and birth date must still match: the agent cannot apply it to someone else.
  if (args.taxpayerNo) {
    const byName = await findTaxpayer(deps.db, deps.cipher, args.districtCode, { name: form.name, birthDate: form.birthDate }).catch((e: unknown) => {
      if (e instanceof AppError && e.code === 'taxpayer_ambiguous') return null;
      throw e;
    });
    const sameName = taxpayer.name === form.name.trim() && deps.cipher.decrypt(taxpayer.birth_date_enc) === form.birthDate;
    if (!sameName && byName?.id !== taxpayer.id) throw new AppError('taxpayer_mismatch', 409, contactRequestMessages.both('taxpayer_mismatch'));
  }
  const enrol = form.channels.length ? { kakao: form.channels.includes('kakao'), sms: form.channels.includes('sms'), email: form.channels.includes('email') } : undefined;
  const result = await updateTaxpayerContacts(
    { db: deps.db, cipher: deps.cipher },
    {
      districtCode: args.districtCode,
      taxpayerId: Number(taxpayer.id),
      change: { ...(form.mobile ? { mobile: form.mobile } : {}), ...(form.email ? { email: form.email } : {}), ...(enrol ? { enrol } : {}) },
      source: 'chat',
      actor: { type: 'staff', id: String(args.staffId) },
      reason: `chat request #${args.conversationId}`,
      confirmedBy: { scope: formScope(formId), withinMinutes: FORM_CONFIRMED_HOURS * 60 },
    },
  );
  await deps.db.transaction(async (tx) => {
    await recordRequestApplied(tx, { messageId: args.messageId, conversationId: args.conversationId, taxpayerId: Number(taxpayer.id), staffId: args.staffId, changedFields: result.changedFields });
    await linkTaxpayer(tx, args.conversationId, Number(taxpayer.id));
  });
  await postMessage(deps, {
    conversationId: args.conversationId, author: { type: 'system', id: 'desk' }, kind: 'event', body: 'contact_updated',
    payload: { event: 'contact_updated', formMessageId: args.messageId, changed: result.changedFields },
  });
  return { taxpayerId: Number(taxpayer.id), changedFields: result.changedFields, resentMessageIds: result.resentMessageIds };
}
