import iconv from 'iconv-lite';
import type { EmailContent, KakaoContent, SmsContent } from './message-content.ts';
import type { PersonalDataCipher } from '../../platform/crypto.ts';
import type { Locale } from '../../platform/i18n/i18n.ts';
import { formatPaymentCode, paymentCode } from '../payment-page/payment-code.ts';
import { builtinTemplates, type MessageTemplate, type TemplateSet } from '../templates/templates.defaults.ts';
import { ALLOWED_VARIABLES, compileTemplate, type CompiledTemplate, type TemplateKind } from '../templates/templates.engine.ts';
import { sanitizeEmailHtml } from '../templates/template-html.ts';
import { checkFinalLink, linkPolicy, type LinkPolicy } from '../templates/template-links.ts';
import { formatDate, formatKrw, formatPeriod, formatYearPeriod, taxItemName, type TaxItem } from './format.ts';
import { noticePrintMessages } from './render.messages.ts';
import { resolveParticles } from '../../platform/i18n/korean-particles.ts';

// One notice, rendered for each channel from the district's templates: the
// KakaoTalk text (fixed approved template, variables only), SMS or LMS, an
// e-mail in HTML and plain text, and the content of the print page.

/** Everything a message or print page shows about one notice, in plain values. */
export interface NoticeView {
  kind: TemplateKind;
  locale: Locale;
  districtName: string;
  taxpayerName: string;
  noticeNo: string;
  taxItem: TaxItem;
  taxYear: number;
  period: number | null;
  /** Whole won; for arrears, the unpaid tax. */
  amount: number;
  /** 'YYYY-MM-DD', as on the roll. */
  dueDate: string;
  /** §31: the extended due date, when the notice arrived within 7 days of its due date or after it. */
  effectiveDueDate?: string | null;
  paymentAccount?: string | null;
  /** The payment page of this notice, with its code (button, QR code): paymentLink(). */
  link: string;
  /** The notice's payment page code (payment-code.ts), printed on the paper notice. */
  paymentCode?: string;
  /** Arrears only: additional dues (late-payment surcharge) in won. */
  additionalDues?: number | null;
  postalCode: string;
  address: string;
  /** The tax office taxpayers call or visit (districts.office_phone and office_address), as far as the district has set them. */
  office?: { phone: string | null; address: string | null };
}

export type RenderChannel = 'kakao' | 'sms' | 'email';

/** SMS carries at most 90 bytes in EUC-KR; longer text goes as LMS with a subject. */
export const SMS_MAX_BYTES = 90;

/** Byte length of a text as the SMS gateways count it (EUC-KR, i.e. CP949: 2 bytes a Hangul syllable). */
export function eucKrByteLength(text: string): number {
  return iconv.encode(text, 'euc-kr').length;
}

/**
 * The address of a notice's payment page, used for buttons, links and QR
 * codes: it carries the notice's payment page code (?code=), so the taxpayer
 * lands on the page directly while a notice number alone opens nothing.
 */
export function paymentLink(publicUrl: string, districtCode: string, noticeNo: string, cipher: PersonalDataCipher): string {
  const path = `/pay/${encodeURIComponent(districtCode)}/${encodeURIComponent(noticeNo)}`;
  return `${publicUrl.replace(/\/+$/, '')}${path}?code=${paymentCode(cipher, districtCode, noticeNo)}`;
}

/** The formatted value of every template variable for this notice. */
export function templateValues(view: NoticeView): Record<string, string> {
  const { locale } = view;
  const dues = view.additionalDues ?? 0;
  return {
    district_name: view.districtName,
    taxpayer_name: view.taxpayerName,
    notice_no: view.noticeNo,
    tax_item: taxItemName(view.taxItem, locale),
    tax_year: String(view.taxYear),
    period: formatPeriod(view.period, locale),
    amount: formatKrw(view.amount, locale),
    due_date: formatDate(view.dueDate, locale),
    effective_due_date: formatDate(view.effectiveDueDate ?? view.dueDate, locale),
    payment_account: view.paymentAccount || noticePrintMessages.t(locale, 'no_account'),
    link: view.link,
    additional_dues: formatKrw(dues, locale),
    total_due: formatKrw(view.amount + dues, locale),
  };
}

// Templates are compiled once per template object and field.
const compiled = new WeakMap<MessageTemplate, Map<string, CompiledTemplate>>();
function compile(template: MessageTemplate, field: string, text: string): CompiledTemplate {
  let byField = compiled.get(template);
  if (!byField) compiled.set(template, (byField = new Map()));
  let c = byField.get(field);
  if (!c || c.source !== text) {
    c = compileTemplate(text, ALLOWED_VARIABLES[template.kind], field);
    byField.set(field, c);
  }
  return c;
}

/** Links may go to the host of the notice's own payment link and to the district's domains. */
function renderPolicy(view: NoticeView, templates: TemplateSet): LinkPolicy {
  return linkPolicy(view.link, templates.linkDomains);
}

