// Where the second factor's pages are: the guard sends an administrator who
// must set one up to the first; the sign-in form sends an account that has
// one to the second.

/** One's own second factor: set up, recovery codes, turn off. */
export const SECOND_FACTOR_PATH = '/console/account/second-factor';
/** The sign-in's second step: the code after a right password. */
export const LOGIN_CODE_PATH = '/login/code';
/** New recovery codes for one's own account (the old ones stop working). */
export const RECOVERY_CODES_PATH = `${SECOND_FACTOR_PATH}/recovery-codes`;
