import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { hitRateLimits } from '../../platform/rate-limit/window-counters.ts';
import type { Bilingual, Locale } from '../../platform/i18n/i18n.ts';
import type { RoutePlugin } from '../../platform/http/routes.ts';
import { assetUrl } from '../../platform/web/assets.ts';
import { errorSummary, textField, type FieldError } from '../../platform/web/components.ts';
import { html, type Html } from '../../platform/web/html.ts';
import { renderPage } from '../../platform/web/layout.ts';
import { webMessages } from '../../platform/web/web.messages.ts';
import { listDistricts } from '../../platform/districts/districts.repository.ts';
import { deskDepsFrom } from '../desk.deps.ts';
import { offlineContact, saveOfflineMessage } from '../extras/extras.service.ts';

// The offline message form, /r/desk/offline: a plain HTML form (no script
// needed), an error summary, a check-answers step and a confirmation with a
// reference (GOV.UK patterns). Staff answer it from the desk; the answer goes
// out through the delivery engine.

const PATH = '/r/desk/offline';

const M = {
  title: { ko: '상담원에게 메시지 남기기', en: 'Leave a message for the desk' },
  lead: { ko: '상담 시간이 아닐 때 질문을 남기시면 담당자가 답변을 이메일이나 문자로 보내 드립니다.', en: 'When the desk is closed, leave your question and an official will send the answer by e-mail or text message.' },
  district: { ko: '어느 구에 문의하시나요?', en: 'Which district is your question for?' },
  name: { ko: '이름', en: 'Your name' },
  channel: { ko: '답변을 어떻게 받으시겠어요?', en: 'How should we send the answer?' },
  email: { ko: '이메일', en: 'E-mail' },
  sms: { ko: '문자 메시지', en: 'Text message' },
  contact: { ko: '이메일 주소 또는 휴대전화 번호', en: 'E-mail address or mobile number' },
  contact_hint: { ko: '답변을 보낼 곳입니다. 예: name@example.kr 또는 010-1234-5678', en: 'Where we send the answer, e.g. name@example.kr or 010-1234-5678' },
  question: { ko: '질문', en: 'Your question' },
  question_hint: { ko: '주민등록번호는 적지 마세요. 2,000자까지 쓸 수 있습니다.', en: 'Do not include your resident registration number. Up to 2,000 characters.' },
  continue: { ko: '계속', en: 'Continue' },
  check_title: { ko: '보내기 전에 확인하세요', en: 'Check your answers before sending' },
  change: { ko: '바꾸기', en: 'Change' },
  send: { ko: '메시지 보내기', en: 'Send message' },
  done_title: { ko: '메시지를 받았습니다', en: 'Message received' },
  reference: { ko: '접수 번호', en: 'Your reference' },
  next: { ko: '담당자가 다음 근무일에 답변을 보내 드립니다. 문의하실 때 접수 번호를 알려 주세요.', en: 'An official will send you the answer on the next working day. Quote your reference if you contact us.' },
  err_district: { ko: '구를 선택하세요.', en: 'Choose a district.' },
  err_name: { ko: '이름을 입력하세요.', en: 'Enter your name.' },
  err_channel: { ko: '답변 받을 방법을 선택하세요.', en: 'Choose how to receive the answer.' },
  err_question: { ko: '질문을 입력하세요(2,000자 이내).', en: 'Enter your question (2,000 characters or fewer).' },
  too_many: { ko: '요청이 너무 많습니다. 잠시 후 다시 시도하세요.', en: 'Too many requests. Try again in a few minutes.' },
} satisfies Record<string, Bilingual>;
const t = (locale: Locale, key: keyof typeof M) => M[key][locale];

const text = z.string().max(4000).optional();
const formBody = z.object({ district: text, name: text, replyChannel: text, contact: text, question: text });
type Form = z.infer<typeof formBody>;

function sendHtml(reply: FastifyReply, body: string, status = 200): FastifyReply {
  reply.header('cache-control', 'no-store');
  return reply.code(status).type('text/html; charset=utf-8').send(body);
}

const styles = (): Html => html`<link rel="stylesheet" href="${assetUrl('delivery-console.css')}">`;