function pick(values: Record<string, string>, names: readonly string[]): Record<string, string> {
  return Object.fromEntries(names.map((n) => [n, values[n] ?? '']));
}

export function renderMessage(view: NoticeView, channel: 'kakao', templates: TemplateSet): KakaoContent;
export function renderMessage(view: NoticeView, channel: 'sms', templates: TemplateSet): SmsContent;
export function renderMessage(view: NoticeView, channel: 'email', templates: TemplateSet): EmailContent;
export function renderMessage(view: NoticeView, channel: RenderChannel, templates: TemplateSet): KakaoContent | SmsContent | EmailContent;
export function renderMessage(view: NoticeView, channel: RenderChannel, templates: TemplateSet): KakaoContent | SmsContent | EmailContent {
  if (templates.kind !== view.kind) throw new Error(`templates of kind ${templates.kind} cannot render a ${view.kind} message`);
  const values = templateValues(view);
  if (channel === 'kakao') {
    const t = templates.kakao;
    const body = compile(t, 'body', t.body);
    if (!t.kakaoTemplateCode) throw new Error('a KakaoTalk template needs its approved template code');
    const policy = renderPolicy(view, templates);
    return {
      templateCode: t.kakaoTemplateCode,
      variables: pick(values, body.variables),
      text: body.render(values),
      // A button that does not lead to an allowed host is left out (a template saved before the check).
      buttons: t.buttons
        .map((b, i) => ({
          name: compile(t, `buttons[${i}].name`, b.name).render(values),
          url: compile(t, `buttons[${i}].url`, b.url).render(values),
        }))
        .filter((b) => checkFinalLink(b.url, policy) === null),
    };
  }
  // A KakaoTalk message must read as its approved template with the variables
  // filled in, so its written pairs ("1기이(가)") stay; a text and an e-mail
  // take the particle that agrees with the word before it, as paper does.
  if (channel === 'sms') {
    const t = templates.sms;
    const text = resolveParticles(compile(t, 'body', t.body).render(values));
    if (eucKrByteLength(text) <= SMS_MAX_BYTES) return { kind: 'sms', text };
    const subject = t.subject ? resolveParticles(compile(t, 'subject', t.subject).render(values)) : values.district_name!;
    return { kind: 'lms', subject, text };
  }
  const t = templates.email;
  if (!t.subject || !t.htmlBody) throw new Error('an e-mail template needs a subject and an HTML body');
  return {
    subject: resolveParticles(compile(t, 'subject', t.subject).render(values)),
    // Sanitised whatever is stored; a template that passed the check at save renders exactly as written (but for the particles).
    html: resolveParticles(compile(t, 'html_body', sanitizeEmailHtml(t.htmlBody, renderPolicy(view, templates))).render(values, 'html')),
    text: resolveParticles(compile(t, 'body', t.body).render(values)),
  };
}

export interface PrintField {
  label: string;
  value: string;
  /** Drawn prominently (amount, the date to pay by). */
  emphasis?: boolean;
}

/** The content of one A4 page; the PDF writer decides where it goes. */
export interface PrintPage {
  locale: Locale;
  districtName: string;
  /** What the document is ("지방세 고지서"), printed in the header. */
  documentName: string;
  title: string;
  recipient: { name: string; postalCode: string; address: string };
  noticeNo: string;
  /** The payment page code as printed (7KQ2-M9XD), when the view has one. */
  paymentCode?: string;
  fields: PrintField[];
  /** §31: set when the due date was extended; printed in a marked box. */
  extendedDue?: { label: string; value: string; note: string };
  explanation: string;
  paymentLink: string;
  qrCaption: string;
  /** The notice number and payment page code again, at the foot of the page. */
  footer: string;
  /** Who to ask: the district's tax office, its address and phone. */
  contact: { label: string; text: string };
  /** How to object to the notice (Framework Act on Local Taxes, Articles 90 and 91). */
  appeal: { label: string; text: string };
}

/**
 * The district office by the district's name: 강남구 → 강남구청, Gangnam-gu →
 * Gangnam-gu Office. A name an admin already wrote as the office (마포구청,
 * Mapo District Office) is kept as it is, not doubled.
 */
export function officeName(locale: Locale, districtName: string): string {
  const name = districtName.trim();
  const ending = noticePrintMessages.t(locale, 'office_name', { name: '' }).trim().toLowerCase();
  return name.toLowerCase().endsWith(ending) ? name : noticePrintMessages.t(locale, 'office_name', { name });
}

