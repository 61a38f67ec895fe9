import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseProvidersConfig } from '../providers.config.ts';
import { resolveSecret } from './secrets.ts';

const sources = {
  env: { NHN_SMS_SECRET: 's3cr3t-value' } as Record<string, string | undefined>,
  readFile: (path: string) => {
    if (path === '/run/secrets/nhn-appkey') return 'appkey-from-file\n';
    throw new Error('ENOENT');
  },
};

test('a credential is read from its value, an environment variable or a file (one trailing newline dropped)', () => {
  assert.equal(resolveSecret('literal', 'p.k', sources), 'literal');
  assert.equal(resolveSecret({ env: 'NHN_SMS_SECRET' }, 'p.k', sources), 's3cr3t-value');
  assert.equal(resolveSecret({ file: '/run/secrets/nhn-appkey' }, 'p.k', sources), 'appkey-from-file');
});

test('a missing variable or unreadable file is named with the setting, never with a value', () => {
  assert.throws(() => resolveSecret({ env: 'NOT_SET' }, 'nhn-sms.secretKey', sources), /nhn-sms\.secretKey: the environment variable NOT_SET is not set/);
  assert.throws(() => resolveSecret({ file: '/nope' }, 'nhn-sms.appKey', sources), /nhn-sms\.appKey: the file \/nope cannot be read/);
});

test('TAXSTATION_PROVIDERS takes NHN Cloud entries with credentials by reference, and says what is wrong in one', () => {
  const configs = parseProvidersConfig(
    JSON.stringify([
      { type: 'nhn-sms', name: 'nhn-sms', appKey: { file: '/run/secrets/nhn-appkey' }, secretKey: { env: 'NHN_SMS_SECRET' }, sendNo: '0234235000' },
      { type: 'nhn-alimtalk', name: 'nhn-kakao', appKey: 'k', secretKey: { env: 'X' }, senderKey: 'a'.repeat(40), priority: 10 },
    ]),
  )!;
  assert.equal(configs.length, 2);
  assert.equal(configs[0]!.type === 'nhn-sms' && configs[0]!.baseUrl, 'https://api-sms.cloud.toast.com');
  assert.throws(() => parseProvidersConfig(JSON.stringify([{ type: 'nhn-sms', name: 'x', appKey: 'a', secretKey: 'b', sendNo: '02-1234' }])), /sendNo: the registered calling number/);
  assert.throws(() => parseProvidersConfig(JSON.stringify([{ type: 'nhn-sms', name: 'x', appKey: { env: 'lower case!' }, secretKey: 'b', sendNo: '0212345678' }])), /appKey/);
});
