import { randomInt } from 'node:crypto';
import type { PersonalDataCipher } from './crypto.ts';
import type { Queryable } from './db/database.ts';
import { defineMessages, type Bilingual } from './i18n/i18n.ts';

// One-time codes that confirm a contact (a mobile number or an e-mail
// address) before it is used: six digits sent to that contact, typed back
// within 5 minutes, 5 tries. Each code belongs to a scope (who asked: a
// self-service session, a desk form, an official's edit of one taxpayer…);
// a newer code of the same scope and field supersedes the older. The table
// keeps keyed hashes only: of the code, and of the value it was sent to.
// Sending is the caller's: it hands the code to the delivery engine and
// returns the message id.

export type ContactField = 'mobile' | 'email';

export const CODE_MINUTES = 5;
export const CODE_TRIES = 5;
/** How long a confirmed code may wait for the change it confirms. */
export const CONFIRMED_CODE_MINUTES = 30;

export interface CodeRequest {
  districtCode: string;
  scope: string;
  field: ContactField;
  /** The normalised value the code goes to: E.164 for a mobile, the normalised address for an e-mail. */
  value: string;
}

export function newCode(): string {
  return String(randomInt(0, 1_000_000)).padStart(6, '0');
}

function codeHash(cipher: PersonalDataCipher, scope: string, field: ContactField, code: string): Buffer {
  return cipher.lookupHash('one_time_code', `${scope}\n${field}\n${code}`);
}

/** The keyed hash a code row keeps of the value it was sent to (the registry's look-up hash of that field). */
export function contactValueHash(cipher: PersonalDataCipher, field: ContactField, value: string): Buffer {
  return cipher.lookupHash(field, value);
}

/**
 * A new code for a contact: earlier unconfirmed codes of the scope and field
 * stop working, `send` hands the code to whatever delivers it and returns
 * the message id. Run it in the caller's transaction, so that the code and
 * its message are stored together.
 */
export async function issueCode(
  q: Queryable,
  cipher: PersonalDataCipher,
  request: CodeRequest,
  send: (code: string) => Promise<number | null>,
): Promise<{ id: number; messageId: number | null }> {
  await q.query(
    `UPDATE one_time_codes SET superseded_at = now()
      WHERE scope = $1 AND field = $2 AND superseded_at IS NULL AND confirmed_at IS NULL`,
    [request.scope, request.field],
  );
  const code = newCode();
  const messageId = await send(code);
  const { rows } = await q.query<{ id: string }>(
    `INSERT INTO one_time_codes (district_code, scope, field, value_hash, code_hash, message_id, expires_at)
     VALUES ($1, $2, $3, $4, $5, $6, now() + make_interval(mins => $7::int)) RETURNING id`,
    [request.districtCode, request.scope, request.field, contactValueHash(cipher, request.field, request.value), codeHash(cipher, request.scope, request.field, code), messageId, CODE_MINUTES],
  );
  return { id: Number(rows[0]!.id), messageId };
}

export interface CodeState {
  id: number;
  field: ContactField;
  tries: number;
  confirmed: boolean;
  spent: boolean;
  expired: boolean;
  valueHash: Buffer;
  messageId: number | null;
}

/** The latest live code of each field of a scope. */
export async function currentCodes(q: Queryable, scope: string): Promise<CodeState[]> {
  const { rows } = await q.query<{ id: string; field: ContactField; tries: number; confirmed: boolean; spent: boolean; expired: boolean; value_hash: Uint8Array; message_id: string | null }>(
    `SELECT DISTINCT ON (field) id, field, tries, confirmed_at IS NOT NULL AS confirmed, spent_at IS NOT NULL AS spent,
            expires_at <= now() AS expired, value_hash, message_id
       FROM one_time_codes WHERE scope = $1 AND superseded_at IS NULL
      ORDER BY field, id DESC`,
    [scope],
  );
  return rows.map((r) => ({
    id: Number(r.id), field: r.field, tries: r.tries, confirmed: r.confirmed, spent: r.spent, expired: r.expired,
    valueHash: Buffer.from(r.value_hash), messageId: r.message_id === null ? null : Number(r.message_id),
  }));
}

/** What a person is told when a typed code does not confirm the contact. */
export const codeMessages = defineMessages({
  code_missing: { ko: '이 연락처로 보낸 인증번호가 없습니다. 인증번호를 다시 받으세요.', en: 'No code was sent to this contact. Send a new code.' },
  code_expired: { ko: '인증번호의 유효 시간(5분)이 지났습니다. 인증번호를 다시 받으세요.', en: 'The code has expired (codes work for 5 minutes). Send a new code.' },
  code_exhausted: { ko: '인증번호를 5번 틀렸습니다. 인증번호를 다시 받으세요.', en: 'The code was wrong 5 times. Send a new code.' },
  code_format: { ko: '인증번호 숫자 6자리를 입력하세요.', en: 'Enter the 6-digit code.' },
  code_wrong: { ko: '인증번호가 맞지 않습니다. {left}번 더 시도할 수 있습니다.', en: 'The code is not right. {left} more tries.' },
});

