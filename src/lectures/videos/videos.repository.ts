import type { Queryable } from '../../platform/db/database.ts';

// Lecture videos: the only SQL of the feature. Every read and write of a
// lecture by staff names the district; residents read published ones only
// (publish_at reached by the injected clock, passed in as `now`).

export type CaptionLang = 'ko' | 'en';

export interface Chapter {
  title: string;
  startSeconds: number;
}

export interface LectureRow {
  id: number;
  districtCode: string;
  districtName: { ko: string; en: string };
  title: string;
  summary: string;
  field: string;
  chapters: Chapter[];
  videoKey: string;
  videoContentType: 'video/mp4' | 'video/webm';
  videoCodec: string;
  audioCodec: string | null;
  videoBytes: number;
  durationMs: number;
  width: number | null;
  height: number | null;
  posterKey: string | null;
  publishAt: Date | null;
  createdAt: Date;
  /** languages of its captions */
  captionLangs: CaptionLang[];
}

export interface LectureListRow extends LectureRow {
  views: number;
  completions: number;
}

interface DbLecture {
  id: string | number;
  district_code: string;
  name_ko: string;
  name_en: string;
  title: string;
  summary: string;
  field: string;
  chapters: Chapter[] | string;
  video_key: string;
  video_content_type: 'video/mp4' | 'video/webm';
  video_codec: string;
  audio_codec: string | null;
  video_bytes: string | number;
  duration_ms: number;
  width: number | null;
  height: number | null;
  poster_key: string | null;
  publish_at: Date | string | null;
  created_at: Date | string;
  caption_langs: CaptionLang[] | null;
  views?: number;
  completions?: number;
}

const SELECT = `SELECT l.id, l.district_code, d.name_ko, d.name_en, l.title, l.summary, l.field, l.chapters, l.video_key, l.video_content_type,
  l.video_codec, l.audio_codec, l.video_bytes, l.duration_ms, l.width, l.height, l.poster_key, l.publish_at, l.created_at,
  (SELECT array_agg(c.lang ORDER BY c.lang DESC) FROM lecture_captions c WHERE c.lecture_id = l.id) AS caption_langs`;

function toRow(r: DbLecture): LectureRow {
  return {
    id: Number(r.id),
    districtCode: r.district_code,
    districtName: { ko: r.name_ko, en: r.name_en },
    title: r.title,
    summary: r.summary,
    field: r.field,
    chapters: typeof r.chapters === 'string' ? (JSON.parse(r.chapters) as Chapter[]) : r.chapters,
    videoKey: r.video_key,
    videoContentType: r.video_content_type,
    videoCodec: r.video_codec,
    audioCodec: r.audio_codec,
    videoBytes: Number(r.video_bytes),
    durationMs: r.duration_ms,
    width: r.width,
    height: r.height,
    posterKey: r.poster_key,
    publishAt: r.publish_at === null ? null : new Date(r.publish_at),
    createdAt: new Date(r.created_at),
    captionLangs: r.caption_langs ?? [],
  };
}

export type NewLecture = Pick<
  LectureRow,
  'districtCode' | 'title' | 'summary' | 'field' | 'videoKey' | 'videoContentType' | 'videoCodec' | 'audioCodec' | 'videoBytes' | 'durationMs' | 'width' | 'height' | 'posterKey'
> & { createdBy: number | null };

export async function insertLecture(q: Queryable, l: NewLecture): Promise<number> {
  const { rows } = await q.query<{ id: string }>(
    `INSERT INTO lectures (district_code, title, summary, field, video_key, video_content_type, video_codec, audio_codec, video_bytes, duration_ms, width, height, poster_key, created_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING id`,
    [l.districtCode, l.title, l.summary, l.field, l.videoKey, l.videoContentType, l.videoCodec, l.audioCodec, l.videoBytes, l.durationMs, l.width, l.height, l.posterKey, l.createdBy],
  );
  return Number(rows[0]!.id);
}

