import assert from 'node:assert/strict';
import { test } from 'node:test';
import { barChart } from './charts.ts';

// The bar chart is decoration for sighted readers (an SVG hidden from
// assistive technology); the figures are in a table beside it, under the
// chart's title. What the pages need from it is read here from its markup.

const svgWidths = (markup: string) => [...markup.matchAll(/<rect x="\d+" y="\d+" width="(\d+)"/g)].map((m) => Number(m[1]));

test('a chart is a figure titled by its caption: the SVG is hidden, the table holds every figure', () => {
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
  assert.match(markup, /<svg [^>]*aria-hidden="true" focusable="false"/);
  assert.match(markup, /<caption>Delivered per channel<\/caption>/);
  assert.match(markup, /<th scope="col">Channel<\/th><th scope="col" class="num">Delivered<\/th>/);
  for (const [label, value] of [['KakaoTalk', '300'], ['SMS', '150'], ['E-mail', '0']]) {
    assert.match(markup, new RegExp(`<tr><th scope="row">${label}</th><td class="num">${value}</td></tr>`));
  }
  // The longest bar spans the plot; the others in proportion; zero draws nothing.
  const [longest, half, zero] = svgWidths(markup);
  assert.equal(zero, 0);
  assert.equal(half, Math.round(longest! / 2));
  assert.doesNotMatch(markup, /dc-legend/, 'one series: no legend');
});

test('shares run to 1, a second series is drawn under the first with a legend and a third column, and a tiny value stays visible', () => {
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
  const [kakao, kakaoBefore, sms] = svgWidths(markup);
  assert.equal(kakaoBefore, Math.round(kakao! / 2));
  assert.equal(sms, 2, 'a value above zero is at least 2 units wide');
  assert.match(markup, /<p class="dc-legend" aria-hidden="true">.*This season.*Last season<\/p>/);
  assert.match(markup, /<tr><th scope="row">KakaoTalk<\/th><td class="num">50%<\/td><td class="num">25%<\/td><\/tr>/);
  assert.match(markup, /<tr><th scope="row">SMS<\/th><td class="num">0.1%<\/td><td class="num">-<\/td><\/tr>/, 'no second value: a dash');
});

test('no bars: the title and the empty text, no drawing; labels are escaped', () => {
  const empty = barChart({ id: 'none', title: 'Causes', columns: ['Cause', 'Count'], bars: [], empty: 'Nothing failed' }).toString();
  assert.equal(empty, '<figure class="dc-chart" aria-labelledby="none-title"><figcaption id="none-title" class="dc-chart-title">Causes</figcaption><p>Nothing failed</p></figure>');
  const hostile = barChart({ id: 'x', title: '<b>t</b>', columns: ['a', 'b'], bars: [{ label: '<script>', value: 1, display: '"1"' }], empty: '' }).toString();
  assert.doesNotMatch(hostile, /<script>|<b>/);
  assert.match(hostile, /&lt;script&gt;/);
});
