import type { Queryable } from '../platform/db/database.ts';
import type { PersonalDataCipher } from '../platform/crypto.ts';
import type { ElectronicChannel, Recipient } from './provider.ts';
import { TOPICS, type TopicCode } from './topics.ts';

// How other domains send something that is not a tax notice (a campaign
// message, a one-time code, a link, a desk reply) through the same engine:
// one message per recipient, an ordered channel plan, and the first attempt
// queued. Such messages are guidance: when no channel works they end
// 'failed', never on paper.

export interface MessageToSend {
  districtCode: string;
  kind: 'guidance' | 'campaign' | 'one_time_code';
  topic: TopicCode;
  /** The taxpayer it concerns, when known. */
  taxpayerId?: number | null;
  /** Channels in order; the first is tried first. */
  plan: ElectronicChannel[];
  /** Send here instead of the taxpayer's contacts on record (e.g. a new number being confirmed). */
  recipient?: Recipient;
  variables: Record<string, string>;
  sendAfter?: Date;
  campaignId?: number | null;
}

export async function enqueueMessages(q: Queryable, cipher: PersonalDataCipher, messages: MessageToSend[]): Promise<number[]> {
  if (messages.length === 0) return [];
  for (const m of messages) {
    if (m.plan.length === 0) throw new Error('a message needs at least one channel');
    if (!m.taxpayerId && !m.recipient) throw new Error('a message needs a taxpayer or a recipient');
    const missing = TOPICS[m.topic].variables.filter((v) => v !== 'district' && !(v in m.variables));
    if (missing.length) throw new Error(`message topic ${m.topic} needs ${missing.join(', ')}`);
  }
  const { rows } = await q.query<{ id: number }>(
    `WITH input AS (
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::bigint[], $5::text[], $6::bytea[], $7::bytea[], $8::timestamptz[], $9::bigint[])
         WITH ORDINALITY AS x(district_code, kind, topic, taxpayer_id, plan, recipient_enc, variables_enc, send_after, campaign_id, n)),
     inserted AS (
       INSERT INTO messages (district_code, kind, topic, taxpayer_id, legal, plan, recipient_enc, variables_enc, send_after, campaign_id)
       SELECT district_code, kind, topic, taxpayer_id, false, plan::text[], recipient_enc, variables_enc, coalesce(send_after, now()), campaign_id
         FROM input ORDER BY n
       RETURNING id, district_code, plan, send_after),
     attempts AS (
       INSERT INTO delivery_attempts (message_id, district_code, channel, idempotency_key, available_at)
       SELECT id, district_code, plan[1], gen_random_uuid()::text, send_after FROM inserted)
     SELECT id FROM inserted ORDER BY id`,
    [
      messages.map((m) => m.districtCode),
      messages.map((m) => m.kind),
      messages.map((m) => m.topic),
      messages.map((m) => m.taxpayerId ?? null),
      messages.map((m) => `{${m.plan.join(',')}}`),
      messages.map((m) => (m.recipient ? cipher.encrypt(JSON.stringify(m.recipient)) : null)),
      messages.map((m) => cipher.encrypt(JSON.stringify(m.variables))),
      messages.map((m) => m.sendAfter ?? null),
      messages.map((m) => m.campaignId ?? null),
    ],
  );
  return rows.map((r) => r.id);
}
