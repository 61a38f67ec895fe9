import type { TaxpayerExportSection } from '../../platform/data-export/data-export.section.ts';
import { defineMessages, formatNumber } from '../../platform/i18n/i18n.ts';
import { formatDay, formatSeoulTime } from '../../platform/web/format.ts';
import { bankByCode } from './refund.banks.ts';
import { refundsOfTaxpayer } from './refund-export.repository.ts';
import { refundMessages } from './refund.messages.ts';

// The guide's part of a taxpayer's data export: their refund applications
// with the account and holder unsealed (their own), and each step.

const exportMessages = defineMessages({
  section_title: { ko: '지방세 환급 신청', en: 'Local-tax refund applications' },
  applied: { ko: '신청', en: 'Applied' },
  reason: { ko: '사유', en: 'Reason' },
  contact: { ko: '알림 받을 곳', en: 'Told at' },
});

export const refundApplicationsSection: TaxpayerExportSection = {
  id: 'refund_applications',
  title: exportMessages.both('section_title'),
  async collect(ctx) {
    const r = (key: Parameters<typeof refundMessages.t>[1], vars?: Record<string, string | number>) => refundMessages.t(ctx.locale, key, vars);
    const e = (key: Parameters<typeof exportMessages.t>[1]) => exportMessages.t(ctx.locale, key);
    const state = (s: string) => r(`state_${s}` as Parameters<typeof refundMessages.t>[1]);
    const refunds = await refundsOfTaxpayer(ctx.q, ctx.cipher, ctx.districtCode, ctx.taxpayerId);
    return {
      data: refunds,
      entries: refunds.map((a) => {
        const fields: [string, string][] = [
          [r('notice_label'), `${a.taxYear} · ${a.noticeNo}`],
          [e('applied'), formatSeoulTime(ctx.locale, new Date(a.createdAt))],
          [r('state_label'), state(a.state)],
          [e('reason'), `${r(`reason_${a.reason}` as Parameters<typeof refundMessages.t>[1])}${a.reasonDetail ? `: ${a.reasonDetail}` : ''}`],
          [r('bank'), bankByCode(a.bankCode)?.[ctx.locale] ?? a.bankCode],
          [r('account_label'), a.account],
          [r('holder'), a.holder],
          [e('contact'), a.contact],
        ];
        if (a.approvedAmount !== null) fields.push([r('amount_label'), r('won', { amount: formatNumber(ctx.locale, a.approvedAmount) })]);
        if (a.rejectionReason) fields.push([state('rejected'), r('rejected_because', { reason: a.rejectionReason })]);
        if (a.paidOn) fields.push([state('paid'), r('paid_on', { day: formatDay(ctx.locale, a.paidOn) })]);
        for (const ev of a.events) fields.push([formatSeoulTime(ctx.locale, new Date(ev.at)), `${state(ev.toState)}${ev.note ? `: ${ev.note}` : ''}`]);
        return { title: `${r('reference')} ${a.reference}`, fields };
      }),
    };
  },
};
