import type { Role } from '../platform/auth/roles.ts';

// Where the console shows a taxpayer, and who may read and change the
// record. The pages are hygiene's (hygiene/taxpayer-record, above delivery);
// delivery's season and message pages lead from a notice that failed to
// them, so the addresses and roles sit here, below both.

/** Roles that look a taxpayer up and read the record (desk agents answer residents). */
export const TAXPAYER_READ_ROLES: readonly Role[] = ['admin', 'tax_official', 'desk_agent'];
/** Roles that change a taxpayer's contacts (with a reason and the codes sent to the new ones). */
export const TAXPAYER_WRITE_ROLES: readonly Role[] = ['admin', 'tax_official'];

/** The taxpayer's record: contacts masked, their checks, changes and delivery history. */
export const taxpayerRecordPath = (taxpayerId: number): string => `/console/taxpayers/${taxpayerId}`;
/** The official's contact edit of that taxpayer. */
export const contactEditPath = (taxpayerId: number): string => `/console/taxpayers/${taxpayerId}/edit`;
