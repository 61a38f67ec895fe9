import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import * as common from '@zxcvbn-ts/language-common';
import type { StaffAdminMessageKey } from './staff-admin.messages.ts';

// The rule for staff passwords, in words on the set-up page: at least 12
// characters, and not guessable. "Guessable" is zxcvbn's estimate (the
// maintained TypeScript port, @zxcvbn-ts): it knows the common and breached
// passwords of its common dictionary, keyboard patterns, repeats, sequences,
// dates and l33t spellings, and the words we pass as the person's own
// (username, district names). Score 3 means about 10^8 guesses or more: safe
// from an online attacker, and the set-up page's guidance (a few unrelated
// words) reaches it easily. NIST SP 800-63B asks for exactly this kind of
// check instead of composition rules.

export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 256;
const MIN_SCORE = 3;

let factory: ZxcvbnFactory | undefined;
function estimator(): ZxcvbnFactory {
  factory ??= new ZxcvbnFactory({ dictionary: { ...common.dictionary }, graphs: common.adjacencyGraphs });
  return factory;
}

/** Why a password is refused (a key of the catalogue), or null when it is good enough. */
export function passwordProblem(password: string, personalWords: readonly string[]): StaffAdminMessageKey | null {
  if (!password) return 'password_required';
  if ([...password].length < MIN_PASSWORD_LENGTH) return 'password_too_short';
  if ([...password].length > MAX_PASSWORD_LENGTH) return 'password_too_long';
  const words = personalWords.flatMap((w) => [w, ...w.split(/[^\p{L}\p{N}]+/u)]).filter((w) => w.length >= 3);
  const lower = password.toLowerCase();
  if (words.some((w) => lower.includes(w.toLowerCase()) && w.length >= 4)) return 'password_personal';
  const result = estimator().check(password, words);
  if (result.score >= MIN_SCORE) return null;
  switch (result.feedback.warning) {
    case 'userInputs':
      return 'password_personal';
    case 'topTen':
    case 'topHundred':
    case 'common':
    case 'similarToCommon':
      return 'password_common';
    case 'straightRow':
    case 'keyPattern':
    case 'simpleRepeat':
    case 'extendedRepeat':
    case 'sequences':
    case 'recentYears':
    case 'dates':
      return 'password_pattern';
    default:
      return 'password_weak';
  }
}
