import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { mapHeader, parseAmount, parseRollDate } from './roll-format.ts';

test('dates: YYYY-MM-DD and YYYYMMDD; impossible dates refused', () => {
  assert.deepEqual(parseRollDate('2026-07-31'), { ok: true, date: '2026-07-31' });
  assert.deepEqual(parseRollDate('20260731'), { ok: true, date: '2026-07-31' });
  assert.deepEqual(parseRollDate('2024-02-29'), { ok: true, date: '2024-02-29' });
  for (const bad of ['2026-02-30', '2025-02-29', '2026-13-01', '2026-00-10', '2026-04-31', '2026-0731', '26-07-31', '2026/07/31', '', 'x']) {
    assert.equal(parseRollDate(bad).ok, false, bad);
  }
});

test('property: the date parser agrees with the calendar in both forms', () => {
  fc.assert(
    fc.property(fc.integer({ min: 1900, max: 2200 }), fc.integer({ min: 0, max: 13 }), fc.integer({ min: 0, max: 32 }), (y, m, d) => {
      const [Y, M, D] = [String(y), String(m).padStart(2, '0'), String(d).padStart(2, '0')];
      const real = m >= 1 && m <= 12 && d >= 1 && d <= new Date(Date.UTC(y, m, 0)).getUTCDate();
      const dashed = parseRollDate(`${Y}-${M}-${D}`);
      const compact = parseRollDate(`${Y}${M}${D}`);
      assert.equal(dashed.ok, real);
      assert.deepEqual(compact, dashed);
      if (dashed.ok) assert.equal(dashed.date, `${Y}-${M}-${D}`);
    }),
    { numRuns: 2000 },
  );
});

test('property: the date parser never throws on garbage', () => {
  fc.assert(fc.property(fc.string(), (s) => void parseRollDate(s)));
});

test('amounts: whole won with optional thousands commas', () => {
  assert.deepEqual(parseAmount('1,234,560'), { ok: true, amount: 1234560 });
  assert.deepEqual(parseAmount('1234560'), { ok: true, amount: 1234560 });
  for (const bad of ['12.5', '1,23', '1,2345', ',123', '-5', '', '1 000', '99999999999999999999']) assert.equal(parseAmount(bad).ok, false, bad);
  fc.assert(
    fc.property(fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }), (n) => {
      assert.deepEqual(parseAmount(n.toLocaleString('en-US')), { ok: true, amount: n });
      assert.deepEqual(parseAmount(String(n)), { ok: true, amount: n });
    }),
  );
});

test('headers: English or Korean names, any order, unknown ones listed, missing required named', () => {
  const m = mapHeader(['세목', 'Notice_No', ' 납세자번호 ', 'memo']);
  assert.deepEqual(m.positions, ['tax_item', 'notice_no', 'taxpayer_no', null]);
  assert.deepEqual(m.unknown, ['memo']);
  assert.ok(m.missing.includes('amount') && !m.missing.includes('tax_item') && !m.missing.includes('mobile'));
  assert.deepEqual(mapHeader(['mobile', '휴대전화']).duplicated, [{ column: 'mobile', headers: ['mobile', '휴대전화'] }]);
});
