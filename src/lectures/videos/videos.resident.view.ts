import type { FastifyRequest } from 'fastify';
import type { Locale } from '../../platform/i18n/i18n.ts';
import { html, type Html } from '../../platform/web/html.ts';
import { assetUrl } from '../../platform/web/assets.ts';
import { renderPage } from '../../platform/web/layout.ts';
import type { LectureRow } from './videos.repository.ts';
import { formatClock } from './videos.service.ts';
import { LECTURE_FIELDS, lectureFieldNames, videosMessages, type LectureField } from './videos.messages.ts';
import { cuePlainText, type Cue } from './webvtt.ts';

// The resident pages of the lecture room: the list by field (/r/lectures)
// and the player (/r/lectures/:id). The player's content is rendered by
// lecturePlayerPanel(), apart from the page layout, so the 2D station can
// show the same content in a panel; its script (lecture-player.js) finds it
// by [data-lecture-player] wherever it is placed.

export const LECTURES_PATH = '/r/lectures';
export const lecturePath = (id: number) => `${LECTURES_PATH}/${id}`;
export const lectureMedia = (id: number) => ({
  video: `${lecturePath(id)}/video`,
  poster: `${lecturePath(id)}/poster.jpg`,
  captions: (lang: string) => `${lecturePath(id)}/captions/${lang}.vtt`,
  events: `${lecturePath(id)}/events`,
});

const CAPTION_LANGS: readonly Locale[] = ['ko', 'en'];
const LANG_LABEL: Record<Locale, 'lang_ko' | 'lang_en'> = { ko: 'lang_ko', en: 'lang_en' };

const fieldName = (locale: Locale, field: string) =>
  (LECTURE_FIELDS as readonly string[]).includes(field) ? lectureFieldNames.t(locale, field as LectureField) : field;

export function durationText(ms: number): string {
  return formatClock(Math.round(ms / 1000));
}

export interface PlayerData {
  lecture: LectureRow;
  /** parsed captions by language (those present) */
  cues: Partial<Record<Locale, Cue[]>>;
  /** questions it answers, with their titles when the board has them */
  questions: { id: number; title: string | null; atSeconds: number }[];
  /** start playback here (a link from a question or the station) */
  startSeconds?: number;
}

/** The player, chapters, questions and transcript: the page's main content, without the layout. */
export function lecturePlayerPanel(locale: Locale, d: PlayerData): Html {
  const t = (key: Parameters<typeof videosMessages.t>[1], vars?: Record<string, string | number>) => videosMessages.t(locale, key, vars);
  const l = d.lecture;
  const media = lectureMedia(l.id);
  const seekHref = (seconds: number) => `${lecturePath(l.id)}?lang=${locale}&t=${seconds}#lecture-video`;
  const start = d.startSeconds && d.startSeconds > 0 ? `#t=${d.startSeconds}` : '';
  const tracks = CAPTION_LANGS.filter((lang) => l.captionLangs.includes(lang as 'ko' | 'en')).map(
    (lang, i) => html`<track kind="captions" srclang="${lang}" label="${videosMessages.t(locale, LANG_LABEL[lang])}" src="${media.captions(lang)}"${i === 0 ? html` default` : ''}>`,
  );
  // the transcript in the page's language when there are captions in it, else in Korean
  const transcriptLang: Locale = d.cues[locale] ? locale : CAPTION_LANGS[0]!;
  const transcript = d.cues[transcriptLang] ?? [];
  const time = (seconds: number) => html`<span class="lecture-time">${formatClock(seconds)}</span>`;
  return html`<article class="lecture-player" data-lecture-player data-events-url="${media.events}" aria-labelledby="lecture-title">
  <h1 id="lecture-title">${l.title}</h1>
  <p class="lecture-meta">${fieldName(locale, l.field)} · ${t('lecture_meta', { district: l.districtName[locale], duration: durationText(l.durationMs) })}</p>
  ${l.summary ? html`<p class="lecture-summary">${l.summary}</p>` : ''}
  <div class="lecture-frame">
    <video id="lecture-video" class="lecture-video" controls preload="metadata" playsinline poster="${media.poster}" src="${media.video}${start}" aria-label="${t('player_label')}: ${l.title}"${l.width && l.height ? html` width="${l.width}" height="${l.height}"` : ''}>
      ${tracks}
      <p>${t('no_video_support')} <a href="${media.video}" download>${t('download_video')}</a></p>
    </video>
  </div>
  <p class="lecture-download"><a href="${media.video}" download>${t('download_video')}</a></p>
  ${l.chapters.length
    ? html`<section class="lecture-section" aria-labelledby="chapters-heading">
    <h2 id="chapters-heading">${t('chapters_heading')}</h2>
    <ol class="lecture-chapters">${l.chapters.map(
      (c, i) => html`<li><button type="button" class="button button-secondary button-small lecture-seek" id="chapter-${i + 1}" data-seek="${c.startSeconds}">${time(c.startSeconds)} ${c.title}<span class="visually-hidden"> (${t('seek_hidden', { time: formatClock(c.startSeconds) })})</span></button></li>`,
    )}</ol>
  </section>`
    : ''}
  ${d.questions.length
    ? html`<section class="lecture-section" aria-labelledby="questions-heading">
    <h2 id="questions-heading">${t('questions_heading')}</h2>
    <ul class="lecture-questions">${d.questions.map(
      (q) => html`<li><a href="${seekHref(q.atSeconds)}" class="lecture-seek" id="question-${q.id}" data-seek="${q.atSeconds}">${time(q.atSeconds)} ${q.title ?? t('question_pending', { id: q.id })}</a></li>`,
    )}</ul>
  </section>`
    : ''}
  ${transcript.length
    ? html`<section class="lecture-section" aria-labelledby="transcript-heading">
    <h2 id="transcript-heading">${t('transcript_heading')}</h2>
    <p class="hint">${t('transcript_lead')}</p>
    <ol class="lecture-transcript" lang="${transcriptLang}">${transcript.map((c) => {
      const seconds = Math.floor(c.startMs / 1000);
      return html`<li><a href="${seekHref(seconds)}" class="lecture-seek" data-seek="${seconds}">${formatClock(seconds)}</a> <span>${cuePlainText(c.text)}</span></li>`;
    })}</ol>
  </section>`
    : ''}
</article>`;
}