/** A lecture of the district, whatever its state; null when absent or another district's. */
export async function lectureOfDistrict(q: Queryable, districtCode: string, id: number): Promise<LectureRow | null> {
  const { rows } = await q.query<DbLecture>(`${SELECT} FROM lectures l JOIN districts d ON d.code = l.district_code WHERE l.id = $1 AND l.district_code = $2`, [id, districtCode]);
  return rows[0] ? toRow(rows[0]) : null;
}

/** A lecture residents may watch at `now`; null otherwise. */
export async function publishedLecture(q: Queryable, id: number, now: Date): Promise<LectureRow | null> {
  const { rows } = await q.query<DbLecture>(`${SELECT} FROM lectures l JOIN districts d ON d.code = l.district_code WHERE l.id = $1 AND l.publish_at <= $2`, [id, now]);
  return rows[0] ? toRow(rows[0]) : null;
}

/** Any lecture by id (the media routes then decide who may see it). */
export async function lectureById(q: Queryable, id: number): Promise<LectureRow | null> {
  const { rows } = await q.query<DbLecture>(`${SELECT} FROM lectures l JOIN districts d ON d.code = l.district_code WHERE l.id = $1`, [id]);
  return rows[0] ? toRow(rows[0]) : null;
}

/** The district's lectures, newest first, with their counts over all days. */
export async function districtLectures(q: Queryable, districtCode: string): Promise<LectureListRow[]> {
  const { rows } = await q.query<DbLecture>(
    `${SELECT}, COALESCE(c.views, 0)::int AS views, COALESCE(c.completions, 0)::int AS completions
     FROM lectures l JOIN districts d ON d.code = l.district_code
     LEFT JOIN (SELECT lecture_id, sum(views) AS views, sum(completions) AS completions FROM lecture_daily_counts GROUP BY lecture_id) c ON c.lecture_id = l.id
     WHERE l.district_code = $1 ORDER BY l.created_at DESC, l.id DESC`,
    [districtCode],
  );
  return rows.map((r) => ({ ...toRow(r), views: r.views ?? 0, completions: r.completions ?? 0 }));
}

/** Lectures residents may watch at `now`, newest publication first; optionally one district's. */
export async function publishedLectures(q: Queryable, now: Date, districtCode?: string): Promise<LectureRow[]> {
  const { rows } = await q.query<DbLecture>(
    `${SELECT} FROM lectures l JOIN districts d ON d.code = l.district_code
     WHERE l.publish_at <= $1 AND ($2::text IS NULL OR l.district_code = $2) ORDER BY l.publish_at DESC, l.id DESC`,
    [now, districtCode ?? null],
  );
  return rows.map(toRow);
}

export async function updateLectureDetails(
  q: Queryable,
  districtCode: string,
  id: number,
  d: { title: string; summary: string; field: string; chapters: Chapter[] },
): Promise<boolean> {
  const { rowCount } = await q.query(
    `UPDATE lectures SET title = $3, summary = $4, field = $5, chapters = $6::jsonb, updated_at = now() WHERE id = $1 AND district_code = $2`,
    [id, districtCode, d.title, d.summary, d.field, JSON.stringify(d.chapters)],
  );
  return rowCount > 0;
}

/** Sets (or with null clears) when residents see the lecture. */
export async function setPublishAt(q: Queryable, districtCode: string, id: number, at: Date | null): Promise<boolean> {
  const { rowCount } = await q.query('UPDATE lectures SET publish_at = $3, updated_at = now() WHERE id = $1 AND district_code = $2', [id, districtCode, at]);
  return rowCount > 0;
}

/** Deletes the lecture (captions, links and counts with it); answers its storage keys. */
export async function deleteLecture(q: Queryable, districtCode: string, id: number): Promise<{ videoKey: string; posterKey: string | null } | null> {
  const { rows } = await q.query<{ video_key: string; poster_key: string | null }>(
    'DELETE FROM lectures WHERE id = $1 AND district_code = $2 RETURNING video_key, poster_key',
    [id, districtCode],
  );
  return rows[0] ? { videoKey: rows[0].video_key, posterKey: rows[0].poster_key } : null;
}

