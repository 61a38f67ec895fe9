import type { ExportContext, TaxpayerExportSection } from '../platform/data-export/data-export.section.ts';
import { formatDay, formatSeoulTime } from '../platform/web/format.ts';
import { taxpayerExportMessages, type TaxpayerExportMessageKey } from './taxpayer-export.messages.ts';
import { taxpayerExportSubject, taxpayerRecordForExport } from './taxpayer-export.repository.ts';

// The registry's part of a taxpayer's data export: who they are (identity
// fields unsealed) and how they are reached (contacts unsealed, e-notice
// choices). The composition root lists these sections.

export { taxpayerExportSubject };

const CHANNELS = ['kakao', 'sms', 'email'] as const;

async function record(ctx: ExportContext) {
  const r = await taxpayerRecordForExport(ctx.q, ctx.cipher, ctx.districtCode, ctx.taxpayerId);
  if (!r) throw new Error(`taxpayer ${ctx.taxpayerId} vanished during its export`);
  return r;
}

export const taxpayerIdentitySection: TaxpayerExportSection = {
  id: 'identity',
  title: taxpayerExportMessages.both('identity_title'),
  async collect(ctx) {
    const r = await record(ctx);
    const t = (key: TaxpayerExportMessageKey) => taxpayerExportMessages.t(ctx.locale, key);
    return {
      data: { taxpayerNo: r.taxpayerNo, name: r.name, birthDate: r.birthDate, identityKey: r.identityKey, postalCode: r.postalCode, address: r.address, createdAt: r.createdAt },
      entries: [
        {
          fields: [
            [t('taxpayer_no'), r.taxpayerNo],
            [t('name'), r.name],
            [t('birth_date'), /^\d{4}-\d{2}-\d{2}$/.test(r.birthDate) ? formatDay(ctx.locale, r.birthDate) : r.birthDate],
            [t('identity_key'), r.identityKey ?? t('none')],
            [t('address'), `(${r.postalCode}) ${r.address}`],
            [t('registered'), formatSeoulTime(ctx.locale, new Date(r.createdAt))],
          ],
        },
      ],
    };
  },
};

export const taxpayerContactsSection: TaxpayerExportSection = {
  id: 'contacts',
  title: taxpayerExportMessages.both('contacts_title'),
  async collect(ctx) {
    const r = await record(ctx);
    const t = (key: TaxpayerExportMessageKey, vars?: Record<string, string>) => taxpayerExportMessages.t(ctx.locale, key, vars);
    const enrolled = CHANNELS.filter((c) => r.enrol[c]).map((c) => t(`channel_${c}`));
    return {
      data: {
        mobile: r.mobileE164, mobileOnDeadPrefix: r.mobileOnDeadPrefix, email: r.email, enrol: r.enrol,
        contactSource: r.contactSource, contactUpdatedAt: r.contactUpdatedAt,
      },
      entries: [
        {
          fields: [
            [t('mobile'), r.mobile ? `${r.mobile}${r.mobileOnDeadPrefix ? ` ${t('mobile_dead_prefix')}` : ''}` : t('none')],
            [t('email'), r.email ?? t('none')],
            [t('enrolment'), enrolled.length ? enrolled.join(', ') : t('none')],
            [t('contact_source'), t('changed_line', { time: formatSeoulTime(ctx.locale, new Date(r.contactUpdatedAt)), source: t(`source_${r.contactSource}` as TaxpayerExportMessageKey) })],
          ],
        },
      ],
    };
  },
};
