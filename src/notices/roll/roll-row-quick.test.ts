import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { ROLL_COLUMNS, rollRowSchema, type RawRollRow, type RollColumn } from './roll-format.ts';
import { quickRollRow } from './roll-row-quick.ts';

// quickRollRow must give exactly what rollRowSchema gives, and accept
// exactly the rows it accepts: the import trusts its "valid" without asking
// zod, and asks zod for the message of everything it refuses.

const pad = (value: fc.Arbitrary<string>) =>
  fc.tuple(fc.constantFrom('', ' ', '  ', '\t', '\u3000'), value, fc.constantFrom('', ' ', '\t', '\u00a0')).map(([a, v, b]) => a + v + b);
const digits = (n: number) => fc.stringMatching(new RegExp(`^[0-9]{${n}}$`));
const longText = (n: number) => fc.constantFrom('가'.repeat(n), 'a'.repeat(n), 'a'.repeat(n + 1), '가'.repeat(n + 1));
const ci = fc.uint8Array({ minLength: 64, maxLength: 64 }).map((b) => Buffer.from(b).toString('base64'));

const valid: Record<RollColumn, fc.Arbitrary<string>> = {
  notice_no: fc.stringMatching(/^[0-9A-Za-z-]{1,40}$/),
  taxpayer_no: fc.oneof(fc.stringMatching(/^T[0-9]{8}$/), fc.string({ minLength: 1, maxLength: 40 }).filter((s) => s.trim() !== '')),
  name: fc.oneof(fc.constantFrom('김민준', '이서연', 'Kim Min-jun', '박 지훈'), fc.string({ minLength: 1, maxLength: 100 }).filter((s) => s.trim() !== '')),
  birth_date: fc.constantFrom('1975-03-14', '19820911', '2000-02-29', '1999-12-31'),
  identity_key: fc.oneof(fc.constant(''), ci),
  mobile: fc.constantFrom('', '010-2345-6789', '01023456789', '010 2345 6789', '+82 10-9876-5432', '+821098765432', '016-234-5678', '+82 (0)10-1234-5678'),
  email: fc.constantFrom('', 'minjun.kim@example.kr', 'Jihoon.Park@Example.COM', 'a@예시.한국'),
  e_notice: fc.constantFrom('', 'kakao', 'sms|email', 'KAKAO | 문자', '카카오톡|이메일', 'email|email'),
  postal_code: digits(5),
  address: fc.oneof(fc.constantFrom('서울특별시 강남구 테헤란로 152', '서울특별시 강남구 영동대로 513, 101동 1204호'), fc.string({ minLength: 1, maxLength: 300 }).filter((s) => s.trim() !== '')),
  tax_item: fc.constantFrom('property_tax', 'vehicle_tax', 'resident_tax', 'local_income_tax', 'registration_license_tax', '재산세', '자동차세', '주민세', '지방소득세', '등록면허세'),
  tax_year: fc.integer({ min: 1990, max: 2200 }).map(String),
  period: fc.constantFrom('', '1', '2', '12', '01', '1기', '2기'),
  amount: fc.oneof(fc.nat().map(String), fc.nat().map((n) => n.toLocaleString('en-US'))),
  due_date: fc.constantFrom('2026-07-31', '20260731', '2026-09-30'),
  payment_account: fc.constantFrom('', '26012345678901', '2601-2345-6789'),
};

