import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SealedTaxpayerSet } from './sealed-taxpayers.ts';

test('a taxpayer is new once; name or date of birth make another entry', () => {
  const set = new SealedTaxpayerSet();
  assert.equal(set.add('T00012345', '김민준', '1975-03-14'), true);
  assert.equal(set.add('T00012345', '김민준', '1975-03-14'), false);
  assert.equal(set.add('T00012345', '김민준', '1975-03-15'), true);
  assert.equal(set.add('T00012345', '김민주', '1975-03-14'), true);
  // the separator keeps the parts apart
  assert.equal(set.add('T0001234', '5김민준', '1975-03-14'), true);
  assert.equal(set.size, 4);
});

test('it grows past its first table and still knows every taxpayer it was given', () => {
  const set = new SealedTaxpayerSet();
  const n = 300_000;
  for (let i = 0; i < n; i++) assert.equal(set.add(`T${i}`, '이서연', '1982-09-11'), true);
  for (let i = 0; i < n; i += 7) assert.equal(set.add(`T${i}`, '이서연', '1982-09-11'), false);
  assert.equal(set.size, n);
});

test('when full it stops remembering: new taxpayers are always new, known ones stay known', () => {
  const set = new SealedTaxpayerSet(1 << 16);
  let i = 0;
  while (set.size < (1 << 15)) set.add(`K${i++}`, '박지훈', '1990-12-01');
  const size = set.size;
  assert.equal(set.add('late', '박지훈', '1990-12-01'), true);
  assert.equal(set.add('late', '박지훈', '1990-12-01'), true, 'not remembered: sealed again, never skipped');
  assert.equal(set.add('K0', '박지훈', '1990-12-01'), false);
  assert.equal(set.size, size);
});
