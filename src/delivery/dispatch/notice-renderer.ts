import type { Queryable } from '../../platform/db/database.ts';
import { isTaxItem } from '../../notices/render/format.ts';
import { SMS_MAX_BYTES, eucKrByteLength, paymentLink, renderMessage, type NoticeView } from '../../notices/render/notice-render.ts';
import { escapeHtml } from '../../notices/templates/templates.engine.ts';
import type { PersonalDataCipher } from '../../platform/crypto.ts';
import { TOPICS, fillTopic, isTopic } from '../topics.ts';
import type { TemplateSet } from '../../notices/templates/templates.defaults.ts';
import { loadTemplates } from '../../notices/templates/templates.repository.ts';
import type { TemplateKind } from '../../notices/templates/templates.engine.ts';
import type { ElectronicChannel } from '../provider.ts';
import { emailClassOf } from '../providers/mail-headers.ts';
import type { RenderedContent, SendingRow } from './outbound.ts';

// Renders claimed attempts with each district's templates. Templates are
// loaded once per batch (and cached for a minute), never per message.

export interface NoticeRenderer {
  prepare(q: Queryable, rows: SendingRow[]): Promise<void>;
  render(row: SendingRow, channel: ElectronicChannel): RenderedContent;
}

function templateKind(row: SendingRow): TemplateKind {
  if (row.kind === 'reminder' || row.kind === 'arrears') return row.kind;
  if (row.kind === 'notice' && row.legal) return 'notice';
  return 'guidance';
}

export function createNoticeRenderer(publicUrl: string, cipher: PersonalDataCipher, cacheMs = 60_000): NoticeRenderer {
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
        // A topic message (guidance, campaign, one-time code): fixed text, variables filled.
        const topicCode = row.topic ?? (row.kind === 'guidance' ? 'enrolment_withdrawn' : null);
        if (!isTopic(topicCode)) throw new Error(`no content for a ${row.kind} message without a notice`);
        const topic = TOPICS[topicCode];
        const variables: Record<string, string> = { ...(row.variables_enc ? (JSON.parse(cipher.decrypt(row.variables_enc)) as Record<string, string>) : {}), district: row.district_name_ko };
        const text = fillTopic(topic.text.ko, variables);
        const subject = fillTopic(topic.subject.ko, variables);
        if (channel === 'kakao') return { kakao: { templateCode: topic.kakaoTemplateCode, variables, text, buttons: variables.link ? [{ name: '열기', url: variables.link }] : [] } };
        if (channel === 'sms') return { sms: eucKrByteLength(text) <= SMS_MAX_BYTES ? { kind: 'sms', text } : { kind: 'lms', subject, text } };
        return { email: { subject, text, html: `<!doctype html><html lang="ko"><body><p>${escapeHtml(text)}</p></body></html>`, class: emailClassOf(row) } };
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
        additionalDues: row.additional_dues,
        link: paymentLink(publicUrl, row.district_code, row.notice_no, cipher),
        postalCode: row.postal_code ?? '',
        address: row.address ?? '',
      };
      if (channel === 'kakao') return { kakao: renderMessage(view, 'kakao', templates) };
      if (channel === 'sms') return { sms: renderMessage(view, 'sms', templates) };
      // The class picks the headers: List-Unsubscribe and Precedence: bulk never on a legal notice.
      return { email: { ...renderMessage(view, 'email', templates), class: emailClassOf(row) } };
    },
  };
}
