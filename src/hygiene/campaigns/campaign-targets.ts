import type { PersonalDataCipher } from '../../platform/crypto.ts';
import type { Queryable } from '../../platform/db/database.ts';
import type { ElectronicChannel } from '../../delivery/provider.ts';
import { normaliseMobile } from '../../taxpayers/phone.ts';
import { CONTACT_FAILURE_CAUSES } from '../rules/contact-rules.ts';

// Who a campaign reaches, and how. The phone number is usually the thing
// that is wrong, so KakaoTalk goes to the identification key first; then
// every channel whose contact is not known to be bad.

export const CAMPAIGN_TARGETS = ['last_notice_failed', 'contact_at_risk'] as const;
export type CampaignTarget = (typeof CAMPAIGN_TARGETS)[number];

export interface CampaignRecipient {
  taxpayerId: number;
  plan: ElectronicChannel[];
}

// A failed attempt counts against a channel only when it came after the
// contact was last set (a corrected contact starts clean), and only for the
// causes that say the contact itself is wrong, the ones the contact rules
// read (CONTACT_FAILURE_CAUSES): never a full mailbox (the address works)
// nor a refusal for the sender's reasons (sender_rejected, the district's
// problem).
const BAD_CHANNEL = (channel: ElectronicChannel, field: string) => `(
  EXISTS (SELECT 1 FROM delivery_attempts a JOIN messages m ON m.id = a.message_id
           WHERE m.taxpayer_id = t.id AND a.channel = '${channel}' AND a.state = 'failed'
             AND a.failure_cause = ANY($2::text[]) AND a.final_at >= t.contact_updated_at)
  OR EXISTS (SELECT 1 FROM contact_checks c WHERE c.taxpayer_id = t.id AND c.field = '${field}'))`;

const TARGET_SQL: Record<CampaignTarget, string> = {
  // e-notice applicants whose latest notice was returned or had a failed attempt
  last_notice_failed: `
    SELECT l.taxpayer_id AS id FROM (
      SELECT DISTINCT ON (m.taxpayer_id) m.taxpayer_id, m.id, m.returned_at
        FROM messages m
       WHERE m.district_code = $1 AND m.kind = 'notice' AND m.taxpayer_id IS NOT NULL
       ORDER BY m.taxpayer_id, m.created_at DESC, m.id DESC) l
      JOIN taxpayers tp ON tp.id = l.taxpayer_id
     WHERE (tp.enrol_kakao OR tp.enrol_sms OR tp.enrol_email)
       AND (l.returned_at IS NOT NULL OR EXISTS (SELECT 1 FROM delivery_attempts a WHERE a.message_id = l.id AND a.state = 'failed'))`,
  // a finding of the contact rules, or a failure that says the contact is wrong
  contact_at_risk: `
    SELECT c.taxpayer_id AS id FROM contact_checks c WHERE c.district_code = $1 AND c.field IN ('mobile', 'email', 'identity_key')
    UNION
    SELECT m.taxpayer_id FROM delivery_attempts a JOIN messages m ON m.id = a.message_id JOIN taxpayers tp ON tp.id = m.taxpayer_id
     WHERE m.district_code = $1 AND a.state = 'failed' AND a.failure_cause = ANY($2::text[]) AND a.final_at >= tp.contact_updated_at`,
};

interface TargetRow {
  id: number;
  has_key: boolean;
  mobile_enc: Uint8Array | null;
  has_email: boolean;
  kakao_bad: boolean;
  sms_bad: boolean;
  email_bad: boolean;
}

export interface TargetSet {
  recipients: CampaignRecipient[];
  /** In the target set, but no channel is left that could reach them. */
  unreachable: number[];
}

export async function selectTargets(q: Queryable, cipher: PersonalDataCipher, districtCode: string, target: CampaignTarget): Promise<TargetSet> {
  const { rows } = await q.query<TargetRow>(
    `WITH target AS (${TARGET_SQL[target]})
     SELECT t.id, t.identity_key_hash IS NOT NULL AS has_key, t.mobile_enc, t.email_hash IS NOT NULL AS has_email,
            ${BAD_CHANNEL('kakao', 'identity_key')} AS kakao_bad,
            ${BAD_CHANNEL('sms', 'mobile')} AS sms_bad,
            ${BAD_CHANNEL('email', 'email')} AS email_bad
       FROM taxpayers t JOIN target ON target.id = t.id
      WHERE t.district_code = $1
      ORDER BY t.id`,
    [districtCode, [...CONTACT_FAILURE_CAUSES]],
  );
  const recipients: CampaignRecipient[] = [];
  const unreachable: number[] = [];
  for (const r of rows) {
    const plan: ElectronicChannel[] = [];
    if (r.has_key && !r.kakao_bad) plan.push('kakao');
    const phone = cipher.decryptNullable(r.mobile_enc);
    const mobile = phone ? normaliseMobile(phone) : null;
    if (mobile?.ok && !mobile.deadPrefix && !r.sms_bad) plan.push('sms');
    if (r.has_email && !r.email_bad) plan.push('email');
    if (plan.length) recipients.push({ taxpayerId: Number(r.id), plan });
    else unreachable.push(Number(r.id));
  }
  return { recipients, unreachable };
}
