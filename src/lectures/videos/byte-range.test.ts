import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { decideRange } from './byte-range.ts';

// What each Range header gets on a file of 1,000 bytes (byte-range.ts says why).

test('edge ranges', () => {
  const size = 1000;
  const cases: [string | undefined, ReturnType<typeof decideRange>][] = [
    [undefined, { kind: 'whole' }],
    ['bytes=0-', { kind: 'partial', start: 0, end: 999 }],
    ['bytes=0-0', { kind: 'partial', start: 0, end: 0 }],
    ['bytes=-500', { kind: 'partial', start: 500, end: 999 }],
    ['bytes=-5000', { kind: 'partial', start: 0, end: 999 }],
    ['bytes=-0', { kind: 'unsatisfiable' }],
    ['bytes=100-99', { kind: 'whole' }],
    ['bytes=999-', { kind: 'partial', start: 999, end: 999 }],
    ['bytes=1000-', { kind: 'unsatisfiable' }],
    ['bytes=5000-6000', { kind: 'unsatisfiable' }],
    ['bytes=900-5000', { kind: 'partial', start: 900, end: 999 }],
    ['bytes=0-1,5-9', { kind: 'whole' }],
    ['bytes=-', { kind: 'whole' }],
    ['items=0-5', { kind: 'whole' }],
    ['bytes=abc', { kind: 'whole' }],
    ['BYTES = 10-19', { kind: 'partial', start: 10, end: 19 }],
  ];
  for (const [header, expected] of cases) assert.deepEqual(decideRange(header, size), expected, String(header));
  assert.deepEqual(decideRange('bytes=0-', 0), { kind: 'unsatisfiable' });
});

test('a partial answer always lies inside the file', () => {
  fc.assert(
    fc.property(fc.nat(10_000), fc.option(fc.nat(20_000), { nil: undefined }), fc.option(fc.nat(20_000), { nil: undefined }), (size, a, b) => {
      const header = `bytes=${a ?? ''}-${b ?? ''}`;
      const d = decideRange(header, size);
      if (d.kind === 'partial') {
        assert.ok(d.start >= 0 && d.start <= d.end && d.end < size, `${header} on ${size}: ${JSON.stringify(d)}`);
      }
    }),
  );
});
