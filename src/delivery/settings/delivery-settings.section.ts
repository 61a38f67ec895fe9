import { z } from 'zod';
import {
  changedFields,
  fieldErrorsOf,
  maskAddress,
  maskChanges,
  maskNumber,
  one,
  recordSettingsChange,
  type SectionValues,
  type SettingsSection,
} from '../../platform/district-settings/district-settings.section.ts';
import type { Locale } from '../../platform/i18n/i18n.ts';
import { radioField, selectField, textField } from '../../platform/web/components.ts';
import { html, type Html } from '../../platform/web/html.ts';
import { getRetentionForDelivery, setRetentionForDelivery } from '../retention/retention.repository.ts';
import { RETENTION_DAYS_MAX, RETENTION_DAYS_MIN } from '../retention/retention.schema.ts';
import { deliverySettingsMessages as m, type DeliverySettingsMessageKey } from './delivery-settings.messages.ts';
import { deliverySettingsOf, lockDeliverySettings, saveDeliverySettings, type DeliverySettings } from './delivery-settings.repository.ts';

// Delivery's section of the district settings page (the page itself is the
// platform's; src/app/district-settings.ts lists this section). What it saves
// the engine reads where it uses it, so a change applies to the next claim,
// issuance, acceptance or paper batch in every process; the dispatch
// engine's cached quiet hours are dropped through the realtime bus
// (delivery-settings.cache.ts).

const CHANNELS = ['kakao', 'sms', 'email'] as const;
const QUIET_MODES = ['default', 'off', 'custom'] as const;
const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

const whole = (min: number, max: number, key: DeliverySettingsMessageKey) =>
  z.string().trim().regex(/^\d{1,7}$/, key).transform(Number).pipe(z.number().min(min, key).max(max, key));

