import { taxpayerMessages } from './taxpayers.messages.ts';

// The identification key (CI) from Korean identity verification: 64 bytes,
// written as 88 characters of base64. It addresses KakaoTalk messages to a
// person without a phone number, so it is personal data like the others.

export type IdentityKeyResult =
  | { ok: true; identityKey: string }
  | { ok: false; code: 'malformed'; reason: { ko: string; en: string } };

const PATTERN = /^[A-Za-z0-9+/]{86}==$/;

export function normaliseIdentityKey(input: unknown): IdentityKeyResult {
  const text = typeof input === 'string' ? input.trim() : '';
  if (PATTERN.test(text) && Buffer.from(text, 'base64').length === 64) return { ok: true, identityKey: text };
  return {
    ok: false,
    code: 'malformed',
    reason: taxpayerMessages.both('identity_key_malformed'),
  };
}
