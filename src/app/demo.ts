import type { DemoLogin, DemoSeedStep } from '../platform/demo/seed.ts';
import { seedDemoRolls } from '../notices/demo/demo-roll.ts';
import { demoExpertLogins, seedDemoConsultations } from '../consultations/demo/demo-consultations.ts';
import { seedDemoInPersonAndSessions } from '../consultations/demo/demo-in-person-and-sessions.ts';
import { demoVideoRoom, seedDemoVideoRoom } from '../consultations/demo/demo-video-room.ts';
import type { SeedDeps } from '../platform/demo/seed.ts';
import { seedDemoBooths } from '../guide/booths/booths.demo.ts';
import { seedDemoLectures } from '../lectures/videos/videos.demo.ts';
import { seedDemoBoard } from '../lectures/board/board.demo.ts';
import { seedDemoRefunds } from '../guide/refund-applications/refund.demo.ts';
import { seedDemoCannedAnswers } from '../desk/canned-answers/canned-answers.demo.ts';
import { seedDemoPaymentBanks } from '../notices/payment-page/payment-settings.demo.ts';

// What `serve --demo` seeds after the districts and their staff, in order.
// A domain with demo data of its own adds its step here.

export const demoSeedSteps: readonly DemoSeedStep[] = [seedDemoRolls, seedDemoConsultations, seedDemoInPersonAndSessions, seedDemoVideoRoom, seedDemoBoard, seedDemoLectures, seedDemoBooths, seedDemoRefunds, seedDemoCannedAnswers, seedDemoPaymentBanks];

/** Accounts the domains' demo steps add, printed after the platform's demo logins. */
export const demoExtraLogins: readonly DemoLogin[] = [...demoExpertLogins];

/** Lines `serve --demo` prints after the logins: where to see what needs two people at once. */
export async function demoStartLines(deps: SeedDeps, baseUrl: string): Promise<string[]> {
  const room = await demoVideoRoom(deps);
  const url = (path: string) => new URL(path, baseUrl).href;
  return [
    ...(room
      ? [
          'Video consultation, open now (two browsers or two devices, camera and microphone):',
          `  resident: ${url(`/r/video/${room.token}`)}`,
          `  expert:   sign in as seocho.expert, then ${url(`/console/video/${room.bookingId}`)}`,
        ]
      : []),
    'Local-tax guide of Seocho-gu (calendar, refunds, booths, FAQ, search, booklet, lectures, question board):',
    `  resident: ${url('/r/guide/seocho')}`,
    `  staff:    sign in as seocho.official for refund applications (${url('/console/guide/refunds')}) and the question board; as seocho.lecturer for lecture videos`,
  ];
}
