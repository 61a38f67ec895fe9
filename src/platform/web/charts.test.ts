import assert from 'node:assert/strict';
import { test } from 'node:test';
import { barChart } from './charts.ts';

// A chart is a table: labels and numbers are text at the body's size, each
// number with its bar beside it (an SVG hidden from assistive technology,
// sized in percent of its cell). What the pages need from it is read here
// from its markup.

const barWidths = (markup: string) => [...markup.matchAll(/<rect x="0" y="0" width="([\d.]+)"/g)].map((m) => Number(m[1]));

test('a chart is a figure titled by its caption: one table row per bar, the label and number as text, the bar hidden beside it', () => {
  const markup = barChart({
    id: 'per-channel',
    title: 'Delivered per channel',
    columns: ['Channel', 'Delivered'],
    bars: [
      { label: 'KakaoTalk', value: 300, display: '300' },
      { label: 'SMS', value: 150, display: '150' },
      { label: 'E-mail', value: 0, display: '0' },
    ],
    empty: 'No messages yet',
  }).toString();
  assert.match(markup, /^<figure class="dc-chart" aria-labelledby="per-channel-title">/);
  assert.match(markup, /<figcaption id="per-channel-title" class="dc-chart-title">Delivered per channel<\/figcaption>/);
  assert.match(markup, /<table class="dc-chart-table">\s*<caption class="visually-hidden">Delivered per channel<\/caption>/);
  assert.doesNotMatch(markup, /<text|viewBox="0 0 640/, 'no words drawn inside an SVG');
  assert.match(markup, /<th scope="col">Channel<\/th><th scope="col" class="num">Delivered<\/th><\/tr>/);
  for (const [label, value] of [['KakaoTalk', '300'], ['SMS', '150'], ['E-mail', '0']]) {
    assert.match(markup, new RegExp(`<tr><th scope="row">${label}</th><td class="num"><div class="dc-chart-cell"><svg class="dc-chart-bar" [^>]*aria-hidden="true" focusable="false">.*?</svg><span class="dc-chart-value">${value}</span></div></td></tr>`));
  }
  // The longest bar fills its cell; the others in proportion; zero draws nothing.
  assert.deepEqual(barWidths(markup), [100, 50, 0]);
});

test('shares run to 1, a second series has its own column and key, a missing one is a dash, a tiny value stays visible', () => {
  const markup = barChart({
    id: 'rate',
    title: 'Delivery rate',
    columns: ['Channel', 'This season', 'Last season'],
    share: true,
    bars: [
      { label: 'KakaoTalk', value: 0.5, display: '50%', compare: { value: 0.25, display: '25%' } },
      { label: 'SMS', value: 0.001, display: '0.1%' },
    ],
    empty: '-',
  }).toString();
  assert.deepEqual(barWidths(markup), [50, 25, 1], 'a value above zero is at least 1% of its cell');
  assert.match(markup, /<th scope="col" class="num"><span class="dc-key" aria-hidden="true"><\/span> This season<\/th><th scope="col" class="num"><span class="dc-key dc-key-compare" aria-hidden="true"><\/span> Last season<\/th>/);
  assert.match(markup, /<tr><th scope="row">KakaoTalk<\/th>.*<span class="dc-chart-value">50%<\/span>.*class="dc-bar dc-bar-compare".*<span class="dc-chart-value">25%<\/span><\/div><\/td><\/tr>/);
  assert.match(markup, /<tr><th scope="row">SMS<\/th>.*<span class="dc-chart-value">0.1%<\/span><\/div><\/td><td class="num">-<\/td><\/tr>/, 'no second value: a dash');
});

test('no bars: the title and the empty text, no drawing; labels are escaped', () => {
  const empty = barChart({ id: 'none', title: 'Causes', columns: ['Cause', 'Count'], bars: [], empty: 'Nothing failed' }).toString();
  assert.equal(empty, '<figure class="dc-chart" aria-labelledby="none-title"><figcaption id="none-title" class="dc-chart-title">Causes</figcaption><p>Nothing failed</p></figure>');
  const hostile = barChart({ id: 'x', title: '<b>t</b>', columns: ['a', 'b'], bars: [{ label: '<script>', value: 1, display: '"1"' }], empty: '' }).toString();
  assert.doesNotMatch(hostile, /<script>|<b>/);
  assert.match(hostile, /&lt;script&gt;/);
  const zeros = barChart({ id: 'z', title: 'z', columns: ['a', 'b'], bars: [{ label: 'a', value: 0, display: '0' }], empty: '' }).toString();
  assert.deepEqual(barWidths(zeros), [0], 'all zero: nothing drawn, no division by zero');
});
