import type { PersonalDataCipher } from '../../platform/crypto.ts';
import { contactValueHash } from '../../platform/one-time-codes.ts';
import { maskEmail, normaliseEmail } from '../../taxpayers/email.ts';
import { maskPhone, normaliseMobile } from '../../taxpayers/phone.ts';
import type { ElectronicChannel } from '../../taxpayers/channels.ts';
import { consultationError, consultationMessages } from '../consultations.messages.ts';
import type { ContactField } from './booking.repository.ts';

// A resident's contact for a consultation: a Korean mobile number (stored
// E.164) or an e-mail address, sealed with the platform cipher, with the
// keyed hash look-ups use (the same purpose as the registry's contacts and
// the one-time codes', so a code confirms exactly this value).

export interface Contact {
  field: ContactField;
  /** Normalised: E.164 or the normalised address. */
  value: string;
}

/** The contact normalised; contact_invalid (400, naming the field) otherwise. */
export function normaliseContact(input: { field: ContactField; value: string }): Contact {
  if (input.field === 'mobile') {
    const m = normaliseMobile(input.value);
    if (!m.ok || m.deadPrefix) throw consultationError(400, 'contact_invalid', undefined, [{ field: 'contact.value', reason: m.ok ? 'dead prefix' : m.reason.en, reasons: m.ok ? consultationMessages.both('contact_dead_prefix') : m.reason }]);
    return { field: 'mobile', value: m.e164 };
  }
  const e = normaliseEmail(input.value);
  if (!e.ok) throw consultationError(400, 'contact_invalid', undefined, [{ field: 'contact.value', reason: e.reason.en, reasons: e.reason }]);
  return { field: 'email', value: e.email };
}

export const contactHash = (cipher: PersonalDataCipher, c: Contact): Buffer => contactValueHash(cipher, c.field, c.value);

export const maskContact = (c: Contact): string => (c.field === 'mobile' ? maskPhone(c.value) : maskEmail(c.value));

/** The channels a message to this contact tries, in order: KakaoTalk then text message for a mobile, e-mail for an address. */
export const channelPlan = (c: Contact): ElectronicChannel[] => (c.field === 'mobile' ? ['kakao', 'sms'] : ['email']);

export const recipientOf = (c: Contact) => (c.field === 'mobile' ? { phone: c.value } : { email: c.value });
