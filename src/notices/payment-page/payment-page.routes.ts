import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { currentHits, hitRateLimits, type RateLimit } from '../../platform/rate-limit/window-counters.ts';
import type { RoutePlugin } from '../../platform/http/routes.ts';
import { paymentCodeMatches } from './payment-code.ts';
import { paymentPageMessages } from './payment-page.messages.ts';
import { findPayView } from './payment-page.repository.ts';
import { codePage, notFoundPage, payPage, payStartPage, rateLimitedPage } from './payment-page.views.ts';
import { PAY_START_PATH } from './payment-page.nav.ts';
import { listDistricts } from '../../platform/districts/districts.repository.ts';
import type { FieldError } from '../../platform/web/components.ts';

// The resident's payment page, linked from every message and printed as a QR
// code: what to pay, by when (with the §31 extension when it applies) and
// where. Public, so it shows nothing personal: no name, no contact, no
// address, not even whether the notice was delivered. And it opens only with
// the code printed on the notice (the links in the messages carry it as
// ?code=, which the request log never records): a notice number alone shows
// the question for the code, the same for a notice that exists and one that
// does not. Every request counts against a limit per client address, and
// wrong codes against a stricter one that, once reached, refuses even the
// right code until its window ends; both limits live in the database,
// shared by every process.

// Many residents share one address (mobile carriers' NAT, offices) and a
// season's messages bring them in at once, so the limits are generous; the
// code's 40 bits keep guessing hopeless at this rate even from many
// addresses. Once an address reaches the wrong-code limit, every code from
// it is refused until the window ends: answering the right one would let
// guessing go on.
/** Requests to payment pages per client address per 10 minutes. */
export const PAY_ADDRESS_LIMIT = { windowSeconds: 600, max: 120 };
/** Wrong codes per client address per 10 minutes. */
export const PAY_WRONG_CODE_LIMIT = { windowSeconds: 600, max: 20 };

const DISTRICT = /^[a-z][a-z0-9-]{1,30}$/;
/** The roll's notice numbers: digits, letters and dashes (roll-format.ts). */
const NOTICE_NO = /^[0-9A-Za-z-]{1,40}$/;

function sendHtml(reply: FastifyReply, body: string, status = 200): FastifyReply {
  reply.header('cache-control', 'no-store');
  reply.header('x-robots-tag', 'noindex');
  return reply.code(status).type('text/html; charset=utf-8').send(body);
}

function refuse(request: FastifyRequest, reply: FastifyReply, retryAfter: number): FastifyReply {
  reply.header('retry-after', String(retryAfter));
  return sendHtml(reply, rateLimitedPage(request, retryAfter), 429);
}

export const paymentPageRoutes: RoutePlugin = async (app, deps) => {
  const { db, cipher } = deps;
  const byAddress = (request: FastifyRequest): RateLimit => ({ key: `pay-addr:${request.ip}`, ...PAY_ADDRESS_LIMIT });
  const wrongCodes = (request: FastifyRequest): RateLimit => ({ key: `pay-code:${request.ip}`, ...PAY_WRONG_CODE_LIMIT });

  // The way in with a paper notice: district and notice number, then the notice's page (which asks for the code).
  app.get(
    PAY_START_PATH,
    {
      preHandler: async (request, reply) => {
        const decision = await hitRateLimits(db, [byAddress(request)]);
        if (!decision.allowed) await refuse(request, reply, decision.retryAfter);
      },
      schema: {
        hide: true,
        querystring: z.object({ lang: z.enum(['ko', 'en']).optional(), district: z.string().max(40).optional(), noticeNo: z.string().max(60).optional() }),
      },
    },
    async (request, reply) => {
      const districts = await listDistricts(db, 'korean_name');
      const { district, noticeNo } = request.query;
      const form = { district: district ?? '', noticeNo: noticeNo?.trim() ?? '' };
      if (district === undefined && noticeNo === undefined) return sendHtml(reply, payStartPage(request, { districts, form, errors: [] }));
      const t = (key: 'err_start_district' | 'err_start_notice_no') => paymentPageMessages.t(request.locale, key);
      const errors: FieldError[] = [];
      if (!districts.some((d) => d.code === form.district)) errors.push({ field: 'pay-district', message: t('err_start_district') });
      if (!NOTICE_NO.test(form.noticeNo)) errors.push({ field: 'pay-notice-no', message: t('err_start_notice_no') });
      if (errors.length) return sendHtml(reply, payStartPage(request, { districts, form, errors }), 400);
      return reply.redirect(`/pay/${encodeURIComponent(form.district)}/${encodeURIComponent(form.noticeNo)}?lang=${request.locale}`, 303);
    },
  );

  app.get(
    '/pay/:district/:noticeNo',
    {
      preHandler: async (request, reply) => {
        const decision = await hitRateLimits(db, [byAddress(request)]);
        if (!decision.allowed) await refuse(request, reply, decision.retryAfter);
      },
      schema: {
        hide: true,
        params: z.object({ district: z.string().min(1).max(40), noticeNo: z.string().min(1).max(60) }),
        querystring: z.object({ lang: z.enum(['ko', 'en']).optional(), code: z.string().max(40).optional() }),
      },
    },
    async (request, reply) => {
      const { district, noticeNo } = request.params;
      if (!DISTRICT.test(district) || !NOTICE_NO.test(noticeNo)) return sendHtml(reply, notFoundPage(request), 404);
      const typed = request.query.code;
      if (typed === undefined) return sendHtml(reply, codePage(request, { noticeNo }));
      if (typed.trim() === '') return sendHtml(reply, codePage(request, { noticeNo, error: paymentPageMessages.t(request.locale, 'err_code_blank') }), 400);

      const locked = await currentHits(db, wrongCodes(request));
      if (locked.hits >= PAY_WRONG_CODE_LIMIT.max) return refuse(request, reply, locked.retryAfter);
      if (!paymentCodeMatches(cipher, district, noticeNo, typed)) {
        const counted = await hitRateLimits(db, [wrongCodes(request)]);
        if (!counted.allowed) return refuse(request, reply, counted.retryAfter);
        return sendHtml(reply, codePage(request, { noticeNo, value: typed, error: paymentPageMessages.t(request.locale, 'err_code_wrong') }), 400);
      }
      const view = await findPayView(db, district, noticeNo);
      if (!view) return sendHtml(reply, notFoundPage(request), 404);
      return sendHtml(reply, payPage(request, view));
    },
  );
};
