import assert from 'node:assert/strict';
import { test } from 'node:test';
import { forEachEngine } from '../../../test-support/engines.ts';
import { addDays } from '../../platform/time/seoul.ts';
import { citeArticle, deadlineMayFallOn, extendedDueDate, loadLawRules, localTaxDeadline } from './law-rules.ts';

// §24 (a deadline on a day off moves to the next day that is none) as one
// row of law_rules, applied alike by the TypeScript the calendar uses and
// the SQL function local_tax_deadline that sets §31's extended due dates.

forEachEngine('law rules: deadlines on days off (§24)', (ctx) => {
  test('the rule is a row citing its article', async () => {
    const rules = await loadLawRules(ctx.db);
    assert.equal(rules.deadlineOnDayOff.article, '지방세기본법 제24조');
    assert.deepEqual(rules.deadlineOnDayOff.alsoClosed, ['05-01']);
  });

  test('articles cited in English', () => {
    assert.equal(citeArticle('지방세기본법 제24조', 'en'), 'Framework Act on Local Taxes, Article 24');
    assert.equal(citeArticle('지방세기본법 시행령 제14조제4항', 'en'), 'Enforcement Decree of the Framework Act on Local Taxes, Article 14(4)');
    assert.equal(citeArticle('지방세기본법 제24조', 'ko'), '지방세기본법 제24조');
  });

  test('known days: a Sunday, Chuseok next to a weekend, Labour Day, a working day', async () => {
    const rules = await loadLawRules(ctx.db);
    assert.equal(localTaxDeadline(rules, '2026-12-20'), '2026-12-21', 'Sunday → Monday');
    assert.equal(localTaxDeadline(rules, '2026-12-19'), '2026-12-21', 'Saturday → Monday');
    assert.equal(localTaxDeadline(rules, '2026-09-24'), '2026-09-28', 'Chuseok (Thursday to Saturday), then Sunday → Monday');
    assert.equal(localTaxDeadline(rules, '2026-05-01'), '2026-05-04', 'Labour Day (a Friday) → Monday');
    assert.equal(localTaxDeadline(rules, '2026-12-31'), '2026-12-31', 'a working day stays');
  });

  test('SQL and TypeScript agree on every day of 2025–2028', async () => {
    const rules = await loadLawRules(ctx.db);
    const { rows } = await ctx.db.query<{ d: string; deadline: string }>(
      `SELECT to_char(d, 'YYYY-MM-DD') AS d, to_char(local_tax_deadline(d::date), 'YYYY-MM-DD') AS deadline
         FROM generate_series('2025-01-01'::timestamp, '2028-12-31'::timestamp, interval '1 day') AS d`,
    );
    assert.equal(rows.length, 1461);
    const differ = rows.filter((r) => r.deadline !== localTaxDeadline(rules, r.d));
    assert.deepEqual(differ.slice(0, 5), []);
  });

  test('§31: 14 days after a late arrival, moved off a day off', async () => {
    const rules = await loadLawRules(ctx.db);
    // arrives Sunday 2026-12-06 (Seoul), due 2026-12-10: 14 days later is Sunday 2026-12-20 → Monday 21
    assert.equal(extendedDueDate(rules, '2026-12-10', new Date('2026-12-06T03:00:00Z')), '2026-12-21');
    assert.equal(extendedDueDate(rules, '2026-12-31', new Date('2026-12-06T03:00:00Z')), null, 'arrived in good time: the due date stands');
    for (let day = '2027-01-01'; day < '2027-02-01'; day = addDays(day, 1)) {
      const due = extendedDueDate(rules, day, new Date(`${day}T03:00:00Z`))!;
      assert.ok(deadlineMayFallOn(rules, due) && due >= addDays(day, 14), `${day} → ${due}`);
    }
  });
});
