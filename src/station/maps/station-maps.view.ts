import type { FastifyRequest } from 'fastify';
import type { District } from '../../platform/districts/districts.repository.ts';
import type { Locale } from '../../platform/i18n/i18n.ts';
import { formatDateTime } from '../../platform/web/format.ts';
import { meetSection, textModeConfig } from '../text-mode/text-mode.view.ts';
import { spaceLink } from '../space/space.link.ts';
import { csrfField, errorSummary, type FieldError } from '../../platform/web/components.ts';
import { html, type Html } from '../../platform/web/html.ts';
import { renderPage } from '../../platform/web/layout.ts';
import { webMessages } from '../../platform/web/web.messages.ts';
import { FEATURE_NAMES, FEATURES } from './station-features.ts';
import { stationMapsMessages, type StationMapsMessageKey } from './station-maps.messages.ts';
import type { Station, StationZone } from './station-maps.repository.ts';
import { shortPath } from './station-qr.ts';

// The station's pages: the console (/console/station: zones and their
// bindings, upload, reset, short links with QR codes for printing) and the
// residents' text mode (/r/station/:district: every zone as a link to the
// feature it opens, the zone of ?zone= focused and marked as "you are here").

export const CONSOLE_STATION_PATH = '/console/station';

type T = (key: StationMapsMessageKey, vars?: Record<string, string | number>) => string;
const translator = (locale: Locale): T => (key, vars) => stationMapsMessages.t(locale, key, vars);

/** A feature's URL with the reader's language. */
export const withLang = (url: string, locale: Locale) => `${url}${url.includes('?') ? '&' : '?'}lang=${locale}`;

const flash = (text: string | null) => (text ? html`<div class="notification notification-success" role="status" id="flash"><p>${text}</p></div>` : '');

function fileField(o: { locale: Locale; id: string; name: string; label: string; hint?: string; accept: string; errors: readonly string[] }): Html {
  const describedBy = [o.hint ? `${o.id}-hint` : '', o.errors.length ? `${o.id}-error` : ''].filter(Boolean).join(' ');
  const prefix = html`<span class="visually-hidden">${webMessages.t(o.locale, 'error_prefix')}:</span> `;
  return html`<div class="field${o.errors.length ? ' field-error' : ''}">
  <label class="label" for="${o.id}">${o.label}</label>
  ${o.hint ? html`<p class="hint" id="${o.id}-hint">${o.hint}</p>` : ''}
  ${o.errors.length ? html`<div class="error-message" id="${o.id}-error">${o.errors.map((e) => html`<p>${prefix}${e}</p>`)}</div>` : ''}
  <input class="file-input" type="file" id="${o.id}" name="${o.name}" accept="${o.accept}"${describedBy ? html` aria-describedby="${describedBy}"` : ''}${o.errors.length ? html` aria-invalid="true"` : ''}>
</div>`;
}

function bindingRow(locale: Locale, t: T, zone: StationZone, error: string | undefined): Html {
  const id = `feature-${zone.id}`;
  return html`<tr id="binding-${zone.id}">
  <th scope="row">${zone.label[locale]}</th>
  <td><code translate="no">${zone.id}</code></td>
  <td>
    <label class="visually-hidden" for="${id}">${t('feature_for', { zone: zone.label[locale] })}</label>
    ${error ? html`<p class="error-message" id="${id}-error">${error}</p>` : ''}
    <select class="select" id="${id}" name="zone.${zone.id}"${error ? html` aria-describedby="${id}-error" aria-invalid="true"` : ''}>
      ${FEATURES.map((f) => html`<option value="${f}"${f === zone.feature ? html` selected` : ''}>${FEATURE_NAMES[f][locale]}</option>`)}
    </select>
  </td>
</tr>`;
}

function qrRow(locale: Locale, t: T, publicUrl: string, district: string, label: string, zone?: string): Html {
  const path = shortPath(district, zone);
  const url = `${publicUrl}${path}`;
  return html`<tr id="short-${zone ?? 'station'}">
  <th scope="row">${label}</th>
  <td><a href="${path}"><code>${url}</code></a></td>
  <td><img src="${path}/qr.svg" width="128" height="128" alt="${t('qr_alt', { url })}"></td>
  <td><a href="${path}/qr.png" download>${t('download_png')}</a><br><a href="${path}/qr.svg" download>${t('download_svg')}</a></td>
</tr>`;
}

export interface ConsolePageState {
  station: Station;
  publicUrl: string;
  flash?: 'bindings_saved' | 'map_saved' | 'map_reset' | null;
  /** A refused upload's reasons, by field. */
  uploadErrors?: { field: 'map-file' | 'tiles-file'; message: string }[];
  bindingErrors?: ReadonlyMap<string, string>;
}

