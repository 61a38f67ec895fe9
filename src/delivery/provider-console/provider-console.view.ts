import type { FastifyRequest } from 'fastify';
import type { Locale } from '../../platform/i18n/i18n.ts';
import { html, type Html } from '../../platform/web/html.ts';
import { renderPage } from '../../platform/web/layout.ts';
import { sectionNav } from '../../platform/web/web-shell.ts';
import { consoleAssets } from '../console-assets.ts';
import { causeLabel, channelLabel, deliveryFormat } from '../delivery.format.ts';
import type { ProviderConfig } from '../providers.config.ts';
import type { ProviderCauseCount } from './provider-console.repository.ts';
import { providerConsoleMessages, type ProviderConsoleMessageKey } from './provider-console.messages.ts';
import { providersNav } from './provider-console.nav.ts';
import { CHANNEL_OF_TYPE, type ProviderFailover, type ProviderHealth, type ProvidersSetting } from './provider-console.service.ts';

// The providers page: health per provider (the read-only check's findings,
// from providers-check.messages.ts in the page's language),
// the failover order per channel, and the recent causes of failure, all in
// sentences from the catalogues (never a raw cause code, never a key).

const SERVICE_KEYS: Record<ProviderConfig['type'], ProviderConsoleMessageKey> = {
  'kakao-gateway': 'service_kakao_gateway',
  'sms-gateway': 'service_sms_gateway',
  smtp: 'service_smtp',
  'nhn-sms': 'service_nhn_sms',
  'nhn-alimtalk': 'service_nhn_alimtalk',
  'sens-sms': 'service_sens_sms',
  'sens-alimtalk': 'service_sens_alimtalk',
};

export interface ProvidersPageOptions {
  setting: ProvidersSetting;
  health?: ProviderHealth;
  failover: ProviderFailover[];
  causes: ProviderCauseCount[];
}

function healthSection(locale: Locale, health: ProviderHealth): Html {
  const t = (key: ProviderConsoleMessageKey, vars?: Record<string, string | number>) => providerConsoleMessages.t(locale, key, vars);
  const f = deliveryFormat(locale);
  return html`<h2 id="health-heading">${t('health_title')}</h2>
<p class="hint">${t('checked_at', { time: f.time(health.checkedAt) })}</p>
<div class="table-wrap"><table aria-labelledby="health-heading">
  <thead><tr>
    <th scope="col">${t('col_provider')}</th><th scope="col">${t('col_service')}</th><th scope="col">${t('col_channel')}</th>
    <th scope="col">${t('col_health')}</th><th scope="col">${t('col_findings')}</th>
  </tr></thead>
  <tbody>${health.lines.map(
    (l) => html`<tr>
    <th scope="row">${l.name}</th>
    <td>${t(SERVICE_KEYS[l.type])}</td>
    <td>${channelLabel(CHANNEL_OF_TYPE[l.type], locale)}</td>
    <td><strong>${t(l.ok ? 'health_ok' : 'health_problem')}</strong></td>
    <td><ul>${l.findings.map((finding) => html`<li>${finding[locale]}</li>`)}</ul></td>
  </tr>`,
  )}</tbody>
</table></div>`;
}

export function providersPage(request: FastifyRequest, o: ProvidersPageOptions): string {
  const locale = request.locale;
  const t = (key: ProviderConsoleMessageKey, vars?: Record<string, string | number>) => providerConsoleMessages.t(locale, key, vars);
  const f = deliveryFormat(locale);
  const setting =
    o.setting.state === 'none' ? html`<p id="providers-setting">${t('none_configured')}</p>`
    : o.setting.state === 'invalid' ? html`<div class="dc-warning" id="providers-setting"><p>${t('config_invalid')}</p></div>`
    : '';
  const failover = o.failover.length
    ? html`<h2 id="failover-heading">${t('failover_title')}</h2>
<p>${t('failover_intro')}</p>
${o.failover.map(
  (c) => html`<h3>${channelLabel(c.channel, locale)}</h3>
<ol>${c.providers.map((p, i) => html`<li>${t('failover_item', { n: f.n(i + 1), name: p.name, priority: f.n(p.priority) })}</li>`)}</ol>`,
)}`
    : '';
  const errors = html`<h2 id="errors-heading">${t('errors_title')}</h2>
${o.causes.length
  ? html`<ul id="recent-errors">${o.causes.map((c) => html`<li>${t('errors_sentence', { provider: c.provider, cause: causeLabel(c.cause, locale), count: f.n(c.count) })}</li>`)}</ul>`
  : html`<p id="recent-errors">${t('errors_none')}</p>`}`;
  const body = html`${consoleAssets()}
${sectionNav(request, providersNav)}
<h1>${t('title')}</h1>
<p>${t('intro')}</p>
${setting}
${o.health ? healthSection(locale, o.health) : ''}
${failover}
${errors}`;
  return renderPage(request, { title: t('title'), body });
}
