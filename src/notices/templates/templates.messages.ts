import { AppError } from '../../platform/errors.ts';
import { defineMessages, type Locale } from '../../platform/i18n/i18n.ts';
import type { HtmlFinding } from './template-html.ts';
import type { LinkPolicy, LinkProblem } from './template-links.ts';

// Everything the templates console and API say, in Korean and English: the
// template list and editor, and what a template may not hold, said so that
// the official can fix it (each refused thing named, with the field it is in).

export const templateMessages = defineMessages({
  // what a template may not hold
  refused: {
    ko: '서식을 저장할 수 없습니다. 허용되지 않는 내용이 있어 바꾸지 않고 거절했습니다: {list}',
    en: 'The template was not saved: it holds what templates may not, and nothing was changed. Refused: {list}',
  },
  element: { ko: '{field}: <{name}> 요소는 쓸 수 없습니다', en: '{field}: the element <{name}> is not allowed' },
  event_handler: {
    ko: '{field}: <{element}>의 이벤트 처리기 {name}은(는) 쓸 수 없습니다 (스크립트 실행)',
    en: '{field}: the event handler {name} on <{element}> is not allowed (it runs script)',
  },
  attribute: { ko: '{field}: <{element}>의 {name} 속성은 쓸 수 없습니다', en: '{field}: the attribute {name} on <{element}> is not allowed' },
  form_action: {
    ko: '{field}: 입력 양식(<form>)과 그 전송 주소 {url}은(는) 쓸 수 없습니다',
    en: '{field}: forms and their action {url} are not allowed',
  },
  style: {
    ko: '{field}: <{element}>의 style에 url(), expression(), @import 또는 변수는 쓸 수 없습니다',
    en: '{field}: the style on <{element}> may not hold url(), expression(), @import or a variable',
  },
  link_not_http: {
    ko: '{field}: {url} 주소는 쓸 수 없습니다. 링크는 http:// 또는 https://로 시작하는 주소나 {{link}}만 쓸 수 있습니다',
    en: '{field}: the address {url} is not allowed. Links must be http:// or https:// addresses, or {{link}}',
  },
  link_slot_in_host: {
    ko: '{field}: {url} 주소의 도메인에 변수를 쓸 수 없습니다',
    en: '{field}: the address {url} has a variable in its domain, which is not allowed',
  },
  link_user_info: {
    ko: '{field}: {url} 주소에 사용자 이름이나 비밀번호를 넣을 수 없습니다',
    en: '{field}: the address {url} may not carry a user name or password',
  },
  link_foreign_host: {
    ko: '{field}: {url} 주소는 허용된 도메인이 아닙니다. 허용된 도메인: {hosts}',
    en: '{field}: the address {url} is not on an allowed domain. Allowed domains: {hosts}',
  },
  link_invalid: { ko: '{field}: {url}은(는) 올바른 주소가 아닙니다', en: '{field}: {url} is not a valid address' },
  no_hosts: { ko: '(없음: 관리자에게 도메인 등록을 요청하세요)', en: '(none: ask an administrator to add the domain)' },
  allowed_hosts: {
    ko: '링크(버튼, 이메일의 링크와 이미지, 본문의 주소)는 다음 도메인과 그 하위 도메인으로만 연결할 수 있습니다: {hosts}. 납부 화면은 {{link}}로 넣으세요.',
    en: 'Links (buttons, links and images in e-mail, addresses in text) may only go to these domains and their subdomains: {hosts}. Put the payment page in with {{link}}.',
  },
  domains_invalid: {
    ko: '도메인을 쓸 수 없습니다: {list}. tax.gangnam.go.kr처럼 도메인 이름만 써 주세요 (http://나 경로 없이)',
    en: 'These are not domain names: {list}. Write the domain only, like tax.gangnam.go.kr (no http:// and no path)',
  },
  // navigation
  nav_templates: { ko: '고지 서식', en: 'Templates' },
  // the template list and editor
  templates_title: { ko: '고지 서식', en: 'Message templates' },
  templates_intro: {
    ko: '구에서 고친 서식이 기본 서식 대신 쓰입니다. {{변수}} 자리에는 정해진 변수만 쓸 수 있습니다.',
    en: 'A template your district edits replaces the built-in one. Slots are written {{variable}} and only the listed variables are allowed.',
  },
  col_kind: { ko: '종류', en: 'Kind' },
  col_channel: { ko: '채널', en: 'Channel' },
  col_locale: { ko: '언어', en: 'Language' },
  col_source: { ko: '출처', en: 'Source' },
  col_updated: { ko: '고친 사람·시각', en: 'Changed by, at' },
  source_builtin: { ko: '기본 서식', en: 'Built-in' },
  source_district: { ko: '구 서식', en: 'District' },
  edit: { ko: '고치기', en: 'Edit' },
  edit_label: { ko: '{kind} {channel} {locale} 서식 고치기', en: 'Edit the {kind} {channel} template in {locale}' },
  template_title: { ko: '{kind} · {channel} · {locale} 서식', en: '{kind} · {channel} · {locale} template' },
  template_variables: { ko: '쓸 수 있는 변수', en: 'Variables you can use' },
  field_kakao_code: { ko: '카카오 승인 서식 코드', en: 'Template code approved by Kakao' },
  field_kakao_code_hint: { ko: '알림톡 본문은 승인받은 서식과 똑같아야 합니다.', en: 'The KakaoTalk text must match the approved template exactly.' },
  field_subject: { ko: '제목', en: 'Subject' },
  field_subject_hint: { ko: '이메일 제목, 장문 문자 제목 또는 종이 고지서 제목', en: 'E-mail subject, LMS subject or the title of the paper notice' },
  field_body: { ko: '본문', en: 'Text' },
  field_html_body: { ko: 'HTML 본문 (이메일)', en: 'HTML body (e-mail)' },
  field_buttons: { ko: '버튼 (한 줄에 하나: 이름 | 주소)', en: 'Buttons (one a line: name | address)' },
  field_buttons_hint: { ko: '예: 납부하기 | {{link}}', en: 'For example: Pay now | {{link}}' },
  preview_button: { ko: '미리 보기', en: 'Preview' },
  save_button: { ko: '저장', en: 'Save' },
  reset_button: { ko: '기본 서식으로 되돌리기', en: 'Reset to the built-in template' },
  preview_title: { ko: '미리 보기 (예시 값)', en: 'Preview (sample values)' },
  preview_subject: { ko: '제목', en: 'Subject' },
  preview_text: { ko: '본문', en: 'Text' },
  preview_buttons: { ko: '버튼', en: 'Buttons' },
  preview_kind: { ko: '문자 종류', en: 'Message type' },
  template_saved: { ko: '서식을 저장했습니다.', en: 'The template was saved.' },
  template_reset: { ko: '기본 서식으로 되돌렸습니다.', en: 'The template was reset to the built-in one.' },
  err_template_variable: { ko: '쓸 수 없는 변수 {{{name}}}: 쓸 수 있는 변수 중에서 고르세요', en: 'Unknown variable {{{name}}}: use one of the variables listed' },
  err_buttons_line: { ko: '버튼 {n}번째 줄을 “이름 | 주소” 형식으로 써 주세요', en: 'Write button line {n} as “name | address”' },
  // a template's fields, as a refusal names them, and what a refusal says
  label_kakao_code: { ko: '카카오 승인 서식 코드', en: 'Template code approved by Kakao' },
  label_subject: { ko: '제목', en: 'Subject' },
  label_body: { ko: '본문', en: 'Text' },
  label_html_body: { ko: 'HTML 본문', en: 'HTML body' },
  label_buttons: { ko: '버튼', en: 'Buttons' },
  label_template: { ko: '서식', en: 'Template' },
  err_kakao_code_required: { ko: '카카오가 승인한 서식 코드를 입력해 주세요', en: 'enter the template code Kakao approved' },
  err_kakao_code_format: { ko: '카카오가 승인한 서식 코드를 영문자, 숫자, _, - 만으로 30자까지 입력해 주세요', en: 'enter the code Kakao approved: letters, digits, _ and - only, up to 30' },
  err_kakao_code_only_kakao: { ko: '서식 코드는 카카오톡 서식에만 씁니다', en: 'only KakaoTalk templates have a template code' },
  err_kakao_body_long: { ko: '알림톡 본문은 1,000자까지 쓸 수 있습니다', en: 'KakaoTalk notification text is limited to 1,000 characters' },
  err_email_subject: { ko: '이메일에는 제목이 있어야 합니다', en: 'an e-mail needs a subject' },
  err_email_html: { ko: '이메일에는 HTML 본문이 있어야 합니다', en: 'an e-mail needs an HTML body' },
  err_email_lang: { ko: '언어를 밝혀 주세요: <html lang="ko"> 또는 <html lang="en">', en: 'declare the language: <html lang="ko"> or <html lang="en">' },
  err_email_text: { ko: '그림만이 아니라 글로도 내용을 담아 주세요', en: 'the HTML must carry its message as text, not only as images' },
  err_slot_unmatched: { ko: '{{ 와 }} 의 짝이 맞지 않습니다: 자리는 {{변수}} 처럼 씁니다', en: 'unmatched {{ or }}: write a slot as {{variable}}' },
  err_slot_expression: { ko: '{{{name}}}은(는) 변수가 아닙니다: 서식에는 {{변수}} 자리만 쓸 수 있고 식은 쓸 수 없습니다', en: '{{{name}}} is not a variable: templates hold only {{variable}} slots, no expressions' },
  err_template_invalid: { ko: '서식을 저장할 수 없습니다: {problems}', en: 'The template cannot be saved: {problems}' },
  // what a template is for, and its language
  kind_notice: { ko: '고지', en: 'Notice' },
  kind_reminder: { ko: '납부 안내', en: 'Reminder' },
  kind_arrears: { ko: '체납 고지', en: 'Arrears' },
  kind_guidance: { ko: '안내', en: 'Guidance' },
  channel_kakao: { ko: '카카오톡', en: 'KakaoTalk' },
  channel_sms: { ko: '문자', en: 'SMS' },
  channel_email: { ko: '이메일', en: 'E-mail' },
  channel_paper: { ko: '종이', en: 'Paper' },
  locale_ko: { ko: '한국어', en: 'Korean' },
  locale_en: { ko: '영어', en: 'English' },
});