export function codeProblem(outcome: Exclude<CheckOutcome, { ok: true }>): Bilingual {
  return outcome.reason === 'wrong' ? codeMessages.both('code_wrong', { left: outcome.left }) : codeMessages.both(`code_${outcome.reason}`);
}

/** Whether a code confirmed exactly this value (a code confirms the value it was sent to, no other). */
export function confirmsValue(cipher: PersonalDataCipher, state: CodeState | undefined, value: string): boolean {
  return !!state && state.confirmed && !state.spent && state.valueHash.equals(contactValueHash(cipher, state.field, value));
}

export type CheckOutcome =
  | { ok: true }
  | { ok: false; reason: 'missing' | 'expired' | 'exhausted' | 'format' }
  | { ok: false; reason: 'wrong'; left: number };

/**
 * Checks a typed code against the latest live code of the scope and field.
 * One statement counts the try and confirms a right code, so that parallel
 * tries cannot exceed the limit.
 */
export async function checkCode(q: Queryable, cipher: PersonalDataCipher, scope: string, field: ContactField, typed: string): Promise<CheckOutcome> {
  const code = typed.replace(/\s+/g, '');
  const state = (await currentCodes(q, scope)).find((c) => c.field === field);
  if (!state) return { ok: false, reason: 'missing' };
  if (state.confirmed) return { ok: true };
  if (state.tries >= CODE_TRIES) return { ok: false, reason: 'exhausted' };
  if (state.expired) return { ok: false, reason: 'expired' };
  if (!/^\d{6}$/.test(code)) return { ok: false, reason: 'format' };
  const { rows } = await q.query<{ tries: number; confirmed: boolean }>(
    `UPDATE one_time_codes
        SET tries = tries + 1, confirmed_at = CASE WHEN code_hash = $2 THEN now() END
      WHERE id = $1 AND tries < $3 AND confirmed_at IS NULL AND superseded_at IS NULL AND expires_at > now()
      RETURNING tries, confirmed_at IS NOT NULL AS confirmed`,
    [state.id, codeHash(cipher, scope, field, code), CODE_TRIES],
  );
  const r = rows[0];
  if (!r) return { ok: false, reason: 'exhausted' };
  if (r.confirmed) return { ok: true };
  return r.tries >= CODE_TRIES ? { ok: false, reason: 'exhausted' } : { ok: false, reason: 'wrong', left: CODE_TRIES - r.tries };
}

/**
 * Spends, for each contact, a code of the scope that confirmed exactly that
 * value within the last 30 minutes (or the minutes given) and was not spent yet. Returns the
 * fields that have none; then nothing is spent (call it in the transaction
 * of the change, which the caller aborts).
 */
export async function spendConfirmedCodes(
  q: Queryable,
  cipher: PersonalDataCipher,
  args: { districtCode: string; scope: string; contacts: { field: ContactField; value: string }[]; withinMinutes?: number },
): Promise<ContactField[]> {
  const missing: ContactField[] = [];
  const ids: number[] = [];
  for (const contact of args.contacts) {
    const { rows } = await q.query<{ id: string }>(
      `SELECT id FROM one_time_codes
        WHERE district_code = $1 AND scope = $2 AND field = $3 AND value_hash = $4 AND superseded_at IS NULL
          AND confirmed_at IS NOT NULL AND confirmed_at > now() - make_interval(mins => $5::int) AND spent_at IS NULL
        ORDER BY id DESC LIMIT 1 FOR UPDATE`,
      [args.districtCode, args.scope, contact.field, contactValueHash(cipher, contact.field, contact.value), args.withinMinutes ?? CONFIRMED_CODE_MINUTES],
    );
    if (rows[0]) ids.push(Number(rows[0].id));
    else missing.push(contact.field);
  }
  if (missing.length === 0 && ids.length) {
    await q.query(`UPDATE one_time_codes SET spent_at = now() WHERE id = ANY($1::bigint[]) AND spent_at IS NULL`, [ids]);
  }
  return missing;
}

/** Whether a code of one of the scopes ever confirmed this value (spent or not): the contact was shown to be the requester's. */
export async function confirmedInScopes(q: Queryable, cipher: PersonalDataCipher, scopes: readonly string[], field: ContactField, value: string): Promise<boolean> {
  if (scopes.length === 0) return false;
  const { rows } = await q.query(
    `SELECT 1 FROM one_time_codes WHERE scope = ANY($1::text[]) AND field = $2 AND value_hash = $3 AND confirmed_at IS NOT NULL LIMIT 1`,
    [scopes, field, contactValueHash(cipher, field, value)],
  );
  return rows.length > 0;
}

/** Codes of a scope created in the last hour (a cap on how many one requester may have sent). */
export async function codesSentRecently(q: Queryable, scope: string): Promise<number> {
  const { rows } = await q.query<{ n: number }>(`SELECT count(*)::int AS n FROM one_time_codes WHERE scope = $1 AND created_at > now() - interval '1 hour'`, [scope]);
  return rows[0]!.n;
}
