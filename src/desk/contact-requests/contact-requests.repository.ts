import type { PersonalDataCipher } from '../../platform/crypto.ts';
import type { Queryable } from '../../platform/db/database.ts';

// Contact-update forms (desk_contact_forms, sealed at rest), the codes their
// new contacts were sent, the form messages in a conversation, and which
// requests were applied (desk_contact_requests_applied).

/** The form as sealed: contacts normalised (E.164, the normalised address). */
export interface SealedForm {
  name: string;
  birthDate: string;
  mobile?: string;
  email?: string;
  channels: ('kakao' | 'sms' | 'email')[];
}

export interface FormRow {
  id: number;
  conversationId: number;
  form: SealedForm;
  deskMessageId: number | null;
}

/** The one-time code scope of a form's new contacts. */
export const formScope = (formId: number) => `desk_form:${formId}`;

/** Codes sent in the last hour for the forms of a conversation (first ones and resends). */
export async function formCodesLastHour(q: Queryable, conversationId: number): Promise<number> {
  const { rows } = await q.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM one_time_codes c JOIN desk_contact_forms f ON c.scope = 'desk_form:' || f.id
      WHERE f.conversation_id = $1 AND c.created_at > now() - interval '1 hour'`,
    [conversationId],
  );
  return rows[0]!.n;
}

export async function insertContactForm(q: Queryable, cipher: PersonalDataCipher, args: { conversationId: number; districtCode: string; form: SealedForm }): Promise<number> {
  const { rows } = await q.query<{ id: string }>(
    'INSERT INTO desk_contact_forms (conversation_id, district_code, form_enc) VALUES ($1, $2, $3) RETURNING id',
    [args.conversationId, args.districtCode, cipher.encrypt(JSON.stringify(args.form))],
  );
  return Number(rows[0]!.id);
}

/** A form of the conversation, unsealed; null when the conversation has no such form. */
export async function findContactForm(q: Queryable, cipher: PersonalDataCipher, conversationId: number, formId: number): Promise<FormRow | null> {
  const { rows } = await q.query<{ id: string; form_enc: Uint8Array; desk_message_id: string | null }>(
    'SELECT id, form_enc, desk_message_id FROM desk_contact_forms WHERE id = $1 AND conversation_id = $2',
    [formId, conversationId],
  );
  const r = rows[0];
  if (!r) return null;
  return {
    id: Number(r.id),
    conversationId,
    form: JSON.parse(cipher.decrypt(r.form_enc)) as SealedForm,
    deskMessageId: r.desk_message_id === null ? null : Number(r.desk_message_id),
  };
}

/** The forms with these ids, unsealed, by id. */
export async function sealedForms(q: Queryable, cipher: PersonalDataCipher, ids: readonly number[]): Promise<Map<number, SealedForm>> {
  const forms = new Map<number, SealedForm>();
  if (ids.length === 0) return forms;
  const { rows } = await q.query<{ id: string; form_enc: Uint8Array }>('SELECT id, form_enc FROM desk_contact_forms WHERE id = ANY($1::bigint[])', [ids]);
  for (const r of rows) forms.set(Number(r.id), JSON.parse(cipher.decrypt(r.form_enc)) as SealedForm);
  return forms;
}

/** Ids of every form of a conversation (for the scopes its confirmed contacts are in). */
export async function contactFormIds(q: Queryable, conversationId: number): Promise<number[]> {
  const { rows } = await q.query<{ id: string }>('SELECT id FROM desk_contact_forms WHERE conversation_id = $1', [conversationId]);
  return rows.map((r) => Number(r.id));
}

/** Records the form's message in the conversation (once). */
export async function setFormMessage(q: Queryable, formId: number, messageId: number): Promise<void> {
  await q.query('UPDATE desk_contact_forms SET desk_message_id = $2 WHERE id = $1 AND desk_message_id IS NULL', [formId, messageId]);
}

/** The payload of a resident's form message in the conversation; undefined when there is no such message. */
export async function formMessagePayload(q: Queryable, conversationId: number, messageId: number): Promise<unknown> {
  const { rows } = await q.query<{ payload: unknown }>(
    `SELECT payload FROM desk_messages WHERE id = $1 AND conversation_id = $2 AND kind = 'form' AND author_type = 'resident'`,
    [messageId, conversationId],
  );
  return rows[0]?.payload;
}

export async function isRequestApplied(q: Queryable, messageId: number): Promise<boolean> {
  const { rows } = await q.query('SELECT 1 FROM desk_contact_requests_applied WHERE desk_message_id = $1', [messageId]);
  return rows.length > 0;
}

export async function recordRequestApplied(
  q: Queryable,
  args: { messageId: number; conversationId: number; taxpayerId: number; staffId: number; changedFields: string[] },
): Promise<void> {
  await q.query(
    `INSERT INTO desk_contact_requests_applied (desk_message_id, conversation_id, taxpayer_id, applied_by, changed_fields) VALUES ($1, $2, $3, $4, $5)`,
    [args.messageId, args.conversationId, args.taxpayerId, args.staffId, args.changedFields],
  );
}
