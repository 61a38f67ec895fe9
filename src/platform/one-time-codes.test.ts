import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { forEachEngine } from '../../test-support/engines.ts';
import { createDistrict, testCipher } from '../../test-support/factories.ts';
import { CODE_TRIES, checkCode, confirmsValue, currentCodes, issueCode, spendConfirmedCodes, type CodeRequest } from './one-time-codes.ts';

// One-time codes on both engines: a code confirms the value it was sent to
// and no other; 5 tries, counted atomically; 5 minutes; a newer code
// supersedes the older; a confirmed code is spent once.

forEachEngine('one-time codes', (ctx) => {
  let seq = 0;
  async function issued(request: Omit<CodeRequest, 'scope'> & { scope?: string }): Promise<{ scope: string; code: string; id: number }> {
    const scope = request.scope ?? `scope:${++seq}`;
    let code = '';
    const { id } = await issueCode(ctx.db, testCipher, { ...request, scope }, async (c) => {
      code = c;
      return null;
    });
    return { scope, code, id };
  }
  const other = (code: string) => (code === '000000' ? '111111' : '000000');

  test('only keyed hashes are stored; the right code confirms exactly the value it was sent to', async () => {
    const district = await createDistrict(ctx.db);
    const { scope, code } = await issued({ districtCode: district, field: 'mobile', value: '+821012345678' });
    assert.match(code, /^\d{6}$/);
    const { rows } = await ctx.db.query<Record<string, unknown>>('SELECT * FROM one_time_codes WHERE scope = $1', [scope]);
    assert.doesNotMatch(JSON.stringify(rows), new RegExp(`${code}|12345678`), 'neither the code nor the number is stored');
    assert.equal((await checkCode(ctx.db, testCipher, scope, 'mobile', ` ${code.slice(0, 3)} ${code.slice(3)} `)).ok, true, 'spaces are ignored');
    const [state] = await currentCodes(ctx.db, scope);
    assert.equal(confirmsValue(testCipher, state, '+821012345678'), true);
    assert.equal(confirmsValue(testCipher, state, '+821012345679'), false, 'another value is not confirmed');
  });

  test('wrong codes count down from 5, counted atomically; then even the right one is refused; an expired code is refused', async () => {
    const district = await createDistrict(ctx.db);
    const a = await issued({ districtCode: district, field: 'email', value: 'kim@example.kr' });
    assert.deepEqual(await checkCode(ctx.db, testCipher, a.scope, 'email', '12345'), { ok: false, reason: 'format' }, 'not six digits: no try counted');
    const outcomes = await Promise.all(Array.from({ length: 12 }, () => checkCode(ctx.db, testCipher, a.scope, 'email', other(a.code))));
    assert.equal(outcomes.filter((o) => !o.ok && o.reason === 'wrong').length, CODE_TRIES - 1);
    assert.equal(outcomes.filter((o) => !o.ok && o.reason === 'exhausted').length, 12 - (CODE_TRIES - 1));
    const { rows } = await ctx.db.query<{ tries: number }>('SELECT tries FROM one_time_codes WHERE id = $1', [a.id]);
    assert.equal(rows[0]!.tries, CODE_TRIES, 'twelve parallel tries never count past the limit');
    assert.deepEqual(await checkCode(ctx.db, testCipher, a.scope, 'email', a.code), { ok: false, reason: 'exhausted' });

    const b = await issued({ districtCode: district, field: 'email', value: 'kim@example.kr' });
    await ctx.db.query(`UPDATE one_time_codes SET expires_at = now() - interval '1 second' WHERE id = $1`, [b.id]);
    assert.deepEqual(await checkCode(ctx.db, testCipher, b.scope, 'email', b.code), { ok: false, reason: 'expired' });
    assert.deepEqual(await checkCode(ctx.db, testCipher, 'no-such-scope', 'email', b.code), { ok: false, reason: 'missing' });
  });

  test('a new code supersedes the old one of its scope and field only', async () => {
    const district = await createDistrict(ctx.db);
    const first = await issued({ districtCode: district, field: 'mobile', value: '+821011112222' });
    const email = await issued({ districtCode: district, scope: first.scope, field: 'email', value: 'a@example.kr' });
    const second = await issued({ districtCode: district, scope: first.scope, field: 'mobile', value: '+821011112222' });
    if (first.code !== second.code) assert.equal((await checkCode(ctx.db, testCipher, first.scope, 'mobile', first.code)).ok, false, 'the older code no longer works');
    assert.equal((await checkCode(ctx.db, testCipher, first.scope, 'mobile', second.code)).ok, true);
    assert.equal((await checkCode(ctx.db, testCipher, first.scope, 'email', email.code)).ok, true, 'the e-mail code of the same scope still works');
  });

  test('a confirmed code is spent once, only for its district, scope and value, and within 30 minutes', async () => {
    const district = await createDistrict(ctx.db);
    const a = await issued({ districtCode: district, field: 'mobile', value: '+821033334444' });
    const spend = (value = '+821033334444', d = district, scope = a.scope) => spendConfirmedCodes(ctx.db, testCipher, { districtCode: d, scope, contacts: [{ field: 'mobile', value }] });
    assert.deepEqual(await spend(), ['mobile'], 'not confirmed yet');
    await checkCode(ctx.db, testCipher, a.scope, 'mobile', a.code);
    assert.deepEqual(await spend('+821033334445'), ['mobile'], 'another value');
    assert.deepEqual(await spend(undefined, await createDistrict(ctx.db)), ['mobile'], 'another district');
    assert.deepEqual(await spend(undefined, undefined, 'another-scope'), ['mobile'], 'another scope');
    await ctx.db.query(`UPDATE one_time_codes SET confirmed_at = now() - interval '31 minutes' WHERE id = $1`, [a.id]);
    assert.deepEqual(await spend(), ['mobile'], 'confirmed too long ago');
    await ctx.db.query(`UPDATE one_time_codes SET confirmed_at = now() WHERE id = $1`, [a.id]);
    assert.deepEqual(await spend(), []);
    assert.deepEqual(await spend(), ['mobile'], 'spent');
  });

  test('property: any six digits but the code are wrong; the code with any spacing is right', async () => {
    const district = await createDistrict(ctx.db);
    await fc.assert(
      fc.asyncProperty(fc.stringMatching(/^\d{6}$/), fc.array(fc.constantFrom(' ', '\t'), { maxLength: 3 }), async (guess, spaces) => {
        const { scope, code } = await issued({ districtCode: district, field: 'mobile', value: '+821055556666' });
        const wrong = await checkCode(ctx.db, testCipher, scope, 'mobile', guess);
        assert.equal(wrong.ok, guess === code);
        if (guess !== code) assert.equal((await checkCode(ctx.db, testCipher, scope, 'mobile', `${spaces.join('')}${code}${spaces.join('')}`)).ok, true);
      }),
      { numRuns: 25 },
    );
  });
});
