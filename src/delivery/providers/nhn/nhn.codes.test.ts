import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ALIMTALK_RESULT_CODES, alimtalkFinal, HEADER_CODES, headerFailure, SEND_RESULT_CODES, sendRefusal, SMS_RESULT_CODES, smsFinal } from './nhn.codes.ts';

// One test per row of each table, and what a code outside the tables becomes.

describe('AlimTalk result codes', () => {
  for (const [code, row] of Object.entries(ALIMTALK_RESULT_CODES)) {
    test(`${code} (${row.meaning})`, () => {
      assert.deepEqual(alimtalkFinal(code === '1000' ? 'COMPLETED' : 'FAILED', code), row.final);
    });
  }
  test('an unknown code fails provider_rejected; in progress is not final; a cancel fails', () => {
    assert.deepEqual(alimtalkFinal('FAILED', '9876'), { status: 'failed', cause: 'provider_rejected' });
    assert.equal(alimtalkFinal('READY', null), null);
    assert.equal(alimtalkFinal('IN_PROGRESS', null), null);
    assert.deepEqual(alimtalkFinal('CANCEL', null), { status: 'failed', cause: 'provider_rejected' });
    assert.deepEqual(alimtalkFinal('FAILED', '1000'), { status: 'failed', cause: 'provider_rejected' }, 'a failure never reads as delivered');
  });
});

describe('SMS result codes', () => {
  for (const [code, row] of Object.entries(SMS_RESULT_CODES)) {
    test(`${code} (${row.meaning})`, () => {
      if (row.final.status === 'delivered') assert.deepEqual(smsFinal('3', code, '01012345678'), row.final);
      else assert.deepEqual(smsFinal('0', code, '01012345678'), row.final);
    });
  }
  test('a number not in service on a dead prefix is a dead prefix', () => {
    assert.deepEqual(smsFinal('0', '3001', '01655501234'), { status: 'failed', cause: 'dead_prefix' });
  });
  test('requesting and processing are not final; cancelled, duplicate and unknown codes fail provider_rejected', () => {
    assert.equal(smsFinal('1', null, '01012345678'), null);
    assert.equal(smsFinal('2', null, '01012345678'), null);
    assert.deepEqual(smsFinal('4', null, '01012345678'), { status: 'failed', cause: 'provider_rejected' });
    assert.deepEqual(smsFinal('5', null, '01012345678'), { status: 'failed', cause: 'provider_rejected' });
    assert.deepEqual(smsFinal('0', '7777', '01012345678'), { status: 'failed', cause: 'provider_rejected' });
  });
});

describe('per-recipient codes in a send answer', () => {
  for (const [code, row] of Object.entries(SEND_RESULT_CODES)) {
    test(`${code} (${row.meaning})`, () => {
      assert.deepEqual(sendRefusal(Number(code)), { permanent: row.permanent, cause: row.cause });
    });
  }
  test('an unknown code refuses for good', () => {
    assert.deepEqual(sendRefusal(-4242), { permanent: true, cause: 'provider_rejected' });
  });
});

describe('header codes of a failed call', () => {
  for (const [code, row] of Object.entries(HEADER_CODES)) {
    test(`${code}: ${row.transient ? 'asked again later' : 'needs the district'} (${row.advice})`, () => {
      assert.deepEqual(headerFailure(Number(code)), row);
      assert.ok(row.advice.length > 10);
    });
  }
  test('an unknown code is permanent and names itself', () => {
    assert.deepEqual(headerFailure(-31337), { transient: false, advice: 'the service refused the request (code -31337)' });
  });
});
