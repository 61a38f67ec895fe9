import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ALIMTALK_REQUEST_CODES, ALIMTALK_RESULT_CODES, alimtalkRequestOutcome, alimtalkResultOutcome, SMS_RESULT_CODES, smsResultOutcome } from './sens.codes.ts';
import { sensCodeOfFate } from './sens.sim.ts';

// One test per row of each table, so a changed row shows by name.

describe('AlimTalk result codes', () => {
  for (const row of ALIMTALK_RESULT_CODES) {
    test(`${row.code} (${row.meaning}) → ${row.outcome.status}${row.outcome.status === 'failed' ? ` ${row.outcome.cause}` : ''}`, () => {
      assert.deepEqual(alimtalkResultOutcome(row.code, row.outcome.status === 'delivered' ? 'success' : 'fail', '01055501234'), row.outcome);
    });
  }
  test('an unknown code: success is delivered, fail is a permanent refusal', () => {
    assert.deepEqual(alimtalkResultOutcome('7777', 'success', '01055501234'), { status: 'delivered' });
    assert.deepEqual(alimtalkResultOutcome('7777', 'fail', '01055501234'), { status: 'failed', cause: 'provider_rejected' });
  });
});

describe('SMS result codes', () => {
  for (const row of SMS_RESULT_CODES) {
    test(`${row.code} (${row.meaning}) → ${row.outcome.status}${row.outcome.status === 'failed' ? ` ${row.outcome.cause}` : ''}`, () => {
      assert.deepEqual(smsResultOutcome(row.code, row.outcome.status === 'delivered' ? 'success' : 'fail', '01055501234'), row.outcome);
    });
  }
  test('an unknown code: success is delivered, fail is a permanent refusal', () => {
    assert.deepEqual(smsResultOutcome('8', 'success', '01055501234'), { status: 'delivered' });
    assert.deepEqual(smsResultOutcome('8', 'fail', '01055501234'), { status: 'failed', cause: 'provider_rejected' });
  });
});

describe('AlimTalk request codes (at send)', () => {
  for (const row of ALIMTALK_REQUEST_CODES) {
    test(`${row.code} (${row.meaning}) → ${row.accepted ? 'accepted' : `${row.permanent ? 'permanent' : 'transient'} ${row.cause}`}`, () => {
      assert.deepEqual(alimtalkRequestOutcome(row.code), row.accepted ? { accepted: true } : { accepted: false, permanent: row.permanent, cause: row.cause });
    });
  }
  test('an unknown code is a permanent refusal', () => {
    assert.deepEqual(alimtalkRequestOutcome('Z999'), { accepted: false, permanent: true, cause: 'provider_rejected' });
  });
});

test('any failure for a number on a dead prefix (011/016/017/018/019) is dead_prefix, on both channels', () => {
  for (const to of ['01155501234', '0165550123', '01755501234', '01855501234', '01955501234']) {
    assert.deepEqual(smsResultOutcome('3001', 'fail', to), { status: 'failed', cause: 'dead_prefix' });
    assert.deepEqual(alimtalkResultOutcome('3019', 'fail', to), { status: 'failed', cause: 'dead_prefix' });
  }
  assert.deepEqual(smsResultOutcome('0', 'success', '01655501234'), { status: 'delivered' });
});

test("the simulator reports every fate with a code the tables read back as the gateway's cause", () => {
  const sms = (fate: Parameters<typeof sensCodeOfFate>[1], to = '01055501234') => {
    const { code, success } = sensCodeOfFate('sms', fate);
    return smsResultOutcome(code, success ? 'success' : 'fail', to);
  };
  const kakao = (fate: Parameters<typeof sensCodeOfFate>[1], to = '01055501234') => {
    const { code, success } = sensCodeOfFate('kakao', fate);
    return alimtalkResultOutcome(code, success ? 'success' : 'fail', to);
  };
  assert.deepEqual(sms({ kind: 'delivered', opened: false }), { status: 'delivered' });
  assert.deepEqual(sms({ kind: 'failed', code: 'dead_prefix' }, '01655501234'), { status: 'failed', cause: 'dead_prefix' });
  assert.deepEqual(sms({ kind: 'failed', code: 'number_changed' }), { status: 'failed', cause: 'number_changed' });
  assert.deepEqual(kakao({ kind: 'delivered', opened: true }), { status: 'delivered' });
  assert.deepEqual(kakao({ kind: 'failed', code: 'not_kakao_user' }), { status: 'failed', cause: 'not_kakao_user' });
  assert.deepEqual(kakao({ kind: 'failed', code: 'dead_prefix' }, '01955501234'), { status: 'failed', cause: 'dead_prefix' });
});
