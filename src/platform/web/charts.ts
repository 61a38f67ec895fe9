import { html, type Html } from './html.ts';

// Server-rendered horizontal bar charts as inline SVG: no script, no inline
// style (the CSP forbids it; SVG presentation attributes are fine). The SVG
// is decoration for sighted readers; the numbers are in a table beside it,
// which is what screen readers read.

export interface Bar {
  label: string;
  value: number;
  /** The value as printed at the end of the bar (and in the table). */
  display: string;
  /** A second series drawn under the first (e.g. last season). */
  compare?: { value: number; display: string };
}

export interface ChartOptions {
  id: string;
  title: string;
  /** Column headings of the data table: label, value (and compare). */
  columns: [string, string] | [string, string, string];
  bars: Bar[];
  /** Values are shares 0..1: the scale runs to 1. */
  share?: boolean;
  empty: string;
}

const WIDTH = 640;
const LABEL_W = 170;
const VALUE_W = 110;
const BAR_H = 22;
const GAP = 10;

export function barChart(o: ChartOptions): Html {
  if (o.bars.length === 0) {
    return html`<figure class="dc-chart" aria-labelledby="${o.id}-title"><figcaption id="${o.id}-title" class="dc-chart-title">${o.title}</figcaption><p>${o.empty}</p></figure>`;
  }
  const hasCompare = o.bars.some((b) => b.compare);
  const max = o.share ? 1 : Math.max(1, ...o.bars.flatMap((b) => [b.value, b.compare?.value ?? 0]));
  const span = WIDTH - LABEL_W - VALUE_W;
  const rowH = hasCompare ? BAR_H * 2 + 4 : BAR_H;
  const height = o.bars.length * (rowH + GAP) + GAP;
  const scale = (v: number) => Math.max(v > 0 ? 2 : 0, Math.round((v / max) * span));
  const rows = o.bars.map((b, i) => {
    const y = GAP + i * (rowH + GAP);
    return html`<g>
  <text x="${LABEL_W - 8}" y="${y + BAR_H / 2 + 5}" text-anchor="end" class="dc-chart-label">${b.label}</text>
  <rect x="${LABEL_W}" y="${y}" width="${scale(b.value)}" height="${BAR_H}" class="dc-bar"></rect>
  <text x="${LABEL_W + scale(b.value) + 6}" y="${y + BAR_H / 2 + 5}" class="dc-chart-value">${b.display}</text>
  ${b.compare
    ? html`<rect x="${LABEL_W}" y="${y + BAR_H + 4}" width="${scale(b.compare.value)}" height="${BAR_H}" class="dc-bar dc-bar-compare"></rect>
  <text x="${LABEL_W + scale(b.compare.value) + 6}" y="${y + BAR_H * 1.5 + 9}" class="dc-chart-value">${b.compare.display}</text>`
    : ''}
</g>`;
  });
  return html`<figure class="dc-chart" aria-labelledby="${o.id}-title">
  <figcaption id="${o.id}-title" class="dc-chart-title">${o.title}</figcaption>
  <svg class="dc-chart-svg" viewBox="0 0 ${WIDTH} ${height}" width="100%" aria-hidden="true" focusable="false">
    <line x1="${LABEL_W}" y1="0" x2="${LABEL_W}" y2="${height}" class="dc-axis"></line>
    ${rows}
  </svg>
  ${hasCompare ? html`<p class="dc-legend" aria-hidden="true"><span class="dc-key"></span> ${o.columns[1]} <span class="dc-key dc-key-compare"></span> ${o.columns[2] ?? ''}</p>` : ''}
  <table class="visually-hidden">
    <caption>${o.title}</caption>
    <thead><tr>${o.columns.map((c, i) => html`<th scope="col"${i > 0 ? html` class="num"` : ''}>${c}</th>`)}</tr></thead>
    <tbody>${o.bars.map(
      (b) => html`<tr><th scope="row">${b.label}</th><td class="num">${b.display}</td>${o.columns.length === 3 ? html`<td class="num">${b.compare?.display ?? '-'}</td>` : ''}</tr>`,
    )}</tbody>
  </table>
</figure>`;
}
