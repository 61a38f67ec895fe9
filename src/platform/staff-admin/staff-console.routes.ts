import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { guard } from '../auth/auth.guard.ts';
import { ROLES } from '../auth/roles.ts';
import { announceSessionEnded } from '../auth/session-events.ts';
import { publicBaseUrl } from '../config.ts';
import { AppError } from '../errors.ts';
import type { RoutePlugin } from '../http/routes.ts';
import type { FieldError } from '../web/components.ts';
import { staffAdminMessages, type StaffAdminMessageKey } from './staff-admin.messages.ts';
import { listDistrictStaff, type StaffListRow } from './staff-admin.repository.ts';
import {
  addStaff,
  changeOwnPassword,
  changeRole,
  disableStaff,
  resetSecondFactorOf,
  resetStaff,
  usernameOf,
  type DeliverSetupLink,
  type Operator,
  type SetupLinkMailer,
  type StaffAdminDeps,
} from './staff-admin.service.ts';
import { OWN_PASSWORD_PATH, SECOND_FACTOR_RULE_PATH, STAFF_CONSOLE_PATH, ownPasswordPage, staffAccountPage, staffListPage } from './staff-console.view.ts';
import type { Locale } from '../i18n/i18n.ts';
import { secondFactorMessages, type SecondFactorMessageKey } from '../auth/totp/totp.messages.ts';
import { districtSecondFactors, setRequireAdminTotp } from '../auth/totp/totp.service.ts';

// The district admin's staff pages and everyone's own password page. Every
// route is guarded (admins only for /console/staff); the district is always
// the signed-in admin's own, and an account of another district is "not
// found". Every change goes through staff-admin.service (audited, with the
// admin as the actor and the reason typed in the form). Invitations and
// resets e-mail the set-up link through the mailer port, which app/routes.ts
// wires to the delivery engine.

const ADMIN = ['admin'] as const;
const DONE = ['invited', 'exists', 'role', 'role_same', 'reset', 'disabled', 'disabled_already', 'sf_reset', 'sf_reset_none', 'rule_on', 'rule_off', 'rule_same'] as const;
const staffText = (key: StaffAdminMessageKey) => (locale: Locale, vars: Record<string, string>) => staffAdminMessages.t(locale, key, vars);
const sfText = (key: SecondFactorMessageKey) => (locale: Locale, vars: Record<string, string>) => secondFactorMessages.t(locale, key, vars);
const DONE_TEXT: Record<(typeof DONE)[number], (locale: Locale, vars: Record<string, string>) => string> = {
  invited: staffText('done_invited'), exists: staffText('done_exists'), role: staffText('done_role'), role_same: staffText('done_role_same'), reset: staffText('done_reset'),
  disabled: staffText('done_disabled'), disabled_already: staffText('done_disabled_already'),
  sf_reset: sfText('done_reset'), sf_reset_none: sfText('done_reset_none'), rule_on: sfText('done_rule_on'), rule_off: sfText('done_rule_off'), rule_same: sfText('done_rule_same'),
};
const doneQuery = z.object({ done: z.enum(DONE).optional(), who: z.string().max(64).optional() });
const idParams = z.object({ id: z.coerce.number().int().positive().max(2 ** 53) });
const emailSchema = z.email().max(254);
const reasonSchema = z.string().trim().min(3).max(500);
const form = (shape: Record<string, z.ZodType>) => z.object({ _csrf: z.string().optional(), ...shape });
const field = () => z.string().max(500).default('');

function sendHtml(reply: FastifyReply, status: number, page: string) {
  return reply.code(status).type('text/html; charset=utf-8').header('cache-control', 'no-store').send(page);
}

function operatorOf(request: FastifyRequest, reason: string): Operator {
  return { actor: { type: 'staff', id: String(request.staff!.id) }, source: 'official', reason };
}

function doneText(request: FastifyRequest, query: z.infer<typeof doneQuery>): string | undefined {
  return query.done ? DONE_TEXT[query.done](request.locale, { username: query.who ?? '' }) : undefined;
}

