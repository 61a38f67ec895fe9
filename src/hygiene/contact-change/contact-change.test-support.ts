// Test support (not a test): new contacts confirmed as a resident confirms
// them — a one-time code issued for each under a scope and typed back — so
// that a test can then change contacts through updateTaxpayerContacts.
import { randomBytes } from 'node:crypto';
import type { PersonalDataCipher } from '../../platform/crypto.ts';
import type { Database } from '../../platform/db/database.ts';
import { checkCode, issueCode, type ContactField } from '../../platform/one-time-codes.ts';
import { normaliseEmail } from '../../taxpayers/email.ts';
import { normaliseMobile } from '../../taxpayers/phone.ts';

/** Confirms each given contact under a fresh scope (or the one given) and returns it, for `confirmedBy`. */
export async function confirmedContacts(
  db: Database,
  cipher: PersonalDataCipher,
  districtCode: string,
  contacts: { mobile?: string; email?: string },
  scope = `test:${randomBytes(6).toString('hex')}`,
): Promise<{ scope: string }> {
  for (const field of ['mobile', 'email'] as ContactField[]) {
    const raw = contacts[field];
    if (!raw) continue;
    let value = raw;
    if (field === 'mobile') {
      const m = normaliseMobile(raw);
      if (m.ok) value = m.e164;
    } else {
      const e = normaliseEmail(raw);
      if (e.ok) value = e.email;
    }
    let sent = '';
    await issueCode(db, cipher, { districtCode, scope, field, value }, async (code) => {
      sent = code;
      return null;
    });
    const outcome = await checkCode(db, cipher, scope, field, sent);
    if (!outcome.ok) throw new Error(`could not confirm ${field}: ${outcome.reason}`);
  }
  return { scope };
}
