import type { PersonalDataCipher } from '../platform/crypto.ts';
import type { Queryable } from '../platform/db/database.ts';
import { normaliseMobile } from './phone.ts';

// The registry's own record of one taxpayer, unsealed, for the taxpayer's
// data export (taxpayer-export.ts). Only the district's taxpayer is found.

export interface TaxpayerRecordForExport {
  taxpayerNo: string;
  name: string;
  birthDate: string;
  identityKey: string | null;
  postalCode: string;
  address: string;
  mobile: string | null;
  mobileE164: string | null;
  mobileOnDeadPrefix: boolean;
  email: string | null;
  enrol: { kakao: boolean; sms: boolean; email: boolean };
  contactSource: string;
  contactUpdatedAt: string;
  createdAt: string;
}

export async function taxpayerRecordForExport(q: Queryable, cipher: PersonalDataCipher, districtCode: string, id: number): Promise<TaxpayerRecordForExport | null> {
  const { rows } = await q.query<{
    taxpayer_no: string; name: string; birth_date_enc: Uint8Array; identity_key_enc: Uint8Array | null; mobile_enc: Uint8Array | null; mobile_legacy: boolean;
    email_enc: Uint8Array | null; postal_code: string; address: string; enrol_kakao: boolean; enrol_sms: boolean; enrol_email: boolean;
    contact_source: string; contact_updated_at: Date; created_at: Date;
  }>(
    `SELECT taxpayer_no, name, birth_date_enc, identity_key_enc, mobile_enc, mobile_legacy, email_enc, postal_code, address,
            enrol_kakao, enrol_sms, enrol_email, contact_source, contact_updated_at, created_at
       FROM taxpayers WHERE id = $1 AND district_code = $2`,
    [id, districtCode],
  );
  const r = rows[0];
  if (!r) return null;
  const open = (v: Uint8Array | null) => (v === null ? null : cipher.decrypt(Buffer.from(v)));
  const mobileE164 = open(r.mobile_enc);
  const display = mobileE164 ? normaliseMobile(mobileE164) : null;
  return {
    taxpayerNo: r.taxpayer_no,
    name: r.name,
    birthDate: open(r.birth_date_enc)!,
    identityKey: open(r.identity_key_enc),
    postalCode: r.postal_code,
    address: r.address,
    mobile: display?.ok ? display.display : mobileE164,
    mobileE164,
    mobileOnDeadPrefix: r.mobile_legacy,
    email: open(r.email_enc),
    enrol: { kakao: r.enrol_kakao, sms: r.enrol_sms, email: r.enrol_email },
    contactSource: r.contact_source,
    contactUpdatedAt: new Date(r.contact_updated_at).toISOString(),
    createdAt: new Date(r.created_at).toISOString(),
  };
}

/** Who the export is of (number and name only), or null when the district has no such taxpayer. */
export async function taxpayerExportSubject(q: Queryable, districtCode: string, id: number): Promise<{ taxpayerNo: string; name: string } | null> {
  const { rows } = await q.query<{ taxpayer_no: string; name: string }>('SELECT taxpayer_no, name FROM taxpayers WHERE id = $1 AND district_code = $2', [id, districtCode]);
  return rows[0] ? { taxpayerNo: rows[0].taxpayer_no, name: rows[0].name } : null;
}