/** The form field a refusal of the service belongs to; null for anything else (the central handler answers it). */
function fieldOf(error: unknown, fields: Partial<Record<string, string>>): string | null {
  return error instanceof AppError ? (fields[error.code] ?? null) : null;
}

export function staffConsoleRoutes(mailer: SetupLinkMailer): RoutePlugin {
  return async (app, deps) => {
    const adminDeps = (): StaffAdminDeps => ({ db: deps.db, publicUrl: publicBaseUrl(deps.config), clock: deps.clock, sessionsEnded: (staffId) => announceSessionEnded(deps, staffId) });
    const mailTo = (email: string): DeliverSetupLink => (tx, link, account) => mailer(tx, deps.cipher, { ...account, email, link });

    async function accountOr404(request: FastifyRequest, id: number): Promise<StaffListRow> {
      const district = request.staff!.districtCode;
      const account = (await listDistrictStaff(deps.db, district)).find((a) => a.id === id);
      if (!account) throw new AppError('staff_not_found', 404, staffAdminMessages.both('staff_not_found'));
      return account;
    }

    app.get(STAFF_CONSOLE_PATH, { preValidation: guard(ADMIN), schema: { hide: true, querystring: doneQuery } }, async (request, reply) => {
      const district = request.staff!.districtCode;
      const staff = await listDistrictStaff(deps.db, district);
      return sendHtml(reply, 200, staffListPage(request, { staff, secondFactor: await districtSecondFactors(deps.db, district), done: doneText(request, request.query) }));
    });

    // The district's rule: administrators must use a second factor (audited with the reason).
    app.post(
      SECOND_FACTOR_RULE_PATH,
      { preValidation: guard(ADMIN), schema: { hide: true, body: form({ requireAdminTotp: z.string().max(10).optional(), reason: field() }) } },
      async (request, reply) => {
        const district = request.staff!.districtCode;
        const { requireAdminTotp, reason } = request.body as { requireAdminTotp?: string; reason: string };
        if (!reasonSchema.safeParse(reason).success) {
          const staff = await listDistrictStaff(deps.db, district);
          const errors = [{ field: 'rule-reason', message: staffAdminMessages.t(request.locale, 'reason_invalid') }];
          return sendHtml(reply, 400, staffListPage(request, { staff, secondFactor: await districtSecondFactors(deps.db, district), errors, ruleReason: reason }));
        }
        const value = requireAdminTotp === '1';
        const { changed } = await setRequireAdminTotp(deps.db, district, value, operatorOf(request, reason.trim()));
        return reply.redirect(`${STAFF_CONSOLE_PATH}?lang=${request.locale}&done=${changed ? (value ? 'rule_on' : 'rule_off') : 'rule_same'}`, 303);
      },
    );

    app.post(
      `${STAFF_CONSOLE_PATH}/invite`,
      {
        preValidation: guard(ADMIN),
        schema: { hide: true, body: form({ username: field(), displayName: field(), role: field(), email: field(), reason: field() }) },
      },
      async (request, reply) => {
        const locale = request.locale;
        const values = request.body as { username: string; displayName: string; role: string; email: string; reason: string };
        const username = values.username.trim().toLowerCase();
        const errors: FieldError[] = [];
        const msg = (key: StaffAdminMessageKey, vars?: Record<string, string>) => staffAdminMessages.t(locale, key, vars);
        if (!/^[a-z0-9._-]{3,64}$/.test(username)) errors.push({ field: 'username', message: msg('username_invalid', { username: values.username }) });
        if (!(ROLES as readonly string[]).includes(values.role)) errors.push({ field: 'role', message: msg('role_required') });
        if (!emailSchema.safeParse(values.email.trim()).success) errors.push({ field: 'email', message: msg('email_invalid') });
        if (!reasonSchema.safeParse(values.reason).success) errors.push({ field: 'reason', message: msg('reason_invalid') });
        const again = async (status: number, errs: FieldError[]) => {
          const district = request.staff!.districtCode;
          const staff = await listDistrictStaff(deps.db, district);
          return sendHtml(reply, status, staffListPage(request, { staff, secondFactor: await districtSecondFactors(deps.db, district), values, errors: errs }));
        };
        if (errors.length) return again(400, errors);
        try {
          const result = await addStaff(
            adminDeps(),
            { districtCode: request.staff!.districtCode, username, role: values.role, displayName: values.displayName },
            operatorOf(request, values.reason.trim()),
            mailTo(values.email.trim()),
          );
          return reply.redirect(`${STAFF_CONSOLE_PATH}?lang=${locale}&done=${result.changed ? 'invited' : 'exists'}&who=${encodeURIComponent(username)}`, 303);
        } catch (error) {
          const at = fieldOf(error, { username_taken_elsewhere: 'username', username_taken_other_role: 'username', username_invalid: 'username' });
          if (!at) throw error;
          return again(409, [{ field: at, message: (error as AppError).localized(locale) }]);
        }
      },
    );

    const secondFactorOn = async (request: FastifyRequest, account: StaffListRow) =>
      (await districtSecondFactors(deps.db, request.staff!.districtCode)).enabled.get(account.id) === true;

    app.get(`${STAFF_CONSOLE_PATH}/:id`, { preValidation: guard(ADMIN), schema: { hide: true, params: idParams, querystring: doneQuery } }, async (request, reply) => {
      const account = await accountOr404(request, request.params.id);
      return sendHtml(reply, 200, staffAccountPage(request, { account, secondFactorOn: await secondFactorOn(request, account), done: doneText(request, request.query) }));
    });

    // Another's second factor reset (a lost phone), audited with the reason; one's own is refused.
    app.post(
      `${STAFF_CONSOLE_PATH}/:id/second-factor-reset`,
      { preValidation: guard(ADMIN), schema: { hide: true, params: idParams, body: form({ reason: field() }) } },
      async (request, reply) => {
        const locale = request.locale;
        const account = await accountOr404(request, request.params.id);
        const reason = (request.body as { reason: string }).reason;
        const errors: FieldError[] = [];
        if (!reasonSchema.safeParse(reason).success) errors.push({ field: 'sf-reset-reason', message: staffAdminMessages.t(locale, 'reason_invalid') });
        if (account.id === request.staff!.id) errors.push({ field: 'sf-reset-reason', message: secondFactorMessages.t(locale, 'own_reset') });
        if (errors.length) return sendHtml(reply, 400, staffAccountPage(request, { account, secondFactorOn: await secondFactorOn(request, account), errors, values: { reason, action: 'sf-reset' } }));
        // Its open sockets (the live desk) are told through adminDeps and close now, not at their next action.
        const { changed } = await resetSecondFactorOf(
          adminDeps(),
          { districtCode: request.staff!.districtCode, staffId: account.id, byStaffId: request.staff!.id },
          operatorOf(request, reason.trim()),
        );
        return reply.redirect(`${STAFF_CONSOLE_PATH}/${account.id}?lang=${locale}&done=${changed ? 'sf_reset' : 'sf_reset_none'}&who=${encodeURIComponent(account.username)}`, 303);
      },
    );

    /** The three account forms share this: reason checked, own account refused, the change done, back to the page. */
    function accountAction(
      action: 'role' | 'reset' | 'disable',
      run: (request: FastifyRequest, account: StaffListRow, body: Record<string, string>, reason: string) => Promise<(typeof DONE)[number]>,
      check: (body: Record<string, string>, locale: FastifyRequest['locale']) => FieldError[] = () => [],
    ) {
      app.post(
        `${STAFF_CONSOLE_PATH}/:id/${action}`,
        { preValidation: guard(ADMIN), schema: { hide: true, params: idParams, body: form({ role: field(), email: field(), reason: field() }) } },
        async (request, reply) => {
          const locale = request.locale;
          const account = await accountOr404(request, request.params.id);
          const body = request.body as Record<string, string>;
          const errors = check(body, locale);
          if (!reasonSchema.safeParse(body.reason).success) errors.push({ field: `${action}-reason`, message: staffAdminMessages.t(locale, 'reason_invalid') });
          if (account.id === request.staff!.id && action !== 'reset') errors.push({ field: action === 'role' ? 'role' : `${action}-reason`, message: staffAdminMessages.t(locale, 'own_account') });
          if (errors.length) return sendHtml(reply, 400, staffAccountPage(request, { account, secondFactorOn: await secondFactorOn(request, account), errors, values: { role: body.role, email: body.email, reason: body.reason, action } }));
          const done = await run(request, account, body, body.reason!.trim());
          return reply.redirect(`${STAFF_CONSOLE_PATH}/${account.id}?lang=${locale}&done=${done}&who=${encodeURIComponent(account.username)}`, 303);
        },
      );
    }

    accountAction(
      'role',
      async (request, account, body, reason) => {
        const { changed } = await changeRole(adminDeps(), { districtCode: request.staff!.districtCode, staffId: account.id, role: body.role!, byStaffId: request.staff!.id }, operatorOf(request, reason));
        return changed ? 'role' : 'role_same';
      },
      (body, locale) => ((ROLES as readonly string[]).includes(body.role ?? '') ? [] : [{ field: 'role', message: staffAdminMessages.t(locale, 'role_required') }]),
    );
    accountAction(
      'reset',
      async (request, account, body, reason) => {
        const district = request.staff!.districtCode;
        await resetStaff(adminDeps(), { districtCode: district, username: await usernameOf(deps.db, district, account.id) }, operatorOf(request, reason), mailTo(body.email!.trim()));
        return 'reset';
      },
      (body, locale) => (emailSchema.safeParse((body.email ?? '').trim()).success ? [] : [{ field: 'email', message: staffAdminMessages.t(locale, 'email_invalid') }]),
    );
    accountAction('disable', async (request, account, _body, reason) => {
      const { changed } = await disableStaff(adminDeps(), { districtCode: request.staff!.districtCode, username: account.username }, operatorOf(request, reason));
      return changed ? 'disabled' : 'disabled_already';
    });

    // Everyone's own password.
    app.get(OWN_PASSWORD_PATH, { preValidation: guard(ROLES), schema: { hide: true, querystring: z.object({ done: z.literal('1').optional() }) } }, async (request, reply) =>
      sendHtml(reply, 200, ownPasswordPage(request, { done: request.query.done === '1' })),
    );
    app.post(
      OWN_PASSWORD_PATH,
      { preValidation: guard(ROLES), schema: { hide: true, body: form({ username: field(), current: z.string().max(1024).default(''), password: z.string().max(1024).default(''), confirm: z.string().max(1024).default('') }) } },
      async (request, reply) => {
        const { current, password, confirm } = request.body as { current: string; password: string; confirm: string };
        const staff = request.staff!;
        const outcome = await changeOwnPassword(deps.db, { staffId: staff.id, districtCode: staff.districtCode, current, password, confirm, keepSession: request.staffSession!.tokenHash });
        if (outcome.ok) return reply.redirect(`${OWN_PASSWORD_PATH}?lang=${request.locale}&done=1`, 303);
        const minutes = String(Math.max(1, Math.ceil((outcome.throttledSeconds ?? 0) / 60)));
        const errors = outcome.errors.map((e) => ({ field: e.field, message: staffAdminMessages.t(request.locale, e.key, { minutes }) }));
        if (outcome.throttledSeconds !== undefined) reply.header('retry-after', String(outcome.throttledSeconds));
        return sendHtml(reply, outcome.throttledSeconds !== undefined ? 429 : 400, ownPasswordPage(request, { errors }));
      },
    );
  };
}
