import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Queryable } from '../../platform/db/database.ts';
import type { RoutePlugin } from '../../platform/http/routes.ts';
import type { Locale } from '../../platform/i18n/i18n.ts';
import { html } from '../../platform/web/html.ts';
import { renderPage } from '../../platform/web/layout.ts';
import { dm } from '../../delivery/console/console.messages.ts';
import { formatDate, formatKrw, formatPeriod, isTaxItem, taxItemName } from '../render/format.ts';

// The resident's payment page, linked from every message and printed as a QR
// code: what to pay, by when (with the §31 extension when it applies) and
// where. Public, so it shows nothing personal: no name, no contact, no
// address, not even whether the notice was delivered.

interface PayView {
  districtName: { ko: string; en: string };
  noticeNo: string;
  taxItem: string;
  taxYear: number;
  period: number | null;
  amount: number;
  dueDate: string;
  effectiveDueDate: string | null;
  paymentAccount: string | null;
  article: string;
}

/** A notice number is unique per district and tax year; the link names none, so the latest year wins. */
export async function findPayView(q: Queryable, districtCode: string, noticeNo: string): Promise<PayView | null> {
  const { rows } = await q.query<{
    name_ko: string; name_en: string; notice_no: string; tax_item: string; tax_year: number; period: number | null; amount: number;
    due_date: string; effective_due_date: string | null; payment_account: string | null; article: string | null;
  }>(
    `SELECT d.name_ko, d.name_en, n.notice_no, n.tax_item, n.tax_year, n.period, n.amount, n.due_date, n.payment_account,
            (SELECT max(m.effective_due_date) FROM messages m WHERE m.notice_id = n.id AND m.kind IN ('notice', 'arrears')) AS effective_due_date,
            (SELECT article FROM law_rules WHERE code = 'due_date_extended_on_late_arrival') AS article
       FROM notices n JOIN districts d ON d.code = n.district_code
      WHERE n.district_code = $1 AND n.notice_no = $2
      ORDER BY n.tax_year DESC LIMIT 1`,
    [districtCode, noticeNo],
  );
  const r = rows[0];
  if (!r) return null;
  return {
    districtName: { ko: r.name_ko, en: r.name_en },
    noticeNo: r.notice_no,
    taxItem: r.tax_item,
    taxYear: r.tax_year,
    period: r.period,
    amount: Number(r.amount),
    dueDate: r.due_date,
    effectiveDueDate: r.effective_due_date && r.effective_due_date !== r.due_date ? r.effective_due_date : null,
    paymentAccount: r.payment_account,
    article: r.article ?? '',
  };
}

function payPage(request: FastifyRequest, v: PayView): string {
  const locale: Locale = request.locale;
  const t = (key: Parameters<typeof dm.t>[1], vars?: Record<string, string>) => dm.t(locale, key, vars);
  const item = isTaxItem(v.taxItem) ? taxItemName(v.taxItem, locale) : v.taxItem;
  const period = v.period ? formatPeriod(v.period, locale) : '';
  const yearPeriod = locale === 'ko' ? `${v.taxYear}년${period ? ` ${period}` : ''}` : `${v.taxYear}${period ? `, ${period}` : ''}`;
  const body = html`<h1>${t('pay_title')}</h1>
<p class="lead">${t('pay_lead', { district: v.districtName[locale] })}</p>
<dl class="summary-list">
  <dt>${t('pay_notice_no')}</dt><dd>${v.noticeNo}</dd>
  <dt>${t('pay_tax_item')}</dt><dd>${item}</dd>
  <dt>${t('pay_year_period')}</dt><dd>${yearPeriod}</dd>
  <dt>${t('pay_amount')}</dt><dd><strong>${formatKrw(v.amount, locale)}</strong></dd>
  ${v.effectiveDueDate
    ? html`<dt>${t('pay_original_due')}</dt><dd>${formatDate(v.dueDate, locale)}</dd>
  <dt>${t('pay_extended_due')}</dt><dd><strong>${formatDate(v.effectiveDueDate, locale)}</strong></dd>`
    : html`<dt>${t('pay_due')}</dt><dd><strong>${formatDate(v.dueDate, locale)}</strong></dd>`}
  <dt>${t('pay_account')}</dt><dd>${v.paymentAccount || t('pay_account_none')}</dd>
</dl>
${v.effectiveDueDate ? html`<div class="notification"><p>${t('pay_extended_note', { article: v.article })}</p></div>` : ''}
<p>${t('pay_how')}</p>`;
  return renderPage(request, { title: t('pay_title'), body });
}

function notFoundPage(request: FastifyRequest): string {
  const locale = request.locale;
  const body = html`<h1>${dm.t(locale, 'pay_not_found_title')}</h1><p>${dm.t(locale, 'pay_not_found')}</p><p><a href="/?lang=${locale}">${locale === 'ko' ? '처음 화면으로' : 'Go to the start page'}</a></p>`;
  return renderPage(request, { title: dm.t(locale, 'pay_not_found_title'), body });
}

export const paymentPageRoutes: RoutePlugin = async (app, deps) => {
  app.get(
    '/pay/:district/:noticeNo',
    {
      schema: {
        hide: true,
        params: z.object({ district: z.string().min(1).max(40), noticeNo: z.string().min(1).max(60) }),
        querystring: z.object({ lang: z.enum(['ko', 'en']).optional() }),
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'no-store');
      reply.header('x-robots-tag', 'noindex');
      const view = /^[a-z][a-z0-9-]{1,30}$/.test(request.params.district)
        ? await findPayView(deps.db, request.params.district, request.params.noticeNo)
        : null;
      if (!view) return reply.code(404).type('text/html; charset=utf-8').send(notFoundPage(request));
      return reply.type('text/html; charset=utf-8').send(payPage(request, view));
    },
  );
};
