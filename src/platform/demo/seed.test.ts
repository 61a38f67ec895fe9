import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestDatabase, type TestDatabase } from '../../../test-support/databases.ts';
import { createCipher } from '../crypto.ts';
import { ROLES } from '../auth/roles.ts';
import { logIn } from '../auth/login.service.ts';
import { loadConfig } from '../config.ts';
import { DEMO_PASSWORD, demoLogins, seedDemo } from './seed.ts';

describe('demo seed', () => {
  let database: TestDatabase;
  before(async () => {
    database = await createTestDatabase('pglite');
  });
  after(async () => {
    await database?.drop();
  });

  test('seeds Gangnam and Seocho with every role, runs the pushed steps, and is idempotent', async () => {
    const db = database.db;
    const cipher = createCipher(Buffer.alloc(32, 1));
    const calls: number[] = [];
    const step = async () => {
      const { rows } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM staff_accounts');
      calls.push(rows[0]!.n);
    };
    assert.deepEqual(await seedDemo({ db, cipher }, [step]), { created: true });
    assert.deepEqual(await seedDemo({ db, cipher }, [step]), { created: false });
    assert.deepEqual(calls, [10, 10], 'steps run after the staff exist, on every seed');
    const { rows: districts } = await db.query<{ code: string; name_ko: string; name_en: string }>('SELECT code, name_ko, name_en FROM districts ORDER BY code');
    assert.deepEqual(districts.map((d) => [d.code, d.name_ko, d.name_en]), [['gangnam', '강남구', 'Gangnam-gu'], ['seocho', '서초구', 'Seocho-gu']]);
    const { rows: staff } = await db.query<{ district_code: string; role: string; username: string }>('SELECT district_code, role, username FROM staff_accounts ORDER BY username');
    assert.equal(staff.length, 10);
    for (const district of ['gangnam', 'seocho']) {
      assert.deepEqual(staff.filter((s) => s.district_code === district).map((s) => s.role).sort(), [...ROLES].sort());
    }
    assert.ok(demoLogins().some((l) => l.username === 'gangnam.official' && l.role === 'tax_official'));
    const config = loadConfig({ NODE_ENV: 'test', TAXSTATION_ENCRYPTION_KEY: Buffer.alloc(32, 1).toString('base64') });
    const session = await logIn({ db, config }, { username: 'seocho.official', password: DEMO_PASSWORD }, '127.0.0.1');
    assert.ok(session.token);
  });
});