function errorLine(locale: Locale, id: string, message?: string): Html {
  return message ? html`<p class="error-message" id="${id}-error"><span class="visually-hidden">${webMessages.t(locale, 'error_prefix')}:</span> ${message}</p>` : html``;
}

function radios(locale: Locale, name: string, legend: string, options: { value: string; label: string }[], selected: string | undefined, error?: string): Html {
  return html`<div class="field${error ? ' field-error' : ''}">
  <fieldset class="fieldset"${error ? html` aria-describedby="${name}-error"` : ''}>
    <legend class="label">${legend}</legend>
    ${errorLine(locale, name, error)}
    ${options.map((o, i) => html`<div class="radio"><input class="radio-input" type="radio" id="${i === 0 ? name : `${name}-${o.value}`}" name="${name}" value="${o.value}"${selected === o.value ? html` checked` : ''}><label class="radio-label" for="${i === 0 ? name : `${name}-${o.value}`}">${o.label}</label></div>`)}
  </fieldset>
</div>`;
}

interface Checked {
  errors: FieldError[];
  contact?: string;
}

function check(locale: Locale, form: Form, districts: { code: string }[]): Checked {
  const errors: FieldError[] = [];
  if (!districts.some((d) => d.code === form.district)) errors.push({ field: 'district', message: t(locale, 'err_district') });
  if (!form.name?.trim() || form.name.trim().length > 100) errors.push({ field: 'name', message: t(locale, 'err_name') });
  let contact: string | undefined;
  if (form.replyChannel !== 'email' && form.replyChannel !== 'sms') errors.push({ field: 'replyChannel', message: t(locale, 'err_channel') });
  else {
    const c = offlineContact(form.replyChannel, form.contact ?? '');
    if (c.ok) contact = c.value;
    else errors.push({ field: 'contact', message: c.reason[locale] });
  }
  if (!form.question?.trim() || form.question.trim().length > 2000) errors.push({ field: 'question', message: t(locale, 'err_question') });
  return { errors, ...(contact ? { contact } : {}) };
}