/** The content of the print page of one notice (district templates when given, else the built-ins). */
export function renderPrintPage(view: NoticeView, templates?: TemplateSet): PrintPage {
  const set = templates ?? builtinTemplates(view.kind, view.locale);
  const t = set.paper;
  const values = templateValues(view);
  const locale = view.locale;
  const l = (key: Parameters<typeof noticePrintMessages.t>[1], vars?: Record<string, string>) => noticePrintMessages.t(locale, key, vars);
  const extended = view.effectiveDueDate && view.effectiveDueDate !== view.dueDate ? view.effectiveDueDate : undefined;
  const code = view.paymentCode ? formatPaymentCode(view.paymentCode) : undefined;
  const fields: PrintField[] = [
    { label: l('notice_no'), value: view.noticeNo },
    ...(code ? [{ label: l('payment_code'), value: code }] : []),
    { label: l('tax_item'), value: values.tax_item! },
    { label: l('year_period'), value: formatYearPeriod(view.taxYear, values.period!, locale) },
  ];
  if (view.kind === 'arrears') {
    fields.push(
      { label: l('unpaid'), value: values.amount! },
      { label: l('dues'), value: values.additional_dues! },
      { label: l('total'), value: values.total_due!, emphasis: true },
    );
  } else {
    fields.push({ label: l('amount'), value: values.amount!, emphasis: true });
  }
  fields.push({ label: extended ? l('original_due') : l('due_date'), value: values.due_date!, emphasis: !extended });
  fields.push({ label: l('account'), value: values.payment_account! });
  const office = officeName(locale, view.districtName);
  const contact = [
    l('contact_office', { office }),
    view.office?.address ? l('contact_address', { address: view.office.address }) : '',
    view.office?.phone ? l('contact_phone', { phone: view.office.phone }) : '',
  ].filter(Boolean);
  // Templates write both forms of a particle where a variable comes before it (1기을(를)): the page prints the one that agrees.
  return {
    locale,
    districtName: view.districtName,
    documentName: l('document_name'),
    title: resolveParticles(t.subject ? compile(t, 'subject', t.subject).render(values) : values.tax_item!),
    recipient: { name: l('recipient', { name: view.taxpayerName }), postalCode: view.postalCode, address: view.address },
    noticeNo: view.noticeNo,
    paymentCode: code,
    fields,
    extendedDue: extended ? { label: l('extended_due'), value: formatDate(extended, locale), note: l('extended_note') } : undefined,
    explanation: resolveParticles(compile(t, 'body', t.body).render(values)),
    paymentLink: view.link,
    qrCaption: l('qr_caption'),
    footer: code ? l('footer_with_code', { noticeNo: view.noticeNo, code }) : l('footer', { noticeNo: view.noticeNo }),
    contact: { label: l('contact_label'), text: contact.join(' · ') },
    appeal: { label: l('appeal_label'), text: resolveParticles(l('appeal_text', { office })) },
  };
}

/** One part of the print page as it reads: a label, its text, and a link printed under it (not to be translated). */
export interface PrintPagePart {
  label: string;
  text: string;
  link?: string;
  kind?: 'field' | 'emphasis' | 'warning' | 'prose';
}

/**
 * Every part of the print page, top to bottom, as the PDF prints it
 * (delivery/paper/pdf.ts draws the same PrintPage): the template editor's
 * preview shows these, so that what the office reads there is what the
 * taxpayer gets, the office's address and phone and how to object included.
 */
export function printPageParts(page: PrintPage): PrintPagePart[] {
  const l = (key: Parameters<typeof noticePrintMessages.t>[1]) => noticePrintMessages.t(page.locale, key);
  return [
    { label: l('part_document'), text: `${page.districtName} · ${page.documentName}` },
    { label: l('part_recipient'), text: `${page.recipient.postalCode} ${page.recipient.address}\n${page.recipient.name}`, kind: 'prose' },
    { label: l('part_payment_page'), text: page.qrCaption, link: page.paymentLink },
    { label: l('part_title'), text: page.title },
    ...page.fields.map((f): PrintPagePart => ({ label: f.label, text: f.value, kind: f.emphasis ? 'emphasis' : 'field' })),
    ...(page.extendedDue ? [{ label: page.extendedDue.label, text: `${page.extendedDue.value}\n${page.extendedDue.note}`, kind: 'warning' as const }] : []),
    { label: l('part_explanation'), text: page.explanation, kind: 'prose' },
    { label: page.contact.label, text: page.contact.text },
    { label: page.appeal.label, text: page.appeal.text },
    { label: l('part_footer'), text: page.footer, link: page.paymentLink },
  ];
}

/** Sample values for template previews: a property-tax notice that looks real and names no one real. */
export function sampleView(kind: TemplateKind, locale: Locale, districtName: string): NoticeView {
  return {
    kind,
    locale,
    districtName,
    taxpayerName: noticePrintMessages.t(locale, 'sample_taxpayer_name'),
    noticeNo: '2026-07-0001234',
    taxItem: 'property_tax',
    taxYear: 2026,
    period: 1,
    amount: 1284500,
    dueDate: '2026-07-31',
    effectiveDueDate: null,
    paymentAccount: noticePrintMessages.t(locale, 'sample_payment_account'),
    link: 'https://tax.example.go.kr/pay/sample/2026-07-0001234?code=7KQ2M9XD',
    paymentCode: '7KQ2M9XD',
    additionalDues: kind === 'arrears' ? 38530 : null,
    postalCode: '06236',
    address: noticePrintMessages.t(locale, 'sample_address'),
  };
}
