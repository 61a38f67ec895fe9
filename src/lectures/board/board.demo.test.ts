import assert from 'node:assert/strict';
import { test } from 'node:test';
import { forEachEngine } from '../../../test-support/engines.ts';
import { testCipher } from '../../../test-support/factories.ts';
import { createDistrictWithStaff } from '../../../test-support/test-server.ts';
import { seedDemoBoard } from './board.demo.ts';
import { monthlyView, monthOf, shiftMonth } from './board.service.ts';

// The demo's board: seeded once through the board's own service (audited,
// masked), with something in every state and upvotes for the monthly view.

forEachEngine('demo question board', (ctx) => {
  test('Seocho-gu gets a moderated board once; a second start changes nothing', async () => {
    await createDistrictWithStaff(ctx.db, 'seocho', ['tax_official']);
    await seedDemoBoard({ db: ctx.db, cipher: testCipher });
    const states = async () => (await ctx.db.query<{ state: string; n: number; answered: number; lecture: number; upvotes: number }>(
      `SELECT state, count(*)::int AS n, count(answer)::int AS answered, count(for_lecture_at)::int AS lecture, sum(upvotes)::int AS upvotes
         FROM lecture_board_questions WHERE district_code = 'seocho' GROUP BY state ORDER BY state`)).rows;
    const first = await states();
    assert.deepEqual(first.map((r) => [r.state, r.n, r.answered, r.lecture]), [['pending', 2, 0, 0], ['published', 7, 2, 2], ['rejected', 1, 0, 0]]);
    assert.equal(first.find((r) => r.state === 'published')!.upvotes, 87);
    const { rows: masked } = await ctx.db.query<{ body: string; masked_kinds: string[] }>(`SELECT body, masked_kinds FROM lecture_board_questions WHERE cardinality(masked_kinds) > 0`);
    assert.equal(masked.length, 1);
    assert.match(masked[0]!.body, /\*\*\*-\*\*\*\*-\*\*\*\*로 연락/);
    const audited = await ctx.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_log WHERE entity_type = 'lecture_board_question'`);
    assert.equal(audited.rows[0]!.n, 10 + 8 + 2 + 2, 'posted, moderated, answered, marked');
    const deps = { db: ctx.db, cipher: testCipher, clock: () => new Date(), publicUrl: '' };
    const months = [0, -1, -2].map((by) => shiftMonth(monthOf(new Date()), by));
    const lines = (await Promise.all(months.map((m) => monthlyView(deps, 'seocho', m)))).flat();
    assert.equal(lines.reduce((n, l) => n + l.questions, 0), 7, 'the monthly views rank every published question (asked over the last five weeks)');

    await seedDemoBoard({ db: ctx.db, cipher: testCipher });
    assert.deepEqual(await states(), first);
  });
});
