import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Config } from '../../platform/config.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import type { StaffPrincipal } from '../../platform/auth/staff.ts';
import type { Database } from '../../platform/db/database.ts';
import { AppError, type FieldProblem } from '../../platform/errors.ts';
import type { AppDeps } from '../../platform/http/deps.ts';
import { formatNumber, type Locale } from '../../platform/i18n/i18n.ts';
import type { Logger } from '../../platform/logger.ts';
import { seoulDay } from '../../platform/time/seoul.ts';
import { LocalFolderStorage, type LectureStorage } from './lecture-storage.ts';
import { probeVideo, takePosterFrame } from './media-probe.ts';
import {
  captionsOf, countOnce, deleteLecture, insertLecture, lectureOfDistrict, replaceQuestionLinks, saveCaptions, setPublishAt, updateLectureDetails,
  type CaptionLang, type Chapter, type LectureRow, type QuestionLink,
} from './videos.repository.ts';
import { LECTURE_FIELDS, videosMessages } from './videos.messages.ts';
import { parseWebVtt, type VttProblem } from './webvtt.ts';

// Lecture videos: an upload becomes a draft lecture only when ffprobe reads
// it as an MP4 or WebM with a video stream browsers play and ffmpeg takes a
// poster frame from it; nothing is stored otherwise. Captions (WebVTT) are
// parsed before they are kept; a lecture is published only with Korean ones.

export interface LectureDeps {
  db: Database;
  log: Logger;
  clock: () => Date;
  storage: LectureStorage;
  maxVideoBytes: number;
}

/** The folder of the default storage: TAXSTATION_LECTURE_DIR, else <data dir>/lectures. */
export function lectureFolder(config: Pick<Config, 'dataDir' | 'TAXSTATION_LECTURE_DIR'>): string {
  return config.TAXSTATION_LECTURE_DIR ? resolve(config.TAXSTATION_LECTURE_DIR) : join(config.dataDir, 'lectures');
}

const storages = new Map<string, LectureStorage>();

export function lectureDepsFrom(app: AppDeps): LectureDeps {
  const folder = lectureFolder(app.config);
  let storage = storages.get(folder);
  if (!storage) storages.set(folder, (storage = new LocalFolderStorage(folder)));
  return {
    db: app.db,
    log: app.log,
    // read at each call: a test sets the clock on its server's deps after start
    clock: () => (app.clock ? app.clock() : new Date()),
    storage,
    maxVideoBytes: app.config.TAXSTATION_LECTURE_MAX_BYTES,
  };
}

export const CAPTION_MAX_BYTES = 1024 * 1024;

export function lectureError(status: number, key: Parameters<typeof videosMessages.both>[0], vars?: Record<string, string | number>, problems: FieldProblem[] = []): AppError {
  return new AppError(key, status, videosMessages.both(key, vars), problems);
}

/** 524288000 → "500 MB" (binary megabytes, as file managers count them). */
export function formatBytes(locale: Locale, bytes: number): string {
  if (bytes >= 1024 ** 3) return `${formatNumber(locale, Math.round((bytes / 1024 ** 3) * 10) / 10)} GB`;
  if (bytes >= 1024 ** 2) return `${formatNumber(locale, Math.round((bytes / 1024 ** 2) * 10) / 10)} MB`;
  return `${formatNumber(locale, Math.max(1, Math.round(bytes / 1024)))} KB`;
}

