import { z } from 'zod';
import type { EmailContent, KakaoContent, SmsContent } from '../render/message-content.ts';
import type { Queryable } from '../../platform/db/database.ts';
import { AppError, notFound, type FieldProblem } from '../../platform/errors.ts';
import { LOCALES, type Locale } from '../../platform/i18n/i18n.ts';
import { renderMessage, renderPrintPage, sampleView, type PrintPage } from '../render/notice-render.ts';
import { builtinTemplates, type MessageTemplate, type TemplateSet } from './templates.defaults.ts';
import { ALLOWED_VARIABLES, compileTemplate, TEMPLATE_CHANNELS, TEMPLATE_KINDS, type TemplateChannel, type TemplateKind } from './templates.engine.ts';
import { inspectEmailHtml } from './template-html.ts';
import { checkTemplateLink, linkPolicy, linksInText, type LinkPolicy } from './template-links.ts';
import { loadLinkDomains } from './link-domains.repository.ts';
import { findDistrict } from '../../platform/districts/districts.repository.ts';
import { TemplateRefusal, templateFieldLabel, templateMessages, type TemplateFinding, type TemplateMessageKey } from './templates.messages.ts';
import { issueReasons } from '../../platform/http/problem.ts';

// District templates live in message_templates; a saved row replaces the
// built-in template of the same kind, channel and language.

const button = z.object({ name: z.string().trim().min(1).max(14), url: z.string().trim().min(1).max(500) });

export const saveTemplateInput = z.object({
  districtCode: z.string().min(1),
  kind: z.enum(TEMPLATE_KINDS),
  channel: z.enum(TEMPLATE_CHANNELS),
  locale: z.enum(LOCALES),
  kakaoTemplateCode: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,30}$/, 'use the code Kakao approved, letters, digits, _ and - only')
    .optional(),
  subject: z.string().trim().min(1).max(200).optional(),
  body: z.string().trim().min(1).max(4000),
  htmlBody: z.string().trim().min(1).max(100_000).optional(),
  buttons: z.array(button).max(5).default([]),
  updatedBy: z.string().min(1).max(100),
});
export type SaveTemplateInput = z.input<typeof saveTemplateInput>;

interface TemplateRow {
  kind: string;
  channel: string;
  locale: string;
  kakao_template_code: string | null;
  subject: string | null;
  body: string;
  html_body: string | null;
  buttons: { name: string; url: string }[];
  updated_by: string;
  updated_at: Date | string;
}

function fromRow(row: TemplateRow): MessageTemplate {
  return {
    kind: row.kind as TemplateKind,
    channel: row.channel as TemplateChannel,
    locale: row.locale as Locale,
    kakaoTemplateCode: row.kakao_template_code ?? undefined,
    subject: row.subject ?? undefined,
    body: row.body,
    htmlBody: row.html_body ?? undefined,
    buttons: row.buttons,
    source: 'district',
    updatedBy: row.updated_by,
    updatedAt: row.updated_at instanceof Date ? row.updated_at.toISOString() : String(row.updated_at),
  };
}

/** The templates of one kind and language for a district: its saved ones, the built-ins for the rest. */
export async function loadTemplates(db: Queryable, districtCode: string, kind: TemplateKind, locale: Locale): Promise<TemplateSet> {
  const set = builtinTemplates(kind, locale);
  set.linkDomains = await loadLinkDomains(db, districtCode);
  const { rows } = await db.query<TemplateRow>(
    `SELECT kind, channel, locale, kakao_template_code, subject, body, html_body, buttons, updated_by, updated_at
       FROM message_templates
      WHERE district_code = $1 AND kind = $2 AND locale = $3`,
    [districtCode, kind, locale],
  );
  for (const row of rows) set[row.channel as TemplateChannel] = fromRow(row);
  return set;
}

