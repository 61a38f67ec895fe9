import { once } from 'node:events';
import type { MultipartFile } from '@fastify/multipart';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { CSRF_FIELD, guard, loadStaff, verifyCsrf } from '../../platform/auth/auth.guard.ts';
import { AppError, tooManyRequests } from '../../platform/errors.ts';
import { hitRateLimits } from '../../platform/rate-limit/window-counters.ts';
import { makeProblem, problemSchema } from '../../platform/http/problem.ts';
import type { RoutePlugin } from '../../platform/http/routes.ts';
import type { Locale } from '../../platform/i18n/i18n.ts';
import type { FieldError } from '../../platform/web/components.ts';
import { parseSeoulDateTime } from '../../platform/time/seoul.ts';
import { boardQuestions } from './board-questions.ts';
import { decideRange } from './byte-range.ts';
import type { LectureStorage } from './lecture-storage.ts';
import { captionsOf, districtLectures, lectureById, publishedLectures, questionLinksOf, type CaptionLang, type LectureRow } from './videos.repository.ts';
import {
  CAPTION_MAX_BYTES, checkCaptionFile, checkDetails, countPlayback, createLectureFromUpload, isPublished, lectureDepsFrom, lectureError, lectureForStaff,
  parseChapters, parseQuestionLinks, publishLecture, removeLecture, saveDetails, storeCaptions, tooLarge, unpublishLecture, type LectureDeps,
} from './videos.service.ts';
import { chaptersText, CONSOLE_LECTURES_PATH, consoleLectureListPage, consoleLecturePage, consoleLecturePath, questionsText, type EditForm, type UploadForm } from './videos.console.view.ts';
import { durationText, lectureListPage, lecturePlayerPage, LECTURES_PATH } from './videos.resident.view.ts';
import { LECTURE_FIELDS, videosMessages } from './videos.messages.ts';
import { parseWebVtt, type Cue } from './webvtt.ts';

// Lecture videos over HTTP.
//   console (lecturers, officials, administrators of the district):
//     GET  /console/lectures                 list and upload form
//     POST /console/lectures                 upload (multipart: _csrf, title, summary, field, then the file "video")
//     GET  /console/lectures/:id             details, chapters, questions, captions, publication
//     POST /console/lectures/:id             details, chapters and questions
//     POST /console/lectures/:id/captions    a WebVTT file (multipart: _csrf, lang, then the file "captions")
//     POST /console/lectures/:id/publish     now, or scheduled (publishAt, Seoul time)
//     POST /console/lectures/:id/unpublish | /delete
//   residents (published lectures; staff of the district also see drafts):
//     GET  /r/lectures, /r/lectures/:id      the list by field and the player
//     GET  /r/lectures/:id/video             the video, with HTTP range requests
//     GET  /r/lectures/:id/poster.jpg, /r/lectures/:id/captions/{ko,en}.vtt
//     POST /r/lectures/:id/events            a view or completion, counted without personal data

const ROLES = ['lecturer', 'tax_official', 'admin'] as const;
const HTML = 'text/html; charset=utf-8';
const FRAMING_BYTES = 64 * 1024;

const langQuery = z.object({ lang: z.enum(['ko', 'en']).optional(), done: z.string().max(20).optional() });
const idParams = z.object({ id: z.string().max(20) });
const captionLang = z.enum(['ko', 'en'] satisfies CaptionLang[]);

function idOf(raw: string): number {
  return /^[1-9]\d{0,15}$/.test(raw) ? Number(raw) : 0;
}

const DONE = { uploaded: 'uploaded', saved: 'saved', captions: 'captions_saved', published: 'published_now', scheduled: 'scheduled', unpublished: 'unpublished', deleted: 'deleted' } as const;
function flashOf(locale: Locale, done: string | undefined): string | undefined {
  return done && done in DONE ? videosMessages.t(locale, DONE[done as keyof typeof DONE]) : undefined;
}

const wantsJson = (request: FastifyRequest) => /application\/json/.test(String(request.headers.accept ?? ''));

