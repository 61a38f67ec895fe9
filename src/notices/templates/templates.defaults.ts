import type { Locale } from '../../platform/i18n/i18n.ts';
import type { TemplateChannel, TemplateKind } from './templates.engine.ts';

// The built-in templates, in Korean and English, for every kind of message
// and every channel. A district's saved template replaces one of these.
//
// {{due_date}} is the due date printed on the roll; {{effective_due_date}} is
// the date the taxpayer must pay by: the §31 extended date when one was set,
// otherwise the roll's due date.

export interface TemplateButton {
  name: string;
  url: string;
}

export interface MessageTemplate {
  kind: TemplateKind;
  channel: TemplateChannel;
  locale: Locale;
  /** KakaoTalk only: the code of the template approved in advance; its text must match body. */
  kakaoTemplateCode?: string;
  /** E-mail subject, LMS subject, or the title of the print page. */
  subject?: string;
  /** Text of the message (KakaoTalk, SMS, e-mail plain text) or the explanation on the print page. */
  body: string;
  /** E-mail only: the whole HTML document. */
  htmlBody?: string;
  buttons: TemplateButton[];
  source: 'builtin' | 'district';
  updatedBy?: string;
  updatedAt?: string;
}

export interface TemplateSet {
  kind: TemplateKind;
  locale: Locale;
  /** The domains the district's links may go to besides the service's own address (template-links.ts). */
  linkDomains: readonly string[];
  kakao: MessageTemplate;
  sms: MessageTemplate;
  email: MessageTemplate;
  paper: MessageTemplate;
}

interface Words {
  kakaoCode: string;
  /** Headline of KakaoTalk, e-mail and the LMS subject. */
  title: string;
  /** Title of the print page. */
  paperTitle: string;
  intro: string;
  /** Label and slot of each line of the detail block. */
  lines: [string, string][];
  closing: string;
  button: string;
  sms: string;
  htmlLinkText: string;
  footer: string;
  /** The print page's explanation, when it is not the intro and closing. */
  paperBody?: string;
}

const ko = {
  notice: {
    paperBody: '{{tax_year}}년 {{tax_item}} {{period}}을(를) 위와 같이 고지하오니 납부기한까지 납부하여 주시기 바랍니다. 휴대전화로 QR코드를 찍으면 납부 화면으로 연결됩니다.',
    kakaoCode: 'TS_NOTICE_V1',
    title: '{{tax_year}}년 {{tax_item}} {{period}} 전자고지',
    paperTitle: '{{tax_year}}년 {{tax_item}} {{period}} 고지서',
    intro: '{{taxpayer_name}}님, {{district_name}}에서 {{tax_year}}년 {{tax_item}} {{period}} 고지서를 보내 드립니다.',
    lines: [
      ['고지번호', '{{notice_no}}'],
      ['납부금액', '{{amount}}'],
      ['납부기한', '{{effective_due_date}}'],
      ['가상계좌', '{{payment_account}}'],
    ],
    closing: '아래 버튼으로 고지서를 확인하고 납부하실 수 있습니다.',
    button: '납부하기',
    sms: '[{{district_name}}] {{tax_item}} {{amount}} 납부기한 {{effective_due_date}} {{link}}',
    htmlLinkText: '고지서 확인 및 납부하기',
    footer: '이 메일은 지방세 전자송달을 신청하신 분께 보내는 고지서입니다. 문의는 {{district_name}} 세무부서로 해 주십시오.',
  },
  reminder: {
    kakaoCode: 'TS_REMINDER_V1',
    title: '{{tax_year}}년 {{tax_item}} {{period}} 납부기한 안내',
    paperTitle: '{{tax_year}}년 {{tax_item}} {{period}} 납부기한 안내문',
    intro: '{{taxpayer_name}}님, {{tax_year}}년 {{tax_item}} {{period}}의 납부기한은 {{effective_due_date}}입니다. 아직 납부되지 않아 알려 드립니다.',
    lines: [
      ['고지번호', '{{notice_no}}'],
      ['납부금액', '{{amount}}'],
      ['납부기한', '{{effective_due_date}}'],
      ['가상계좌', '{{payment_account}}'],
    ],
    closing: '이미 납부하셨다면 이 안내는 무시하셔도 됩니다.',
    button: '납부하기',
    sms: '[{{district_name}}] {{tax_item}} {{amount}} 납부기한 {{effective_due_date}}까지 {{link}}',
    htmlLinkText: '납부하기',
    footer: '문의는 {{district_name}} 세무부서로 해 주십시오.',
  },
  arrears: {
    kakaoCode: 'TS_ARREARS_V1',
    title: '{{tax_year}}년 {{tax_item}} {{period}} 체납 고지',
    paperTitle: '{{tax_year}}년 {{tax_item}} {{period}} 체납 고지서',
    intro: '{{taxpayer_name}}님, {{tax_year}}년 {{tax_item}} {{period}}이(가) 납부기한({{due_date}})까지 납부되지 않았습니다.',
    lines: [
      ['고지번호', '{{notice_no}}'],
      ['체납액', '{{amount}}'],
      ['납부지연가산세', '{{additional_dues}}'],
      ['합계', '{{total_due}}'],
      ['가상계좌', '{{payment_account}}'],
    ],
    closing: '납부하지 않으면 재산 압류 등 체납처분이 진행될 수 있습니다.',
    button: '납부하기',
    sms: '[{{district_name}}] {{tax_item}} 체납 {{total_due}} 납부 {{link}}',
    htmlLinkText: '체납액 납부하기',
    footer: '문의는 {{district_name}} 세무부서로 해 주십시오.',
  },
  guidance: {
    kakaoCode: 'TS_GUIDANCE_V1',
    title: '{{tax_year}}년 {{tax_item}} {{period}} 납부 안내',
    paperTitle: '{{tax_year}}년 {{tax_item}} {{period}} 납부 안내문',
    intro:
      '{{taxpayer_name}}님, {{tax_year}}년 {{tax_item}} {{period}} 납부를 안내해 드립니다. 이 메시지는 안내일 뿐 법적 고지서가 아니며, 고지서는 우편으로 송달됩니다.',
    lines: [
      ['납부금액', '{{amount}}'],
      ['납부기한', '{{effective_due_date}}'],
    ],
    closing: '전자송달을 신청하시면 다음부터 고지서를 전자로 받으실 수 있습니다.',
    button: '납부하기',
    sms: '[{{district_name}}] 안내: {{tax_item}} {{amount}} 납부기한 {{effective_due_date}}. 고지서는 우편 송달 {{link}}',
    htmlLinkText: '납부 안내 보기',
    footer: '이 메일은 안내이며 지방세기본법에 따른 전자송달이 아닙니다. 법적 고지서는 우편으로 송달됩니다.',
  },
} satisfies Record<TemplateKind, Words>;

