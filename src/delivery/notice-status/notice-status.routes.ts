import { guard } from '../../platform/auth/auth.guard.ts';
import { AppError } from '../../platform/errors.ts';
import { isoOrNull as iso, sessionSecurity as security, staffApiErrors as errors } from '../../platform/http/api-schemas.ts';
import type { RoutePlugin } from '../../platform/http/routes.ts';
import { paymentCode } from '../../notices/payment-page/payment-code.ts';
import { lawRuleCitation, loadLawRules } from '../law/law-rules.ts';
import { recordReturnedPost } from '../law/public-notice.ts';
import { DELIVERY_WRITE_ROLES, TIMELINE_READ_ROLES } from '../delivery.roles.ts';
import { findNoticeStatus } from './notice-status.repository.ts';
import { noticeStatusParams, noticeStatusSchema, returnedPostBody, returnedPostResultSchema } from './notice-status.schema.ts';
import { noticeStatusMessages } from './notice-status.messages.ts';

// A notice's legal service, for the systems around Tax Station (tag
// 'delivery'): its status for the payment system (the due date, the §31
// effective due date with its article, delivery time and state, the payment
// page's link), and paper notices the post returned (§33 public notice). The
// district always comes from the session.

export const noticeStatusRoutes: RoutePlugin = async (app, deps) => {
  const db = deps.db;
  const write = guard(DELIVERY_WRITE_ROLES);
  const readTimeline = guard(TIMELINE_READ_ROLES);

  app.get(
    '/api/notices/:year/:noticeNo',
    {
      preValidation: readTimeline,
      schema: {
        tags: ['delivery'],
        summary: 'A notice’s amount and dates for the payment system: the due date, the §31 effective due date (article cited), delivery time and state',
        security,
        params: noticeStatusParams,
        response: { 200: noticeStatusSchema, ...errors },
      },
    },
    async (request) => {
      const staff = request.staff!;
      const { year, noticeNo } = request.params;
      const n = await findNoticeStatus(db, staff.districtCode, year, noticeNo);
      if (!n) throw new AppError('notice_not_found', 404, noticeStatusMessages.both('notice_not_found', { year, no: noticeNo }));
      const effective = n.message?.effectiveDueDate ?? null;
      let rule: { article: string; summary: string } | null = null;
      if (effective) {
        const citation = await lawRuleCitation(db, 'due_date_extended_on_late_arrival');
        if (citation) rule = { article: citation.article, summary: citation.summary[request.locale] };
      }
      return {
        noticeNo: n.noticeNo,
        taxYear: n.taxYear,
        taxItem: n.taxItem,
        period: n.period,
        amount: n.amount,
        dueDate: n.dueDate,
        effectiveDueDate: effective,
        payBy: effective ?? n.dueDate,
        effectiveDueDateRule: rule,
        deliveredAt: iso(n.message?.deliveredAt),
        deliveredChannel: n.message?.deliveredChannel ?? null,
        state: n.message?.state ?? null,
        paidAt: iso(n.paidAt),
        publicNoticeAt: iso(n.message?.publicNoticeAt),
        deemedServedOn: n.message?.deemedServedOn ?? null,
        paymentPage: `/pay/${encodeURIComponent(staff.districtCode)}/${encodeURIComponent(n.noticeNo)}?code=${paymentCode(deps.cipher, staff.districtCode, n.noticeNo)}`,
      };
    },
  );

  app.post(
    '/api/notices/returned-post',
    {
      preValidation: write,
      schema: {
        tags: ['delivery'],
        summary: 'Record paper notices returned as undeliverable: they go to public notice (§33), deemed served after the days the law sets',
        security,
        body: returnedPostBody,
        response: { 200: returnedPostResultSchema, ...errors },
      },
    },
    async (request) => {
      const staff = request.staff!;
      return recordReturnedPost(db, await loadLawRules(db), {
        districtCode: staff.districtCode,
        taxYear: request.body.taxYear,
        noticeNos: [...new Set(request.body.noticeNos)],
        actor: staff.username,
      });
    },
  );
};
