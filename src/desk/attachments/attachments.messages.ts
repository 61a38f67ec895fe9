import { defineMessages } from '../../platform/i18n/i18n.ts';

// What a resident sending a file, or staff downloading one, is told.

export const attachmentMessages = defineMessages({
  refused_type: {
    ko: '사진(PNG, JPEG, GIF, WebP)과 PDF 파일만 보낼 수 있습니다. 다른 파일은 사진으로 찍거나 PDF로 저장해서 보내 주세요.',
    en: 'Only pictures (PNG, JPEG, GIF, WebP) and PDF files can be sent. Take a photo of other documents or save them as PDF.',
  },
  refused_size: {
    ko: '파일이 너무 큽니다. 5MB 이하의 파일만 보낼 수 있습니다.',
    en: 'The file is too large. Files can be at most 5 MB.',
  },
  refused_empty: { ko: '파일이 비어 있습니다.', en: 'The file is empty.' },
  refused_mismatch: {
    ko: '파일 내용이 알려진 형식과 다릅니다. 사진(PNG, JPEG, GIF, WebP)이나 PDF 파일인지 확인해 주세요.',
    en: 'The file content does not match its declared type. Check that it is a picture (PNG, JPEG, GIF, WebP) or a PDF.',
  },
  not_found: {
    ko: '첨부파일을 찾을 수 없습니다. 상담 화면을 새로 고친 뒤 다시 열어 주세요.',
    en: 'Attachment not found. Reload the conversation and open it from there.',
  },
  purged: {
    ko: '구의 보존 기간이 지나 {date}에 첨부파일을 삭제했습니다. 아직 필요하면 민원인에게 다시 보내 달라고 요청해 주세요.',
    en: 'The attachment was removed on {date}, after the district’s retention period. If it is still needed, ask the resident to send it again.',
  },
  no_conversation: { ko: '진행 중인 상담을 찾을 수 없습니다. 새 대화를 시작해 주세요.', en: 'No open conversation found. Please start a new one.' },
  file_required: { ko: '보낼 파일을 고르세요.', en: 'Choose a file to send.' },
  not_multipart: { ko: '파일은 multipart/form-data 형식으로 보내 주세요.', en: 'Send the file as multipart/form-data.' },
});