const en = {
  notice: {
    paperBody: 'Your {{tax_item}} for {{tax_year}}, {{period}} is levied as shown above. Please pay by the due date. Scan the QR code with your phone to pay online.',
    kakaoCode: 'TS_NOTICE_EN_V1',
    title: '{{tax_item}} {{tax_year}}, {{period}}: electronic notice',
    paperTitle: '{{tax_item}} {{tax_year}}, {{period}}: tax notice',
    intro: 'Dear {{taxpayer_name}}, {{district_name}} sends you your {{tax_item}} notice for {{tax_year}}, {{period}}.',
    lines: [
      ['Notice number', '{{notice_no}}'],
      ['Amount due', '{{amount}}'],
      ['Due date', '{{effective_due_date}}'],
      ['Payment account', '{{payment_account}}'],
    ],
    closing: 'Use the button below to view the notice and pay.',
    button: 'Pay',
    sms: '[{{district_name}}] {{tax_item}} {{amount}} due {{effective_due_date}} {{link}}',
    htmlLinkText: 'View the notice and pay',
    footer: 'You receive this notice by e-mail because you applied for electronic service of local-tax notices. Questions: the tax office of {{district_name}}.',
  },
  reminder: {
    kakaoCode: 'TS_REMINDER_EN_V1',
    title: '{{tax_item}} {{tax_year}}, {{period}}: payment reminder',
    paperTitle: '{{tax_item}} {{tax_year}}, {{period}}: payment reminder',
    intro: 'Dear {{taxpayer_name}}, your {{tax_item}} for {{tax_year}}, {{period}} is due on {{effective_due_date}} and has not been paid yet.',
    lines: [
      ['Notice number', '{{notice_no}}'],
      ['Amount due', '{{amount}}'],
      ['Due date', '{{effective_due_date}}'],
      ['Payment account', '{{payment_account}}'],
    ],
    closing: 'If you have already paid, please ignore this reminder.',
    button: 'Pay',
    sms: '[{{district_name}}] Reminder: {{tax_item}} {{amount}} due {{effective_due_date}} {{link}}',
    htmlLinkText: 'Pay now',
    footer: 'Questions: the tax office of {{district_name}}.',
  },
  arrears: {
    kakaoCode: 'TS_ARREARS_EN_V1',
    title: '{{tax_item}} {{tax_year}}, {{period}}: arrears notice',
    paperTitle: '{{tax_item}} {{tax_year}}, {{period}}: arrears notice',
    intro: 'Dear {{taxpayer_name}}, your {{tax_item}} for {{tax_year}}, {{period}} was not paid by its due date ({{due_date}}).',
    lines: [
      ['Notice number', '{{notice_no}}'],
      ['Unpaid amount', '{{amount}}'],
      ['Additional dues', '{{additional_dues}}'],
      ['Total due', '{{total_due}}'],
      ['Payment account', '{{payment_account}}'],
    ],
    closing: 'Unpaid arrears may lead to seizure of property.',
    button: 'Pay',
    sms: '[{{district_name}}] {{tax_item}} arrears {{total_due}} {{link}}',
    htmlLinkText: 'Pay the arrears',
    footer: 'Questions: the tax office of {{district_name}}.',
  },
  guidance: {
    kakaoCode: 'TS_GUIDANCE_EN_V1',
    title: '{{tax_item}} {{tax_year}}, {{period}}: payment guidance',
    paperTitle: '{{tax_item}} {{tax_year}}, {{period}}: payment guidance',
    intro:
      'Dear {{taxpayer_name}}, this is guidance about your {{tax_item}} for {{tax_year}}, {{period}}. It is not the legal notice: the legal notice comes to you by post.',
    lines: [
      ['Amount due', '{{amount}}'],
      ['Due date', '{{effective_due_date}}'],
    ],
    closing: 'Apply for electronic service to receive future notices electronically.',
    button: 'Pay',
    sms: '[{{district_name}}] Guidance: {{tax_item}} {{amount}} due {{effective_due_date}}; legal notice by post {{link}}',
    htmlLinkText: 'See the payment guidance',
    footer: 'This e-mail is guidance, not electronic service under the Framework Act on Local Taxes. The legal notice comes by post.',
  },
} satisfies Record<TemplateKind, Words>;