/** Every template of a district, kind by kind, language by language, channel by channel: its saved ones, the built-ins for the rest. */
export async function loadAllTemplates(db: Queryable, districtCode: string): Promise<MessageTemplate[]> {
  const templates: MessageTemplate[] = [];
  for (const kind of TEMPLATE_KINDS) {
    for (const locale of LOCALES) {
      const set = await loadTemplates(db, districtCode, kind, locale);
      for (const channel of TEMPLATE_CHANNELS) templates.push(set[channel]);
    }
  }
  return templates;
}

type TemplateDraft = Pick<MessageTemplate, 'kind' | 'channel' | 'kakaoTemplateCode' | 'subject' | 'body' | 'htmlBody' | 'buttons'>;

/**
 * What a template may not hold, whatever its channel: a KakaoTalk button,
 * an e-mail link or image, or an address in a text that leads outside the
 * allowed hosts; script, event handlers, forms and the rest the e-mail HTML
 * policy refuses (template-html.ts).
 */
export function unsafeFindings(draft: TemplateDraft, policy: LinkPolicy): TemplateFinding[] {
  const findings: TemplateFinding[] = [];
  for (const [field, text] of [['subject', draft.subject], ['body', draft.body]] as const) {
    for (const url of text ? linksInText(text) : []) {
      const problem = checkTemplateLink(url, policy);
      if (problem) findings.push({ field, kind: 'link', url, problem });
    }
  }
  if (draft.htmlBody) findings.push(...inspectEmailHtml(draft.htmlBody, policy).map((f) => ({ field: 'html_body', ...f })));
  draft.buttons.forEach((b, i) => {
    const problem = checkTemplateLink(b.url, policy);
    if (problem) findings.push({ field: `buttons[${i}].url`, kind: 'link', url: b.url, problem });
  });
  return findings;
}

/**
 * Checks a template before it is saved or previewed: every slot a known
 * variable of its kind, and what its channel needs. Throws one AppError that
 * names every problem.
 */
export function validateTemplate(draft: TemplateDraft, policy: LinkPolicy): void {
  const allowed = ALLOWED_VARIABLES[draft.kind];
  const problems: FieldProblem[] = [];
  let unknown = false;
  const fields: [string, string | undefined][] = [
    ['subject', draft.subject],
    ['body', draft.body],
    ['html_body', draft.htmlBody],
    ...draft.buttons.flatMap((b, i): [string, string][] => [
      [`buttons[${i}].name`, b.name],
      [`buttons[${i}].url`, b.url],
    ]),
  ];
  for (const [field, text] of fields) {
    if (text === undefined) continue;
    try {
      compileTemplate(text, allowed, field);
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      if (error.code === 'template_unknown_variable') unknown = true;
      problems.push(...error.problems);
    }
  }
  if (unknown) {
    const names = problems.filter((p) => p.reason.startsWith('unknown variable')).map((p) => `${p.reason.slice('unknown variable '.length)} (${p.field})`);
    throw new AppError(
      'template_unknown_variable',
      422,
      {
        ko: `템플릿에 쓸 수 없는 변수가 있습니다: ${names.join(', ')}. 쓸 수 있는 변수: ${allowed.join(', ')}`,
        en: `The template uses unknown variables: ${names.join(', ')}. Allowed variables: ${allowed.join(', ')}`,
      },
      problems,
    );
  }
  const unsafe = unsafeFindings(draft, policy);
  if (unsafe.length > 0) throw new TemplateRefusal(unsafe, policy);
  if (draft.channel === 'kakao') {
    if (!draft.kakaoTemplateCode) problems.push(problem('kakao_template_code', 'a KakaoTalk template needs the code Kakao approved', 'err_kakao_code_required'));
    // Kakao's own limit for a notification message.
    if (draft.body.length > 1000) problems.push(problem('body', 'KakaoTalk notification text is limited to 1,000 characters', 'err_kakao_body_long'));
  }
  if (draft.channel === 'email') {
    if (!draft.subject) problems.push(problem('subject', 'an e-mail needs a subject', 'err_email_subject'));
    if (!draft.htmlBody) problems.push(problem('html_body', 'an e-mail needs an HTML body', 'err_email_html'));
    else {
      // Screen readers pick the voice from lang; image-only mail reads as nothing.
      if (!/<html[^>]*\slang="(ko|en)"/i.test(draft.htmlBody)) problems.push(problem('html_body', 'declare the language: <html lang="ko"> or <html lang="en">', 'err_email_lang'));
      if (!/>[^<>]*\S[^<>]*</.test(draft.htmlBody.replace(/<(script|style|title)[\s\S]*?<\/\1>/gi, ''))) {
        problems.push(problem('html_body', 'the HTML must carry its message as text, not only as images', 'err_email_text'));
      }
    }
  }
  if (draft.channel !== 'kakao' && draft.kakaoTemplateCode) problems.push(problem('kakao_template_code', 'only KakaoTalk templates have a template code', 'err_kakao_code_only_kakao'));
  if (problems.length > 0) {
    throw new AppError(
      problems.some((p) => p.reason.includes('{{')) ? 'template_syntax' : 'template_invalid',
      422,
      {
        ko: templateMessages.t('ko', 'err_template_invalid', { problems: problemList('ko', problems) }),
        en: templateMessages.t('en', 'err_template_invalid', { problems: problemList('en', problems) }),
      },
      problems,
    );
  }
}