const formSchema = z
  .object({
    channel1: z.enum(CHANNELS, { error: 'channels_first_required' }),
    channel2: z.enum([...CHANNELS, ''], { error: 'invalid' }),
    channel3: z.enum([...CHANNELS, ''], { error: 'invalid' }),
    quietMode: z.enum(QUIET_MODES, { error: 'quiet_mode_required' }),
    quietStart: z.string().trim(),
    quietEnd: z.string().trim(),
    smsSender: z.string().transform((v) => v.replace(/[\s-]/g, '')).pipe(z.string().regex(/^(\d{8,13})?$/, 'sms_sender_invalid')),
    emailFromName: z.string().trim().max(100, 'email_from_name_invalid').regex(/^[^"<>\r\n]*$/, 'email_from_name_invalid'),
    emailFromAddress: z.string().trim().max(254, 'email_from_address_invalid').refine((v) => v === '' || z.email().safeParse(v).success, 'email_from_address_invalid'),
    postage: whole(0, 100_000, 'postage_invalid'),
    receiptTimeoutHours: whole(1, 720, 'receipt_timeout_invalid'),
    reminderDays: whole(1, 30, 'reminder_days_invalid'),
    retentionDays: whole(RETENTION_DAYS_MIN, RETENTION_DAYS_MAX, 'retention_days_invalid'),
  })
  .superRefine((v, ctx) => {
    const order = [v.channel1, v.channel2, v.channel3];
    order.forEach((channel, i) => {
      if (i === 0 || channel === '') return;
      if (order.slice(0, i).includes('')) ctx.addIssue({ code: 'custom', path: [`channel${i + 1}`], message: 'channels_gap' });
      else if (order.slice(0, i).includes(channel)) ctx.addIssue({ code: 'custom', path: [`channel${i + 1}`], message: 'channels_twice' });
    });
    if (v.quietMode === 'custom') {
      if (!TIME.test(v.quietStart)) ctx.addIssue({ code: 'custom', path: ['quietStart'], message: 'quiet_time_invalid' });
      if (!TIME.test(v.quietEnd)) ctx.addIssue({ code: 'custom', path: ['quietEnd'], message: 'quiet_time_invalid' });
      else if (v.quietStart === v.quietEnd) ctx.addIssue({ code: 'custom', path: ['quietEnd'], message: 'quiet_same' });
    }
    if (v.emailFromName && !v.emailFromAddress) ctx.addIssue({ code: 'custom', path: ['emailFromAddress'], message: 'email_from_name_needs_address' });
  });

const FIELDS = ['channel1', 'channel2', 'channel3', 'quietMode', 'quietStart', 'quietEnd', 'smsSender', 'emailFromName', 'emailFromAddress', 'postage', 'receiptTimeoutHours', 'reminderDays', 'retentionDays'] as const;
type FormValues = Record<(typeof FIELDS)[number], string>;

const id = (name: string) => `delivery-${name}`;

/** The saved settings as the form shows them. */
function formOf(s: DeliverySettings, retentionDays: number, defaultReceiptSeconds: number): FormValues {
  const quiet = s.quietHours;
  const [start, end] = quiet && quiet !== 'off' ? quiet.split('-') : ['', ''];
  return {
    channel1: s.channelOrder[0] ?? '', channel2: s.channelOrder[1] ?? '', channel3: s.channelOrder[2] ?? '',
    quietMode: quiet === null ? 'default' : quiet === 'off' ? 'off' : 'custom', quietStart: start ?? '', quietEnd: end ?? '',
    smsSender: s.smsSender ?? '', emailFromName: s.emailFromName ?? '', emailFromAddress: s.emailFromAddress ?? '',
    postage: String(s.postagePerPageKrw), receiptTimeoutHours: String(Math.round((s.receiptTimeoutSeconds ?? defaultReceiptSeconds) / 3600)),
    reminderDays: String(s.reminderDaysBeforeDue), retentionDays: String(retentionDays),
  };
}

function postedForm(body: SectionValues): FormValues {
  return Object.fromEntries(FIELDS.map((f) => [f, one(body, f)])) as FormValues;
}

function quietValue(locale: Locale, value: string): string {
  return value === 'off' ? m.t(locale, 'quiet_value_off') : value.replace('-', '–');
}

export const deliverySettingsSection: SettingsSection = {
  id: 'delivery',
  title: m.both('title'),
  intro: m.both('intro'),

  async fields(ctx, state) {
    const locale = ctx.request.locale;
    const config = ctx.deps.config;
    const db = ctx.deps.db;
    const v = state.posted
      ? postedForm(state.posted)
      : formOf(await deliverySettingsOf(db, ctx.districtCode), (await getRetentionForDelivery(db, ctx.districtCode)).contentsDays, config.TAXSTATION_RECEIPT_TIMEOUT_SECONDS);
    const error = (name: string) => state.errors.find((e) => e.field === id(name))?.message;
    const t = (key: DeliverySettingsMessageKey, vars?: Record<string, string | number>) => m.t(locale, key, vars);
    const channelOptions = (first: boolean) => [
      ...(first ? [] : ([['', t('channel_none')]] as const)),
      ...CHANNELS.map((c) => [c, t(`channel_${c}`)] as const),
    ];
    const channelsError = error('channel1') ?? error('channel2') ?? error('channel3');
    const timeField = (name: 'quietStart' | 'quietEnd', key: DeliverySettingsMessageKey): Html =>
      textField({ locale, id: id(name), name, label: t(key), type: 'time', value: v[name], error: error(name), extraClass: 'input-narrow' });
    const number = (name: 'postage' | 'receiptTimeoutHours' | 'reminderDays' | 'retentionDays', key: DeliverySettingsMessageKey, hint: string) =>
      textField({ locale, id: id(name), name, label: t(key), hint, value: v[name], error: error(name), inputmode: 'numeric', extraClass: 'input-narrow', autocomplete: 'off', maxlength: 7 });

    return html`<div class="field${channelsError ? ' field-error' : ''}">
  <fieldset class="fieldset" aria-describedby="${id('channels')}-hint">
    <legend class="label">${t('channels_legend')}</legend>
    <p class="hint" id="${id('channels')}-hint">${t('channels_hint')}</p>
    <div class="field-row">
    ${[1, 2, 3].map((n) =>
      selectField({ locale, id: id(`channel${n}`), name: `channel${n}`, label: t('channel_position', { n }), value: v[`channel${n}` as 'channel1'], options: channelOptions(n === 1), error: error(`channel${n}`) }),
    )}
    </div>
  </fieldset>
</div>
${radioField({
  locale, id: id('quietMode'), name: 'quietMode', label: t('quiet_legend'), hint: t('quiet_hint'), value: v.quietMode, error: error('quietMode'),
  options: [
    ['default', t('quiet_default', { value: quietValue(locale, config.TAXSTATION_QUIET_HOURS) })],
    ['off', t('quiet_off')],
    ['custom', t('quiet_custom')],
  ],
  after: { custom: html`<div class="radio-conditional field-row">${timeField('quietStart', 'quiet_start')}${timeField('quietEnd', 'quiet_end')}</div>` },
})}
${textField({ locale, id: id('smsSender'), name: 'smsSender', label: t('sms_sender'), hint: t('sms_sender_hint'), type: 'tel', autocomplete: 'off', value: v.smsSender, error: error('smsSender'), maxlength: 20 })}
${textField({ locale, id: id('emailFromName'), name: 'emailFromName', label: t('email_from_name'), hint: t('email_from_name_hint'), autocomplete: 'off', value: v.emailFromName, error: error('emailFromName'), maxlength: 100 })}
${textField({ locale, id: id('emailFromAddress'), name: 'emailFromAddress', label: t('email_from_address'), hint: t('email_from_address_hint'), type: 'email', autocomplete: 'off', spellcheck: false, value: v.emailFromAddress, error: error('emailFromAddress'), maxlength: 254 })}
${number('postage', 'postage', t('postage_hint'))}
${number('receiptTimeoutHours', 'receipt_timeout', t('receipt_timeout_hint', { hours: Math.round(config.TAXSTATION_RECEIPT_TIMEOUT_SECONDS / 3600) }))}
${number('reminderDays', 'reminder_days', t('reminder_days_hint'))}
${number('retentionDays', 'retention_days', t('retention_days_hint'))}`;
  },

  async save(ctx, body) {
    const locale = ctx.request.locale;
    const parsed = formSchema.safeParse(postedForm(body));
    if (!parsed.success) {
      // The error summary leads to a field the admin can change: the first of the channel selects for a channel problem.
      return { ok: false, errors: fieldErrorsOf(parsed.error.issues, locale, m, (path) => id(String(path[0] ?? 'channel1')), 'invalid') };
    }
    const f = parsed.data;
    const after: DeliverySettings & { receiptTimeoutSeconds: number } = {
      channelOrder: [f.channel1, f.channel2, f.channel3].filter((c) => c !== ''),
      quietHours: f.quietMode === 'default' ? null : f.quietMode === 'off' ? 'off' : `${f.quietStart}-${f.quietEnd}`,
      smsSender: f.smsSender || null,
      emailFromName: f.emailFromName || null,
      emailFromAddress: f.emailFromAddress || null,
      postagePerPageKrw: f.postage,
      receiptTimeoutSeconds: f.receiptTimeoutHours * 3600,
      reminderDaysBeforeDue: f.reminderDays,
    };
    const defaults = ctx.deps.config.TAXSTATION_RECEIPT_TIMEOUT_SECONDS;
    const changed = await ctx.deps.db.transaction(async (tx) => {
      const before = await lockDeliverySettings(tx, ctx.districtCode);
      const retention = await getRetentionForDelivery(tx, ctx.districtCode);
      const audited = (s: DeliverySettings, retentionDays: number) => ({
        channelOrder: s.channelOrder.join(','),
        quietHours: s.quietHours ?? 'default',
        smsSender: s.smsSender,
        emailFromName: s.emailFromName,
        emailFromAddress: s.emailFromAddress,
        postagePerPageKrw: s.postagePerPageKrw,
        receiptTimeoutSeconds: s.receiptTimeoutSeconds ?? defaults,
        reminderDaysBeforeDue: s.reminderDaysBeforeDue,
        retentionContentsDays: retentionDays,
      });
      const changes = changedFields(audited(before, retention.contentsDays), audited(after, f.retentionDays));
      if (Object.keys(changes).length === 0) return 0;
      await saveDeliverySettings(tx, ctx.districtCode, after);
      if (changes.retentionContentsDays) await setRetentionForDelivery(tx, ctx.districtCode, { contentsDays: f.retentionDays });
      return recordSettingsChange(tx, {
        districtCode: ctx.districtCode,
        staffId: ctx.staffId,
        section: 'delivery',
        changes: maskChanges(changes, { smsSender: maskNumber, emailFromAddress: maskAddress }),
      });
    });
    return { ok: true, changed };
  },
};
