import { defineMessages } from '../i18n/i18n.ts';

// The taxpayer data export page, its PDF and its refusals.

export const dataExportMessages = defineMessages({
  page_title: { ko: '납세자 정보 내보내기: {no}', en: 'Export taxpayer data: {no}' },
  lead: {
    ko: '납세자가 요청하면 이 구가 보관한 그 사람의 정보를 모두 내보냅니다. 내보내기는 누가, 언제, 왜 했는지 감사 기록에 남습니다.',
    en: "On the taxpayer's request, everything this district keeps of that person is exported. Who exported it, when and why is recorded in the audit log.",
  },
  includes_title: { ko: '담기는 정보', en: 'What the export holds' },
  formats_title: { ko: '형식', en: 'Formats' },
  format_json: { ko: 'JSON: 기계가 읽는 형식, 모든 항목과 원래 값', en: 'JSON: for machines, every item with its values as stored' },
  format_pdf: { ko: 'PDF: 사람이 읽는 형식, 한글 글꼴 포함', en: 'PDF: for people to read, with the Korean font embedded' },
  reason_label: { ko: '내보내는 이유', en: 'Why you are exporting' },
  reason_hint: { ko: '요청 경위를 적으세요. 예: 2026. 12. 7. 창구 방문 열람 청구, 접수번호 123', en: 'Say what the request was, e.g. "request at the counter on 7 December 2026, ticket 123"' },
  err_reason: { ko: '내보내는 이유를 입력하세요', en: 'Enter why you are exporting' },
  err_reason_long: { ko: '이유는 500자 이하로 입력하세요', en: 'The reason must be 500 characters or fewer' },
  download_json: { ko: 'JSON 내려받기', en: 'Download JSON' },
  download_pdf: { ko: 'PDF 내려받기', en: 'Download PDF' },
  correction_title: { ko: '정정 요청', en: 'Corrections' },
  correction_text: {
    ko: '연락처나 전자고지 신청이 틀렸다면 감사 기록이 남는 연락처 변경 절차로 고칩니다.',
    en: 'A wrong contact or e-notice choice is corrected through the audited contact change.',
  },
  correction_link: { ko: '연락처 변경하기', en: 'Change contacts' },
  back: { ko: '납세자 정보로 돌아가기', en: 'Back to the taxpayer' },
  pdf_title: { ko: '납세자 정보 ({no})', en: 'Taxpayer data ({no})' },
  pdf_subtitle: { ko: '{district}에서 보관한 {name} 님의 정보', en: 'What {district} keeps of {name}' },
  pdf_made: { ko: '{time}에 {by}이(가) 만듦', en: 'Made on {time} by {by}' },
  pdf_nothing: { ko: '이 항목에 해당하는 정보가 없습니다.', en: 'Nothing of this kind is kept.' },
  pdf_page: { ko: '{page} / {pages}쪽', en: 'Page {page} of {pages}' },
  taxpayer_not_found: { ko: '이 구에서 그 납세자를 찾을 수 없습니다.', en: 'No such taxpayer in this district.' },
});

export type DataExportMessageKey = keyof typeof dataExportMessages.catalogue;
