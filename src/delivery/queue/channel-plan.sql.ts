// The channel plan of a legal message (§30⑦): the channels the taxpayer (`t`)
// applied for, in the given order, that have the contact they need —
// KakaoTalk needs an identification key or a phone, SMS a phone, e-mail an
// address. One SQL expression, shared by issuance, resend and follow-ups.

/** District order from `delivery_settings s` (LEFT JOINed), else the default. */
export const DISTRICT_CHANNEL_ORDER = "coalesce(s.channel_order, '{kakao,sms,email}'::text[])";

export function channelPlanSql(order: string = DISTRICT_CHANNEL_ORDER): string {
  return `ARRAY(SELECT c FROM unnest(${order}) WITH ORDINALITY AS o(c, i)
   WHERE (c = 'kakao' AND t.enrol_kakao AND (t.identity_key_hash IS NOT NULL OR t.mobile_hash IS NOT NULL))
      OR (c = 'sms' AND t.enrol_sms AND t.mobile_hash IS NOT NULL)
      OR (c = 'email' AND t.enrol_email AND t.email_hash IS NOT NULL)
   ORDER BY i)`;
}
