import { getRequireAdminTotp } from '../auth/totp/totp.service.ts';
import { STAFF_CONSOLE_PATH } from '../staff-admin/staff-console.view.ts';
import { html } from '../web/html.ts';
import { districtSettingsMessages as m } from './district-settings.messages.ts';
import type { SettingsSection } from './district-settings.section.ts';

// The district's sign-in rule (staff_security_settings): whether its
// administrators must use two-step verification. It is changed on the Staff
// page (beside who has set theirs up, with a reason for the audit log;
// staff-console.routes.ts), so this section shows it and links there rather
// than offering a second form for the same rule.

export const signInSecuritySection: SettingsSection = {
  id: 'sign-in',
  title: m.both('section_sign_in'),
  intro: m.both('section_sign_in_intro'),
  form: false,

  async fields(ctx) {
    const locale = ctx.request.locale;
    const required = await getRequireAdminTotp(ctx.deps.db, ctx.districtCode);
    return html`<dl class="summary-list" id="sign-in-rule">
  <dt>${m.t(locale, 'require_admin_totp_now')}</dt><dd>${m.t(locale, required ? 'require_admin_totp_on' : 'require_admin_totp_off')}</dd>
</dl>
<p><a href="${STAFF_CONSOLE_PATH}?lang=${locale}#rule-title" id="sign-in-change">${m.t(locale, 'require_admin_totp_change')}</a></p>`;
  },

  async save() {
    // No form of its own (form: false): the Staff page saves the rule.
    return { ok: true, changed: 0 };
  },
};