export type TemplateMessageKey = Parameters<typeof templateMessages.t>[1];

/** A template's field (`body`, `html_body`, `buttons[0].url` …) as a refusal names it. */
export function templateFieldLabel(field: string): { ko: string; en: string } {
  const key: TemplateMessageKey =
    field === 'subject' ? 'label_subject'
    : field === 'html_body' || field === 'htmlBody' ? 'label_html_body'
    : field === 'kakao_template_code' || field === 'kakaoTemplateCode' ? 'label_kakao_code'
    : field.startsWith('buttons') ? 'label_buttons'
    : field === 'body' ? 'label_body'
    : 'label_template';
  return templateMessages.both(key);
}

/** One refused thing in a template: the field it is in and what it is. */
export type TemplateFinding = { field: string } & (HtmlFinding | { kind: 'link'; url: string; problem: LinkProblem });

const short = (url: string) => (url.length > 80 ? `${url.slice(0, 77)}…` : url);

export function describeFinding(locale: Locale, f: TemplateFinding, policy: LinkPolicy): string {
  switch (f.kind) {
    case 'element':
      return templateMessages.t(locale, 'element', { field: f.field, name: f.name });
    case 'event_handler':
      return templateMessages.t(locale, 'event_handler', { field: f.field, name: f.name, element: f.element });
    case 'attribute':
      return templateMessages.t(locale, 'attribute', { field: f.field, name: f.name, element: f.element });
    case 'form_action':
      return templateMessages.t(locale, 'form_action', { field: f.field, url: short(f.url) });
    case 'style':
      return templateMessages.t(locale, 'style', { field: f.field, element: f.element });
    case 'link': {
      const hosts = policy.hosts.length ? policy.hosts.join(', ') : templateMessages.t(locale, 'no_hosts');
      return templateMessages.t(locale, `link_${f.problem}`, { field: f.field, url: short(f.url), hosts });
    }
  }
}

/** A template refused for what it holds; each finding is named in both languages. */
export class TemplateRefusal extends AppError {
  constructor(
    readonly findings: TemplateFinding[],
    readonly policy: LinkPolicy,
  ) {
    super(
      'template_unsafe',
      422,
      {
        ko: templateMessages.t('ko', 'refused', { list: findings.map((f) => describeFinding('ko', f, policy)).join('; ') }),
        en: templateMessages.t('en', 'refused', { list: findings.map((f) => describeFinding('en', f, policy)).join('; ') }),
      },
      findings.map((f) => ({ field: f.field, reason: describeFinding('en', f, policy) })),
    );
  }

  /** The message of one finding in a language (for a form's error next to its field). */
  describe(locale: Locale, index: number): string {
    return describeFinding(locale, this.findings[index]!, this.policy);
  }
}
