import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TokenBucket } from './token-bucket.ts';

test('a token bucket refills at its rate up to its capacity, and a charge can put it in debt', () => {
  let now = 1_000_000;
  const bucket = new TokenBucket(3, 1, () => now);
  let taken = 0;
  while (taken < 10 && bucket.take()) taken++;
  assert.equal(taken, 3, 'the capacity at once');
  now += 1000;
  assert.equal(bucket.take(), true, 'one token a second');
  assert.equal(bucket.take(), false);
  now += 60_000;
  bucket.charge(5);
  // full (3) less 5: in debt by 2, so three seconds pass before the next token
  now += 2999;
  assert.equal(bucket.take(), false);
  now += 1;
  assert.equal(bucket.take(), true);
  bucket.charge(100);
  now += 3999;
  assert.equal(bucket.take(), false, 'a debt is capped at the capacity: 3 below zero, four seconds');
  now += 1;
  assert.equal(bucket.take(), true);
});
