import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { cuePlainText, formatTimestamp, parseTimestamp, parseWebVtt, serializeWebVtt, type Cue } from './webvtt.ts';

// The WebVTT parser: valid cues survive a round trip through the file
// format; anything else is refused naming the line of the first problem.

const safeLine = fc
  .string({ minLength: 1, maxLength: 30, unit: fc.constantFrom(...'abc 가나다 xyz<>.,!?&;:-0123'.split('')) })
  .filter((s) => s.trim() !== '' && !s.includes('-->') && !/^(NOTE|STYLE|REGION)(\s|$)/.test(s));

const cueArb: fc.Arbitrary<Cue> = fc
  .record({
    id: fc.option(safeLine.filter((s) => !s.includes('-->')), { nil: undefined }),
    startMs: fc.integer({ min: 0, max: 10 * 3600 * 1000 }),
    lengthMs: fc.integer({ min: 1, max: 60_000 }),
    settings: fc.option(fc.constantFrom('line:0', 'align:start', 'position:10% line:90%'), { nil: undefined }),
    text: fc.array(safeLine, { minLength: 0, maxLength: 3 }).map((lines) => lines.join('\n')),
  })
  .map(({ id, startMs, lengthMs, settings, text }) => ({ ...(id !== undefined ? { id } : {}), startMs, endMs: startMs + lengthMs, ...(settings ? { settings } : {}), text }));

test('valid cues round-trip through a WebVTT file', () => {
  fc.assert(
    fc.property(fc.array(cueArb, { minLength: 1, maxLength: 20 }), (cues) => {
      const result = parseWebVtt(serializeWebVtt(cues));
      assert.ok(result.ok, JSON.stringify(result));
      assert.deepEqual(result.cues, cues);
    }),
  );
});

test('timestamps round-trip', () => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 99 * 3600 * 1000 }), (ms) => {
      assert.equal(parseTimestamp(formatTimestamp(ms)), ms);
    }),
  );
});

test('a file without the WEBVTT header is refused at line 1', () => {
  fc.assert(
    fc.property(fc.string({ maxLength: 200 }), (garbage) => {
      fc.pre(!/^\uFEFF?WEBVTT(?:[ \t\r\n]|$)/.test(garbage));
      const result = parseWebVtt(garbage);
      assert.deepEqual(result, { ok: false, line: 1, problem: 'header_missing' });
    }),
  );
});

test('a broken timing line anywhere is refused naming that line', () => {
  const broken = fc.constantFrom('00:01.000 -> 00:02.000', '00:01.000 --> 00:0x.000', '1:2:3 --> 00:02.000', '00:05.000 --> 00:04.000', '00:61.000 --> 00:62.000');
  fc.assert(
    fc.property(fc.array(cueArb, { minLength: 1, maxLength: 8 }), fc.nat(), broken, (cues, pick, bad) => {
      const index = pick % cues.length;
      const file = serializeWebVtt(cues.map((c) => ({ ...c, id: undefined, settings: undefined })).map(({ id: _id, settings: _s, ...c }) => c));
      const lines = file.split('\n');
      // the index-th timing line of the file
      const timingLines = lines.map((l, i) => (l.includes('-->') ? i : -1)).filter((i) => i >= 0);
      const at = timingLines[index]!;
      lines[at] = bad;
      const result = parseWebVtt(lines.join('\n'));
      assert.equal(result.ok, false);
      if (!result.ok) {
        assert.equal(result.line, at + 1, `${bad} at line ${at + 1}`);
        assert.ok(['timing_expected', 'timestamp_invalid', 'end_not_after_start'].includes(result.problem));
      }
    }),
  );
});

test('examples: comments, a BOM, CRLF, hours of more digits, cue text with an arrow', () => {
  const ok = parseWebVtt('\uFEFFWEBVTT - lecture\r\n\r\nNOTE written by hand\r\nsecond line\r\n\r\nSTYLE\r\n::cue { color: yellow }\r\n\r\n100:00:00.000 --> 100:00:01.000\r\n<v 강사>긴 강의</v>\r\n');
  assert.ok(ok.ok);
  assert.deepEqual(ok.cues, [{ startMs: 360_000_000, endMs: 360_001_000, text: '<v 강사>긴 강의</v>' }]);
  assert.equal(cuePlainText(ok.cues[0]!.text), '긴 강의');
  assert.deepEqual(parseWebVtt('WEBVTT\n\n00:01.000 --> 00:02.000\nfirst\n00:02.000 --> 00:03.000\nsecond\n'), { ok: false, line: 5, problem: 'arrow_in_text' });
  assert.deepEqual(parseWebVtt('WEBVTT\n\nonly an id\n'), { ok: false, line: 3, problem: 'timing_expected' });
  assert.deepEqual(parseWebVtt('WEBVTT\n'), { ok: false, line: 2, problem: 'no_cues' });
  assert.deepEqual(parseWebVtt('WEBVTTX\n'), { ok: false, line: 1, problem: 'header_missing' });
  assert.equal(cuePlainText('a &amp; b &lt;c&gt;\nnext'), 'a & b <c> next');
});
