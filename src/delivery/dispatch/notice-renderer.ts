import type { Queryable } from '../../platform/db/database.ts';
import { isTaxItem } from '../../notices/render/format.ts';
import { paymentLink, renderMessage, type NoticeView } from '../../notices/render/notice-render.ts';
import type { TemplateSet } from '../../notices/templates/templates.defaults.ts';
import { loadTemplates } from '../../notices/templates/templates.repository.ts';
import type { TemplateKind } from '../../notices/templates/templates.engine.ts';
import type { ElectronicChannel } from '../provider.ts';
import type { RenderedContent, SendingRow } from './outbound.ts';

// Renders claimed attempts with each district's templates. Templates are
// loaded once per batch (and cached for a minute), never per message.

const TOPIC_TEXT: Record<string, { ko: string; en: string }> = {
  enrolment_withdrawn: {
    ko: '[{district}] 전자고지를 5회 연속 열람하지 않아 지방세기본법 시행령 제14조제4항에 따라 전자송달 신청이 철회된 것으로 처리되었습니다. 앞으로 고지서는 우편으로 발송됩니다. 다시 신청하려면 세무서 창구나 Tax Station에서 신청하세요.',
    en: '[{district}] You left 5 e-notices unopened in a row, so under Enforcement Decree §14④ your e-delivery application is deemed withdrawn. Notices will come by post. You can apply again at Tax Station.',
  },
};

export interface NoticeRenderer {
  prepare(q: Queryable, rows: SendingRow[]): Promise<void>;
  render(row: SendingRow, channel: ElectronicChannel): RenderedContent;
}

function templateKind(row: SendingRow): TemplateKind {
  if (row.kind === 'reminder' || row.kind === 'arrears') return row.kind;
  if (row.kind === 'notice' && row.legal) return 'notice';
  return 'guidance';
}

export function createNoticeRenderer(publicUrl: string, cacheMs = 60_000): NoticeRenderer {
  const cache = new Map<string, { set: TemplateSet; at: number }>();
  const key = (district: string, kind: TemplateKind) => `${district}/${kind}/ko`;

  return {
    async prepare(q, rows) {
      const needed = new Set(rows.filter((r) => r.notice_no).map((r) => key(r.district_code, templateKind(r))));
      for (const k of needed) {
        const hit = cache.get(k);
        if (hit && Date.now() - hit.at < cacheMs) continue;
        const [district, kind] = k.split('/') as [string, TemplateKind];
        cache.set(k, { set: await loadTemplates(q, district, kind, 'ko'), at: Date.now() });
      }
    },
    render(row, channel) {
      if (!row.notice_no) {
        const text = TOPIC_TEXT[row.kind === 'guidance' ? 'enrolment_withdrawn' : row.kind]?.ko.replace('{district}', row.district_name_ko);
        if (!text) throw new Error(`no content for a ${row.kind} message without a notice`);
        if (channel === 'kakao') return { kakao: { templateCode: 'TS_GUIDANCE_V1', variables: { district_name: row.district_name_ko }, text, buttons: [] } };
        if (channel === 'sms') return { sms: { kind: 'lms', subject: row.district_name_ko, text } };
        return { email: { subject: row.district_name_ko, text, html: `<p>${text}</p>` } };
      }
      const templates = cache.get(key(row.district_code, templateKind(row)))?.set;
      if (!templates) throw new Error('templates not prepared');
      if (!isTaxItem(row.tax_item)) throw new Error(`unknown tax item ${row.tax_item}`);
      const view: NoticeView = {
        kind: templateKind(row),
        locale: 'ko',
        districtName: row.district_name_ko,
        taxpayerName: row.taxpayer_name ?? '',
        noticeNo: row.notice_no,
        taxItem: row.tax_item,
        taxYear: row.tax_year ?? 0,
        period: row.period,
        amount: row.amount ?? 0,
        dueDate: row.due_date ?? '',
        effectiveDueDate: row.effective_due_date,
        paymentAccount: row.payment_account,
        link: paymentLink(publicUrl, row.district_code, row.notice_no),
        postalCode: row.postal_code ?? '',
        address: row.address ?? '',
      };
      if (channel === 'kakao') return { kakao: renderMessage(view, 'kakao', templates) };
      if (channel === 'sms') return { sms: renderMessage(view, 'sms', templates) };
      return { email: renderMessage(view, 'email', templates) };
    },
  };
}
