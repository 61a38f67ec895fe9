import type { Queryable } from '../platform/db/database.ts';
import { AppError } from '../platform/errors.ts';
import type { PersonalDataCipher } from '../platform/crypto.ts';
import { normaliseEmail } from './email.ts';
import { normaliseIdentityKey } from './identity-key.ts';
import { normaliseMobile } from './phone.ts';
import { taxpayerMessages } from './taxpayers.messages.ts';

export { maskPhone } from './phone.ts';
export { maskEmail } from './email.ts';

// Personal fields of a taxpayer are stored encrypted (*_enc) with a keyed
// hash of the normalised value (*_hash) for equality look-ups. Every module
// goes through these helpers so that a hash written by the roll import
// matches a hash computed for a look-up anywhere else.

export type HashPurpose = 'birth_date' | 'identity_key' | 'mobile' | 'email';

/**
 * The value that is hashed for a purpose: the normalised form, so that
 * 010 1234 5678 and +82 10-1234-5678 find the same taxpayer. Returns null
 * when the value cannot be normalised (it can then match nothing).
 */
export function lookupValue(purpose: HashPurpose, value: string): string | null {
  switch (purpose) {
    case 'mobile': {
      const m = normaliseMobile(value);
      return m.ok ? m.e164 : null;
    }
    case 'email': {
      const e = normaliseEmail(value);
      return e.ok ? e.email : null;
    }
    case 'identity_key': {
      const k = normaliseIdentityKey(value);
      return k.ok ? k.identityKey : null;
    }
    case 'birth_date':
      return /^\d{4}-\d{2}-\d{2}$/.test(value.trim()) ? value.trim() : null;
  }
}

/** Keyed hash for look-up of an already normalised value. */
export function hashNormalised(cipher: PersonalDataCipher, purpose: HashPurpose, normalised: string): Buffer {
  return cipher.lookupHash(purpose, normalised);
}

/** Keyed hash for look-up of a value as typed; null when it is not a valid value of that kind. */
export function lookupHash(cipher: PersonalDataCipher, purpose: HashPurpose, value: string): Buffer | null {
  const normalised = lookupValue(purpose, value);
  return normalised === null ? null : cipher.lookupHash(purpose, normalised);
}

/** Personal fields, already normalised (mobile as E.164, birth date as YYYY-MM-DD). */
export interface PersonalFields {
  birthDate: string;
  identityKey: string | null;
  mobileE164: string | null;
  email: string | null;
}

export interface SealedPersonalFields {
  birth_date_enc: Buffer;
  birth_date_hash: Buffer;
  identity_key_enc: Buffer | null;
  identity_key_hash: Buffer | null;
  mobile_enc: Buffer | null;
  mobile_hash: Buffer | null;
  email_enc: Buffer | null;
  email_hash: Buffer | null;
}

const sealOptional = (cipher: PersonalDataCipher, purpose: HashPurpose, value: string | null) =>
  value ? { enc: cipher.encrypt(value), hash: cipher.lookupHash(purpose, value) } : { enc: null, hash: null };

export function sealPersonalFields(cipher: PersonalDataCipher, fields: PersonalFields): SealedPersonalFields {
  const ik = sealOptional(cipher, 'identity_key', fields.identityKey);
  const mobile = sealOptional(cipher, 'mobile', fields.mobileE164);
  const email = sealOptional(cipher, 'email', fields.email);
  return {
    birth_date_enc: cipher.encrypt(fields.birthDate),
    birth_date_hash: cipher.lookupHash('birth_date', fields.birthDate),
    identity_key_enc: ik.enc,
    identity_key_hash: ik.hash,
    mobile_enc: mobile.enc,
    mobile_hash: mobile.hash,
    email_enc: email.enc,
    email_hash: email.hash,
  };
}

export type ContactSource = 'roll' | 'official' | 'self_service' | 'chat';

