import assert from 'node:assert/strict';
import { test } from 'node:test';
import { generate } from 'otplib';
import {
  checkTotpCode,
  newRecoveryCodes,
  newTotpSecret,
  normaliseRecoveryCode,
  normaliseTotpCode,
  otpauthUri,
  secretInGroups,
  timeStepAt,
  TOTP_PERIOD_SECONDS,
} from './totp.ts';

// The code check with an injected clock: codes made by otplib's own
// generator at chosen moments, as an authenticator app would make them.

const AT = new Date('2026-12-08T09:00:10Z'); // 10 s into a step
const codeAt = (secret: string, at: Date) => generate({ secret, epoch: Math.floor(at.getTime() / 1000) });
const plus = (at: Date, seconds: number) => new Date(at.getTime() + seconds * 1000);

test('a code of the current step is accepted and its step returned', async () => {
  const secret = newTotpSecret();
  const result = await checkTotpCode(secret, await codeAt(secret, AT), AT, null);
  assert.deepEqual(result, { ok: true, timeStep: timeStepAt(AT) });
});

test('one step of drift either way is accepted, two are not', async () => {
  const secret = newTotpSecret();
  for (const [offset, ok] of [[-TOTP_PERIOD_SECONDS, true], [TOTP_PERIOD_SECONDS, true], [-2 * TOTP_PERIOD_SECONDS, false], [2 * TOTP_PERIOD_SECONDS, false]] as const) {
    const code = await codeAt(secret, plus(AT, offset));
    const result = await checkTotpCode(secret, code, AT, null);
    assert.equal(result.ok, ok, `a code from ${offset} s away`);
    if (result.ok) assert.equal(result.timeStep, timeStepAt(plus(AT, offset)));
  }
});

test('a code of a step not later than the last accepted is a replay', async () => {
  const secret = newTotpSecret();
  const code = await codeAt(secret, AT);
  assert.deepEqual(await checkTotpCode(secret, code, AT, timeStepAt(AT)), { ok: false, reason: 'replayed' });
  assert.deepEqual(await checkTotpCode(secret, code, plus(AT, 5), timeStepAt(AT)), { ok: false, reason: 'replayed' }, 'again within its window');
  const earlier = await codeAt(secret, plus(AT, -TOTP_PERIOD_SECONDS));
  assert.deepEqual(await checkTotpCode(secret, earlier, AT, timeStepAt(AT)), { ok: false, reason: 'replayed' }, 'an older step, though within the drift');
  const next = plus(AT, TOTP_PERIOD_SECONDS);
  assert.deepEqual(await checkTotpCode(secret, await codeAt(secret, next), next, timeStepAt(AT)), { ok: true, timeStep: timeStepAt(AT) + 1 });
});

test('wrong, malformed and another secret’s codes are refused', async () => {
  const secret = newTotpSecret();
  const right = await codeAt(secret, AT);
  const wrong = String((Number(right) + 1) % 1_000_000).padStart(6, '0');
  assert.deepEqual(await checkTotpCode(secret, wrong, AT, null), { ok: false, reason: 'wrong' });
  assert.deepEqual(await checkTotpCode(newTotpSecret(), right, AT, null), { ok: false, reason: 'wrong' });
  for (const typed of ['', '12345', '1234567', 'abcdef', '12 34 5x']) {
    assert.deepEqual(await checkTotpCode(secret, typed, AT, null), { ok: false, reason: 'malformed' }, typed);
  }
  assert.equal((await checkTotpCode(secret, `${right.slice(0, 3)} ${right.slice(3)}`, AT, null)).ok, true, 'spaces as apps show them');
  assert.equal(normaliseTotpCode(' 123-456 '), '123456');
});

test('secrets, groups and the otpauth address', () => {
  const secret = newTotpSecret();
  assert.match(secret, /^[A-Z2-7]{32}$/);
  assert.notEqual(newTotpSecret(), secret);
  assert.equal(secretInGroups('ABCDEFGHIJKLMNOP'), 'ABCD EFGH IJKL MNOP');
  const uri = new URL(otpauthUri({ issuer: 'Tax Station 마포구', label: 'mapo.admin', secret }));
  assert.equal(uri.protocol, 'otpauth:');
  assert.equal(uri.searchParams.get('secret'), secret);
  assert.equal(uri.searchParams.get('issuer'), 'Tax Station 마포구');
  assert.equal(uri.searchParams.get('digits') ?? '6', '6', 'six digits (the default when absent)');
  assert.equal(uri.searchParams.get('period') ?? '30', '30', '30-second steps (the default when absent)');
});

test('recovery codes: distinct, unambiguous, read back however typed', () => {
  const codes = newRecoveryCodes();
  assert.equal(codes.length, 8);
  assert.equal(new Set(codes).size, 8);
  for (const code of codes) {
    assert.match(code, /^[a-hjkmnp-z2-9]{5}-[a-hjkmnp-z2-9]{5}$/);
    assert.equal(normaliseRecoveryCode(code.toUpperCase().replace('-', ' ')), code);
  }
  assert.equal(normaliseRecoveryCode('abcde-fghi1'), null, 'no 1 in the alphabet');
  assert.equal(normaliseRecoveryCode('123456'), null);
});
