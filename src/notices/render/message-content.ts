// What a rendered message is on each electronic channel: the notice renderer
// produces it, delivery's provider adapters send it.

export interface KakaoContent {
  /** Code of the template approved in advance; variables fill its fixed slots. */
  templateCode: string;
  variables: Record<string, string>;
  /** The template text with the variables filled, as the recipient sees it. */
  text: string;
  buttons: { name: string; url: string }[];
}

export interface SmsContent {
  /** sms: up to 90 bytes in EUC-KR; lms: longer, with a subject. */
  kind: 'sms' | 'lms';
  subject?: string;
  text: string;
}

/** An e-mail as rendered (delivery's EmailContent may add what sending needs). */
export interface EmailContent {
  subject: string;
  html: string;
  text: string;
}
