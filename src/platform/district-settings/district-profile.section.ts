import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { guard, takeUploadedFile } from '../auth/auth.guard.ts';
import { ROLES } from '../auth/roles.ts';
import { findDistrict, lockDistrict, updateDistrictProfile } from '../districts/districts.repository.ts';
import { csrfField, errorMessage, textField } from '../web/components.ts';
import { html } from '../web/html.ts';
import { deleteLogo, logoContent, logoInfo, replaceLogo, type LogoInfo } from './district-logo.repository.ts';
import { checkLogo, LOGO_MAX_BYTES, LOGO_MAX_SIDE } from './district-logo.ts';
import { districtSettingsMessages as m } from './district-settings.messages.ts';
import { announceSettingsChange, SETTINGS_ROLES } from './district-settings.routes.ts';
import {
  changedFields,
  DISTRICT_LOGO_PATH,
  fieldErrorsOf,
  maskChanges,
  maskNumber,
  one,
  recordSettingsChange,
  SETTINGS_PATH,
  type SettingsChanges,
  type SettingsSection,
} from './district-settings.section.ts';

// The platform's section of the settings page: the district's names (the
// console header and every message read them from districts at use), the
// office phone residents are told to call, the office's postal address
// (paper notices and the print page), and the logo (PNG or SVG, checked
// by district-logo.ts), shown in the console header of the district's staff
// and served from /console/settings/logo to them only.

const LOGO_PATH = DISTRICT_LOGO_PATH;

const profileSchema = z.object({
  nameKo: z.string().trim().min(1, 'name_required').max(100, 'name_required'),
  nameEn: z.string().trim().min(1, 'name_required').max(100, 'name_required'),
  officePhone: z.string().trim().regex(/^([0-9][0-9-]{5,18}[0-9])?$/, 'office_phone_invalid'),
  // One line, as the paper notice and the print page set it under the office's name; empty: they leave it out.
  officeAddress: z.string().trim().max(200, 'office_address_invalid').regex(/^[^\p{Cc}]*$/u, 'office_address_invalid'),
});

const field = (name: string) => `district-${name}`;

function logoAudit(info: LogoInfo | null) {
  return info ? `${info.contentType}, ${info.sizeBytes} bytes, sha256 ${info.version}…` : null;
}

