import { z } from 'zod';
import { AppError, badRequest, conflict, type FieldProblem } from '../../platform/errors.ts';
import { checkEmail, checkMobile, updateTaxpayerContacts } from '../../taxpayers/contact-update.service.ts';
import { findTaxpayer } from '../../taxpayers/taxpayers.repository.ts';
import { findByResumeToken, getDistrictConversation, postMessage, type DeskDeps } from '../conversations.service.ts';

// Structured requests: a resident fills a contact-update form in the
// conversation instead of typing; the agent matches it to a taxpayer and
// applies it with one action, through updateTaxpayerContacts (the path of
// official edits: checks, audit entry, re-check, re-send of undelivered
// notices), with source 'chat'.

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/).refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s), 'not a date');

export const contactFormSchema = z
  .object({
    name: z.string().trim().min(1).max(100),
    birthDate: isoDate,
    mobile: z.string().trim().max(32).optional(),
    email: z.string().trim().max(254).optional(),
    channels: z.array(z.enum(['kakao', 'sms', 'email'])).max(3).default([]),
  })
  .refine((f) => Boolean(f.mobile) || Boolean(f.email) || f.channels.length > 0, { message: 'give a new mobile, a new e-mail or channels', path: ['mobile'] });
export type ContactForm = z.infer<typeof contactFormSchema>;

export const contactFormInput = z.object({ resumeToken: z.string().min(1).max(100) }).and(contactFormSchema);

/** The resident's form, posted as a kind 'form' message of their open conversation. */
export async function submitContactForm(deps: DeskDeps, resumeToken: string, form: ContactForm): Promise<{ conversationId: number; messageId: number }> {
  const conversation = await findByResumeToken(deps.db, resumeToken);
  if (!conversation || conversation.state === 'closed') {
    throw new AppError('conversation_not_found', 404, { ko: '진행 중인 상담을 찾을 수 없습니다.', en: 'No open conversation found.' });
  }
  // The resident is told now, while they can still correct it, rather than
  // the agent finding out when applying the form.
  const locale = conversation.locale === 'en' ? 'en' : 'ko';
  const problems: FieldProblem[] = [];
  // the same checks as when the agent applies it (contact-update.service)
  for (const check of [form.mobile ? checkMobile(form.mobile) : null, form.email ? checkEmail(form.email) : null]) {
    if (check && 'problem' in check) problems.push({ field: check.problem.field, reason: check.problem.reason[locale] });
  }
  if (problems.length) {
    throw badRequest('validation_failed', { ko: '입력한 내용을 확인해 주세요.', en: 'Check what you entered.' }, problems);
  }
  const { messageId } = await postMessage(deps, {
    conversationId: conversation.id,
    author: { type: 'resident', id: conversation.resident_ref },
    kind: 'form',
    body: conversation.locale === 'ko' ? '연락처 변경 요청' : 'Contact update request',
    payload: { form: 'contact_update', ...form },
  });
  return { conversationId: conversation.id, messageId };
}

export interface ApplyResult {
  taxpayerId: number;
  changedFields: string[];
  resentMessageIds: number[];
}

/**
 * Applies a contact-update form of a conversation of the agent's district to
 * the taxpayer it names (name and date of birth from the form, or the
 * taxpayer number the agent gives when names collide). Once per form.
 */
export async function applyContactRequest(
  deps: DeskDeps,
  args: { districtCode: string; conversationId: number; messageId: number; staffId: number; taxpayerNo?: string },
): Promise<ApplyResult> {
  await getDistrictConversation(deps.db, args.districtCode, args.conversationId);
  const { rows } = await deps.db.query<{ payload: unknown }>(
    `SELECT payload FROM desk_messages WHERE id = $1 AND conversation_id = $2 AND kind = 'form' AND author_type = 'resident'`,
    [args.messageId, args.conversationId],
  );
  if (!rows[0]) throw new AppError('form_not_found', 404, { ko: '연락처 변경 양식을 찾을 수 없습니다.', en: 'Contact update form not found.' });
  const form = contactFormSchema.parse(rows[0].payload);
  const applied = await deps.db.query('SELECT 1 FROM desk_contact_requests_applied WHERE desk_message_id = $1', [args.messageId]);
  if (applied.rows.length) throw conflict('form_already_applied', { ko: '이미 반영한 요청입니다.', en: 'This request has already been applied.' });

  const taxpayer = await findTaxpayer(deps.db, deps.cipher, args.districtCode, args.taxpayerNo ? { taxpayerNo: args.taxpayerNo } : { name: form.name, birthDate: form.birthDate });
  if (!taxpayer) {
    throw new AppError('taxpayer_not_found', 404, {
      ko: '이름과 생년월일(또는 납세자번호)에 맞는 납세자가 이 구에 없습니다. 주민에게 확인하세요.',
      en: 'No taxpayer in this district matches the name and date of birth (or taxpayer number); check with the resident.',
    });
  }
  // Given a taxpayer number, the form's name and birth date must still match: the agent cannot apply it to someone else.
  if (args.taxpayerNo) {
    const byName = await findTaxpayer(deps.db, deps.cipher, args.districtCode, { name: form.name, birthDate: form.birthDate }).catch((e: unknown) => {
      if (e instanceof AppError && e.code === 'taxpayer_ambiguous') return null;
      throw e;
    });
    const sameName = taxpayer.name === form.name.trim() && deps.cipher.decrypt(taxpayer.birth_date_enc) === form.birthDate;
    if (!sameName && byName?.id !== taxpayer.id) {
      throw new AppError('taxpayer_mismatch', 409, {
        ko: '납세자번호의 이름·생년월일이 양식과 다릅니다.',
        en: "The taxpayer number's name and date of birth differ from the form.",
      });
    }
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
    },
  );
  await deps.db.transaction(async (tx) => {
    await tx.query(
      `INSERT INTO desk_contact_requests_applied (desk_message_id, conversation_id, taxpayer_id, applied_by, changed_fields) VALUES ($1, $2, $3, $4, $5)`,
      [args.messageId, args.conversationId, taxpayer.id, args.staffId, result.changedFields],
    );
    await tx.query('UPDATE conversations SET taxpayer_id = $2 WHERE id = $1', [args.conversationId, taxpayer.id]);
  });
  await postMessage(deps, {
    conversationId: args.conversationId, author: { type: 'system', id: 'desk' }, kind: 'event', body: 'contact_updated',
    payload: { event: 'contact_updated', formMessageId: args.messageId, changed: result.changedFields },
  });
  return { taxpayerId: Number(taxpayer.id), changedFields: result.changedFields, resentMessageIds: result.resentMessageIds };
}