export function consoleStationPage(request: FastifyRequest, s: ConsolePageState): string {
  const locale = request.locale;
  const t = translator(locale);
  const st = s.station;
  const district = st.districtCode;
  const token = request.staffSession?.csrfToken;
  const uploadErrors = s.uploadErrors ?? [];
  const bindingErrors = s.bindingErrors ?? new Map<string, string>();
  const summary: FieldError[] = [...uploadErrors.map((e) => ({ field: e.field, message: e.message })), ...[...bindingErrors].map(([zone, message]) => ({ field: `feature-${zone}`, message }))];
  const when = st.uploadedAt ? formatDateTime(locale, st.uploadedAt) : '';
  const q = `?lang=${locale}`;
  const body = html`${errorSummary(locale, summary)}
${flash(s.flash ? t(s.flash) : null)}
${uploadErrors.length ? html`<div class="notification" id="upload-refused"><p>${t('map_refused')}</p></div>` : ''}
<h1>${t('console_title')}</h1>
<p class="lead">${t('console_lead')}</p>
<p id="map-status">${st.isDefault ? t('map_default') : t('map_uploaded', { name: st.fileName ?? '', when })}</p>
<p><a id="text-mode-link" href="/r/station/${district}${q}">${t('text_mode_link')}</a></p>

<section aria-labelledby="zones-heading">
<h2 id="zones-heading">${t('zones_heading')}</h2>
<form method="post" action="${CONSOLE_STATION_PATH}/bindings${q}" novalidate>
  ${csrfField(token)}
  <div class="table-wrap"><table id="zones">
    <caption>${t('zones_caption')}</caption>
    <thead><tr><th scope="col">${t('col_zone')}</th><th scope="col">${t('col_id')}</th><th scope="col">${t('col_feature')}</th></tr></thead>
    <tbody>${st.zones.map((z) => bindingRow(locale, t, z, bindingErrors.get(z.id)))}</tbody>
  </table></div>
  <button type="submit" class="button" id="save-bindings">${t('save_bindings')}</button>
</form>
</section>

<section aria-labelledby="upload-heading">
<h2 id="upload-heading">${t('upload_heading')}</h2>
<p>${t('upload_lead')}</p>
<form method="post" action="${CONSOLE_STATION_PATH}/map${q}" enctype="multipart/form-data" novalidate>
  ${csrfField(token)}
  ${fileField({ locale, id: 'map-file', name: 'map', label: t('map_file'), accept: '.json,.tmj,application/json', errors: uploadErrors.filter((e) => e.field === 'map-file').map((e) => e.message) })}
  ${fileField({ locale, id: 'tiles-file', name: 'tiles', label: t('tiles_file'), hint: t('tiles_hint'), accept: '.png,image/png', errors: uploadErrors.filter((e) => e.field === 'tiles-file').map((e) => e.message) })}
  <button type="submit" class="button" id="upload-map">${t('upload')}</button>
</form>
</section>

<section aria-labelledby="reset-heading">
<h2 id="reset-heading">${t('reset_heading')}</h2>
<p>${t('reset_lead')}</p>
<form method="post" action="${CONSOLE_STATION_PATH}/reset${q}">
  ${csrfField(token)}
  <button type="submit" class="button button-secondary" id="reset-map">${t('reset')}</button>
</form>
</section>

<section aria-labelledby="links-heading">
<h2 id="links-heading">${t('links_heading')}</h2>
<p>${t('links_lead')}</p>
<div class="table-wrap"><table id="short-links">
  <caption class="visually-hidden">${t('links_heading')}</caption>
  <thead><tr><th scope="col">${t('col_zone')}</th><th scope="col">${t('col_url')}</th><th scope="col">${t('col_qr')}</th><th scope="col">${t('col_download')}</th></tr></thead>
  <tbody>
    ${qrRow(locale, t, s.publicUrl, district, t('station_entry'))}
    ${st.zones.map((z) => qrRow(locale, t, s.publicUrl, district, z.label[locale], z.id))}
  </tbody>
</table></div>
</section>`;
  return renderPage(request, { title: t('console_title'), body, hasErrors: summary.length > 0 });
}

// ------------------------------------------------------------- text mode

function zoneItem(locale: Locale, t: T, zone: StationZone, current: boolean): Html {
  const name = FEATURE_NAMES[zone.feature][locale];
  const here = current ? html` <strong class="zone-here">(${t('you_are_here')})</strong>` : '';
  const entry = zone.url
    ? html`<a id="zone-link-${zone.id}" href="${withLang(zone.url, locale)}" data-zone-panel="${zone.id}"${current ? html` aria-current="location" autofocus` : ''}>${zone.label[locale]}: ${name}</a>${here}`
    : html`<span id="zone-link-${zone.id}"${current ? html` tabindex="-1" aria-current="location" autofocus` : ''}>${zone.label[locale]}: ${t('zone_closed')}</span>${here}`;
  // the text mode's script fills in how many visitors are in the zone
  return html`<li id="zone-${zone.id}"${current ? html` class="notification"` : ''}>${entry}<span data-zone-count="${zone.id}"></span></li>`;
}

export function textModePage(request: FastifyRequest, o: { district: District; station: Station; zone: string | null; unknownZone: boolean }): string {
  const locale = request.locale;
  const t = translator(locale);
  const title = t('text_title', { district: o.district.name[locale] });
  const body = html`<h1>${title}</h1>
<p class="lead">${t('text_lead')}</p>
${spaceLink(locale, o.district.code, o.zone)}
${o.unknownZone ? html`<div class="notification" role="status" id="zone-unknown"><p>${t('unknown_zone')}</p></div>` : ''}
<nav aria-labelledby="zones-list-heading">
  <h2 id="zones-list-heading">${t('zones_list')}</h2>
  <ul class="list station-zones" id="station-zones">${o.station.zones.map((z) => zoneItem(locale, t, z, z.id === o.zone))}</ul>
</nav>
${meetSection(locale, textModeConfig(locale, o.station, o.zone))}`;
  return renderPage(request, { title, body });
}

export function unknownDistrictPage(request: FastifyRequest): string {
  const t = translator(request.locale);
  return renderPage(request, { title: t('unknown_district_title'), body: html`<h1>${t('unknown_district_title')}</h1><p>${t('unknown_district_body')}</p>` });
}