export async function saveCaptions(q: Queryable, lectureId: number, lang: CaptionLang, vtt: string, cueCount: number): Promise<void> {
  await q.query(
    `INSERT INTO lecture_captions (lecture_id, lang, vtt, cue_count) VALUES ($1, $2, $3, $4)
     ON CONFLICT (lecture_id, lang) DO UPDATE SET vtt = EXCLUDED.vtt, cue_count = EXCLUDED.cue_count, updated_at = now()`,
    [lectureId, lang, vtt, cueCount],
  );
}

export async function captionsOf(q: Queryable, lectureId: number): Promise<{ lang: CaptionLang; vtt: string; cueCount: number }[]> {
  const { rows } = await q.query<{ lang: CaptionLang; vtt: string; cue_count: number }>(
    'SELECT lang, vtt, cue_count FROM lecture_captions WHERE lecture_id = $1 ORDER BY lang DESC',
    [lectureId],
  );
  return rows.map((r) => ({ lang: r.lang, vtt: r.vtt, cueCount: r.cue_count }));
}

export interface QuestionLink {
  questionId: number;
  atSeconds: number;
}

export async function replaceQuestionLinks(q: Queryable, lectureId: number, links: readonly QuestionLink[]): Promise<void> {
  await q.query('DELETE FROM lecture_question_links WHERE lecture_id = $1', [lectureId]);
  for (const link of links) {
    await q.query('INSERT INTO lecture_question_links (lecture_id, question_id, at_seconds) VALUES ($1, $2, $3)', [lectureId, link.questionId, link.atSeconds]);
  }
}

export async function questionLinksOf(q: Queryable, lectureId: number): Promise<QuestionLink[]> {
  const { rows } = await q.query<{ question_id: string; at_seconds: number }>(
    'SELECT question_id, at_seconds FROM lecture_question_links WHERE lecture_id = $1 ORDER BY at_seconds, question_id',
    [lectureId],
  );
  return rows.map((r) => ({ questionId: Number(r.question_id), atSeconds: r.at_seconds }));
}

/**
 * Counts a view or a completion once per mark (a hash of the tab's random id,
 * the lecture, the kind and the day): true when it was counted now. Marks of
 * days before yesterday are dropped on the way.
 */
export async function countOnce(q: Queryable, o: { lectureId: number; day: string; kind: 'view' | 'completion'; mark: Buffer }): Promise<boolean> {
  await q.query("DELETE FROM lecture_count_marks WHERE day < $1::date - 1", [o.day]);
  const { rowCount } = await q.query('INSERT INTO lecture_count_marks (mark, day) VALUES ($1, $2) ON CONFLICT (mark) DO NOTHING', [o.mark, o.day]);
  if (rowCount === 0) return false;
  const column = o.kind === 'view' ? 'views' : 'completions';
  await q.query(
    `INSERT INTO lecture_daily_counts (lecture_id, day, ${column}) VALUES ($1, $2, 1)
     ON CONFLICT (lecture_id, day) DO UPDATE SET ${column} = lecture_daily_counts.${column} + 1`,
    [o.lectureId, o.day],
  );
  return true;
}

export async function dailyCounts(q: Queryable, lectureId: number): Promise<{ day: string; views: number; completions: number }[]> {
  const { rows } = await q.query<{ day: string; views: number; completions: number }>(
    "SELECT to_char(day, 'YYYY-MM-DD') AS day, views, completions FROM lecture_daily_counts WHERE lecture_id = $1 ORDER BY day",
    [lectureId],
  );
  return rows;
}

/** The district's lecture of this exact title (the demo seeds by title); null when there is none. */
export async function lectureIdByTitle(q: Queryable, districtCode: string, title: string): Promise<number | null> {
  const { rows } = await q.query<{ id: string }>('SELECT id FROM lectures WHERE district_code = $1 AND title = $2 ORDER BY id LIMIT 1', [districtCode, title]);
  return rows[0] ? Number(rows[0].id) : null;
}
