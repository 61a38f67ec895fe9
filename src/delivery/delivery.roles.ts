import type { Role } from '../platform/auth/roles.ts';

// Who may use delivery's console and API (the routes guard with these; the
// staff menu shows its entries to the same roles).

/** Roles that read seasons and issue them, resend messages and make paper batches. */
export const DELIVERY_WRITE_ROLES: readonly Role[] = ['admin', 'tax_official'];
/** Desk agents answer residents: they may read a message's timeline and a notice's status. */
export const TIMELINE_READ_ROLES: readonly Role[] = ['admin', 'tax_official', 'desk_agent'];
