import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import {
  formatDate,
  formatKrw,
  formatPeriod,
  groupThousands,
  parseFormattedDate,
  parseKrw,
  taxItemName,
  TAX_ITEMS,
} from './format.ts';

describe('KRW formatting', () => {
  test('examples in both languages', () => {
    assert.equal(formatKrw(1284500, 'ko'), '1,284,500원');
    assert.equal(formatKrw(1284500, 'en'), 'KRW 1,284,500');
    assert.equal(formatKrw(0, 'ko'), '0원');
    assert.equal(formatKrw(999, 'en'), 'KRW 999');
    assert.equal(formatKrw(1000, 'ko'), '1,000원');
    assert.equal(groupThousands(-1234567), '-1,234,567');
  });

  test('refuses fractions of a won', () => {
    assert.throws(() => formatKrw(10.5, 'ko'), RangeError);
    assert.throws(() => formatKrw(Number.NaN, 'en'), RangeError);
  });

  test('property: parse(format(x)) = x for every safe integer, in both languages', () => {
    fc.assert(
      fc.property(fc.maxSafeInteger(), fc.constantFrom('ko' as const, 'en' as const), (amount, locale) => {
        assert.equal(parseKrw(formatKrw(amount, locale)), amount);
      }),
      { numRuns: 2000 },
    );
  });

  test('property: groups are exactly three digits and removing commas gives the plain number', () => {
    fc.assert(
      fc.property(fc.nat({ max: Number.MAX_SAFE_INTEGER }), (amount) => {
        const grouped = groupThousands(amount);
        assert.match(grouped, /^\d{1,3}(,\d{3})*$/);
        assert.equal(grouped.replaceAll(',', ''), String(amount));
      }),
    );
  });

  test('parseKrw refuses misplaced separators', () => {
    for (const bad of ['1,28,4500원', 'KRW 12,34', ',100', '1.000원', '']) assert.throws(() => parseKrw(bad), RangeError, bad);
  });
});

describe('dates, tax items and periods', () => {
  test('date forms', () => {
    assert.equal(formatDate('2026-07-31', 'ko'), '2026. 7. 31.', 'as Korean official documents and every page write it');
    assert.equal(formatDate('2026-07-31', 'en'), '31 July 2026');
    assert.equal(formatDate(new Date(Date.UTC(2026, 8, 1)), 'en'), '1 September 2026');
    assert.throws(() => formatDate('2026-02-30', 'ko'), RangeError);
  });

  test('property: a formatted date reads back to the same day', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date(Date.UTC(1990, 0, 1)), max: new Date(Date.UTC(2200, 11, 31)), noInvalidDate: true }),
        fc.constantFrom('ko' as const, 'en' as const),
        (date, locale) => {
          const iso = date.toISOString().slice(0, 10);
          assert.equal(parseFormattedDate(formatDate(iso, locale)), iso);
        },
      ),
    );
  });

  test('tax item names', () => {
    assert.equal(taxItemName('property_tax', 'ko'), '재산세');
    assert.equal(taxItemName('property_tax', 'en'), 'Property tax');
    assert.equal(taxItemName('vehicle_tax', 'ko'), '자동차세');
    assert.equal(taxItemName('resident_tax', 'ko'), '주민세');
    assert.equal(taxItemName('local_income_tax', 'ko'), '지방소득세');
    assert.equal(taxItemName('registration_license_tax', 'ko'), '등록면허세');
    for (const item of TAX_ITEMS) assert.ok(taxItemName(item, 'en').length > 0);
  });

  test('periods', () => {
    assert.equal(formatPeriod(1, 'ko'), '1기');
    assert.equal(formatPeriod(1, 'en'), '1st instalment');
    assert.equal(formatPeriod(2, 'en'), '2nd instalment');
    assert.equal(formatPeriod(3, 'en'), '3rd instalment');
    assert.equal(formatPeriod(4, 'en'), '4th instalment');
    assert.equal(formatPeriod(11, 'en'), '11th instalment');
    assert.equal(formatPeriod(12, 'en'), '12th instalment');
    assert.equal(formatPeriod(null, 'ko'), '');
  });
});
