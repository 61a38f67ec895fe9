import { formatDateTime } from '../../platform/web/format.ts';
import type { SetupLinkMailer } from '../../platform/staff-admin/staff-admin.service.ts';
import { enqueueMessages } from './queue.ts';

/**
 * The staff console's invitations and resets: the set-up link by e-mail
 * through the delivery engine (topic staff_setup_link), in the transaction
 * that created the link. The address travels sealed in the message only; the
 * account does not keep it. Wired to the console in app/routes.ts (platform
 * names no domain).
 */
export const staffSetupLinkMailer: SetupLinkMailer = async (tx, cipher, message) => {
  await enqueueMessages(tx, cipher, [{
    districtCode: message.districtCode,
    kind: 'guidance',
    topic: 'staff_setup_link',
    plan: ['email'],
    recipient: { email: message.email },
    variables: { username: message.username, link: message.link.url, expires: formatDateTime('ko', message.link.expiresAt) },
  }]);
};