export const offlineFormRoutes: RoutePlugin = async (app, appDeps) => {
  const deps = deskDepsFrom(appDeps);
  const districts = () => listDistricts(deps.db, 'korean_name');
  const limited = async (request: FastifyRequest, reply: FastifyReply, max: number): Promise<boolean> => {
    const decision = await hitRateLimits(deps.db, [{ key: `desk-offline:${request.ip}:${max}`, windowSeconds: 600, max }]);
    if (decision.allowed) return false;
    reply.header('retry-after', String(decision.retryAfter));
    await sendHtml(reply, renderPage(request, { title: t(request.locale, 'too_many'), body: html`<h1 class="heading-l">${t(request.locale, 'too_many')}</h1>` }), 429);
    return true;
  };

  async function formPage(request: FastifyRequest, form: Form, errors: FieldError[]): Promise<string> {
    const locale = request.locale;
    const list = await districts();
    const err = (f: string) => errors.find((e) => e.field === f)?.message;
    const body = html`${styles()}${errorSummary(locale, errors)}
<h1 class="heading-l">${t(locale, 'title')}</h1>
<p class="body">${t(locale, 'lead')}</p>
<form method="post" action="${PATH}?lang=${locale}" novalidate>
  ${radios(locale, 'district', t(locale, 'district'), list.map((d) => ({ value: d.code, label: d.name[locale] })), form.district, err('district'))}
  ${textField({ locale, id: 'name', label: t(locale, 'name'), value: form.name ?? '', autocomplete: 'name', ...(err('name') ? { error: err('name')! } : {}) })}
  ${radios(locale, 'replyChannel', t(locale, 'channel'), [{ value: 'email', label: t(locale, 'email') }, { value: 'sms', label: t(locale, 'sms') }], form.replyChannel, err('replyChannel'))}
  ${textField({ locale, id: 'contact', label: t(locale, 'contact'), hint: t(locale, 'contact_hint'), value: form.contact ?? '', spellcheck: false, ...(err('contact') ? { error: err('contact')! } : {}) })}
  <div class="field${err('question') ? ' field-error' : ''}">
    <label class="label" for="question">${t(locale, 'question')}</label>
    <p class="hint" id="question-hint">${t(locale, 'question_hint')}</p>
    ${errorLine(locale, 'question', err('question'))}
    <textarea class="input textarea" id="question" name="question" rows="6" maxlength="2000" aria-describedby="question-hint${err('question') ? ' question-error' : ''}"${err('question') ? html` aria-invalid="true"` : ''}>${form.question ?? ''}</textarea>
  </div>
  <button type="submit" class="button">${t(locale, 'continue')}</button>
</form>`;
    return renderPage(request, { title: t(locale, 'title'), hasErrors: errors.length > 0, body });
  }

  const lang = z.object({ lang: z.enum(['ko', 'en']).optional() });

  app.get(PATH, { schema: { hide: true, querystring: lang } }, async (request, reply) => {
    if (await limited(request, reply, 120)) return reply;
    return sendHtml(reply, await formPage(request, {}, []));
  });

  app.post(PATH, { schema: { hide: true, querystring: lang, body: formBody } }, async (request, reply) => {
    if (await limited(request, reply, 120)) return reply;
    const locale = request.locale;
    const form = request.body;
    const list = await districts();
    const checked = check(locale, form, list);
    if (checked.errors.length) return sendHtml(reply, await formPage(request, form, checked.errors), 400);
    const district = list.find((d) => d.code === form.district)!;
    const hidden = (['district', 'name', 'replyChannel', 'contact', 'question'] as const).map((k) => html`<input type="hidden" name="${k}" value="${form[k] ?? ''}">`);
    const row = (label: string, value: string) => html`<div class="summary-row"><dt class="summary-key">${label}</dt><dd class="summary-value">${value}</dd></div>`;
    const body = html`${styles()}
<h1 class="heading-l">${t(locale, 'check_title')}</h1>
<dl class="summary-list">
  ${row(t(locale, 'district'), district.name[locale])}
  ${row(t(locale, 'name'), form.name!.trim())}
  ${row(t(locale, 'channel'), t(locale, form.replyChannel === 'email' ? 'email' : 'sms'))}
  ${row(t(locale, 'contact'), form.contact!.trim())}
  ${row(t(locale, 'question'), form.question!.trim())}
</dl>
<form method="post" action="${PATH}/change?lang=${locale}" class="inline-form">${hidden}<button type="submit" class="button button-secondary">${t(locale, 'change')}</button></form>
<form method="post" action="${PATH}/send?lang=${locale}">${hidden}<button type="submit" class="button">${t(locale, 'send')}</button></form>`;
    return sendHtml(reply, renderPage(request, { title: t(locale, 'check_title'), body }));
  });

  // "Change" returns to the form with the answers kept (no re-entering data).
  app.post(`${PATH}/change`, { schema: { hide: true, querystring: lang, body: formBody } }, async (request, reply) => {
    if (await limited(request, reply, 120)) return reply;
    return sendHtml(reply, await formPage(request, request.body, []));
  });

  app.post(`${PATH}/send`, { schema: { hide: true, querystring: lang, body: formBody } }, async (request, reply) => {
    if (await limited(request, reply, 10)) return reply;
    const locale = request.locale;
    const form = request.body;
    const checked = check(locale, form, await districts());
    if (checked.errors.length) return sendHtml(reply, await formPage(request, form, checked.errors), 400);
    const saved = await saveOfflineMessage(deps, {
      district: form.district!, name: form.name!.trim(), replyChannel: form.replyChannel as 'email' | 'sms', contact: checked.contact!, question: form.question!.trim(), locale,
    }, checked.contact!);
    return reply.redirect(`${PATH}/done?ref=${saved.reference}&lang=${locale}`, 303);
  });

  app.get(`${PATH}/done`, { schema: { hide: true, querystring: lang.extend({ ref: z.string().regex(/^DQ-[A-Z2-9]{8}$/) }) } }, async (request, reply) => {
    const locale = request.locale;
    const body = html`<div class="panel panel-confirmation">
  <h1 class="heading-l">${t(locale, 'done_title')}</h1>
  <p class="panel-body">${t(locale, 'reference')}<br><strong>${request.query.ref}</strong></p>
</div>
<p class="body">${t(locale, 'next')}</p>`;
    return sendHtml(reply, renderPage(request, { title: t(locale, 'done_title'), body }));
  });
};
