import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { iceConfigFor, turnCredential, TURN_GRACE_SECONDS } from './ice.ts';

const settings = { stunUrls: ['stun:turn.example:3478'], turnUrls: ['turn:turn.example:3478?transport=udp'], turnSecret: 'north-sea-secret-0123', transportPolicy: 'relay' as const };

test('TURN credentials follow coturn: username "<expiry>:<label>", credential base64 HMAC-SHA1 of it', () => {
  const validUntil = new Date('2026-12-07T01:30:00Z');
  const ice = iceConfigFor(settings, { label: 'room-42-resident', validUntil });
  const turn = ice.iceServers.find((s) => s.credential)!;
  const expiry = validUntil.getTime() / 1000 + TURN_GRACE_SECONDS;
  assert.equal(turn.username, `${expiry}:room-42-resident`);
  // the value coturn computes (openssl: printf '%s' "$user" | openssl dgst -sha1 -hmac "$secret" -binary | base64)
  assert.equal(turnCredential('north-sea-secret-0123', 'abc'), 'KAqvcOHQulmARzElaURF7YRi5Tg=');
  assert.equal(turn.credential, turnCredential(settings.turnSecret, turn.username!));
  assert.deepEqual(ice.iceServers[0], { urls: ['stun:turn.example:3478'] });
  assert.equal(ice.iceTransportPolicy, 'relay');
});

test('without a relay there are no TURN credentials, and relay-only falls back to all paths', () => {
  const ice = iceConfigFor({ ...settings, turnSecret: null }, { label: 'x', validUntil: new Date() });
  assert.deepEqual(ice, { iceServers: [{ urls: ['stun:turn.example:3478'] }], iceTransportPolicy: 'all' });
  assert.deepEqual(iceConfigFor({ ...settings, stunUrls: [], turnUrls: [] }, { label: 'x', validUntil: new Date() }).iceServers, []);
});

test('a credential is valid only for its own username', () => {
  fc.assert(
    fc.property(fc.string({ minLength: 1 }), fc.string({ minLength: 1 }), (a, b) => {
      fc.pre(a !== b);
      assert.notEqual(turnCredential(settings.turnSecret, a), turnCredential(settings.turnSecret, b));
    }),
  );
});
