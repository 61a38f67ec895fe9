import { getRequireAdminTotp, setRequireAdminTotp } from '../auth/totp/totp.service.ts';
import { html } from '../web/html.ts';
import { districtSettingsMessages as m } from './district-settings.messages.ts';
import { one, type SettingsSection } from './district-settings.section.ts';

// The district's sign-in rule (staff_security_settings): whether its
// administrators must use two-step verification. Saved through the second
// factor's own service (setRequireAdminTotp, which audits it as
// district.require_admin_totp_changed); the sign-in and the route guard read
// it at every request.

export const signInSecuritySection: SettingsSection = {
  id: 'sign-in',
  title: m.both('section_sign_in'),
  intro: m.both('section_sign_in_intro'),

  async fields(ctx, state) {
    const locale = ctx.request.locale;
    const checked = state.posted ? one(state.posted, 'requireAdminTotp') === '1' : await getRequireAdminTotp(ctx.deps.db, ctx.districtCode);
    return html`<div class="checkbox"><input type="checkbox" id="sign-in-requireAdminTotp" name="requireAdminTotp" value="1"${checked ? html` checked` : ''}><label for="sign-in-requireAdminTotp">${m.t(locale, 'require_admin_totp')}</label></div>`;
  },

  async save(ctx, body) {
    // A checkbox: present and '1' is on, anything else off (nothing to refuse).
    const value = one(body, 'requireAdminTotp') === '1';
    const { changed } = await setRequireAdminTotp(ctx.deps.db, ctx.districtCode, value, {
      actor: { type: 'staff', id: String(ctx.staffId) },
      source: 'official',
      reason: 'district settings changed in the console',
    });
    return { ok: true, changed: changed ? 1 : 0 };
  },
};
