import type { ExportEntry, TaxpayerExportSection } from '../../platform/data-export/data-export.section.ts';
import { formatSeoulTime } from '../../platform/web/format.ts';
import { messageTimeline } from '../queue/queue.ts';
import { channelLabel, deliveryFormat, kindLabel, stateLabel, taxItemLabel } from '../delivery.format.ts';
import { messagesOfTaxpayer, noticesOfTaxpayer } from './messages-export.repository.ts';
import { messageMessages, type MessageMessageKey } from './messages.messages.ts';
import { eventDetail, eventLabel } from './messages.view.ts';
import { dataExportDeliveryMessages } from './messages.export.messages.ts';

// Delivery's part of a taxpayer's data export: their notices (what was
// levied, when it was due, when it was paid) and every message sent to them
// with its plan, state and timeline (the same sentences as the message page).

export const noticesAndDeliverySection: TaxpayerExportSection = {
  id: 'notices',
  title: dataExportDeliveryMessages.both('section_title'),
  async collect(ctx) {
    const f = deliveryFormat(ctx.locale);
    const t = (key: MessageMessageKey) => messageMessages.t(ctx.locale, key);
    const d = (key: Parameters<typeof dataExportDeliveryMessages.t>[1], vars?: Record<string, string | number>) => dataExportDeliveryMessages.t(ctx.locale, key, vars);
    const notices = await noticesOfTaxpayer(ctx.q, ctx.districtCode, ctx.taxpayerId);
    const messages = await messagesOfTaxpayer(ctx.q, ctx.districtCode, ctx.taxpayerId);
    const timelines = new Map<number, Awaited<ReturnType<typeof messageTimeline>>>();
    for (const m of messages) timelines.set(m.id, await messageTimeline(ctx.q, ctx.districtCode, m.id));

    const entries: ExportEntry[] = [];
    for (const n of notices) {
      entries.push({
        title: d('notice_title', { no: n.noticeNo, item: taxItemLabel(n.taxItem, ctx.locale), year: n.taxYear }),
        fields: [
          [t('msg_amount'), f.krw(n.amount)],
          [t('msg_due'), f.date(n.dueDate)],
          [d('paid'), n.paidAt ? formatSeoulTime(ctx.locale, new Date(n.paidAt)) : d('not_paid')],
        ],
      });
    }
    for (const m of messages) {
      const notice = notices.find((n) => n.id === m.noticeId);
      const fields: [string, string][] = [
        [t('msg_kind'), kindLabel(m.kind, ctx.locale)],
        [t('msg_state'), stateLabel(m.state, ctx.locale)],
        [t('msg_plan'), m.plan.length ? m.plan.map((c) => channelLabel(c, ctx.locale)).join(' → ') : t('msg_plan_none')],
        [t('msg_delivered'), m.deliveredAt ? `${formatSeoulTime(ctx.locale, new Date(m.deliveredAt))} · ${channelLabel(m.deliveredChannel ?? '', ctx.locale)}` : t('msg_not_delivered')],
      ];
      if (m.effectiveDueDate) fields.push([t('msg_effective_due'), f.date(m.effectiveDueDate)]);
      for (const e of timelines.get(m.id) ?? []) {
        const detail = eventDetail(e, ctx.locale);
        fields.push([formatSeoulTime(ctx.locale, new Date(e.at)), `${eventLabel(e.event, ctx.locale)}${e.channel ? ` (${channelLabel(e.channel, ctx.locale)})` : ''}${detail ? `: ${detail}` : ''}`]);
      }
      entries.push({ title: d('message_title', { id: m.id, notice: notice ? ` · ${notice.noticeNo}` : '' }), fields });
    }
    return {
      data: {
        notices,
        messages: messages.map((m) => ({
          ...m,
          timeline: (timelines.get(m.id) ?? []).map((e) => ({ at: new Date(e.at).toISOString(), event: e.event, channel: e.channel, provider: e.provider, detail: e.detail })),
        })),
      },
      entries,
    };
  },
};
