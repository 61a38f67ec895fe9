import type { DemoLogin, DemoSeedStep } from '../platform/demo/seed.ts';
import { seedDemoRolls } from '../notices/demo/demo-roll.ts';
import { demoExpertLogins, seedDemoConsultations } from '../consultations/demo/demo-consultations.ts';
import { seedDemoInPersonAndSessions } from '../consultations/demo/demo-in-person-and-sessions.ts';

// What `serve --demo` seeds after the districts and their staff, in order.
// A domain with demo data of its own adds its step here.

export const demoSeedSteps: readonly DemoSeedStep[] = [seedDemoRolls, seedDemoConsultations, seedDemoInPersonAndSessions];

/** Accounts the domains' demo steps add, printed after the platform's demo logins. */
export const demoExtraLogins: readonly DemoLogin[] = [...demoExpertLogins];