/** A taxpayer row as stored: personal fields still sealed. */
export interface TaxpayerRow {
  id: number;
  district_code: string;
  taxpayer_no: string;
  name: string;
  birth_date_enc: Buffer;
  identity_key_enc: Buffer | null;
  mobile_enc: Buffer | null;
  mobile_legacy: boolean;
  email_enc: Buffer | null;
  postal_code: string;
  address: string;
  enrol_kakao: boolean;
  enrol_sms: boolean;
  enrol_email: boolean;
  contact_source: ContactSource;
  contact_updated_at: Date | string;
}

const COLUMNS = `id, district_code, taxpayer_no, name, birth_date_enc, identity_key_enc, mobile_enc, mobile_legacy, email_enc,
  postal_code, address, enrol_kakao, enrol_sms, enrol_email, contact_source, contact_updated_at`;

// PGlite returns bytea as Uint8Array, pg as Buffer: callers get Buffers.
function toBuffers(row: TaxpayerRow): TaxpayerRow {
  const buf = (v: Buffer | Uint8Array | null) => (v === null ? null : Buffer.from(v));
  return {
    ...row,
    birth_date_enc: buf(row.birth_date_enc)!,
    identity_key_enc: buf(row.identity_key_enc),
    mobile_enc: buf(row.mobile_enc),
    email_enc: buf(row.email_enc),
  };
}

export type TaxpayerKey = { taxpayerNo: string } | { name: string; birthDate: string };

/**
 * One taxpayer of a district by taxpayer number, or by name and date of
 * birth (YYYY-MM-DD). Null when none matches; AppError 'taxpayer_ambiguous'
 * when name and birth date match more than one.
 */
export async function findTaxpayer(
  db: Queryable,
  cipher: PersonalDataCipher,
  districtCode: string,
  key: TaxpayerKey,
): Promise<TaxpayerRow | null> {
  let rows: TaxpayerRow[];
  if ('taxpayerNo' in key) {
    ({ rows } = await db.query<TaxpayerRow>(`SELECT ${COLUMNS} FROM taxpayers WHERE district_code = $1 AND taxpayer_no = $2`, [
      districtCode,
      key.taxpayerNo.trim(),
    ]));
  } else {
    const birthHash = lookupHash(cipher, 'birth_date', key.birthDate);
    if (!birthHash) return null;
    ({ rows } = await db.query<TaxpayerRow>(
      `SELECT ${COLUMNS} FROM taxpayers WHERE district_code = $1 AND name = $2 AND birth_date_hash = $3 LIMIT 2`,
      [districtCode, key.name.trim(), birthHash],
    ));
    if (rows.length > 1) {
      throw new AppError('taxpayer_ambiguous', 409, taxpayerMessages.both('ambiguous'));
    }
  }
  return rows[0] ? toBuffers(rows[0]) : null;
}

export interface TaxpayerContacts {
  birthDate: string;
  identityKey: string | null;
  /** display form, 010-1234-5678 */
  mobile: string | null;
  mobileE164: string | null;
  email: string | null;
}

export function decryptContacts(cipher: PersonalDataCipher, row: Pick<TaxpayerRow, 'birth_date_enc' | 'identity_key_enc' | 'mobile_enc' | 'email_enc'>): TaxpayerContacts {
  const mobileE164 = cipher.decryptNullable(row.mobile_enc);
  const mobile = mobileE164 ? normaliseMobile(mobileE164) : null;
  return {
    birthDate: cipher.decrypt(row.birth_date_enc),
    identityKey: cipher.decryptNullable(row.identity_key_enc),
    mobile: mobile?.ok ? mobile.display : mobileE164,
    mobileE164,
    email: cipher.decryptNullable(row.email_enc),
  };
}

/** A taxpayer's contacts and e-notice enrolment as they are now (decrypted). */
export interface CurrentContacts {
  mobileE164: string | null;
  email: string | null;
  hasIdentityKey: boolean;
  enrol: { kakao: boolean; sms: boolean; email: boolean };
}

