import { AppError } from '../../platform/errors.ts';
import { defineMessages, type Locale } from '../../platform/i18n/i18n.ts';
import type { HtmlFinding } from './template-html.ts';
import type { LinkPolicy, LinkProblem } from './template-links.ts';

// What a template may not hold, said so that the official can fix it: each
// refused thing named, with the field it is in.

export const tm = defineMessages({
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
});

/** One refused thing in a template: the field it is in and what it is. */
export type TemplateFinding = { field: string } & (HtmlFinding | { kind: 'link'; url: string; problem: LinkProblem });

const short = (url: string) => (url.length > 80 ? `${url.slice(0, 77)}…` : url);

export function describeFinding(locale: Locale, f: TemplateFinding, policy: LinkPolicy): string {
  switch (f.kind) {
    case 'element':
      return tm.t(locale, 'element', { field: f.field, name: f.name });
    case 'event_handler':
      return tm.t(locale, 'event_handler', { field: f.field, name: f.name, element: f.element });
    case 'attribute':
      return tm.t(locale, 'attribute', { field: f.field, name: f.name, element: f.element });
    case 'form_action':
      return tm.t(locale, 'form_action', { field: f.field, url: short(f.url) });
    case 'style':
      return tm.t(locale, 'style', { field: f.field, element: f.element });
    case 'link': {
      const hosts = policy.hosts.length ? policy.hosts.join(', ') : tm.t(locale, 'no_hosts');
      return tm.t(locale, `link_${f.problem}`, { field: f.field, url: short(f.url), hosts });
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
        ko: tm.t('ko', 'refused', { list: findings.map((f) => describeFinding('ko', f, policy)).join('; ') }),
        en: tm.t('en', 'refused', { list: findings.map((f) => describeFinding('en', f, policy)).join('; ') }),
      },
      findings.map((f) => ({ field: f.field, reason: describeFinding('en', f, policy) })),
    );
  }

  /** The message of one finding in a language (for a form's error next to its field). */
  describe(locale: Locale, index: number): string {
    return describeFinding(locale, this.findings[index]!, this.policy);
  }
}
