import type { FastifyRequest } from 'fastify';
import { barChart } from '../../platform/web/charts.ts';
import type { FieldError } from '../../platform/web/components.ts';
import { html, type Html } from '../../platform/web/html.ts';
import type { StatsView } from '../booking/stats.service.ts';
import { consoleFormat, consolePage, CONSOLE_PATH, dayInput, errorOf, type ConsoleFormat } from './consultations-console.layout.ts';

// The consultations' figures for a period: bookings (web and phone),
// attendance, the no-show rate and utilisation, as figures, then per field
// and per expert as charts (SVG for the eye, a table for screen readers) and
// as tables with every number.

export const DASHBOARD_PATH = `${CONSOLE_PATH}/dashboard`;

function utilisation(f: ConsoleFormat, share: number | null, booked: number, slots: number): string {
  return share === null ? f.t('not_yet') : f.t('util_value', { pct: f.pct(share), booked: f.n(booked), slots: f.n(slots) });
}

function figures(f: ConsoleFormat, s: StatsView): Html {
  const item = (key: Parameters<ConsoleFormat['t']>[0], field: string, value: string) => html`<li><span class="count-value" data-field="${field}">${value}</span> ${f.t(key)}</li>`;
  const total = s.total;
  return html`<ul class="counts dc-figures" id="consultation-figures">
  ${item('fig_bookings', 'bookings', f.n(total.bookings))}
  ${item('fig_web', 'web', f.n(total.web))}
  ${item('fig_phone', 'phone', f.n(total.phone))}
  ${item('fig_attended', 'attended', f.n(total.attended))}
  ${item('fig_no_shows', 'no-shows', f.n(total.noShows))}
  ${item('fig_no_show_rate', 'no-show-rate', f.pct(total.noShowRate))}
  ${item('fig_cancelled', 'cancelled', f.n(total.cancelled))}
  ${item('fig_utilisation', 'utilisation', utilisation(f, total.utilisation, total.bookings, total.slots))}
</ul>`;
}

export function dashboardPage(request: FastifyRequest, o: { from: string; to: string; stats: StatsView | null; errors?: FieldError[] }): string {
  const locale = request.locale;
  const f = consoleFormat(locale);
  const t = f.t;
  const errors = o.errors ?? [];
  const s = o.stats;
  const period = t('dash_period', { from: f.day(o.from), to: f.day(o.to) });
  const th = (key: Parameters<typeof t>[0], num = true) => html`<th scope="col"${num ? html` class="num"` : ''}>${t(key)}</th>`;
  const content = s
    ? html`${figures(f, s)}
<h2>${t('charts_title')}</h2>
<div class="dc-charts">
${barChart({
  id: 'chart-utilisation', title: t('chart_utilisation'), columns: [t('col_expert'), t('col_utilisation')], share: true, empty: t('chart_empty'),
  bars: s.byExpert.map((e) => ({ label: e.name, value: e.utilisation ?? 0, display: f.pct(e.utilisation) })),
})}
${barChart({
  id: 'chart-fields', title: t('chart_field_bookings'), columns: [t('col_field'), t('col_bookings')], empty: t('chart_empty'),
  bars: s.byField.map((x) => ({ label: f.name(x.name), value: x.bookings, display: f.n(x.bookings) })),
})}
${barChart({
  id: 'chart-no-show', title: t('chart_no_show'), columns: [t('col_expert'), t('col_no_show_rate')], share: true, empty: t('chart_empty'),
  bars: s.byExpert.filter((e) => e.noShowRate !== null).map((e) => ({ label: e.name, value: e.noShowRate ?? 0, display: f.pct(e.noShowRate) })),
})}
</div>
<h2 id="per-field-heading">${t('table_fields_title')}</h2>
<div class="table-wrap"><table id="per-field" aria-labelledby="per-field-heading">
  <thead><tr>${th('col_field', false)}${th('col_bookings')}${th('col_web')}${th('col_phone')}${th('col_attended')}${th('col_no_shows')}${th('col_no_show_rate')}${th('col_cancelled')}${th('col_share')}</tr></thead>
  <tbody>${s.byField.map((x) => html`<tr><th scope="row">${f.name(x.name)}</th><td class="num">${f.n(x.bookings)}</td><td class="num">${f.n(x.web)}</td><td class="num">${f.n(x.phone)}</td><td class="num">${f.n(x.attended)}</td><td class="num">${f.n(x.noShows)}</td><td class="num">${f.pct(x.noShowRate)}</td><td class="num">${f.n(x.cancelled)}</td><td class="num">${f.pct(x.share)}</td></tr>`)}</tbody>
</table></div>
<h2 id="per-expert-heading">${t('table_experts_title')}</h2>
<div class="table-wrap"><table id="per-expert" aria-labelledby="per-expert-heading">
  <thead><tr>${th('col_expert', false)}${th('col_bookings')}${th('col_slots')}${th('col_utilisation')}${th('col_attended')}${th('col_no_shows')}${th('col_no_show_rate')}${th('col_cancelled')}</tr></thead>
  <tbody>${s.byExpert.map((e) => html`<tr><th scope="row">${e.name}</th><td class="num">${f.n(e.bookings)}</td><td class="num">${f.n(e.slots)}</td><td class="num">${f.pct(e.utilisation)}</td><td class="num">${f.n(e.attended)}</td><td class="num">${f.n(e.noShows)}</td><td class="num">${f.pct(e.noShowRate)}</td><td class="num">${f.n(e.cancelled)}</td></tr>`)}</tbody>
</table></div>`
    : html``;
  const body = html`<h1>${t('dash_title')}</h1>
<p class="lead" id="dashboard-period">${period}</p>
<form method="get" action="${DASHBOARD_PATH}" class="dc-filter" novalidate>
  <input type="hidden" name="lang" value="${locale}">
  ${dayInput({ locale, id: 'from', name: 'from', label: t('label_from'), value: o.from, error: errorOf(errors, 'from') })}
  ${dayInput({ locale, id: 'to', name: 'to', label: t('label_to'), value: o.to, error: errorOf(errors, 'to') })}
  <button type="submit" class="button button-secondary" id="dashboard-show">${t('show')}</button>
</form>
${content}`;
  return consolePage(request, { title: t('dash_title'), current: 'dashboard', body, errors });
}
