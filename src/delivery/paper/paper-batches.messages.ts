import { defineMessages } from '../../platform/i18n/i18n.ts';

// What the console and the API say about paper batches, in Korean and English.

export const paperBatchMessages = defineMessages({
  // the paper section of a season page
  paper_title: { ko: '종이 고지서', en: 'Paper notices' },
  paper_waiting: { ko: '종이 발송을 기다리는 고지서: {n}건 (구 전체)', en: 'Notices waiting for paper: {n} (whole district)' },
  paper_button: { ko: '종이 고지서 묶음 만들기', en: 'Make a paper batch' },
  paper_made: { ko: '종이 고지서 묶음 {id}번을 만들었습니다: {notices}건, {cost}.', en: 'Paper batch {id} made: {notices} notice(s), {cost}.' },
  paper_nothing: { ko: '종이 발송을 기다리는 고지서가 없습니다.', en: 'No notice is waiting for paper.' },
  paper_batches: { ko: '종이 고지서 묶음', en: 'Paper batches' },
  paper_none: { ko: '아직 만든 묶음이 없습니다.', en: 'No batch has been made yet.' },
  col_batch: { ko: '묶음', en: 'Batch' },
  col_created_at: { ko: '만든 시각', en: 'Made at' },
  col_notices: { ko: '고지서', en: 'Notices' },
  col_pages: { ko: '쪽수', en: 'Pages' },
  col_cost: { ko: '우편 요금', en: 'Postage' },
  col_downloads: { ko: '내려받기', en: 'Downloads' },
  download_pdf: { ko: '인쇄용 PDF (묶음 {id})', en: 'Print PDF (batch {id})' },
  download_manifest: { ko: '우편 목록 CSV (묶음 {id})', en: 'Mail-house CSV (batch {id})' },
  // API errors
  batch_not_found: { ko: '종이 묶음 {id}을(를) 찾을 수 없습니다.', en: 'No paper batch {id} in your district.' },
  batch_file_missing: {
    ko: '묶음 {id}의 파일이 서버에 없습니다. 묶음을 다시 만들 수는 없으니 관리자에게 데이터 폴더를 확인해 달라고 요청해 주세요.',
    en: 'The file of batch {id} is missing on the server. Ask an administrator to check the data folder.',
  },
});

export type PaperBatchMessageKey = Parameters<typeof paperBatchMessages.t>[1];
