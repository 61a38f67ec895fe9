import { defineMessages } from '../../platform/i18n/i18n.ts';

// What the console and the API say about paper batches, in Korean and English.

export const paperBatchMessages = defineMessages({
  // the paper section of a season page
  paper_title: { ko: '종이 고지서', en: 'Paper notices' },
  paper_waiting: { ko: '종이 발송을 기다리는 고지서: {n}건 (구 전체)', en: 'Notices waiting for paper: {n} (whole district)' },
  paper_button: { ko: '종이 고지서 묶음 만들기', en: 'Make a paper batch' },
  // a batch made in the background: what it is doing
  job_queued: { ko: '종이 고지서 묶음을 만들 차례를 기다리고 있습니다. 곧 시작합니다.', en: 'The paper batch is waiting to be started. It will start shortly.' },
  job_running: { ko: '종이 고지서 묶음을 만들고 있습니다: 고지서 {total}건 중 {handled}건 처리.', en: 'Making the paper batch: {handled} of {total} notices handled.' },
  job_progress_label: { ko: '종이 고지서 묶음 진행', en: 'Paper batch progress' },
  job_leave_page: { ko: '이 화면을 떠나도 계속 만듭니다. 다 되면 이 화면에서 내려받을 수 있습니다.', en: 'It carries on if you leave this page; come back here to download it when it is ready.' },
  job_done: { ko: '종이 고지서 묶음 {id}번이 준비되었습니다: {notices}건, {cost}. 아래에서 내려받으세요.', en: 'Paper batch {id} is ready: {notices} notice(s), {cost}. Download it below.' },
  job_paid_withdrawn: { ko: '그사이 납부된 {n}건은 인쇄하지 않고 철회했습니다.', en: '{n} paid meanwhile: withdrawn, not printed.' },
  job_failed: {
    ko: '종이 고지서 묶음을 만들지 못했습니다. 처리된 고지서는 없습니다. 다시 시도하고, 또 실패하면 시스템 관리자에게 알려 주세요.',
    en: 'The paper batch could not be made; no notice was marked. Try again, and if it fails again, tell your system administrator.',
  },
  job_failed_write: {
    ko: '서버에 인쇄 파일을 쓸 수 없어 종이 고지서 묶음을 만들지 못했습니다. 처리된 고지서는 없습니다. 시스템 관리자에게 데이터 폴더의 권한과 여유 공간을 확인해 달라고 한 뒤 다시 시도해 주세요.',
    en: 'The paper batch could not be made because the server could not write the print files; no notice was marked. Ask your system administrator to check the data folder’s permissions and free space, then try again.',
  },
  job_failed_gave_up: {
    ko: '종이 고지서 묶음을 만드는 작업이 여러 번 중단되어 멈췄습니다. 처리된 고지서는 없습니다. 시스템 관리자에게 알려 주세요.',
    en: 'Making the paper batch stopped several times, so it was given up; no notice was marked. Tell your system administrator.',
  },
  job_failed_changed: {
    ko: '종이 고지서 묶음을 만드는 동안 고지서가 계속 바뀌어(납부, 다른 묶음) 만들지 못했습니다. 처리된 고지서는 없습니다. 잠시 뒤 다시 시도해 주세요.',
    en: 'The notices kept changing (paid, or taken by another batch) while the batch was made, so it was not made; no notice was marked. Try again in a moment.',
  },
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
  job_not_found: { ko: '종이 묶음 작업 {id}을(를) 찾을 수 없습니다.', en: 'No paper batch job {id} in your district.' },
  batch_file_missing: {
    ko: '묶음 {id}의 파일이 서버에 없습니다. 묶음을 다시 만들 수는 없으니 관리자에게 데이터 폴더를 확인해 달라고 요청해 주세요.',
    en: 'The file of batch {id} is missing on the server. Ask an administrator to check the data folder.',
  },
});

export type PaperBatchMessageKey = Parameters<typeof paperBatchMessages.t>[1];

const FAILURE_KEYS: Record<string, PaperBatchMessageKey> = {
  paper_batch_write_failed: 'job_failed_write',
  paper_batch_gave_up: 'job_failed_gave_up',
  paper_batch_changed: 'job_failed_changed',
};

/** What a failed job's error code says (the page's sentence and the API's message). */
export const jobFailureKey = (code: string | null): PaperBatchMessageKey => FAILURE_KEYS[code ?? ''] ?? 'job_failed';