interface ContactsRow {
  id: number;
  mobile_enc: Uint8Array | null;
  email_enc: Uint8Array | null;
  has_key: boolean;
  enrol_kakao: boolean;
  enrol_sms: boolean;
  enrol_email: boolean;
}

/** Reads a taxpayer's current contacts (decrypted); null outside the district. `lock`: FOR UPDATE, for a change in the same transaction. */
export async function currentContacts(
  q: Pick<Queryable, 'query'>,
  cipher: PersonalDataCipher,
  districtCode: string,
  taxpayerId: number,
  lock = false,
): Promise<CurrentContacts | null> {
  const { rows } = await q.query<ContactsRow>(
    `SELECT id, mobile_enc, email_enc, identity_key_hash IS NOT NULL AS has_key, enrol_kakao, enrol_sms, enrol_email
       FROM taxpayers WHERE id = $1 AND district_code = $2${lock ? ' FOR UPDATE' : ''}`,
    [taxpayerId, districtCode],
  );
  const r = rows[0];
  if (!r) return null;
  return {
    mobileE164: cipher.decryptNullable(r.mobile_enc),
    email: cipher.decryptNullable(r.email_enc),
    hasIdentityKey: r.has_key,
    enrol: { kakao: r.enrol_kakao, sms: r.enrol_sms, email: r.enrol_email },
  };
}

/** The fields of a contact change that differ from what is stored; undefined leaves a field as it is. */
export interface ContactWrite {
  mobile?: { e164: string; legacy: boolean } | null;
  email?: string | null;
  enrol?: { kakao?: boolean; sms?: boolean; email?: boolean };
  source: ContactSource;
}

/**
 * Writes a taxpayer's changed contacts, sealed with their look-up hashes,
 * and who set them. Only for the audited contact change
 * (hygiene/contact-change), which checks, confirms and audits it.
 */
export async function writeContacts(q: Queryable, cipher: PersonalDataCipher, districtCode: string, taxpayerId: number, change: ContactWrite): Promise<void> {
  const sets: string[] = [];
  const params: unknown[] = [taxpayerId, districtCode];
  const set = (column: string, value: unknown) => {
    params.push(value);
    sets.push(`${column} = $${params.length}`);
  };
  if (change.mobile !== undefined) {
    set('mobile_enc', change.mobile ? cipher.encrypt(change.mobile.e164) : null);
    set('mobile_hash', change.mobile ? cipher.lookupHash('mobile', change.mobile.e164) : null);
    set('mobile_legacy', change.mobile?.legacy ?? false);
  }
  if (change.email !== undefined) {
    set('email_enc', change.email ? cipher.encrypt(change.email) : null);
    set('email_hash', change.email ? cipher.lookupHash('email', change.email) : null);
  }
  for (const channel of ['kakao', 'sms', 'email'] as const) {
    const value = change.enrol?.[channel];
    if (value !== undefined) set(`enrol_${channel}`, value);
  }
  set('contact_source', change.source);
  await q.query(
    `UPDATE taxpayers SET ${sets.join(', ')}, contact_updated_at = now(), updated_at = now() WHERE id = $1 AND district_code = $2`,
    params,
  );
}

/** Ends the e-notice enrolment (every channel) of those taxpayers still enrolled; returns who changed. */
export async function clearEnrolment(q: Queryable, taxpayerIds: number[]): Promise<{ taxpayerId: number; districtCode: string }[]> {
  const { rows } = await q.query<{ id: number; district_code: string }>(
    `UPDATE taxpayers SET enrol_kakao = false, enrol_sms = false, enrol_email = false, updated_at = now()
      WHERE id = ANY($1::bigint[]) AND (enrol_kakao OR enrol_sms OR enrol_email)
      RETURNING id, district_code`,
    [taxpayerIds],
  );
  return rows.map((r) => ({ taxpayerId: Number(r.id), districtCode: r.district_code }));
}
