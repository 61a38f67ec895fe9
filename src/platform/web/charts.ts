import { html, type Html } from './html.ts';

// Server-rendered bar charts that read as tables: one row per bar, the
// label and the numbers as text at the body's size (a chart drawn in an
// SVG's own units shrank its words with the chart), and beside each number
// its bar, an SVG in percent of the cell, hidden from assistive technology
// since the number beside it says the same. No script, no inline style (the
// CSP forbids it; SVG presentation attributes are fine).

export interface Bar {
  label: string;
  value: number;
  /** The value as printed beside its bar. */
  display: string;
  /** A second series beside the first (e.g. last season). */
  compare?: { value: number; display: string };
}

export interface ChartOptions {
  id: string;
  title: string;
  /** Column headings: label, value (and compare). */
  columns: [string, string] | [string, string, string];
  bars: Bar[];
  /** Values are shares 0..1: the scale runs to 1. */
  share?: boolean;
  empty: string;
}

/** A bar's length in percent of its cell, to one decimal; a value above zero stays visible. */
function barPercent(value: number, max: number): number {
  if (!(value > 0)) return 0;
  return Math.min(100, Math.max(1, Math.round((value / max) * 1000) / 10));
}

function barCell(value: number, display: string, max: number, compare: boolean): Html {
  return html`<td class="num"><div class="dc-chart-cell"><svg class="dc-chart-bar" viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true" focusable="false"><rect x="0" y="0" width="${barPercent(value, max)}" height="10" class="dc-bar${compare ? ' dc-bar-compare' : ''}"></rect></svg><span class="dc-chart-value">${display}</span></div></td>`;
}

export function barChart(o: ChartOptions): Html {
  if (o.bars.length === 0) {
    return html`<figure class="dc-chart" aria-labelledby="${o.id}-title"><figcaption id="${o.id}-title" class="dc-chart-title">${o.title}</figcaption><p>${o.empty}</p></figure>`;
  }
  const twoSeries = o.columns.length === 3;
  const max = o.share ? 1 : Math.max(Number.MIN_VALUE, ...o.bars.flatMap((b) => [b.value, b.compare?.value ?? 0]));
  return html`<figure class="dc-chart" aria-labelledby="${o.id}-title">
  <figcaption id="${o.id}-title" class="dc-chart-title">${o.title}</figcaption>
  <table class="dc-chart-table">
    <caption class="visually-hidden">${o.title}</caption>
    <thead><tr><th scope="col">${o.columns[0]}</th><th scope="col" class="num">${twoSeries ? html`<span class="dc-key" aria-hidden="true"></span> ` : ''}${o.columns[1]}</th>${twoSeries ? html`<th scope="col" class="num"><span class="dc-key dc-key-compare" aria-hidden="true"></span> ${o.columns[2]}</th>` : ''}</tr></thead>
    <tbody>${o.bars.map(
      (b) => html`<tr><th scope="row">${b.label}</th>${barCell(b.value, b.display, max, false)}${twoSeries ? (b.compare ? barCell(b.compare.value, b.compare.display, max, true) : html`<td class="num">-</td>`) : ''}</tr>`,
    )}</tbody>
  </table>
</figure>`;
}
