import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { formatDateTime, formatDateTimeWithWeekday, formatDay, formatDayWithWeekday, formatSeoulTime } from '../platform/web/format.ts';
import { foreignDates, visibleText, type TextRun } from './raw-code-walker.test-support.ts';

// The raw-code walker's date check (issue 19 item 7: one date format per
// language) on its own: what it finds, and that whatever the shared
// formatter writes passes in its own language and fails in the other.

const ko = (text: string): TextRun => ({ lang: 'ko', text, source: 'text' });
const en = (text: string): TextRun => ({ lang: 'en', text, source: 'text' });

test('dates written otherwise than the page language’s format are found', () => {
  assert.deepEqual(foreignDates(ko('자동차세 · 게시일 2026-12-03 · 공감 8'), 'ko'), ['2026-12-03']);
  assert.deepEqual(foreignDates(ko('납부기한 2026년 12월 31일'), 'ko'), ['2026년 12월 31일']);
  assert.deepEqual(foreignDates(en('Due 6/12/2026'), 'en'), ['6/12/2026']);
  assert.deepEqual(foreignDates(en('Sent Jun 12, 2026'), 'en'), ['Jun 12, 2026']);
  assert.deepEqual(foreignDates(en('Sent June 12th, 2026'), 'en'), ['June 12th, 2026']);
  assert.deepEqual(foreignDates(ko('2026. 6. 12. 오후 2:05:00'), 'ko'), ['오후 2:05']);
  assert.deepEqual(foreignDates(en('12/06/2026, 2:05 PM'), 'en').sort(), ['12/06/2026', '2:05 PM']);
  assert.deepEqual(foreignDates(ko('2026.06.12 접수'), 'ko'), ['2026.06.12']);
  assert.deepEqual(foreignDates(ko('2026. 06. 12. 접수'), 'ko'), ['2026. 06. 12.']);
  assert.deepEqual(foreignDates(ko('열림 2026-06-12T14:05:00+09:00'), 'ko'), ['2026-06-12T14:05:00+09:00']);
  assert.deepEqual(foreignDates(en('Opens 2026. 6. 12.'), 'en'), ['2026. 6. 12.'], 'a Korean day on an English page');
  assert.deepEqual(foreignDates(ko('접수 12 June 2026'), 'ko'), ['12 June 2026'], 'an English day on a Korean page');
  assert.deepEqual(foreignDates({ lang: '', text: '게시일 2026-12-03', source: 'text' }, 'ko'), ['2026-12-03'], 'a run without its own lang takes the page’s');
});

test('what is no date shown to be read passes: numbers, addresses, examples of what to type', () => {
  for (const text of [
    '2026-07-0001234', // a notice number
    '010-5555-1234',
    '2026년 재산세 1기', // a year and a period
    '6월 1일 현재 소유자가 냅니다', // a yearly date in prose
    '/console/consultations?day=2026-06-12',
    'https://tax.example.go.kr/pay/2026-07-31',
    '예: 2026-07-10 09:00',
    '날짜를 2027-04-14처럼 입력하세요.',
    '날짜가 아닙니다: 2026-07-31 또는 20260731처럼 달력에 있는 날짜로 적어 주세요.',
    '1/3', // a share
    '14:05',
    '10:00:00 KST',
  ]) assert.deepEqual(foreignDates(ko(text), 'ko'), [], text);
  for (const text of ['Enter the day like 2027-04-14.', 'For example, 1970-01-02', 'Write the publication time as "2026-07-01 09:00" (Seoul time).', 'Enter the time to send as 2026-07-10 09:00']) {
    assert.deepEqual(foreignDates(en(text), 'en'), [], text);
  }
});

test('a date left out of the text a person reads is not looked at: translate=no data, input values, machine attributes', () => {
  const page = `<html lang="ko"><body><p>접수 <time datetime="2026-06-12">2026. 6. 12.</time></p><p translate="no">2026-06-12</p>
<input type="date" name="day" value="2026-06-12"><div data-day="2026-06-12">오늘</div><p lang="en">Sent 12 June 2026</p></body></html>`;
  const found = visibleText(page).flatMap((run) => foreignDates(run, 'ko'));
  assert.deepEqual(found, []);
  assert.deepEqual(visibleText('<html lang="ko"><p>접수 2026-06-12</p></html>').flatMap((run) => foreignDates(run, 'ko')), ['2026-06-12']);
});

test('property: every day and instant the shared formatter writes passes in its language and is found in the other', () => {
  const instant = fc.date({ min: new Date('1990-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true });
  fc.assert(
    fc.property(instant, fc.constantFrom('ko' as const, 'en' as const), (at, locale) => {
      const other = locale === 'ko' ? 'en' : 'ko';
      const day = at.toISOString().slice(0, 10);
      for (const text of [formatDay(locale, day), formatDayWithWeekday(locale, day), formatDateTime(locale, at), formatDateTimeWithWeekday(locale, at), formatSeoulTime(locale, at)]) {
        const run = { lang: locale, text: `접수: ${text} 처리`, source: 'text' };
        assert.deepEqual(foreignDates(run, locale), [], text);
        assert.equal(foreignDates({ ...run, lang: other }, other).length, 1, `${text} on a ${other} page`);
      }
    }),
  );
});