/** An AppError's problems as the page's error summary entries (its message, tied to each field named). */
function fieldErrors(locale: Locale, error: AppError, fallbackField: string): FieldError[] {
  const fields = [...new Set(error.problems.map((p) => p.field))];
  return (fields.length ? fields : [fallbackField]).map((field) => ({ field, message: error.localized(locale) }));
}

function fieldValue(part: MultipartFile | undefined, name: string): string {
  const field = part?.fields[name];
  return field && !Array.isArray(field) && field.type === 'field' ? String(field.value) : '';
}

/** The one file of a console upload with its fields before it; the CSRF token is checked before the file is read. */
async function takeFile(request: FastifyRequest, fileSize: number): Promise<MultipartFile | undefined> {
  if (!request.isMultipart()) throw lectureError(415, 'not_multipart');
  const part = await request.file({ limits: { fileSize, files: 1, fields: 8, fieldSize: 16 * 1024, parts: 10 }, throwFileSizeLimit: false });
  if (request.csrfDeferred) {
    try {
      verifyCsrf(request, fieldValue(part, CSRF_FIELD));
    } catch (error) {
      part?.file.resume();
      throw error;
    }
    request.csrfDeferred = false;
  }
  return part;
}

async function drain(part: MultipartFile | undefined): Promise<void> {
  if (!part || part.file.readableEnded) return;
  part.file.resume();
  await once(part.file, 'end');
}

/**
 * Sends a stored file with HTTP range requests (see byte-range.ts for what
 * each Range header gets), Accept-Ranges, ETag and Last-Modified; a
 * conditional GET with a matching ETag gets 304.
 */
async function sendStored(request: FastifyRequest, reply: FastifyReply, storage: LectureStorage, key: string, contentType: string, cache: string): Promise<FastifyReply> {
  const object = await storage.stat(key);
  if (!object) throw lectureError(404, 'file_not_found');
  reply.header('accept-ranges', 'bytes');
  reply.header('etag', object.etag);
  reply.header('last-modified', object.modified.toUTCString());
  reply.header('cache-control', cache);
  reply.header('content-disposition', 'inline');
  let range = request.headers.range;
  const ifRange = request.headers['if-range'];
  if (range !== undefined && ifRange !== undefined && ifRange !== object.etag) range = undefined;
  if (range === undefined && request.headers['if-none-match'] === object.etag) return reply.code(304).send();
  const decision = decideRange(range, object.size);
  if (decision.kind === 'unsatisfiable') {
    reply.header('content-range', `bytes */${object.size}`);
    const problem = makeProblem(request.locale, 'range_unsatisfiable', 416, videosMessages.t(request.locale, 'range_unsatisfiable'));
    return reply.code(416).type('application/problem+json; charset=utf-8').send(JSON.stringify(problem));
  }
  reply.type(contentType);
  if (decision.kind === 'partial') {
    reply.code(206);
    reply.header('content-range', `bytes ${decision.start}-${decision.end}/${object.size}`);
    reply.header('content-length', String(decision.end - decision.start + 1));
    return reply.send(storage.stream(key, decision));
  }
  reply.header('content-length', String(object.size));
  return reply.send(storage.stream(key));
}

/** Playback reports (views and completions) a client address may send in 10 minutes. */
export const PLAYBACK_REPORTS_PER_ADDRESS = 60;