/** One problem of a template in both languages, with its field's label. */
function problem(field: string, reason: string, key: TemplateMessageKey): FieldProblem {
  return { field, reason, reasons: templateMessages.both(key), label: templateFieldLabel(field) };
}

/** Problems as one sentence's list: "본문: …; 제목: …". */
function problemList(locale: Locale, problems: FieldProblem[]): string {
  return problems.map((p) => `${(p.label ?? templateFieldLabel(p.field))[locale]}: ${p.reasons?.[locale] ?? p.reason}`).join('; ');
}

function invalidInput(error: z.ZodError): AppError {
  const problems: FieldProblem[] = error.issues.map((i) => {
    const field = i.path.join('.') || 'template';
    const reasons = field === 'kakaoTemplateCode' && i.code === 'invalid_format' ? templateMessages.both('err_kakao_code_format') : issueReasons(i);
    return { field, reason: i.message, reasons, label: templateFieldLabel(field) };
  });
  return new AppError(
    'template_invalid',
    422,
    { ko: templateMessages.t('ko', 'err_template_invalid', { problems: problemList('ko', problems) }), en: templateMessages.t('en', 'err_template_invalid', { problems: problemList('en', problems) }) },
    problems,
  );
}

/** The links a district's templates may hold: the service's public address and the district's domains. */
export async function districtLinkPolicy(db: Queryable, districtCode: string, publicUrl: string | undefined): Promise<LinkPolicy> {
  return linkPolicy(publicUrl, await loadLinkDomains(db, districtCode));
}

/**
 * Validates and saves a district's template (replacing any saved one of the
 * same kind, channel and language). publicUrl: the service's address
 * (TAXSTATION_PUBLIC_URL), whose host links may always go to.
 */
