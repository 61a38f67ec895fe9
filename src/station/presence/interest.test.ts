import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { cellOf, near, neighbourhood, within } from './interest.ts';
import { CELL_PX, CHAT_MAX, NEARBY_PX, NICKNAME_MAX, parseStationFrame } from './presence.frames.ts';

// Properties of the interest cells and of the frame parser.

const coordinate = fc.integer({ min: 0, max: 20_000 });

test('two positions less than a cell apart (on each axis) are always in each other’s interest', () => {
  fc.assert(
    fc.property(coordinate, coordinate, fc.integer({ min: -(CELL_PX - 1), max: CELL_PX - 1 }), fc.integer({ min: -(CELL_PX - 1), max: CELL_PX - 1 }), (x, y, dx, dy) => {
      const bx = Math.max(0, x + dx);
      const by = Math.max(0, y + dy);
      assert.ok(near(cellOf(x, y), cellOf(bx, by)));
      assert.ok(neighbourhood(cellOf(x, y)).includes(cellOf(bx, by)));
    }),
  );
});

test('nearby chat never reaches beyond interest: the radius is within a cell', () => {
  assert.ok(NEARBY_PX < CELL_PX);
  fc.assert(
    fc.property(coordinate, coordinate, coordinate, coordinate, (ax, ay, bx, by) => {
      if (within(ax, ay, bx, by, NEARBY_PX)) assert.ok(near(cellOf(ax, ay), cellOf(bx, by)));
    }),
  );
});

test('a cell’s neighbourhood is the 9 cells near it, and near() is symmetric', () => {
  fc.assert(
    fc.property(coordinate, coordinate, coordinate, coordinate, (ax, ay, bx, by) => {
      const a = cellOf(ax, ay);
      const b = cellOf(bx, by);
      assert.equal(near(a, b), near(b, a));
      assert.equal(neighbourhood(a).includes(b), near(a, b));
      assert.equal(new Set(neighbourhood(a)).size, 9);
    }),
  );
});

test('the parser never throws; what it accepts has a clean nickname and chat text of the allowed length', () => {
  const control = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;
  fc.assert(
    fc.property(fc.string({ unit: 'binary', maxLength: 40 }), fc.string({ unit: 'binary', maxLength: 400 }), (nickname, text) => {
      const join = parseStationFrame(JSON.stringify({ type: 'join', district: 'seocho', nickname, look: 'blue', x: 1, y: 2 }));
      if (join.ok && join.frame.type === 'join') {
        assert.ok(!control.test(join.frame.nickname));
        assert.ok([...join.frame.nickname].length >= 1 && [...join.frame.nickname].length <= NICKNAME_MAX);
        assert.equal(join.frame.nickname, join.frame.nickname.trim());
      } else assert.equal(join.ok ? '' : join.field, 'nickname');
      const chat = parseStationFrame(JSON.stringify({ type: 'chat', scope: 'room', text }));
      if (chat.ok && chat.frame.type === 'chat') {
        assert.ok(!control.test(chat.frame.text));
        assert.ok([...chat.frame.text].length <= CHAT_MAX);
      } else assert.equal(chat.ok ? '' : chat.field, 'text');
    }),
  );
  fc.assert(
    fc.property(fc.string({ maxLength: 200 }), (raw) => {
      const parsed = parseStationFrame(raw);
      assert.equal(typeof parsed.ok, 'boolean');
    }),
  );
});
