import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { forEachEngine } from '../../test-support/engines.ts';
import { AppError } from '../platform/errors.ts';
import { ensureDistricts, testCipher } from '../../test-support/roll-fixtures.ts';
import { decryptContacts, findTaxpayer, lookupHash, sealPersonalFields } from './taxpayers.repository.ts';

forEachEngine('taxpayer registry', (ctx) => {
  const insert = async (district: string, no: string, name: string, birthDate: string, mobile: string | null) => {
    const s = sealPersonalFields(testCipher, { birthDate, identityKey: null, mobileE164: mobile, email: 'Kim@example.kr' });
    await ctx.db.query(
      `INSERT INTO taxpayers (district_code, taxpayer_no, name, birth_date_enc, birth_date_hash, mobile_enc, mobile_hash, email_enc, email_hash, postal_code, address)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, '06236', '서울')`,
      [district, no, name, s.birth_date_enc, s.birth_date_hash, s.mobile_enc, s.mobile_hash, s.email_enc, s.email_hash],
    );
  };
  before(async () => {
    await ensureDistricts(ctx.db);
    await insert('gangnam', 'A1', '김하나', '1970-01-02', '+821011112222');
    await insert('gangnam', 'A2', '이둘', '1980-03-04', null);
    await insert('gangnam', 'A3', '이둘', '1980-03-04', null);
    await insert('seocho', 'A1', '박셋', '1990-05-06', null);
  });

  test('finds by taxpayer number, only within its district', async () => {
    const g = await findTaxpayer(ctx.db, testCipher, 'gangnam', { taxpayerNo: 'A1' });
    const s = await findTaxpayer(ctx.db, testCipher, 'seocho', { taxpayerNo: 'A1' });
    assert.equal(g?.name, '김하나');
    assert.equal(s?.name, '박셋');
    assert.equal(await findTaxpayer(ctx.db, testCipher, 'seocho', { taxpayerNo: 'A2' }), null);
    assert.deepEqual(decryptContacts(testCipher, g!), {
      birthDate: '1970-01-02', identityKey: null, mobile: '010-1111-2222', mobileE164: '+821011112222', email: 'Kim@example.kr',
    });
  });

  test('finds by name and date of birth; two matches are ambiguous', async () => {
    assert.equal((await findTaxpayer(ctx.db, testCipher, 'gangnam', { name: '김하나', birthDate: '1970-01-02' }))?.taxpayer_no, 'A1');
    assert.equal(await findTaxpayer(ctx.db, testCipher, 'gangnam', { name: '김하나', birthDate: '1970-01-03' }), null);
    assert.equal(await findTaxpayer(ctx.db, testCipher, 'seocho', { name: '김하나', birthDate: '1970-01-02' }), null);
    await assert.rejects(
      findTaxpayer(ctx.db, testCipher, 'gangnam', { name: '이둘', birthDate: '1980-03-04' }),
      (e) => e instanceof AppError && e.code === 'taxpayer_ambiguous',
    );
  });

  test('look-up hashes are taken of the normalised value', async () => {
    const { rows } = await ctx.db.query<{ taxpayer_no: string }>(
      "SELECT taxpayer_no FROM taxpayers WHERE district_code = 'gangnam' AND mobile_hash = $1",
      [lookupHash(testCipher, 'mobile', '010 1111 2222')],
    );
    assert.deepEqual(rows.map((r) => r.taxpayer_no), ['A1']);
    assert.deepEqual(lookupHash(testCipher, 'email', ' Kim@EXAMPLE.kr'), lookupHash(testCipher, 'email', 'Kim@example.kr'));
    assert.equal(lookupHash(testCipher, 'mobile', '02-123-4567'), null);
  });
});