export async function saveTemplate(db: Queryable, input: SaveTemplateInput, options: { publicUrl?: string } = {}): Promise<MessageTemplate> {
  const parsed = saveTemplateInput.safeParse(input);
  if (!parsed.success) throw invalidInput(parsed.error);
  const t = parsed.data;
  validateTemplate(t, await districtLinkPolicy(db, t.districtCode, options.publicUrl));
  const { rows } = await db.query<TemplateRow>(
    `INSERT INTO message_templates (district_code, kind, channel, locale, kakao_template_code, subject, body, html_body, buttons, updated_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::jsonb, $10)
     ON CONFLICT (district_code, kind, channel, locale) DO UPDATE SET
       kakao_template_code = EXCLUDED.kakao_template_code, subject = EXCLUDED.subject, body = EXCLUDED.body,
       html_body = EXCLUDED.html_body, buttons = EXCLUDED.buttons, updated_by = EXCLUDED.updated_by, updated_at = now()
     RETURNING kind, channel, locale, kakao_template_code, subject, body, html_body, buttons, updated_by, updated_at`,
    [t.districtCode, t.kind, t.channel, t.locale, t.kakaoTemplateCode ?? null, t.subject ?? null, t.body, t.htmlBody ?? null, JSON.stringify(t.buttons), t.updatedBy],
  );
  return fromRow(rows[0]!);
}

/** Removes a district's template so the built-in one applies again; true when one was removed. */
export async function resetTemplate(
  db: Queryable,
  key: { districtCode: string; kind: TemplateKind; channel: TemplateChannel; locale: Locale },
): Promise<boolean> {
  const { rowCount } = await db.query('DELETE FROM message_templates WHERE district_code = $1 AND kind = $2 AND channel = $3 AND locale = $4', [
    key.districtCode,
    key.kind,
    key.channel,
    key.locale,
  ]);
  return rowCount > 0;
}

export interface PreviewInput {
  districtCode: string;
  kind: TemplateKind;
  channel: TemplateChannel;
  locale: Locale;
  /** An unsaved edit to preview instead of the current template. */
  draft?: Omit<SaveTemplateInput, 'districtCode' | 'kind' | 'channel' | 'locale' | 'updatedBy'>;
  /** The service's address (TAXSTATION_PUBLIC_URL): the sample's payment link, and a host links may go to. */
  publicUrl?: string;
}

export type PreviewResult =
  | { channel: 'kakao'; content: KakaoContent }
  | { channel: 'sms'; content: SmsContent }
  | { channel: 'email'; content: EmailContent }
  | { channel: 'paper'; content: PrintPage };

/** Renders the district's current template (or a draft of it) with sample values. */
export async function previewTemplate(db: Queryable, input: PreviewInput): Promise<PreviewResult> {
  const district = await findDistrict(db, input.districtCode);
  if (!district) throw notFound({ ko: '구를 찾을 수 없습니다.', en: 'No such district.' });
  const set = await loadTemplates(db, input.districtCode, input.kind, input.locale);
  if (input.draft) {
    const parsed = saveTemplateInput.safeParse({ ...input.draft, districtCode: input.districtCode, kind: input.kind, channel: input.channel, locale: input.locale, updatedBy: 'preview' });
    if (!parsed.success) throw invalidInput(parsed.error);
    validateTemplate(parsed.data, linkPolicy(input.publicUrl, set.linkDomains));
    const d = parsed.data;
    set[input.channel] = {
      kind: d.kind,
      channel: d.channel,
      locale: d.locale,
      kakaoTemplateCode: d.kakaoTemplateCode,
      subject: d.subject,
      body: d.body,
      htmlBody: d.htmlBody,
      buttons: d.buttons,
      source: 'district',
    };
  }
  const view = sampleView(input.kind, input.locale, district.name[input.locale]);
  // The office the paper notice names, as the district has set it (the print page's own, paper-batch.service.ts).
  view.office = { phone: district.officePhone, address: district.officeAddress };
  if (input.publicUrl) view.link = `${input.publicUrl.replace(/\/+$/, '')}${new URL(view.link).pathname}${new URL(view.link).search}`;
  switch (input.channel) {
    case 'kakao':
      return { channel: 'kakao', content: renderMessage(view, 'kakao', set) };
    case 'sms':
      return { channel: 'sms', content: renderMessage(view, 'sms', set) };
    case 'email':
      return { channel: 'email', content: renderMessage(view, 'email', set) };
    case 'paper':
      return { channel: 'paper', content: renderPrintPage(view, set) };
  }
}
