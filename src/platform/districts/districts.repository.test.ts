import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { forEachEngine } from '../../../test-support/engines.ts';
import { countDistricts, districtExists, fillOfficeContact, findDistrict, listDistricts } from './districts.repository.ts';

forEachEngine('districts repository', (ctx) => {
  before(async () => {
    await ctx.db.query(
      `INSERT INTO districts (code, name_ko, name_en, office_phone) VALUES
         ('seocho', '서초구', 'Seocho-gu', NULL), ('gangnam', '강남구', 'Gangnam-gu', '02-3423-5000'), ('mapo', '마포구', 'Mapo-gu', NULL)`,
    );
  });

  test('one district with its names and office phone, or null for a code no district has', async () => {
    assert.deepEqual(await findDistrict(ctx.db, 'gangnam'), { code: 'gangnam', name: { ko: '강남구', en: 'Gangnam-gu' }, officePhone: '02-3423-5000', officeAddress: null });
    assert.deepEqual(await findDistrict(ctx.db, 'seocho'), { code: 'seocho', name: { ko: '서초구', en: 'Seocho-gu' }, officePhone: null, officeAddress: null });
    assert.equal(await findDistrict(ctx.db, 'nowhere'), null);
    assert.equal(await districtExists(ctx.db, 'mapo'), true);
    assert.equal(await districtExists(ctx.db, 'nowhere'), false);
  });

  test('every district, by code or in the order of their Korean names', async () => {
    assert.deepEqual((await listDistricts(ctx.db)).map((d) => d.code), ['gangnam', 'mapo', 'seocho']);
    assert.deepEqual((await listDistricts(ctx.db, 'korean_name')).map((d) => d.name.ko), ['강남구', '마포구', '서초구']);
    assert.deepEqual((await listDistricts(ctx.db))[0], { code: 'gangnam', name: { ko: '강남구', en: 'Gangnam-gu' } });
    assert.equal(await countDistricts(ctx.db), 3);
  });

  test('the office contact is filled where none is set, and a value set is kept', async () => {
    await fillOfficeContact(ctx.db, 'gangnam', { phone: '02-3423-5114', address: '서울특별시 강남구 학동로 426' });
    await fillOfficeContact(ctx.db, 'mapo', { phone: '02-3153-8114', address: '서울특별시 마포구 월드컵로 212' });
    assert.deepEqual(await findDistrict(ctx.db, 'gangnam'), { code: 'gangnam', name: { ko: '강남구', en: 'Gangnam-gu' }, officePhone: '02-3423-5000', officeAddress: '서울특별시 강남구 학동로 426' });
    assert.equal((await findDistrict(ctx.db, 'mapo'))?.officeAddress, '서울특별시 마포구 월드컵로 212');
    await assert.rejects(ctx.db.query(`UPDATE districts SET office_address = '  ' WHERE code = 'seocho'`), 'a blank address is refused by the database');
  });
});