export const districtProfileSection: SettingsSection = {
  id: 'district',
  title: m.both('section_district'),
  intro: m.both('section_district_intro'),

  async fields(ctx, state) {
    const locale = ctx.request.locale;
    const current = (await findDistrict(ctx.deps.db, ctx.districtCode))!;
    const posted = state.posted;
    const value = (name: 'nameKo' | 'nameEn' | 'officePhone' | 'officeAddress', saved: string) => (posted ? one(posted, name) : saved);
    const error = (name: string) => state.errors.find((e) => e.field === field(name))?.message;
    return html`${textField({ locale, id: field('nameKo'), name: 'nameKo', label: m.t(locale, 'name_ko'), hint: m.t(locale, 'name_ko_hint'), value: value('nameKo', current.name.ko), error: error('nameKo'), maxlength: 100 })}
${textField({ locale, id: field('nameEn'), name: 'nameEn', label: m.t(locale, 'name_en'), hint: m.t(locale, 'name_en_hint'), value: value('nameEn', current.name.en), error: error('nameEn'), maxlength: 100 })}
${textField({ locale, id: field('officePhone'), name: 'officePhone', label: m.t(locale, 'office_phone'), hint: m.t(locale, 'office_phone_hint'), type: 'tel', autocomplete: 'off', value: value('officePhone', current.officePhone ?? ''), error: error('officePhone'), maxlength: 20 })}
${textField({ locale, id: field('officeAddress'), name: 'officeAddress', label: m.t(locale, 'office_address'), hint: m.t(locale, 'office_address_hint'), autocomplete: 'off', value: value('officeAddress', current.officeAddress ?? ''), error: error('officeAddress'), maxlength: 200 })}`;
  },

  async after(ctx, state) {
    const request = ctx.request;
    const locale = request.locale;
    const logo = await logoInfo(ctx.deps.db, ctx.districtCode);
    const error = state.errors.find((e) => e.field === 'logo-file')?.message;
    const limits = { kb: LOGO_MAX_BYTES / 1024, px: LOGO_MAX_SIDE };
    return html`<h3 id="logo-title">${m.t(locale, 'logo_title')}</h3>
<p id="logo-file-hint">${m.t(locale, 'logo_intro', limits)}</p>
${logo
  ? html`<p>${m.t(locale, 'logo_current')}</p>
<p><img class="logo-preview" src="${LOGO_PATH}?v=${logo.version}" alt="${m.t(locale, 'logo_alt', { district: request.staff!.districtName[locale] })}"></p>`
  : html`<p>${m.t(locale, 'logo_none')}</p>`}
<form method="post" action="${LOGO_PATH}?lang=${locale}" enctype="multipart/form-data" novalidate aria-labelledby="logo-title">
  ${csrfField(request.staffSession?.csrfToken)}
  <div class="field${error ? ' field-error' : ''}">
    <label class="label" for="logo-file">${m.t(locale, 'logo_file')}</label>
    ${errorMessage(locale, 'logo-file', error)}
    <input class="file-input" type="file" id="logo-file" name="logo" accept="image/png,image/svg+xml,.png,.svg" aria-describedby="logo-file-hint${error ? ' logo-file-error' : ''}"${error ? html` aria-invalid="true"` : ''}>
  </div>
  <button type="submit" class="button" id="upload-logo">${m.t(locale, 'logo_upload')}</button>
</form>
${logo
  ? html`<form method="post" action="${LOGO_PATH}/remove?lang=${locale}" novalidate>
  ${csrfField(request.staffSession?.csrfToken)}
  <button type="submit" class="button button-secondary" id="remove-logo">${m.t(locale, 'logo_remove')}</button>
</form>`
  : ''}`;
  },

  async save(ctx, body) {
    const locale = ctx.request.locale;
    const parsed = profileSchema.safeParse({ nameKo: one(body, 'nameKo'), nameEn: one(body, 'nameEn'), officePhone: one(body, 'officePhone'), officeAddress: one(body, 'officeAddress') });
    if (!parsed.success) return { ok: false, errors: fieldErrorsOf(parsed.error.issues, locale, m, (path) => field(String(path[0])), 'invalid') };
    const after = { nameKo: parsed.data.nameKo, nameEn: parsed.data.nameEn, officePhone: parsed.data.officePhone || null, officeAddress: parsed.data.officeAddress || null };
    const changed = await ctx.deps.db.transaction(async (tx) => {
      const before = (await lockDistrict(tx, ctx.districtCode))!;
      const changes = changedFields({ nameKo: before.name.ko, nameEn: before.name.en, officePhone: before.officePhone, officeAddress: before.officeAddress }, after);
      if (Object.keys(changes).length === 0) return 0;
      await updateDistrictProfile(tx, ctx.districtCode, { name: { ko: after.nameKo, en: after.nameEn }, officePhone: after.officePhone, officeAddress: after.officeAddress });
      return recordSettingsChange(tx, { districtCode: ctx.districtCode, staffId: ctx.staffId, section: 'district', changes: maskChanges(changes, { officePhone: maskNumber }) });
    });
    return { ok: true, changed };
  },

  async routes(app, deps, refusedPage) {
    const lang = z.object({ lang: z.enum(['ko', 'en']).optional() });
    const back = (request: FastifyRequest, reply: FastifyReply, changed: boolean) =>
      reply.redirect(`${SETTINGS_PATH}?lang=${request.locale}&done=district${changed ? '' : '&nothing=1'}#settings-district`, 303);
    const refuse = async (request: FastifyRequest, reply: FastifyReply, key: Parameters<typeof m.t>[1]) =>
      reply
        .code(400)
        .type('text/html; charset=utf-8')
        .header('cache-control', 'no-store')
        .send(await refusedPage(request, { errors: [{ field: 'logo-file', message: m.t(request.locale, key, { kb: LOGO_MAX_BYTES / 1024, px: LOGO_MAX_SIDE }) }] }));

    // The image, for every staff member of the district (the console header shows it).
    app.get(LOGO_PATH, { preValidation: guard(ROLES), schema: { hide: true, querystring: z.object({ v: z.string().max(64).optional() }) } }, async (request, reply) => {
      const logo = await logoContent(deps.db, request.staff!.districtCode);
      if (!logo) return reply.code(404).type('text/plain; charset=utf-8').send('no logo');
      return reply
        .type(logo.contentType)
        // An SVG opened on its own runs nothing and loads nothing.
        .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; sandbox")
        .header('content-disposition', 'inline; filename="logo"')
        .header('cache-control', request.query.v === logo.version ? 'private, max-age=31536000, immutable' : 'private, no-cache')
        .send(logo.content);
    });

    app.post(
      LOGO_PATH,
      { preValidation: guard(SETTINGS_ROLES), schema: { hide: true, consumes: ['multipart/form-data'], querystring: lang } },
      async (request, reply) => {
        if (!request.isMultipart()) return refuse(request, reply, 'logo_missing');
        const file = await takeUploadedFile(request);
        if (!file) return refuse(request, reply, 'logo_missing');
        // One byte over the limit is enough to refuse; the rest is not read into memory.
        const chunks: Buffer[] = [];
        let size = 0;
        for await (const chunk of file.file as AsyncIterable<Buffer>) {
          size += chunk.length;
          if (size > LOGO_MAX_BYTES) {
            file.file.resume();
            return refuse(request, reply, 'logo_too_large');
          }
          chunks.push(chunk);
        }
        const check = checkLogo(Buffer.concat(chunks));
        if (!check.ok) return refuse(request, reply, check.reason);
        const district = request.staff!.districtCode;
        const changed = await deps.db.transaction(async (tx) => {
          const before = await replaceLogo(tx, district, check.logo);
          const changes: SettingsChanges = changedFields({ logo: logoAudit(before) }, { logo: logoAudit({ contentType: check.logo.contentType, sizeBytes: check.logo.content.length, version: check.logo.sha256.toString('hex').slice(0, 16), width: check.logo.width, height: check.logo.height }) });
          return recordSettingsChange(tx, { districtCode: district, staffId: request.staff!.id, section: 'district', changes });
        });
        if (changed) await announceSettingsChange(deps, request, 'district');
        return back(request, reply, changed > 0);
      },
    );

    app.post(`${LOGO_PATH}/remove`, { preValidation: guard(SETTINGS_ROLES), schema: { hide: true, querystring: lang, body: z.object({ _csrf: z.string().optional() }) } }, async (request, reply) => {
      const district = request.staff!.districtCode;
      const changed = await deps.db.transaction(async (tx) => {
        const before = await deleteLogo(tx, district);
        return recordSettingsChange(tx, { districtCode: district, staffId: request.staff!.id, section: 'district', changes: changedFields({ logo: logoAudit(before) }, { logo: null }) });
      });
      if (changed) await announceSettingsChange(deps, request, 'district');
      return back(request, reply, changed > 0);
    });
  },
};
