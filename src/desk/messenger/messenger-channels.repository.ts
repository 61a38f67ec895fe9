import type { PersonalDataCipher } from '../../platform/crypto.ts';
import type { Queryable } from '../../platform/db/database.ts';

// Per-district messenger gateway settings; secrets sealed at rest.

export interface MessengerChannel {
  districtCode: string;
  gatewayUrl: string;
  apiKey: string;
  webhookSecret: string;
  enabled: boolean;
}

export async function saveMessengerChannel(q: Queryable, cipher: PersonalDataCipher, channel: MessengerChannel): Promise<void> {
  if (channel.webhookSecret.length < 16) throw new Error('the messenger webhook secret must be at least 16 characters');
  await q.query(
    `INSERT INTO desk_messenger_channels (district_code, gateway_url, api_key_enc, webhook_secret_enc, enabled)
     VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (district_code) DO UPDATE SET gateway_url = EXCLUDED.gateway_url, api_key_enc = EXCLUDED.api_key_enc,
       webhook_secret_enc = EXCLUDED.webhook_secret_enc, enabled = EXCLUDED.enabled, updated_at = now()`,
    [channel.districtCode, channel.gatewayUrl, cipher.encrypt(channel.apiKey), cipher.encrypt(channel.webhookSecret), channel.enabled],
  );
}

export async function loadMessengerChannel(q: Queryable, cipher: PersonalDataCipher, districtCode: string): Promise<MessengerChannel | null> {
  const { rows } = await q.query<{ district_code: string; gateway_url: string; api_key_enc: Uint8Array; webhook_secret_enc: Uint8Array; enabled: boolean }>(
    'SELECT district_code, gateway_url, api_key_enc, webhook_secret_enc, enabled FROM desk_messenger_channels WHERE district_code = $1',
    [districtCode],
  );
  const r = rows[0];
  if (!r) return null;
  return {
    districtCode: r.district_code,
    gatewayUrl: r.gateway_url,
    apiKey: cipher.decrypt(Buffer.from(r.api_key_enc)),
    webhookSecret: cipher.decrypt(Buffer.from(r.webhook_secret_enc)),
    enabled: r.enabled,
  };
}
