import { z } from 'zod';
import { guard } from '../../platform/auth/auth.guard.ts';
import type { Role } from '../../platform/auth/roles.ts';
import { sessionSecurity as security, staffApiErrors as errors } from '../../platform/http/api-schemas.ts';
import type { RoutePlugin } from '../../platform/http/routes.ts';
import { recordPayments, type PaymentEffects } from './payments.service.ts';

// Payment events from the payment system (tag 'delivery'): each paid notice
// is marked paid and what is still to be sent for it is withdrawn, through
// the port PaymentEffects, in the payment's transaction. The composition root
// (src/app/routes.ts) hands in delivery's implementation. The district always
// comes from the session.

/** Roles that record payments. */
export const PAYMENT_RECORDER_ROLES: readonly Role[] = ['admin', 'tax_official'];

const paymentEventsBody = z.object({
  payments: z
    .array(
      z.object({
        noticeNo: z.string().min(1).max(40),
        taxYear: z.number().int().min(1990).max(2200),
        paidAt: z.iso.datetime({ offset: true }),
        amount: z.number().int().min(0),
      }),
    )
    .min(1)
    .max(10_000),
});

export function paymentRoutes(effects: PaymentEffects): RoutePlugin {
  return async (app, deps) => {
    app.post(
      '/api/payments',
      {
        preValidation: guard(PAYMENT_RECORDER_ROLES),
        schema: {
          tags: ['delivery'],
          summary: 'Payment events from the payment system: each paid notice’s pending messages and paper notice still to print are withdrawn',
          security,
          body: paymentEventsBody,
          response: { 200: z.object({ recorded: z.number().int(), unknownNotices: z.array(z.string()), withdrawnMessages: z.number().int() }), ...errors },
        },
      },
      async (request) =>
        recordPayments(
          deps.db,
          effects,
          request.staff!.districtCode,
          request.body.payments.map((p) => ({ ...p, source: 'payment_system' })),
        ),
    );
  };
}
