import type { FastifyRequest } from 'fastify';
import type { Locale } from '../../platform/i18n/i18n.ts';
import { csrfField } from '../../platform/web/components.ts';
import { formatDayWithWeekday, formatTime } from '../../platform/web/format.ts';
import { html, type Html } from '../../platform/web/html.ts';
import { seoulDay, addDays } from '../../platform/time/seoul.ts';
import { deliveryFormat } from '../delivery.format.ts';
import type { HeldOnIssue } from './quiet-hours.repository.ts';
import type { QuietNow } from './quiet-hours.service.ts';
import { quietHoursMessages as m } from './quiet-hours.messages.ts';

// The notes the console shows while quiet hours hold KakaoTalk and texts:
// how many, until when (Seoul time, in words), and what the official can do.

/** "tomorrow (Monday 7 December 2026) at 08:00", "내일 2026. 12. 7.(월) 08:00", in Seoul time, the day as every page writes it. */
export function untilWords(locale: Locale, now: Date, until: Date): string {
  const date = formatDayWithWeekday(locale, until);
  const time = formatTime(until);
  const day = seoulDay(until);
  const key = day === seoulDay(now) ? 'until_today' : day === addDays(seoulDay(now), 1) ? 'until_tomorrow' : 'until_later';
  return m.t(locale, key, { date, time });
}

function heldBox(locale: Locale, quiet: QuietNow, sentence: string, extra: Html | string = ''): Html {
  return html`<div class="dc-warning" id="quiet-hours" role="status">
  <h2>${m.t(locale, 'held_title')}</h2>
  <p>${sentence}</p>
  <p>${m.t(locale, 'rule', { start: quiet.start, end: quiet.end })}</p>
  ${extra}
</div>`;
}

/** The confirm page: what quiet hours will hold if the season is sent now. */
export function heldOnIssueNote(locale: Locale, quiet: QuietNow, held: HeldOnIssue): Html {
  const f = deliveryFormat(locale);
  const until = untilWords(locale, quiet.now, quiet.until);
  return heldBox(locale, quiet, m.t(locale, 'held_issue', { held: f.n(held.messaging), email: f.n(held.email), until }));
}

/** The confirm page's buttons while quiet hours hold messages (inside its form: each button sets `when`). */
export function issueChoices(locale: Locale, quiet: QuietNow): Html {
  const until = untilWords(locale, quiet.now, quiet.until);
  return html`<fieldset class="fieldset dc-choices">
  <legend class="label">${m.t(locale, 'choice_legend')}</legend>
  <button type="submit" class="button" name="when" value="now" id="issue-send">${m.t(locale, 'choice_now', { until })}</button>
  <button type="submit" class="button button-secondary" name="when" value="morning" id="issue-morning">${m.t(locale, 'choice_morning', { until })}</button>
  ${quiet.demo
    ? html`<button type="submit" class="button button-secondary" name="when" value="demo-now" id="issue-demo-now" aria-describedby="demo-now-hint">${m.t(locale, 'choice_demo')}</button>
  <p class="hint" id="demo-now-hint">${m.t(locale, 'demo_hint')}</p>`
    : ''}
</fieldset>`;
}

/** A season's page: the messages waiting for the morning, and in the demo a way to send them now. */
export function heldInSeasonNote(request: FastifyRequest, quiet: QuietNow, held: number, seasonId: number): Html | '' {
  const locale = request.locale;
  if (held === 0) return '';
  const until = untilWords(locale, quiet.now, quiet.until);
  const demo = quiet.demo
    ? html`<form method="post" action="/console/seasons/${seasonId}/send-held-now?lang=${locale}">
  ${csrfField(request.staffSession?.csrfToken)}
  <p class="hint" id="demo-send-hint">${m.t(locale, 'demo_hint')}</p>
  <button type="submit" class="button button-secondary" id="demo-send-held" aria-describedby="demo-send-hint">${m.t(locale, 'demo_send_held')}</button>
</form>`
    : '';
  return heldBox(locale, quiet, m.t(locale, 'held_season', { held: deliveryFormat(locale).n(held), until }), demo);
}

/** After the demo lifted quiet hours. */
export function liftedFlash(locale: Locale, now: Date, until: Date | null): Html | '' {
  if (!until) return '';
  return html`<div class="notification notification-success" role="status"><p>${m.t(locale, 'demo_lifted', { until: untilWords(locale, now, until) })}</p></div>`;
}