const WORDS: Record<Locale, Record<TemplateKind, Words>> = { ko, en };

function textBlock(w: Words): string {
  return [w.intro, '', ...w.lines.map(([label, slot]) => `■ ${label}: ${slot}`), '', w.closing].join('\n');
}

function htmlDocument(w: Words, locale: Locale): string {
  const rows = w.lines
    .map(
      ([label, slot]) =>
        `      <tr><th scope="row" style="text-align:left;padding:4px 16px 4px 0;font-weight:600">${label}</th><td style="padding:4px 0">${slot}</td></tr>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="${locale}">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>[{{district_name}}] ${w.title}</title>
</head>
<body style="margin:0;padding:16px;font-family:'Pretendard GOV','Malgun Gothic',sans-serif;font-size:16px;line-height:1.6;color:#1e2124;background:#ffffff">
  <main style="max-width:40rem;margin:0 auto">
    <p style="margin:0;color:#464c53">{{district_name}}</p>
    <h1 style="font-size:22px;margin:4px 0 16px">${w.title}</h1>
    <p>${w.intro}</p>
    <table style="border-collapse:collapse;margin:16px 0">
      <tbody>
${rows}
      </tbody>
    </table>
    <p>${w.closing}</p>
    <p><a href="{{link}}" style="display:inline-block;padding:12px 20px;background:#256ef4;color:#ffffff;text-decoration:none;border-radius:6px">${w.htmlLinkText}</a></p>
    <p style="font-size:14px;color:#464c53">${w.footer}</p>
  </main>
</body>
</html>
`;
}

/** The print page's explanation; the detail fields of the page are laid out by the PDF writer. */
function paperBody(w: Words): string {
  return w.paperBody ?? `${w.intro} ${w.closing}`;
}

function build(kind: TemplateKind, locale: Locale): TemplateSet {
  const w = WORDS[locale][kind];
  const base = { kind, locale, buttons: [] as TemplateButton[], source: 'builtin' as const };
  return {
    kind,
    locale,
    linkDomains: [],
    kakao: {
      ...base,
      channel: 'kakao',
      kakaoTemplateCode: w.kakaoCode,
      body: `[{{district_name}}] ${w.title}\n\n${textBlock(w)}`,
      buttons: [{ name: w.button, url: '{{link}}' }],
    },
    sms: { ...base, channel: 'sms', subject: `[{{district_name}}] ${w.title}`, body: w.sms },
    email: {
      ...base,
      channel: 'email',
      subject: `[{{district_name}}] ${w.title}`,
      body: `${textBlock(w)}\n\n${w.htmlLinkText}: {{link}}\n\n${w.footer}\n`,
      htmlBody: htmlDocument(w, locale),
    },
    paper: { ...base, channel: 'paper', subject: w.paperTitle, body: paperBody(w) },
  };
}

/** The built-in templates of one kind in one language (a fresh copy each call). */
export function builtinTemplates(kind: TemplateKind, locale: Locale): TemplateSet {
  return build(kind, locale);
}
