import assert from 'node:assert/strict';
import { test } from 'node:test';
import { forEachEngine } from '../../../test-support/engines.ts';
import { loadMigrations, migrate } from './migrate.ts';

test('migrations are numbered 0001… without gaps and named in lower snake case', async () => {
  const all = await loadMigrations();
  assert.ok(all.length >= 2);
  all.forEach((m, i) => assert.equal(m.version, i + 1));
});

forEachEngine('migrations', (ctx) => {
  test('are recorded and applying them again changes nothing', async () => {
    const all = await loadMigrations();
    const { rows } = await ctx.db.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version');
    assert.deepEqual(rows.map((r) => r.version), all.map((m) => m.version));
    assert.deepEqual(await migrate(ctx.db), []);
  });

  test('refuse to run when a landed migration was edited', async () => {
    const all = await loadMigrations();
    const edited = all.map((m, i) => (i === 0 ? { ...m, checksum: 'edited' } : m));
    await assert.rejects(migrate(ctx.db, edited), /was edited after it was applied/);
  });

  test('the audit log refuses updates and deletes', async () => {
    await ctx.db.query("INSERT INTO districts (code, name_ko, name_en) VALUES ('audit-test', '테스트구', 'Test-gu')");
    await ctx.db.query(
      "INSERT INTO audit_log (district_code, actor_type, action, entity_type, reason) VALUES ('audit-test', 'system', 'test', 'none', 'test')",
    );
    await assert.rejects(ctx.db.query("UPDATE audit_log SET reason = 'x'"), /append-only/);
    await assert.rejects(ctx.db.query('DELETE FROM audit_log'), /append-only/);
  });
});