function assets(): Html {
  return html`<link rel="stylesheet" href="${assetUrl('lectures.css')}"><script src="${assetUrl('lecture-player.js')}" defer></script>`;
}

export function lecturePlayerPage(request: FastifyRequest, d: PlayerData): string {
  const locale = request.locale;
  const body = html`${assets()}<p><a href="${LECTURES_PATH}?lang=${locale}">${videosMessages.t(locale, 'back_to_lectures')}</a></p>
${lecturePlayerPanel(locale, d)}`;
  return renderPage(request, { title: d.lecture.title, body });
}

export function lectureListPage(request: FastifyRequest, o: { lectures: LectureRow[]; field: string | null }): string {
  const locale = request.locale;
  const t = (key: Parameters<typeof videosMessages.t>[1], vars?: Record<string, string | number>) => videosMessages.t(locale, key, vars);
  const present = LECTURE_FIELDS.filter((f) => o.lectures.some((l) => l.field === f));
  const shown = o.field ? present.filter((f) => f === o.field) : present;
  const fieldLink = (f: LectureField | null) =>
    html`<li><a href="${LECTURES_PATH}?lang=${locale}${f ? `&field=${f}` : ''}"${(o.field ?? null) === f ? html` aria-current="page"` : ''}>${f ? lectureFieldNames.t(locale, f) : t('all_fields')}</a></li>`;
  const card = (l: LectureRow) => html`<li class="lecture-card">
    <img class="lecture-card-poster" src="${lectureMedia(l.id).poster}" alt="" width="160" height="90" loading="lazy">
    <div>
      <h3 class="lecture-card-title"><a href="${lecturePath(l.id)}?lang=${locale}" id="lecture-${l.id}">${l.title}</a></h3>
      <p class="lecture-meta">${t('lecture_meta', { district: l.districtName[locale], duration: durationText(l.durationMs) })}</p>
      ${l.summary ? html`<p class="lecture-card-summary">${l.summary}</p>` : ''}
    </div>
  </li>`;
  const body = html`${assets()}<h1>${t('resident_title')}</h1>
<p class="lead">${t('resident_lead')}</p>
${present.length
  ? html`<nav class="lecture-fields" aria-label="${t('fields_nav')}"><ul>${fieldLink(null)}${present.map((f) => fieldLink(f))}</ul></nav>
${shown.map(
  (f) => html`<section class="lecture-field" aria-labelledby="field-${f}">
  <h2 id="field-${f}">${lectureFieldNames.t(locale, f)}</h2>
  <ul class="lecture-cards">${o.lectures.filter((l) => l.field === f).map(card)}</ul>
</section>`,
)}`
  : html`<p id="no-lectures">${t('resident_empty')}</p>`}`;
  return renderPage(request, { title: t('resident_title'), body });
}