/** Seconds → "1:05" or "1:02:05". */
export function formatClock(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${rest}` : `${m}:${rest}`;
}

/** "1:05", "01:02:05", "75" (seconds) → seconds; null for anything else. */
export function parseClock(text: string): number | null {
  const m = /^(?:(?:(\d{1,2}):)?([0-5]?\d):)?([0-5]?\d|\d+)$/.exec(text.trim());
  if (!m) return null;
  if (m[2] === undefined) return Number(m[3]);
  if (Number(m[3]) > 59) return null;
  return (Number(m[1] ?? 0) * 60 + Number(m[2])) * 60 + Number(m[3]);
}

export const tooLarge = (maxBytes: number) =>
  new AppError('video_too_large', 413, { ko: videosMessages.t('ko', 'video_too_large', { limit: formatBytes('ko', maxBytes) }), en: videosMessages.t('en', 'video_too_large', { limit: formatBytes('en', maxBytes) }) }, [
    { field: 'video', reason: 'too_large' },
  ]);

export interface LectureDetailsInput {
  title: string;
  summary: string;
  field: string;
}

/** The title, summary and field as typed; each problem names its field. */
export function checkDetails(input: LectureDetailsInput): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const title = input.title.trim();
  if (title === '') problems.push({ field: 'title', reason: 'title_required' });
  else if ([...title].length > 200) problems.push({ field: 'title', reason: 'title_too_long' });
  if ([...input.summary.trim()].length > 2000) problems.push({ field: 'summary', reason: 'summary_too_long' });
  if (!(LECTURE_FIELDS as readonly string[]).includes(input.field)) problems.push({ field: 'field', reason: 'field_invalid' });
  return problems;
}

function keyPart(): string {
  return randomBytes(12).toString('base64url');
}

/**
 * A new draft lecture from an uploaded video: the bytes are streamed into a
 * temporary file (refused at the size limit), read by ffprobe, given a
 * poster frame by ffmpeg, then put into the storage and recorded. On any
 * refusal nothing is left behind.
 */
export async function createLectureFromUpload(
  deps: LectureDeps,
  actor: StaffPrincipal,
  details: LectureDetailsInput,
  file: { stream: Readable; truncated: () => boolean },
): Promise<number> {
  const work = await mkdtemp(join(tmpdir(), 'taxstation-lecture-'));
  const stored: string[] = [];
  try {
    const videoPath = join(work, 'upload');
    await pipeline(file.stream, createWriteStream(videoPath));
    const size = (await stat(videoPath)).size;
    if (file.truncated() || size > deps.maxVideoBytes) throw tooLarge(deps.maxVideoBytes);
    if (size === 0) throw lectureError(400, 'video_required', undefined, [{ field: 'video', reason: 'video_required' }]);

    const probe = await probeVideo(videoPath);
    if (!probe.ok) {
      deps.log.info({ reason: probe.reason, bytes: size }, 'lecture video refused');
      if (probe.reason === 'tools_missing') throw lectureError(503, 'tools_missing');
      if (probe.reason === 'codec_unsupported') {
        throw lectureError(415, 'codec_unsupported', { codec: probe.codec, container: probe.container === 'mp4' ? 'MP4' : 'WebM' }, [{ field: 'video', reason: 'codec_unsupported' }]);
      }
      throw lectureError(415, 'not_a_video', undefined, [{ field: 'video', reason: 'not_a_video' }]);
    }
    const facts = probe.facts;
    const posterPath = join(work, 'poster.jpg');
    let havePoster = true;
    try {
      await takePosterFrame(videoPath, posterPath, facts.durationMs);
      havePoster = (await stat(posterPath)).size > 0;
    } catch (error) {
      // a video ffprobe reads but ffmpeg cannot decode a frame of is not one
      deps.log.info({ err: error instanceof Error ? error.message : String(error) }, 'lecture poster frame failed');
      havePoster = false;
    }
    if (!havePoster) throw lectureError(415, 'not_a_video', undefined, [{ field: 'video', reason: 'not_a_video' }]);

    const base = `${actor.districtCode}/${keyPart()}`;
    const videoKey = `${base}.${facts.container}`;
    const posterKey = `${base}-poster.jpg`;
    await deps.storage.put(videoKey, createReadStream(videoPath));
    stored.push(videoKey);
    await deps.storage.put(posterKey, createReadStream(posterPath));
    stored.push(posterKey);

    const id = await deps.db.transaction(async (tx) => {
      const lectureId = await insertLecture(tx, {
        districtCode: actor.districtCode, title: details.title.trim(), summary: details.summary.trim(), field: details.field,
        videoKey, videoContentType: facts.contentType, videoCodec: facts.videoCodec, audioCodec: facts.audioCodec, videoBytes: size,
        durationMs: facts.durationMs, width: facts.width, height: facts.height, posterKey, createdBy: actor.id,
      });
      await recordAudit(tx, {
        districtCode: actor.districtCode, actor: { type: 'staff', id: String(actor.id) }, action: 'lecture.uploaded', entityType: 'lecture', entityId: String(lectureId),
        reason: 'lecture video uploaded', source: 'official', details: { container: facts.container, videoCodec: facts.videoCodec, durationMs: facts.durationMs, bytes: size },
      });
      return lectureId;
    });
    stored.length = 0;
    return id;
  } finally {
    for (const key of stored) await deps.storage.delete(key).catch(() => {});
    await rm(work, { recursive: true, force: true });
  }
}

export async function lectureForStaff(deps: LectureDeps, actor: StaffPrincipal, id: number): Promise<LectureRow> {
  const lecture = await lectureOfDistrict(deps.db, actor.districtCode, id);
  if (!lecture) throw lectureError(404, 'lecture_not_found');
  return lecture;
}

/** Chapters typed one per line, "m:ss Title"; each must start within the video. */
export function parseChapters(text: string, durationMs: number): { chapters: Chapter[] } | { problem: FieldProblem; key: 'chapters_invalid' | 'chapters_past_end'; line: number } {
  const chapters: Chapter[] = [];
  const lines = text.split(/\r\n|\r|\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === '') continue;
    const m = /^(\S+)\s+(.+)$/.exec(line);
    const start = m ? parseClock(m[1]!) : null;
    if (!m || start === null || [...m[2]!].length > 200) return { problem: { field: 'chapters', reason: 'chapters_invalid', line: i + 1 }, key: 'chapters_invalid', line: i + 1 };
    if (start * 1000 >= durationMs) return { problem: { field: 'chapters', reason: 'chapters_past_end', line: i + 1 }, key: 'chapters_past_end', line: i + 1 };
    chapters.push({ title: m[2]!.trim(), startSeconds: start });
  }
  chapters.sort((a, b) => a.startSeconds - b.startSeconds);
  return { chapters };
}

/** Question links typed one per line, "12 1:30" (the question's number, the time in the video). */
export function parseQuestionLinks(text: string, durationMs: number): { links: QuestionLink[] } | { key: 'questions_invalid' | 'questions_past_end'; line: number } {
  const links = new Map<number, QuestionLink>();
  const lines = text.split(/\r\n|\r|\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === '') continue;
    const m = /^#?([1-9]\d{0,14})\s+(\S+)$/.exec(line);
    const at = m ? parseClock(m[2]!) : null;
    if (!m || at === null) return { key: 'questions_invalid', line: i + 1 };
    if (at * 1000 >= durationMs) return { key: 'questions_past_end', line: i + 1 };
    links.set(Number(m[1]), { questionId: Number(m[1]), atSeconds: at });
  }
  return { links: [...links.values()].sort((a, b) => a.atSeconds - b.atSeconds) };
}

export async function saveDetails(
  deps: LectureDeps,
  actor: StaffPrincipal,
  lecture: LectureRow,
  d: { details: LectureDetailsInput; chapters: Chapter[]; links: QuestionLink[] },
): Promise<void> {
  await deps.db.transaction(async (tx) => {
    await updateLectureDetails(tx, actor.districtCode, lecture.id, { title: d.details.title.trim(), summary: d.details.summary.trim(), field: d.details.field, chapters: d.chapters });
    await replaceQuestionLinks(tx, lecture.id, d.links);
    await recordAudit(tx, {
      districtCode: actor.districtCode, actor: { type: 'staff', id: String(actor.id) }, action: 'lecture.details_saved', entityType: 'lecture', entityId: String(lecture.id),
      reason: 'details, chapters and answered questions saved', source: 'official', details: { chapters: d.chapters.length, questions: d.links.length },
    });
  });
}

export type CaptionCheck = { ok: true; vtt: string; cueCount: number } | { ok: false; error: AppError };

const VTT_REASON: Record<VttProblem, Parameters<typeof videosMessages.both>[0]> = {
  header_missing: 'vtt_header_missing',
  timing_expected: 'vtt_timing_expected',
  timestamp_invalid: 'vtt_timestamp_invalid',
  end_not_after_start: 'vtt_end_not_after_start',
  arrow_in_text: 'vtt_arrow_in_text',
  no_cues: 'vtt_no_cues',
};

/** A caption file's bytes checked: UTF-8, WebVTT that parses, cues within the video. */
export function checkCaptionFile(bytes: Buffer, durationMs: number): CaptionCheck {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return { ok: false, error: lectureError(400, 'captions_not_text', undefined, [{ field: 'captions', reason: 'captions_not_text' }]) };
  }
  const parsed = parseWebVtt(text);
  if (!parsed.ok) {
    const reason = VTT_REASON[parsed.problem];
    const error = new AppError('captions_invalid', 400, {
      ko: videosMessages.t('ko', 'captions_invalid', { line: parsed.line, reason: videosMessages.t('ko', reason) }),
      en: videosMessages.t('en', 'captions_invalid', { line: parsed.line, reason: videosMessages.t('en', reason) }),
    }, [{ field: 'captions', line: parsed.line, reason: parsed.problem }]);
    return { ok: false, error };
  }
  const late = parsed.cues.findIndex((c) => c.startMs >= durationMs);
  if (late >= 0) {
    // the line of that cue's timing: count from the text
    const line = lineOfCue(text, late);
    const duration = formatClock(durationMs / 1000);
    return { ok: false, error: lectureError(400, 'captions_past_end', { line, duration }, [{ field: 'captions', line, reason: 'captions_past_end' }]) };
  }
  return { ok: true, vtt: text.replace(/^\uFEFF/, ''), cueCount: parsed.cues.length };
}

function lineOfCue(text: string, index: number): number {
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  let seen = -1;
  for (let i = 0; i < lines.length; i++) {
    if (lines[i]!.includes('-->') && ++seen === index) return i + 1;
  }
  return lines.length;
}

export async function storeCaptions(deps: LectureDeps, actor: StaffPrincipal, lecture: LectureRow, lang: CaptionLang, checked: { vtt: string; cueCount: number }): Promise<void> {
  await deps.db.transaction(async (tx) => {
    await saveCaptions(tx, lecture.id, lang, checked.vtt, checked.cueCount);
    await recordAudit(tx, {
      districtCode: actor.districtCode, actor: { type: 'staff', id: String(actor.id) }, action: 'lecture.captions_saved', entityType: 'lecture', entityId: String(lecture.id),
      reason: 'captions uploaded', source: 'official', details: { lang, cues: checked.cueCount },
    });
  });
}

const KOREAN: CaptionLang = 'ko';

/** Publishes at `at` (now, or a future moment: scheduled); refused without Korean captions. */
export async function publishLecture(deps: LectureDeps, actor: StaffPrincipal, lecture: LectureRow, at: Date): Promise<void> {
  const captions = await captionsOf(deps.db, lecture.id);
  if (!captions.some((c) => c.lang === KOREAN)) throw lectureError(409, 'captions_ko_required');
  await deps.db.transaction(async (tx) => {
    await setPublishAt(tx, actor.districtCode, lecture.id, at);
    await recordAudit(tx, {
      districtCode: actor.districtCode, actor: { type: 'staff', id: String(actor.id) }, action: 'lecture.published', entityType: 'lecture', entityId: String(lecture.id),
      reason: at > deps.clock() ? 'publication scheduled' : 'published', source: 'official', details: { publishAt: at.toISOString() },
    });
  });
}

export async function unpublishLecture(deps: LectureDeps, actor: StaffPrincipal, lecture: LectureRow): Promise<void> {
  await deps.db.transaction(async (tx) => {
    await setPublishAt(tx, actor.districtCode, lecture.id, null);
    await recordAudit(tx, {
      districtCode: actor.districtCode, actor: { type: 'staff', id: String(actor.id) }, action: 'lecture.withdrawn', entityType: 'lecture', entityId: String(lecture.id),
      reason: 'publication withdrawn', source: 'official',
    });
  });
}

export async function removeLecture(deps: LectureDeps, actor: StaffPrincipal, lecture: LectureRow): Promise<void> {
  const keys = await deps.db.transaction(async (tx) => {
    const gone = await deleteLecture(tx, actor.districtCode, lecture.id);
    await recordAudit(tx, {
      districtCode: actor.districtCode, actor: { type: 'staff', id: String(actor.id) }, action: 'lecture.deleted', entityType: 'lecture', entityId: String(lecture.id),
      reason: 'lecture deleted', source: 'official', details: { title: lecture.title },
    });
    return gone;
  });
  if (keys) {
    await deps.storage.delete(keys.videoKey);
    if (keys.posterKey) await deps.storage.delete(keys.posterKey);
  }
}

/** Whether residents see it at `now`. */
export function isPublished(lecture: Pick<LectureRow, 'publishAt'>, now: Date): boolean {
  return lecture.publishAt !== null && lecture.publishAt <= now;
}

/**
 * A view (playback started) or a completion (90 % reached), once per browser
 * tab and day: the page's random per-tab id is hashed with the lecture, the
 * kind and the day, and only that hash is kept (until the day after next).
 * No address, cookie or account is read.
 */
export async function countPlayback(deps: LectureDeps, lecture: LectureRow, kind: 'view' | 'completion', tabId: string): Promise<boolean> {
  const day = seoulDay(deps.clock());
  const mark = createHash('sha256').update(`lecture-count\n${lecture.id}\n${kind}\n${day}\n${tabId}`).digest();
  return countOnce(deps.db, { lectureId: lecture.id, day, kind, mark });
}
