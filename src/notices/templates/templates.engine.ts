import { AppError, type FieldProblem } from '../../platform/errors.ts';
import { templateFieldLabel, templateMessages } from './templates.messages.ts';

// The template language districts edit: literal text with {{variable}} slots
// and nothing else. No conditionals, loops or filters: a template approved by
// KakaoTalk, printed on paper or read aloud by a screen reader must mean the
// same thing for every taxpayer, and a district official can edit it safely.

export const TEMPLATE_KINDS = ['notice', 'reminder', 'arrears', 'guidance'] as const;
export type TemplateKind = (typeof TEMPLATE_KINDS)[number];

export const TEMPLATE_CHANNELS = ['kakao', 'sms', 'email', 'paper'] as const;
export type TemplateChannel = (typeof TEMPLATE_CHANNELS)[number];

export const COMMON_VARIABLES = [
  'district_name',
  'taxpayer_name',
  'notice_no',
  'tax_item',
  'tax_year',
  'period',
  'amount',
  'due_date',
  'effective_due_date',
  'payment_account',
  'link',
] as const;

export const ALLOWED_VARIABLES: Record<TemplateKind, readonly string[]> = {
  notice: COMMON_VARIABLES,
  reminder: COMMON_VARIABLES,
  guidance: COMMON_VARIABLES,
  arrears: [...COMMON_VARIABLES, 'additional_dues', 'total_due'],
};

/** Values for the slots, already formatted for the reader (amounts, dates). Missing ones render empty. */
export type TemplateValues = Partial<Record<string, string>>;

export interface CompiledTemplate {
  readonly source: string;
  /** The variables the template uses, in order of first use. */
  readonly variables: readonly string[];
  /** 'html' escapes every value (e-mail HTML); 'none' inserts values as they are (text channels, PDF). */
  render(values: TemplateValues, escape?: 'html' | 'none'): string;
}

const SLOT = /\{\{([^{}]*)\}\}/g;
const NAME = /^[a-z][a-z0-9_]*$/;

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

type Part = { literal: string } | { variable: string };

/**
 * Parses a template and checks every slot against the variables allowed for
 * its kind. Throws AppError template_unknown_variable (naming each variable and
 * the field) or template_syntax, so a bad template is refused when saved.
 */
export function compileTemplate(text: string, allowed: readonly string[], field = 'body'): CompiledTemplate {
  const parts: Part[] = [];
  const unknown: string[] = [];
  const syntax: FieldProblem[] = [];
  const used: string[] = [];
  let last = 0;
  const checkLiteral = (literal: string) => {
    if (literal.includes('{{') || literal.includes('}}')) {
      syntax.push({ field, reason: 'unmatched {{ or }}: write a slot as {{variable}}', reasons: templateMessages.both('err_slot_unmatched'), label: templateFieldLabel(field) });
    }
    if (literal) parts.push({ literal });
  };
  for (const match of text.matchAll(SLOT)) {
    checkLiteral(text.slice(last, match.index));
    last = match.index + match[0].length;
    const name = match[1]!.trim();
    if (!NAME.test(name)) {
      syntax.push({
        field,
        reason: `{{${name}}} is not a variable: templates hold only {{variable}} slots, no expressions`,
        reasons: templateMessages.both('err_slot_expression', { name }),
        label: templateFieldLabel(field),
      });
      continue;
    }
    if (!allowed.includes(name)) {
      if (!unknown.includes(name)) unknown.push(name);
      continue;
    }
    if (!used.includes(name)) used.push(name);
    parts.push({ variable: name });
  }
  checkLiteral(text.slice(last));

  if (unknown.length > 0) {
    const names = unknown.map((n) => `{{${n}}}`).join(', ');
    throw new AppError(
      'template_unknown_variable',
      422,
      {
        ko: `템플릿의 ${templateFieldLabel(field).ko} 항목에 쓸 수 없는 변수가 있습니다: ${names}. 쓸 수 있는 변수: ${allowed.join(', ')}`,
        en: `The template's ${field} uses unknown variable ${names}. Allowed variables: ${allowed.join(', ')}`,
      },
      unknown.map((n) => ({ field, reason: `unknown variable {{${n}}}`, reasons: templateMessages.both('err_template_variable', { name: n }), label: templateFieldLabel(field) })),
    );
  }
  if (syntax.length > 0) {
    throw new AppError(
      'template_syntax',
      422,
      {
        ko: `템플릿의 ${field} 항목을 읽을 수 없습니다. 변수는 {{변수이름}} 형태로만 쓸 수 있습니다.`,
        en: `The template's ${field} cannot be read. Slots are written {{variable_name}}, with nothing else inside.`,
      },
      syntax,
    );
  }

  return {
    source: text,
    variables: used,
    render(values, escape = 'none') {
      let out = '';
      for (const part of parts) {
        if ('literal' in part) out += part.literal;
        else {
          const value = values[part.variable] ?? '';
          out += escape === 'html' ? escapeHtml(value) : value;
        }
      }
      return out;
    },
  };
}
