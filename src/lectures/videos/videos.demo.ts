import { execFile } from 'node:child_process';
import { createReadStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import type { StaffPrincipal } from '../../platform/auth/staff.ts';
import { findActiveStaffForLogin } from '../../platform/auth/staff.repository.ts';
import { parseConfig } from '../../platform/config.ts';
import type { SeedDeps } from '../../platform/demo/seed.ts';
import { LocalFolderStorage } from './lecture-storage.ts';
import { mediaToolsPresent } from './media-probe.ts';
import { listQuestions } from '../board/board.repository.ts';
import { lectureIdByTitle, lectureOfDistrict, type QuestionLink } from './videos.repository.ts';
import { checkCaptionFile, createLectureFromUpload, lectureFolder, publishLecture, saveDetails, storeCaptions, type LectureDeps } from './videos.service.ts';
import type { LectureField } from './videos.messages.ts';

// The demo's lecture room (`npm start`): two short captioned lectures of
// Seocho-gu, published. The videos are made here, at the first start, by
// ffmpeg from its test sources (a moving test card and a tone, a few
// seconds, about 150 KB each) into the lecture storage folder, then go
// through the same upload path as a lecturer's file (ffprobe, poster
// frame). Without ffmpeg the demo starts anyway and says so.

const DEMO_DISTRICT = 'seocho';
const DEMO_LECTURER = 'seocho.lecturer';
const SECONDS = 8;

interface DemoLecture {
  title: string;
  summary: string;
  field: LectureField;
  tone: number;
  chapters: { title: string; startSeconds: number }[];
  /** questions of the board's demo (seeded before this step) this lecture answers, by title */
  questions: { title: string; atSeconds: number }[];
  ko: string;
  en: string;
}

export const DEMO_LECTURES: readonly DemoLecture[] = [
  {
    title: '재산세, 7월과 9월에 무엇을 내나요?',
    summary: '재산세 고지서가 7월과 9월에 나뉘어 오는 까닭과 납부 기한, 전자고지 신청 방법을 짧게 설명합니다.',
    field: 'property_tax',
    tone: 440,
    chapters: [{ title: '들어가며', startSeconds: 0 }, { title: '납부 기한과 전자고지', startSeconds: 4 }],
    questions: [{ title: '재산세 과세 기준일이 6월 1일인가요?', atSeconds: 2 }, { title: '재산세를 카드로 나눠 낼 수 있나요?', atSeconds: 4 }],
    ko: `WEBVTT

00:00:00.000 --> 00:00:02.000
안녕하세요. 서초구 세무 강의실입니다.

00:00:02.000 --> 00:00:04.000
재산세는 7월과 9월, 두 번에 나누어 냅니다.

00:00:04.000 --> 00:00:06.000
7월에는 주택분의 절반과 건축물분을 냅니다.

00:00:06.000 --> 00:00:07.900
전자고지를 신청하면 고지서를 휴대전화로 받습니다.
`,
    en: `WEBVTT

00:00:00.000 --> 00:00:02.000
Hello, and welcome to Seocho-gu's tax lecture room.

00:00:02.000 --> 00:00:04.000
Property tax is paid in two parts, in July and September.

00:00:04.000 --> 00:00:06.000
In July you pay half of the tax on a home, and the tax on other buildings.

00:00:06.000 --> 00:00:07.900
Apply for electronic notices to receive them on your phone.
`,
  },
  {
    title: '자동차세 연납으로 세금 줄이기',
    summary: '1월에 한 해 자동차세를 미리 내면 공제를 받습니다. 신청 시기와 방법을 알려 드립니다.',
    field: 'vehicle_tax',
    tone: 660,
    chapters: [{ title: '연납이란', startSeconds: 0 }, { title: '신청 시기', startSeconds: 5 }],
    questions: [{ title: '자동차세 연납은 언제 신청하나요?', atSeconds: 2 }, { title: '자동차를 팔면 남은 자동차세는 돌려받나요?', atSeconds: 5 }],
    ko: `WEBVTT

00:00:00.000 --> 00:00:02.500
자동차세는 6월과 12월에 냅니다.

00:00:02.500 --> 00:00:05.000
1월에 한 해 치를 미리 내면 세액의 일부를 공제받습니다.

00:00:05.000 --> 00:00:07.900
3월, 6월, 9월에도 남은 기간만큼 연납할 수 있습니다.
`,
    en: `WEBVTT

00:00:00.000 --> 00:00:02.500
Vehicle tax is due in June and December.

00:00:02.500 --> 00:00:05.000
Pay the whole year in advance in January and part of the tax is deducted.

00:00:05.000 --> 00:00:07.900
You can also prepay the rest of the year in March, June or September.
`,
  },
];

const run = promisify(execFile);

function say(deps: SeedDeps, message: string): void {
  if (deps.log) deps.log.warn(message);
  else console.warn(message);
}

/** The storage folder the server will use, from the same environment. */
function demoFolder(): string {
  const raw = parseConfig(process.env);
  return lectureFolder({ dataDir: resolve(raw.TAXSTATION_DATA_DIR), TAXSTATION_LECTURE_DIR: raw.TAXSTATION_LECTURE_DIR });
}

/** The board's published demo questions this lecture answers (none when the board's demo did not run). */
async function demoLinks(deps: SeedDeps, demo: DemoLecture): Promise<QuestionLink[]> {
  const { questions } = await listQuestions(deps.db, DEMO_DISTRICT, { state: 'published', sort: 'new', limit: 200, offset: 0 });
  return demo.questions.flatMap((want) => {
    const found = questions.find((q) => q.title === want.title);
    return found ? [{ questionId: found.id, atSeconds: want.atSeconds }] : [];
  });
}

/** Seeds the demo lectures into the given storage folder (the demo step passes the configured one; tests a temporary one). */
export async function seedDemoLecturesInto(deps: SeedDeps, folder: string): Promise<{ created: number; skipped?: 'no_district' | 'no_ffmpeg' }> {
  const staff = await findActiveStaffForLogin(deps.db, DEMO_LECTURER);
  if (!staff || staff.district_code !== DEMO_DISTRICT) return { created: 0, skipped: 'no_district' };
  const missing: DemoLecture[] = [];
  for (const lecture of DEMO_LECTURES) if ((await lectureIdByTitle(deps.db, DEMO_DISTRICT, lecture.title)) === null) missing.push(lecture);
  if (missing.length === 0) return { created: 0 };
  if (!(await mediaToolsPresent())) {
    say(deps, 'Demo: ffmpeg/ffprobe not found (apt-get install ffmpeg); the demo lecture videos are skipped and uploads are refused until it is installed.');
    return { created: 0, skipped: 'no_ffmpeg' };
  }
  const actor: StaffPrincipal = { id: Number(staff.id), username: DEMO_LECTURER, displayName: DEMO_LECTURER, role: 'lecturer', districtCode: DEMO_DISTRICT, districtName: { ko: '서초구', en: 'Seocho-gu' } };
  const lectureDeps: LectureDeps = { db: deps.db, log: deps.log ?? (console as unknown as LectureDeps['log']), clock: () => new Date(), storage: new LocalFolderStorage(folder), maxVideoBytes: 50 * 1024 ** 2 };
  const work = await mkdtemp(join(tmpdir(), 'taxstation-demo-lecture-'));
  let created = 0;
  try {
    for (const demo of missing) {
      const path = join(work, `demo-${demo.tone}.webm`);
      await run('ffmpeg', [
        '-v', 'error', '-nostdin', '-y',
        '-f', 'lavfi', '-i', `testsrc2=size=480x270:rate=15:duration=${SECONDS}`,
        '-f', 'lavfi', '-i', `sine=frequency=${demo.tone}:duration=${SECONDS}`,
        '-c:v', 'libvpx', '-b:v', '150k', '-deadline', 'realtime', '-cpu-used', '8', '-c:a', 'libopus', '-b:a', '24k', '-shortest', path,
      ], { timeout: 120_000 });
      const id = await createLectureFromUpload(lectureDeps, actor, { title: demo.title, summary: demo.summary, field: demo.field }, { stream: createReadStream(path), truncated: () => false });
      const lecture = (await lectureOfDistrict(deps.db, DEMO_DISTRICT, id))!;
      await saveDetails(lectureDeps, actor, lecture, { details: { title: demo.title, summary: demo.summary, field: demo.field }, chapters: demo.chapters, links: await demoLinks(deps, demo) });
      for (const [lang, text] of [['ko', demo.ko], ['en', demo.en]] as const) {
        const checked = checkCaptionFile(Buffer.from(text), lecture.durationMs);
        if (!checked.ok) throw new Error(`demo captions ${lang} of "${demo.title}": ${checked.error.messages.en}`);
        await storeCaptions(lectureDeps, actor, lecture, lang, checked);
      }
      await publishLecture(lectureDeps, actor, lecture, new Date());
      created++;
    }
  } finally {
    await rm(work, { recursive: true, force: true });
  }
  return { created };
}

/** The demo step (src/app/demo.ts). */
export async function seedDemoLectures(deps: SeedDeps): Promise<void> {
  try {
    await seedDemoLecturesInto(deps, demoFolder());
  } catch (error) {
    // the rest of the demo starts anyway
    say(deps, `Demo: the lecture videos could not be made: ${error instanceof Error ? error.message : String(error)}`);
  }
}
