import type { FastifyRequest } from 'fastify';
import type { Locale } from '../i18n/i18n.ts';
import { authMessages } from '../auth/auth.messages.ts';
import { roleNames } from '../auth/roles.ts';
import { html, type Html } from './html.ts';
import { webMessages } from './web.messages.ts';
import { assetUrl } from './assets.ts';
import { webShellOf } from './web-shell.ts';
import { isPanelRequest } from './panel.ts';
import { DISTRICT_LOGO_PATH } from '../district-settings/district-settings.section.ts';

export interface PageOptions {
  title: string;
  body: Html;
  /** Prefixes the title with "Error:" / "오류:" (GOV.UK pattern: screen readers announce it first). */
  hasErrors?: boolean;
}

const LANGUAGE_NAMES: Record<Locale, string> = { ko: '한국어', en: 'English' };

/** The current address with ?lang= set, so the switch works without script. */
export function languageUrl(request: FastifyRequest, locale: Locale): string {
  const url = new URL(request.url, 'http://local');
  url.searchParams.set('lang', locale);
  // After a POST the switch leads to the GET page at the same address.
  return `${url.pathname}?${url.searchParams.toString()}`;
}

function header(request: FastifyRequest): Html {
  const locale = request.locale;
  const t = (key: Parameters<typeof webMessages.t>[1], vars?: Record<string, string>) => webMessages.t(locale, key, vars);
  const staff = request.staff;
  // Held to set up two-step verification first: every other page leads back there, so the menu offers only that.
  const held = request.staffSession?.secondFactorEnrolmentRequired === true;
  const serviceName = staff ? `${staff.districtName[locale]} ${t('service_name')}` : t('service_name');
  const languages = (['ko', 'en'] as const).map(
    (l) => html`<li><a href="${languageUrl(request, l)}" lang="${l}" hreflang="${l}" ${l === locale ? html`aria-current="true"` : ''}>${LANGUAGE_NAMES[l]}</a></li>`,
  );
  return html`<div id="krds-masthead"><div class="toggle-wrap"><div class="toggle-head"><div class="inner container">
  <span class="nuri-txt">${t('official_site')}</span>
</div></div></div></div>
<header class="site-header">
  <div class="container header-inner">
    <a class="service-name" href="${staff ? '/console' : '/'}">${staff?.districtLogo ? html`<img class="service-logo" src="${DISTRICT_LOGO_PATH}?v=${staff.districtLogo}" alt="">` : ''}${serviceName}</a>
    <nav class="language-switch" aria-label="${t('language')}"><ul>${languages}</ul></nav>
  </div>
  ${staff
    ? html`<div class="staff-bar"><div class="container staff-bar-inner">
      <nav aria-label="${t('staff_nav')}"><ul>${held ? '' : html`<li><a href="/console">${t('console')}</a></li>`}${webShellOf(request)
        .consoleNav.filter((item) => item.roles.includes(staff.role) && (!held || item.duringSecondFactorEnrolment))
        .map((item) => html`<li><a href="${item.href}">${item.label[locale]}</a></li>`)}</ul></nav>
      <p class="staff-who">${t('signed_in_as', { name: staff.displayName, role: roleNames.t(locale, staff.role) })}</p>
      <form method="post" action="/logout" class="inline-form">
        <input type="hidden" name="_csrf" value="${request.staffSession?.csrfToken ?? ''}">
        <button type="submit" class="button button-secondary button-small">${authMessages.t(locale, 'sign_out')}</button>
      </form>
    </div></div>`
    : ''}
</header>`;
}

/** Seconds before the idle timeout at which the page warns (WCAG 2.2.1: time to extend with one simple action). */
export const SESSION_WARNING_SECONDS = 120;

/**
 * The idle-timeout warning (ASVS 3.3.2, WCAG 2.2.1): site.js fills the live
 * region and shows the button two minutes before the session would end; the
 * button pings POST /api/session/keep-alive. Empty and silent until then.
 */
function sessionTimeoutWarning(request: FastifyRequest): Html | '' {
  const session = request.staffSession;
  if (!session) return '';
  const locale = request.locale;
  const t = (key: Parameters<typeof authMessages.t>[1]) => authMessages.t(locale, key);
  return html`<div class="container session-timeout">
    <div data-session-timeout data-seconds-left="${String(session.secondsLeft)}" data-warn-seconds="${String(SESSION_WARNING_SECONDS)}"
      data-text-warning="${t('session_timeout_warning')}" data-text-extended="${t('session_extended')}" data-text-ended="${t('session_timed_out')}">
      <p class="notification-title" aria-live="assertive" data-session-timeout-message></p>
      <div data-session-stay-row hidden><button type="button" class="button" data-session-stay>${t('session_stay')}</button></div>
      <p data-session-sign-in-row hidden><a href="/login?lang=${locale}&amp;next=${encodeURIComponent(request.url)}" data-session-sign-in>${t('sign_in_again')}</a></p>
    </div>
  </div>`;
}

export function renderPage(request: FastifyRequest, options: PageOptions): string {
  const locale = request.locale;
  const t = (key: Parameters<typeof webMessages.t>[1]) => webMessages.t(locale, key);
  const title = `${options.hasErrors ? `${t('error_prefix')}: ` : ''}${options.title} – ${t('service_name')}`;
  // In a panel (panel.ts) the page is only its feature: no skip link, header or footer.
  const panel = isPanelRequest(request);
  return `<!doctype html>\n${html`<html lang="${locale}"${panel ? html` data-panel` : ''}>
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="${assetUrl('site.css')}">
<script src="${assetUrl('site.js')}" defer></script>
</head>
<body${request.staff ? html` class="page-console"` : ''}>
${panel ? '' : html`<div id="krds-skip-link"><a class="skip-link" href="#main">${t('skip_to_content')}</a></div>
${header(request)}`}
${sessionTimeoutWarning(request)}
<main id="main" class="container" tabindex="-1">
${options.body}
</main>
${panel
  ? ''
  : html`<footer id="krds-footer" class="site-footer">
  <div class="container footer-inner">
    <p>${t('footer_text')}</p>
    <div class="f-btm">
      <p>${t('footer_accessibility')}</p>
      <div class="krds-identifier"><span class="ban-txt">${webMessages.t(locale, 'site_identifier', { operator: request.staff ? webMessages.t(locale, 'site_operator', { district: request.staff.districtName[locale] }) : t('site_operator_any') })}</span></div>
    </div>
  </div>
</footer>`}
${webShellOf(request).bodyEnd.map((fragment) => fragment(request))}
</body>
</html>`.value}\n`;
}
