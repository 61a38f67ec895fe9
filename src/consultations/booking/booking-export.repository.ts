import type { PersonalDataCipher } from '../../platform/crypto.ts';
import type { Queryable } from '../../platform/db/database.ts';

// The consultation bookings that belong to one taxpayer, for their data
// export (booking.export.ts): a booking names no taxpayer, so it is linked
// by its contact's keyed hash, the same as the registry's for the taxpayer's
// mobile number or e-mail address on record now. Name, contact and
// questionnaire are unsealed; the expert's private note (the expert's
// working note) comes apart (expertNotesOfTaxpayer), for a section of its own
// marked internal. The district's only.

export interface BookingForExport {
  reference: string;
  field: { code: string; ko: string; en: string };
  slotStart: string;
  slotEnd: string;
  mode: string;
  state: string;
  channel: string;
  contactField: string;
  contact: string;
  name: string;
  questionnaire: unknown;
  residencyCheck: string;
  createdAt: string;
}

/** The taxpayer's bookings (b) with their field (f): linked by the contact's keyed hash; $1 the taxpayer, $2 the district. */
const BOOKINGS_OF_TAXPAYER = `FROM taxpayers t
       JOIN consultation_bookings b ON b.district_code = t.district_code
                                   AND ((b.contact_field = 'mobile' AND b.contact_hash = t.mobile_hash) OR (b.contact_field = 'email' AND b.contact_hash = t.email_hash))
       JOIN consultation_fields f ON f.district_code = b.district_code AND f.code = b.field_code
      WHERE t.id = $1 AND t.district_code = $2`;

export async function bookingsOfTaxpayer(q: Queryable, cipher: PersonalDataCipher, districtCode: string, taxpayerId: number): Promise<BookingForExport[]> {
  const { rows } = await q.query<{
    reference: string; field_code: string; name_ko: string; name_en: string; slot_start: Date; slot_end: Date; mode: string; state: string; channel: string;
    contact_field: string; contact_enc: Uint8Array; name_enc: Uint8Array; questionnaire_enc: Uint8Array; residency_check: string; created_at: Date;
  }>(
    `SELECT b.reference, b.field_code, f.name_ko, f.name_en, b.slot_start, b.slot_end, b.mode, b.state, b.channel, b.contact_field, b.contact_enc,
            b.name_enc, b.questionnaire_enc, b.residency_check, b.created_at
       ${BOOKINGS_OF_TAXPAYER}
      ORDER BY b.slot_start, b.id`,
    [taxpayerId, districtCode],
  );
  const open = (v: Uint8Array) => cipher.decrypt(Buffer.from(v));
  return rows.map((r) => {
    let questionnaire: unknown;
    try {
      questionnaire = JSON.parse(open(r.questionnaire_enc));
    } catch {
      questionnaire = null;
    }
    return {
      reference: r.reference,
      field: { code: r.field_code, ko: r.name_ko, en: r.name_en },
      slotStart: new Date(r.slot_start).toISOString(),
      slotEnd: new Date(r.slot_end).toISOString(),
      mode: r.mode,
      state: r.state,
      channel: r.channel,
      contactField: r.contact_field,
      contact: open(r.contact_enc),
      name: open(r.name_enc),
      questionnaire,
      residencyCheck: r.residency_check,
      createdAt: new Date(r.created_at).toISOString(),
    };
  });
}

export interface ExpertNoteForExport {
  reference: string;
  field: { code: string; ko: string; en: string };
  slotStart: string;
  note: string;
}

/** The private notes experts kept on the taxpayer's bookings (never shown to the resident), unsealed. */
export async function expertNotesOfTaxpayer(q: Queryable, cipher: PersonalDataCipher, districtCode: string, taxpayerId: number): Promise<ExpertNoteForExport[]> {
  const { rows } = await q.query<{ reference: string; field_code: string; name_ko: string; name_en: string; slot_start: Date; expert_note_enc: Uint8Array }>(
    `SELECT b.reference, b.field_code, f.name_ko, f.name_en, b.slot_start, b.expert_note_enc
       ${BOOKINGS_OF_TAXPAYER} AND b.expert_note_enc IS NOT NULL
      ORDER BY b.slot_start, b.id`,
    [taxpayerId, districtCode],
  );
  return rows.map((r) => ({
    reference: r.reference,
    field: { code: r.field_code, ko: r.name_ko, en: r.name_en },
    slotStart: new Date(r.slot_start).toISOString(),
    note: cipher.decrypt(Buffer.from(r.expert_note_enc)),
  }));
}