// values that are wrong, on a boundary, or just odd, for each column
const odd: Record<RollColumn, fc.Arbitrary<string>> = {
  notice_no: fc.oneof(fc.constantFrom('', ' ', '2026_0700', '2026-0700-000001 x', '고지1'), longText(40)),
  taxpayer_no: fc.oneof(fc.constantFrom('', '   '), longText(40)),
  name: fc.oneof(fc.constantFrom('', ' \t '), longText(100)),
  birth_date: fc.constantFrom('', '2026-02-30', '1988-0506', '19880230', '1899-12-31', '2201-01-01', '1988/05/06', '１９８８-05-06', '88-05-06'),
  identity_key: fc.oneof(fc.constantFrom('short', '='.repeat(88), 'A'.repeat(86) + '=='), ci.map((k) => k.slice(1) + '!'), longText(200)),
  mobile: fc.constantFrom('02-123-4567', '010-1234-567', '+1 212 555 0100', '011-0123-4567', '010-1234-5678-9', 'x', '010‐1234‐5678', '(010)1234-5678', '1'.repeat(41)),
  email: fc.constantFrom('not-an-address', '@example.kr', 'a@b', 'a b@example.kr', 'a@-x.kr', 'a@'.padEnd(255, 'x'), '"quoted"@example.kr'),
  e_notice: fc.constantFrom('fax', 'kakao|', '|sms', 'kakao||sms', 'constructor', 'toString', '__proto__', 'kakao,sms'),
  postal_code: fc.constantFrom('', '1234', '123456', '06 236', '０６２３６', 'abcde'),
  address: fc.oneof(fc.constantFrom('', '  '), longText(300)),
  tax_item: fc.constantFrom('', 'dog_tax', 'PROPERTY_TAX', 'toString', '재산', 'constructor'),
  tax_year: fc.constantFrom('', '1989', '2201', '26', '20266', '２０２６', '2026.0'),
  period: fc.constantFrom('0', '13', '1 기', '기', '001', '-1', '1.5', '２'),
  amount: fc.constantFrom('', '12.5', '1,23', '1,2345', ',123', '-5', '1 000', '99999999999999999999', '1,000,000,', '١٢٣'),
  due_date: fc.constantFrom('', '2026-13-01', '2026-0731', '31-07-2026'),
  payment_account: fc.oneof(fc.constantFrom('2601 2345', 'abc', '26012345678901x'), fc.constant('1'.repeat(41))),
};

const columns = ROLL_COLUMNS.map((c) => c.name);
const rowOf = (pick: (c: RollColumn) => fc.Arbitrary<string>) =>
  fc.tuple(...columns.map((c) => pick(c))).map((values) => Object.fromEntries(columns.map((c, i) => [c, values[i]!])) as RawRollRow);

function agree(raw: RawRollRow): boolean {
  const quick = quickRollRow(raw);
  const zod = rollRowSchema.safeParse(raw);
  assert.equal(quick !== null, zod.success, `quick and zod disagree on validity: ${JSON.stringify(raw)}`);
  if (quick !== null && zod.success) assert.deepStrictEqual(quick, zod.data);
  return quick !== null;
}

test('property: every well-formed row (padded or not) takes the quick path and equals the zod result', () => {
  fc.assert(fc.property(rowOf((c) => fc.oneof(valid[c], pad(valid[c]))), (raw) => assert.ok(agree(raw))), { numRuns: 3000 });
});

test('property: a well-formed row with one or two odd values: quick and zod agree', () => {
  const oddValue = (c: RollColumn) => fc.oneof(odd[c], pad(odd[c]), fc.string({ maxLength: 50 }));
  const mutated = fc
    .tuple(rowOf((c) => valid[c]), fc.constantFrom(...columns), fc.constantFrom(...columns))
    .chain(([raw, a, b]) => fc.tuple(oddValue(a), oddValue(b), fc.boolean()).map(([va, vb, both]) => ({ ...raw, [a]: va, ...(both ? { [b]: vb } : {}) })));
  fc.assert(fc.property(mutated, (raw) => void agree(raw)), { numRuns: 8000 });
});

test('"constructor" and other object-prototype names are no e-notice channel', () => {
  const raw = Object.fromEntries(columns.map((c) => [c, ''])) as RawRollRow;
  const parsed = rollRowSchema.safeParse({ ...raw, e_notice: 'constructor' });
  assert.equal(parsed.success, false);
  assert.ok(parsed.error!.issues.some((i) => i.path[0] === 'e_notice' && i.message.startsWith('unknown channel "constructor"')));
});
