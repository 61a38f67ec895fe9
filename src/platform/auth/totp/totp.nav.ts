import { ROLES } from '../roles.ts';
import type { ConsoleNavItem } from '../../web/web-shell.ts';
import { secondFactorMessages } from './totp.messages.ts';
import { SECOND_FACTOR_PATH } from './totp.paths.ts';

// The one entry an administrator held to set-up sees (besides their name and sign-out).
export const secondFactorNav: ConsoleNavItem = { href: SECOND_FACTOR_PATH, label: secondFactorMessages.both('sf_nav'), roles: [...ROLES], duringSecondFactorEnrolment: true };
