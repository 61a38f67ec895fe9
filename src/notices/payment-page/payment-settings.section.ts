import { z } from 'zod';
import { changedFields, fieldErrorsOf, one, recordSettingsChange, type SettingsSection } from '../../platform/district-settings/district-settings.section.ts';
import { textField } from '../../platform/web/components.ts';
import { html } from '../../platform/web/html.ts';
import { paymentSettingsMessages as m } from './payment-settings.messages.ts';
import { paymentBankOf, setPaymentBank } from './payment-settings.repository.ts';

// The notices' section of the district settings page: the bank of the
// district's virtual accounts, which the payment page names (the roll gives
// each notice's account number, not its bank). Saved in the payment settings'
// transaction with one audit entry; the payment page reads it at each view.

const bank = z.string().trim().max(40, 'bank_too_long');
const schema = z
  .object({ bankKo: bank, bankEn: bank })
  .superRefine((v, ctx) => {
    if ((v.bankKo === '') !== (v.bankEn === '')) ctx.addIssue({ code: 'custom', path: [v.bankKo === '' ? 'bankKo' : 'bankEn'], message: 'bank_both' });
  });
const id = (name: string) => `payments-${name}`;

export const paymentSettingsSection: SettingsSection = {
  id: 'payments',
  title: m.both('title'),
  intro: m.both('intro'),

  async fields(ctx, state) {
    const locale = ctx.request.locale;
    const saved = await paymentBankOf(ctx.deps.db, ctx.districtCode);
    const value = (name: 'bankKo' | 'bankEn') => (state.posted ? one(state.posted, name) : (name === 'bankKo' ? saved?.ko : saved?.en) ?? '');
    const error = (name: string) => state.errors.find((e) => e.field === id(name))?.message;
    return html`${textField({ locale, id: id('bankKo'), name: 'bankKo', label: m.t(locale, 'bank_ko'), hint: m.t(locale, 'bank_ko_hint'), value: value('bankKo'), error: error('bankKo'), maxlength: 40, autocomplete: 'off' })}
${textField({ locale, id: id('bankEn'), name: 'bankEn', label: m.t(locale, 'bank_en'), hint: m.t(locale, 'bank_en_hint'), value: value('bankEn'), error: error('bankEn'), maxlength: 40, autocomplete: 'off' })}`;
  },

  async save(ctx, body) {
    const parsed = schema.safeParse({ bankKo: one(body, 'bankKo'), bankEn: one(body, 'bankEn') });
    if (!parsed.success) return { ok: false, errors: fieldErrorsOf(parsed.error.issues, ctx.request.locale, m, (path) => id(String(path[0] ?? 'bankKo')), 'invalid') };
    const next = parsed.data.bankKo ? { ko: parsed.data.bankKo, en: parsed.data.bankEn } : null;
    const changed = await ctx.deps.db.transaction(async (tx) => {
      const before = await paymentBankOf(tx, ctx.districtCode);
      if (JSON.stringify(before) !== JSON.stringify(next)) await setPaymentBank(tx, ctx.districtCode, next);
      return recordSettingsChange(tx, {
        districtCode: ctx.districtCode, staffId: ctx.staffId, section: 'payments',
        changes: changedFields({ bank: before }, { bank: next }),
      });
    });
    return { ok: true, changed };
  },
};
