import type { FastifyRequest } from 'fastify';
import { barChart } from '../../platform/web/charts.ts';
import { intlLocale, type Locale } from '../../platform/i18n/i18n.ts';
import { formatNumber } from '../../platform/web/format.ts';
import { html, type Html } from '../../platform/web/html.ts';
import { deskConsolePage } from '../desk-console.layout.ts';
import { dashboardMessages, type DashboardMessageKey } from './dashboard.messages.ts';
import type { DeskDashboard } from './dashboard.schema.ts';

// /console/desk/dashboard: the desk's figures as text, then the same
// figures as bar charts (SVG for the eye, a table for screen readers), with
// a period chosen by a plain GET form.

export const DASHBOARD_PERIODS = [1, 7, 30, 90] as const;

function format(locale: Locale) {
  const tag = intlLocale(locale);
  const t = (key: DashboardMessageKey, vars?: Record<string, string | number>) => dashboardMessages.t(locale, key, vars);
  const n = (v: number) => formatNumber(locale, v);
  return {
    t,
    n,
    duration(seconds: number | null): string {
      if (seconds === null) return t('no_data');
      const total = Math.round(seconds);
      if (total < 60) return t('dur_seconds', { s: total });
      if (total < 3600) return t('dur_minutes', { m: Math.floor(total / 60), s: total % 60 });
      return t('dur_hours', { h: n(Math.floor(total / 3600)), m: Math.floor((total % 3600) / 60) });
    },
    hour: (h: number) => t('hour_label', { from: String(h).padStart(2, '0'), to: String(h + 1).padStart(2, '0') }),
    average: (v: number) => v.toLocaleString(tag, { minimumFractionDigits: 1, maximumFractionDigits: 2 }),
  };
}

function periodForm(locale: Locale, days: number): Html {
  const { t } = format(locale);
  const periods: number[] = DASHBOARD_PERIODS.includes(days as (typeof DASHBOARD_PERIODS)[number]) ? [...DASHBOARD_PERIODS] : [...DASHBOARD_PERIODS, days].sort((a, b) => a - b);
  return html`<form method="get" action="/console/desk/dashboard" class="dc-filter">
  <input type="hidden" name="lang" value="${locale}">
  <div class="field">
    <label class="label" for="dashboard-days">${t('period_label')}</label>
    <select class="select" id="dashboard-days" name="days">${periods.map(
      (d) => html`<option value="${d}"${d === days ? html` selected` : ''}>${d === 1 ? t('period_day') : t('period_days', { days: d })}</option>`,
    )}</select>
  </div>
  <button type="submit" class="button button-secondary" id="dashboard-show">${t('period_show')}</button>
</form>`;
}

function figures(locale: Locale, d: DeskDashboard): Html {
  const f = format(locale);
  const item = (key: DashboardMessageKey, field: string, value: string) => html`<li><span class="count-value" data-field="${field}">${value}</span> ${f.t(key)}</li>`;
  const s = d.satisfaction;
  return html`<ul class="counts dc-figures" id="dashboard-figures">
  ${item('fig_conversations', 'conversations', f.n(d.conversations))}
  ${item('fig_wait_avg', 'wait-average', f.duration(d.waitingSeconds.average))}
  ${item('fig_wait_p90', 'wait-p90', f.duration(d.waitingSeconds.p90))}
  ${item('fig_handle_avg', 'handling-average', f.duration(d.handlingSeconds.average))}
  ${item('fig_handle_p90', 'handling-p90', f.duration(d.handlingSeconds.p90))}
  ${item('fig_satisfaction', 'satisfaction', s.average === null ? f.t('satisfaction_none') : f.t('satisfaction_value', { average: f.average(s.average), answers: f.n(s.answers) }))}
</ul>`;
}

function busiestHour(locale: Locale, d: DeskDashboard): Html {
  if (d.conversations === 0) return html``;
  const f = format(locale);
  const top = d.perHour.reduce((best, h) => (h.conversations > best.conversations ? h : best));
  return html`<p id="dashboard-busiest">${f.t('busiest', { hour: f.hour(top.hour), count: f.n(top.conversations) })}</p>`;
}

function charts(locale: Locale, d: DeskDashboard): Html {
  const f = format(locale);
  const t = f.t;
  // Short labels: the SVG keeps 170 units for them; the figures above say it in full.
  const timeBar = (key: DashboardMessageKey, seconds: number | null) => ({ label: t(key), value: seconds ?? 0, display: f.duration(seconds) });
  const hasTimes = d.waitingSeconds.average !== null || d.handlingSeconds.average !== null;
  return html`<h2>${t('charts_title')}</h2>
<div class="dc-charts">
${barChart({
  id: 'chart-times',
  title: t('chart_times'),
  columns: [t('col_measure'), t('col_time')],
  bars: hasTimes
    ? [
        timeBar('bar_wait_avg', d.waitingSeconds.average),
        timeBar('bar_wait_p90', d.waitingSeconds.p90),
        timeBar('bar_handle_avg', d.handlingSeconds.average),
        timeBar('bar_handle_p90', d.handlingSeconds.p90),
      ]
    : [],
  empty: t('chart_empty'),
})}
${barChart({
  id: 'chart-satisfaction',
  title: t('chart_satisfaction'),
  columns: [t('col_rating'), t('col_answers')],
  bars: d.satisfaction.answers
    ? d.satisfaction.byRating.map((count, i) => ({ label: t('rating_label', { rating: i + 1 }), value: count, display: f.n(count) })).reverse()
    : [],
  empty: t('chart_empty'),
})}
${barChart({
  id: 'chart-hours',
  title: t('chart_hours'),
  columns: [t('col_hour'), t('col_conversations')],
  bars: d.conversations ? d.perHour.map((h) => ({ label: f.hour(h.hour), value: h.conversations, display: f.n(h.conversations) })) : [],
  empty: t('chart_empty'),
})}
</div>`;
}

export function dashboardPage(request: FastifyRequest, d: DeskDashboard): string {
  const locale = request.locale;
  const t = (key: DashboardMessageKey, vars?: Record<string, string | number>) => dashboardMessages.t(locale, key, vars);
  const body = html`<h1>${t('dashboard_title')}</h1>
<p class="lead">${t('dashboard_lead', { district: request.staff!.districtName[locale], days: d.days })}</p>
${periodForm(locale, d.days)}
${figures(locale, d)}
${busiestHour(locale, d)}
${charts(locale, d)}`;
  return deskConsolePage(request, { title: t('dashboard_title'), current: 'dashboard', body });
}
