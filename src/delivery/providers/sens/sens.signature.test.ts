import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { sensHeaders, sensSignature, verifySensRequest } from './sens.signature.ts';

test('the signature is the base64 HMAC-SHA256 of "METHOD path\\ntimestamp\\naccessKey" (vector computed with openssl)', () => {
  assert.equal(sensSignature('secret-example', 'POST', '/sms/v2/services/ncp:sms:kr:1:x/messages', '1700000000000', 'AKIAEXAMPLE'), 'b8DJKrAoHIPwxH4E673/w8eEbXOl2x/97Cz5gWxwcAY=');
});

test('a signed call verifies; any change of method, path, query, time or key does not', () => {
  const secretOf = (k: string) => (k === 'ak' ? 'sk' : undefined);
  fc.assert(
    fc.property(fc.constantFrom('GET', 'POST'), fc.array(fc.constantFrom('a', 'b', '/', '-', ':', '%20'), { maxLength: 30 }).map((parts) => `/${parts.join('')}`), fc.string({ maxLength: 20 }), fc.integer({ min: 1, max: 299_999 }), (method, path, query, skew) => {
      const pathWithQuery = `/x${path}?q=${encodeURIComponent(query)}`;
      const now = 1_780_000_000_000;
      const headers = sensHeaders({ accessKey: 'ak', secretKey: 'sk' }, method, pathWithQuery, now);
      assert.equal(verifySensRequest(headers, method, pathWithQuery, secretOf, now + skew), null);
      assert.equal(verifySensRequest(headers, method === 'GET' ? 'POST' : 'GET', pathWithQuery, secretOf, now), 'bad_signature');
      assert.equal(verifySensRequest(headers, method, `${pathWithQuery}x`, secretOf, now), 'bad_signature');
      assert.equal(verifySensRequest({ ...headers, 'x-ncp-apigw-timestamp': String(now + 1) }, method, pathWithQuery, secretOf, now), 'bad_signature');
      assert.equal(verifySensRequest(headers, method, pathWithQuery, () => 'other', now), 'bad_signature');
    }),
  );
});

test('a timestamp more than five minutes off, an unknown key or missing headers are refused', () => {
  const now = 1_780_000_000_000;
  const headers = sensHeaders({ accessKey: 'ak', secretKey: 'sk' }, 'GET', '/p', now);
  const secretOf = (k: string) => (k === 'ak' ? 'sk' : undefined);
  assert.equal(verifySensRequest(headers, 'GET', '/p', secretOf, now + 300_001), 'expired');
  assert.equal(verifySensRequest(headers, 'GET', '/p', secretOf, now - 300_001), 'expired');
  assert.equal(verifySensRequest(headers, 'GET', '/p', () => undefined, now), 'unknown_key');
  assert.equal(verifySensRequest({ ...headers, 'x-ncp-apigw-signature-v2': undefined }, 'GET', '/p', secretOf, now), 'unsigned');
  assert.equal(verifySensRequest({ ...headers, 'x-ncp-apigw-timestamp': '17e11' }, 'GET', '/p', secretOf, now), 'bad_timestamp');
});