export const lectureVideoRoutes: RoutePlugin = async (app, appDeps) => {
  const deps: LectureDeps = lectureDepsFrom(appDeps);

  // ---- console -------------------------------------------------------------

  const listPage = async (request: FastifyRequest, o: { form?: UploadForm; errors?: FieldError[]; flash?: string } = {}) =>
    consoleLectureListPage(request, { lectures: await districtLectures(deps.db, request.staff!.districtCode), now: deps.clock(), maxBytes: deps.maxVideoBytes, ...o });

  const editForm = async (lecture: LectureRow): Promise<EditForm> => ({
    title: lecture.title,
    summary: lecture.summary,
    field: lecture.field,
    chapters: chaptersText(lecture),
    questions: questionsText(await questionLinksOf(deps.db, lecture.id)),
    publishAt: '',
  });

  const editPage = async (request: FastifyRequest, lecture: LectureRow, o: { form?: Partial<EditForm>; errors?: FieldError[]; flash?: string } = {}) =>
    consoleLecturePage(request, {
      lecture,
      captions: (await captionsOf(deps.db, lecture.id)).map((c) => ({ lang: c.lang, cueCount: c.cueCount })),
      form: { ...(await editForm(lecture)), ...o.form },
      now: deps.clock(),
      errors: o.errors,
      flash: o.flash,
    });

  const done = (reply: FastifyReply, request: FastifyRequest, path: string, what: keyof typeof DONE) => reply.redirect(`${path}?lang=${request.locale}&done=${what}`, 303);

  app.get(CONSOLE_LECTURES_PATH, { schema: { hide: true, querystring: langQuery }, preValidation: guard(ROLES) }, async (request, reply) => {
    return reply.type(HTML).send(await listPage(request, { flash: flashOf(request.locale, request.query.done) }));
  });

  app.post(
    CONSOLE_LECTURES_PATH,
    {
      config: {
        openapiBody: {
          type: 'object',
          required: ['title', 'field', 'video'],
          properties: { _csrf: { type: 'string' }, title: { type: 'string' }, summary: { type: 'string' }, field: { type: 'string', enum: [...LECTURE_FIELDS] }, video: { type: 'string', format: 'binary' } },
        },
      },
      schema: {
        tags: ['lectures'],
        summary: 'Uploads a lecture video (MP4 or WebM, read by ffprobe) as a draft lecture of the district; fields before the file',
        consumes: ['multipart/form-data'],
        querystring: langQuery,
      },
      preValidation: guard(ROLES),
    },
    async (request, reply) => {
      const staff = request.staff!;
      let form: UploadForm | undefined;
      try {
        if (Number(request.headers['content-length'] ?? 0) > deps.maxVideoBytes + FRAMING_BYTES) throw tooLarge(deps.maxVideoBytes);
        const part = await takeFile(request, deps.maxVideoBytes);
        form = { title: fieldValue(part, 'title'), summary: fieldValue(part, 'summary'), field: fieldValue(part, 'field') };
        const problems = checkDetails(form);
        if (problems.length) {
          await drain(part);
          const first = problems[0]!;
          throw new AppError(first.reason, 400, videosMessages.both(first.reason as Parameters<typeof videosMessages.both>[0]), problems);
        }
        if (!part || part.fieldname !== 'video') {
          await drain(part);
          throw lectureError(400, 'video_required', undefined, [{ field: 'video', reason: 'video_required' }]);
        }
        const id = await createLectureFromUpload(deps, staff, form, { stream: part.file, truncated: () => part.file.truncated });
        const location = `${consoleLecturePath(id)}?lang=${request.locale}&done=uploaded`;
        if (wantsJson(request)) return reply.code(201).send({ id, location });
        return reply.redirect(location, 303);
      } catch (error) {
        if (!(error instanceof AppError) || wantsJson(request) || error.code === 'csrf_failed') throw error;
        const errors = error.problems.length > 1
          ? error.problems.map((p) => ({ field: p.field, message: videosMessages.t(request.locale, p.reason as Parameters<typeof videosMessages.t>[1]) }))
          : fieldErrors(request.locale, error, 'video');
        return reply.code(error.status).type(HTML).send(await listPage(request, { form, errors }));
      }
    },
  );

  app.get(`${CONSOLE_LECTURES_PATH}/:id`, { schema: { hide: true, params: idParams, querystring: langQuery }, preValidation: guard(ROLES) }, async (request, reply) => {
    const lecture = await lectureForStaff(deps, request.staff!, idOf(request.params.id));
    return reply.type(HTML).send(await editPage(request, lecture, { flash: flashOf(request.locale, request.query.done) }));
  });

  const detailsBody = z.object({
    title: z.string().max(2000).default(''),
    summary: z.string().max(20000).default(''),
    field: z.string().max(50).default(''),
    chapters: z.string().max(20000).default(''),
    questions: z.string().max(20000).default(''),
  }).passthrough();

  app.post(`${CONSOLE_LECTURES_PATH}/:id`, { schema: { hide: true, params: idParams, querystring: langQuery, body: detailsBody }, preValidation: guard(ROLES) }, async (request, reply) => {
    const staff = request.staff!;
    const lecture = await lectureForStaff(deps, staff, idOf(request.params.id));
    const b = request.body;
    const locale = request.locale;
    const errors: FieldError[] = checkDetails(b).map((p) => ({ field: p.field, message: videosMessages.t(locale, p.reason as Parameters<typeof videosMessages.t>[1]) }));
    const duration = durationText(lecture.durationMs);
    const chapters = parseChapters(b.chapters, lecture.durationMs);
    if ('key' in chapters) errors.push({ field: 'chapters', message: videosMessages.t(locale, chapters.key, { line: chapters.line, duration }) });
    const links = parseQuestionLinks(b.questions, lecture.durationMs);
    if ('key' in links) errors.push({ field: 'questions', message: videosMessages.t(locale, links.key, { line: links.line, duration }) });
    if (errors.length || 'key' in chapters || 'key' in links) {
      return reply.code(400).type(HTML).send(await editPage(request, lecture, { form: { title: b.title, summary: b.summary, field: b.field, chapters: b.chapters, questions: b.questions }, errors }));
    }
    await saveDetails(deps, staff, lecture, { details: b, chapters: chapters.chapters, links: links.links });
    return done(reply, request, consoleLecturePath(lecture.id), 'saved');
  });

  app.post(
    `${CONSOLE_LECTURES_PATH}/:id/captions`,
    {
      config: { openapiBody: { type: 'object', required: ['lang', 'captions'], properties: { _csrf: { type: 'string' }, lang: { type: 'string', enum: ['ko', 'en'] }, captions: { type: 'string', format: 'binary' } } } },
      schema: {
        tags: ['lectures'],
        summary: "Stores a lecture's captions in one language (WebVTT, at most 1 MB; a file that does not parse is refused naming its line)",
        consumes: ['multipart/form-data'],
        params: idParams,
        querystring: langQuery,
      },
      preValidation: guard(ROLES),
    },
    async (request, reply) => {
      const staff = request.staff!;
      const lecture = await lectureForStaff(deps, staff, idOf(request.params.id));
      try {
        const part = await takeFile(request, CAPTION_MAX_BYTES);
        const lang = captionLang.safeParse(fieldValue(part, 'lang')).data;
        if (!lang) {
          await drain(part);
          throw lectureError(400, 'captions_lang_invalid', undefined, [{ field: 'captions-lang-ko', reason: 'captions_lang_invalid' }]);
        }
        if (!part || part.fieldname !== 'captions') {
          await drain(part);
          throw lectureError(400, 'captions_required', undefined, [{ field: 'captions', reason: 'captions_required' }]);
        }
        const bytes = await part.toBuffer().catch(() => null);
        if (bytes === null || part.file.truncated) throw lectureError(413, 'captions_too_large', undefined, [{ field: 'captions', reason: 'captions_too_large' }]);
        if (bytes.length === 0) throw lectureError(400, 'captions_required', undefined, [{ field: 'captions', reason: 'captions_required' }]);
        const checked = checkCaptionFile(bytes, lecture.durationMs);
        if (!checked.ok) throw checked.error;
        await storeCaptions(deps, staff, lecture, lang, checked);
        return done(reply, request, consoleLecturePath(lecture.id), 'captions');
      } catch (error) {
        if (!(error instanceof AppError) || wantsJson(request) || error.code === 'csrf_failed') throw error;
        return reply.code(error.status).type(HTML).send(await editPage(request, lecture, { errors: fieldErrors(request.locale, error, 'captions') }));
      }
    },
  );

  const publishBody = z.object({ when: z.enum(['now', 'schedule']).default('now'), publishAt: z.string().max(40).default('') }).passthrough();
  app.post(`${CONSOLE_LECTURES_PATH}/:id/publish`, { schema: { hide: true, params: idParams, querystring: langQuery, body: publishBody }, preValidation: guard(ROLES) }, async (request, reply) => {
    const staff = request.staff!;
    const lecture = await lectureForStaff(deps, staff, idOf(request.params.id));
    const now = deps.clock();
    let at = now;
    if (request.body.when === 'schedule') {
      const parsed = parseSeoulDateTime(request.body.publishAt);
      const key = parsed === null ? 'publish_at_invalid' : parsed <= now ? 'publish_at_past' : null;
      if (key || !parsed) {
        const errors = [{ field: 'publish-at', message: videosMessages.t(request.locale, key ?? 'publish_at_invalid') }];
        return reply.code(400).type(HTML).send(await editPage(request, lecture, { form: { publishAt: request.body.publishAt }, errors }));
      }
      at = parsed;
    }
    try {
      await publishLecture(deps, staff, lecture, at);
    } catch (error) {
      if (!(error instanceof AppError) || wantsJson(request)) throw error;
      return reply.code(error.status).type(HTML).send(await editPage(request, lecture, { form: { publishAt: request.body.publishAt }, errors: [{ field: 'captions', message: error.localized(request.locale) }] }));
    }
    return done(reply, request, consoleLecturePath(lecture.id), at > now ? 'scheduled' : 'published');
  });

  const emptyBody = z.object({}).passthrough();
  app.post(`${CONSOLE_LECTURES_PATH}/:id/unpublish`, { schema: { hide: true, params: idParams, querystring: langQuery, body: emptyBody }, preValidation: guard(ROLES) }, async (request, reply) => {
    const lecture = await lectureForStaff(deps, request.staff!, idOf(request.params.id));
    await unpublishLecture(deps, request.staff!, lecture);
    return done(reply, request, consoleLecturePath(lecture.id), 'unpublished');
  });

  app.post(`${CONSOLE_LECTURES_PATH}/:id/delete`, { schema: { hide: true, params: idParams, querystring: langQuery, body: emptyBody }, preValidation: guard(ROLES) }, async (request, reply) => {
    const lecture = await lectureForStaff(deps, request.staff!, idOf(request.params.id));
    await removeLecture(deps, request.staff!, lecture);
    return done(reply, request, CONSOLE_LECTURES_PATH, 'deleted');
  });

  // The language switch of a page that answered one of the forms above leads here: back to the lecture's page.
  const actionParams = z.object({ id: z.string().max(20), action: z.enum(['captions', 'publish', 'unpublish', 'delete']) });
  app.get(`${CONSOLE_LECTURES_PATH}/:id/:action`, { schema: { hide: true, params: actionParams, querystring: langQuery }, preValidation: guard(ROLES) }, async (request, reply) => {
    const lecture = await lectureForStaff(deps, request.staff!, idOf(request.params.id));
    return reply.redirect(`${consoleLecturePath(lecture.id)}?lang=${request.locale}`, 303);
  });

  // ---- residents -----------------------------------------------------------

  /** A lecture residents may see now, or a draft for staff of its district (the console's preview). */
  const visibleLecture = async (request: FastifyRequest, rawId: string): Promise<{ lecture: LectureRow; published: boolean }> => {
    const id = idOf(rawId);
    const lecture = id ? await lectureById(deps.db, id) : null;
    if (lecture && isPublished(lecture, deps.clock())) return { lecture, published: true };
    if (lecture) {
      const staff = await loadStaff(request);
      if (staff && staff.districtCode === lecture.districtCode && (ROLES as readonly string[]).includes(staff.role)) return { lecture, published: false };
    }
    throw lectureError(404, 'lecture_not_found');
  };
  const cacheOf = (published: boolean) => (published ? 'public, max-age=60' : 'private, no-store');

  const listQuery = z.object({ lang: z.enum(['ko', 'en']).optional(), field: z.string().max(40).optional(), district: z.string().max(40).optional() });
  app.get(LECTURES_PATH, { schema: { hide: true, querystring: listQuery } }, async (request, reply) => {
    const field = request.query.field && (LECTURE_FIELDS as readonly string[]).includes(request.query.field) ? request.query.field : null;
    const lectures = await publishedLectures(deps.db, deps.clock(), request.query.district);
    return reply.type(HTML).send(lectureListPage(request, { lectures, field }));
  });

  const playerQuery = z.object({ lang: z.enum(['ko', 'en']).optional(), t: z.string().max(10).optional() });
  app.get(`${LECTURES_PATH}/:id`, { schema: { hide: true, params: idParams, querystring: playerQuery } }, async (request, reply) => {
    const { lecture, published } = await visibleLecture(request, request.params.id);
    const cues: Partial<Record<Locale, Cue[]>> = {};
    for (const c of await captionsOf(deps.db, lecture.id)) {
      const parsed = parseWebVtt(c.vtt);
      if (parsed.ok) cues[c.lang] = parsed.cues;
    }
    const links = await questionLinksOf(deps.db, lecture.id);
    const titles = await boardQuestions(deps.db, lecture.districtCode, links.map((l) => l.questionId));
    const questions = links.map((l) => ({ id: l.questionId, title: titles.get(l.questionId)?.title ?? null, atSeconds: l.atSeconds }));
    const start = /^\d{1,6}$/.test(request.query.t ?? '') ? Number(request.query.t) : undefined;
    reply.header('cache-control', published ? 'no-cache' : 'private, no-store');
    return reply.type(HTML).send(lecturePlayerPage(request, { lecture, cues, questions, startSeconds: start !== undefined && start * 1000 < lecture.durationMs ? start : undefined }));
  });

  app.get(`${LECTURES_PATH}/:id/video`, { schema: { hide: true, params: idParams } }, async (request, reply) => {
    const { lecture, published } = await visibleLecture(request, request.params.id);
    return sendStored(request, reply, deps.storage, lecture.videoKey, lecture.videoContentType, cacheOf(published));
  });

  app.get(`${LECTURES_PATH}/:id/poster.jpg`, { schema: { hide: true, params: idParams } }, async (request, reply) => {
    const { lecture, published } = await visibleLecture(request, request.params.id);
    if (!lecture.posterKey) throw lectureError(404, 'file_not_found');
    return sendStored(request, reply, deps.storage, lecture.posterKey, 'image/jpeg', cacheOf(published));
  });

  app.get(`${LECTURES_PATH}/:id/captions/:file`, { schema: { hide: true, params: z.object({ id: z.string().max(20), file: z.string().max(10) }) } }, async (request, reply) => {
    const { lecture, published } = await visibleLecture(request, request.params.id);
    const lang = /^(ko|en)\.vtt$/.exec(request.params.file)?.[1];
    const found = lang ? (await captionsOf(deps.db, lecture.id)).find((c) => c.lang === lang) : undefined;
    if (!found) throw lectureError(404, 'file_not_found');
    reply.header('cache-control', published ? 'no-cache' : 'private, no-store');
    return reply.type('text/vtt; charset=utf-8').send(found.vtt);
  });

  app.post(
    `${LECTURES_PATH}/:id/events`,
    {
      schema: {
        tags: ['lectures'],
        summary: "The player's report that playback started (view) or reached 90 % (completion); counted once per browser tab and day, from a random per-tab id that is only kept hashed",
        params: idParams,
        body: z.object({ kind: z.enum(['view', 'completion']), tab: z.string().regex(/^[A-Za-z0-9_-]{16,64}$/) }),
        response: { 200: z.object({ counted: z.boolean() }), 400: problemSchema, 404: problemSchema, 429: problemSchema },
      },
    },
    async (request, reply) => {
      // a fresh tab id per report would count again: a client address reports a few players' worth at most
      const budget = await hitRateLimits(deps.db, [{ key: `lecture-events:${request.ip}`, windowSeconds: 600, max: PLAYBACK_REPORTS_PER_ADDRESS }]);
      if (!budget.allowed) {
        reply.header('retry-after', String(budget.retryAfter));
        throw tooManyRequests({ ko: '재생 기록 요청이 너무 많습니다. 잠시 뒤에 다시 시도하세요.', en: 'Too many playback reports. Try again in a few minutes.' });
      }
      const { lecture, published } = await visibleLecture(request, request.params.id);
      // a preview of a draft is not a view
      if (!published) return { counted: false };
      return { counted: await countPlayback(deps, lecture, request.body.kind, request.body.tab) };
    },
  );
};

