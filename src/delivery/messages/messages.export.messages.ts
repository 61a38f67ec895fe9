import { defineMessages } from '../../platform/i18n/i18n.ts';

// Delivery's labels in a taxpayer's data export (PDF); the rest are the message page's.

export const dataExportDeliveryMessages = defineMessages({
  section_title: { ko: '고지서와 송달 기록', en: 'Notices and their delivery' },
  notice_title: { ko: '고지 {no} · {item} {year}', en: 'Notice {no} · {item} {year}' },
  paid: { ko: '납부', en: 'Paid' },
  not_paid: { ko: '납부 기록 없음', en: 'No payment recorded' },
  message_title: { ko: '메시지 {id}{notice}', en: 'Message {id}{notice}' },
});
