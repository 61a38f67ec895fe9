import assert from 'node:assert/strict';
import { test } from 'node:test';
import { z } from 'zod';
import { labelAt, labelled, withLabels } from './field-labels.ts';

// Labels of request fields: marked one by one or from a form's map, found
// through optional, arrays and unions, a shared schema labelled per field.

const day = z.iso.date().describe('a Seoul day');

test('a form map labels its fields; a shared schema takes each field its own label, its description kept', () => {
  const form = withLabels(
    z.object({ from: day, to: day.optional(), name: z.string().max(10), code: z.string() }).refine((v) => v.name !== 'x', { path: ['name'] }),
    { from: { ko: '시작일', en: 'From' }, to: { ko: '종료일', en: 'To' }, name: { ko: '이름', en: 'Name' } },
  );
  assert.deepEqual(labelAt(form, ['from']), { ko: '시작일', en: 'From' });
  assert.deepEqual(labelAt(form, ['to']), { ko: '종료일', en: 'To' });
  assert.deepEqual(labelAt(form, ['name']), { ko: '이름', en: 'Name' });
  assert.equal(labelAt(form, ['code']), undefined, 'a field left out stays unnamed');
  assert.equal(labelAt(z.object({ day }), ['day']), undefined, 'the shared schema itself carries no label');
  assert.equal(z.globalRegistry.get(form.shape.from)?.description, 'a Seoul day');
  assert.equal(form.safeParse({ from: '2026-06-12', name: 'x', code: '' }).success, false, "the object's own checks are kept");
  assert.equal(form.safeParse({ from: '2026-06-12', name: 'y', code: '' }).success, true);
  // Derived schemas (omit, extend) keep the labels of the fields they keep.
  assert.deepEqual(labelAt(z.object({ rows: z.array(z.object({ amount: labelled(z.number(), { ko: '금액', en: 'Amount' }) })) }), ['rows', 0, 'amount']), { ko: '금액', en: 'Amount' });
  assert.throws(() => withLabels(z.object({ a: z.string() }), { b: { ko: '비', en: 'B' } } as never), /no field "b"/);
});
