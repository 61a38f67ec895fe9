import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { forEachEngine } from '../../../test-support/engines.ts';

forEachEngine('bulk load with copyRows', (ctx) => {
  test('text with tabs, newlines and backslashes, nulls, numbers and bytea arrive unchanged', async () => {
    await ctx.db.exec('CREATE TABLE copy_probe (t text, n bigint, b bytea)');
    const samples = fc.sample(fc.tuple(fc.string(), fc.integer(), fc.uint8Array({ maxLength: 40 })), 50)
      .map(([t, n, b]) => [t.replace(/\0/g, ''), n, Buffer.from(b)] as const);
    const rows = [...samples, [null, null, null] as const];
    await ctx.db.transaction((tx) => tx.copyRows('copy_probe', ['t', 'n', 'b'], rows));
    const { rows: back } = await ctx.db.query<{ t: string | null; n: number | null; b: Uint8Array | null }>('SELECT t, n, b FROM copy_probe');
    assert.equal(back.length, rows.length);
    for (const [i, [t, n, b]] of rows.entries()) {
      assert.equal(back[i]!.t, t);
      assert.equal(back[i]!.n, n);
      assert.deepEqual(back[i]!.b === null ? null : Buffer.from(back[i]!.b!), b);
    }
  });
});
