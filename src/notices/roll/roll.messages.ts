import { defineMessages } from '../../platform/i18n/i18n.ts';

// The roll import's texts: the upload form, the import report (page and
// API problem) and the console's table of recent imports.

export const rollUploadMessages = defineMessages({
  upload_title: { ko: '과세자료 가져오기', en: 'Import a tax roll' },
  upload_intro: {
    ko: '부과 시스템에서 내려받은 과세자료 CSV 파일(UTF-8 또는 CP949, 한글 또는 영문 머리행)을 올리세요. 기본으로 잘못된 행이 하나라도 있으면 파일 전체를 가져오지 않습니다.',
    en: 'Upload the tax-roll CSV exported by the levy system (UTF-8 or CP949, Korean or English header). By default, one bad row rejects the whole file.',
  },
  file_label: { ko: '과세자료 파일 (CSV)', en: 'Tax-roll file (CSV)' },
  file_hint: { ko: '최대 {size}', en: 'Up to {size}' },
  skip_invalid: { ko: '잘못된 행은 건너뛰고 나머지 행만 가져오기', en: 'Skip bad rows and import the rest' },
  submit: { ko: '가져오기', en: 'Import' },
  file_required: { ko: '가져올 CSV 파일을 선택해 주세요', en: 'Choose the CSV file to import' },
  file_too_large: { ko: '파일이 허용된 크기보다 큽니다. 파일을 나누어 올려 주세요.', en: 'The file is larger than allowed. Split it and upload the parts.' },
  report_imported: { ko: '과세자료를 가져왔습니다', en: 'The roll was imported' },
  report_rejected: { ko: '과세자료를 가져오지 못했습니다', en: 'The roll was not imported' },
  report_rejected_help: {
    ko: '데이터베이스는 바뀌지 않았습니다. 아래 오류를 고친 뒤 파일을 다시 올려 주세요.',
    en: 'Nothing in the database changed. Correct the errors below and upload the file again.',
  },
  report_file: { ko: '파일', en: 'File' },
  report_encoding: { ko: '인코딩', en: 'Encoding' },
  report_rows: { ko: '전체 행', en: 'Rows read' },
  report_inserted: { ko: '새로 추가', en: 'Added' },
  report_updated: { ko: '변경', en: 'Updated' },
  report_unchanged: { ko: '변경 없음', en: 'Unchanged' },
  report_rejected_rows: { ko: '거부된 행', en: 'Rows rejected' },
  report_import_id: { ko: '가져오기 번호', en: 'Import number' },
  report_unknown_columns: { ko: '알 수 없는 열 (무시함): {columns}', en: 'Unknown columns (ignored): {columns}' },
  errors_title: { ko: '오류 ({count}건)', en: 'Errors ({count})' },
  errors_not_shown: { ko: '그 밖에 {count}건의 오류는 표시하지 않았습니다.', en: '{count} more error(s) not shown.' },
  col_line: { ko: '줄', en: 'Line' },
  col_column: { ko: '열', en: 'Column' },
  col_reason: { ko: '이유', en: 'Reason' },
  column_name: { ko: '{korean} ({field})', en: '{field}' },
  rejected_detail: {
    ko: '과세자료를 가져오지 못했습니다: 오류 {count}건. 데이터베이스는 바뀌지 않았습니다.',
    en: 'The roll was not imported: {count} error(s). Nothing in the database changed.',
  },
  conflicts_title: { ko: '연락처 충돌 ({count}건)', en: 'Contact conflicts ({count})' },
  conflicts_help: {
    ko: '아래 납세자는 과세자료보다 나중에 고친 연락처가 있어 그대로 두었습니다. 확인이 필요합니다.',
    en: 'These taxpayers have contact details corrected after the roll was made; the corrections were kept. Please review them.',
  },
  col_taxpayer_no: { ko: '납세자번호', en: 'Taxpayer number' },
  col_fields: { ko: '항목', en: 'Fields' },
  back_to_console: { ko: '업무 화면으로 돌아가기', en: 'Back to the console' },
  upload_another: { ko: '다른 파일 가져오기', en: 'Import another file' },
});

export const rollImportsTableMessages = defineMessages({
  recent_imports: { ko: '최근 과세자료 가져오기', en: 'Recent roll imports' },
  no_imports: { ko: '아직 가져온 과세자료가 없습니다.', en: 'No roll has been imported yet.' },
  col_file: { ko: '파일', en: 'File' },
  col_finished: { ko: '완료 시각', en: 'Finished' },
  col_rows: { ko: '행', en: 'Rows' },
  col_inserted: { ko: '추가', en: 'Added' },
  col_updated: { ko: '변경', en: 'Updated' },
  col_unchanged: { ko: '동일', en: 'Unchanged' },
  col_rejected: { ko: '거부', en: 'Rejected' },
  col_conflicts: { ko: '충돌', en: 'Conflicts' },
  col_by: { ko: '가져온 사람', en: 'Imported by' },
  by_command: { ko: '명령줄에서 가져옴', en: 'From the command line' },
  by_staff_gone: { ko: '삭제된 직원 계정', en: 'A staff account since removed' },
});
