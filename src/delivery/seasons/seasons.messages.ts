import { defineMessages } from '../../platform/i18n/i18n.ts';

// Everything the season pages and the seasons API say, in Korean and English.

export const seasonMessages = defineMessages({
  // navigation
  nav_seasons: { ko: '고지 발송', en: 'Notice seasons' },
  back_to_seasons: { ko: '고지 발송 목록으로', en: 'Back to notice seasons' },
  // seasons list
  seasons_title: { ko: '고지 발송', en: 'Notice seasons' },
  seasons_none: { ko: '아직 발송한 고지가 없습니다.', en: 'No season has been issued yet.' },
  col_season: { ko: '회차', en: 'Season' },
  col_send_after: { ko: '발송 시각', en: 'Sending from' },
  col_notices: { ko: '고지서', en: 'Notices' },
  col_final: { ko: '완료', en: 'Final' },
  col_delivered: { ko: '전자 도달', en: 'Delivered' },
  col_created_by: { ko: '발송한 사람', en: 'Issued by' },
  season_name: { ko: '{year}년 {item} {period}', en: '{item} {year} {period}' },
  no_period: { ko: '(기분 없음)', en: '(no period)' },
  // issue form
  issue_title: { ko: '고지서 발급하고 보내기', en: 'Issue and send a season' },
  issue_intro: {
    ko: '가져온 과세자료의 고지서를 발급하고, 전자고지 신청자에게는 신청한 채널로, 그 밖의 납세자에게는 종이로 보냅니다. 보내기 전에 확인 화면이 나옵니다.',
    en: 'Issues the notices of the imported roll and sends them: by the channels each applicant chose, on paper to everyone else. You will check your answers before anything is sent.',
  },
  ready_title: { ko: '보낼 준비가 된 과세자료', en: 'Imported rolls ready to send' },
  ready_none: { ko: '가져온 과세자료 중 아직 발급하지 않은 고지서가 없습니다.', en: 'Every imported notice has been issued.' },
  ready_import_link: { ko: '과세자료는 업무 화면에서 올립니다.', en: 'Rolls are uploaded on the console’s start page.' },
  ready_col_notices: { ko: '발급할 고지서', en: 'Notices to issue' },
  ready_col_files: { ko: '과세자료 파일', en: 'Roll files' },
  ready_col_imported: { ko: '가져온 시각', en: 'Imported' },
  ready_col_choose: { ko: '선택', en: 'Choose' },
  ready_choose: { ko: '이 회차로 채우기', en: 'Fill the form with this' },
  field_tax_item: { ko: '세목', en: 'Tax item' },
  field_year: { ko: '과세연도', en: 'Tax year' },
  field_year_hint: { ko: '예: 2026', en: 'For example, 2026' },
  field_period: { ko: '기분', en: 'Period' },
  field_period_hint: { ko: '재산세 7월분은 1, 9월분은 2. 기분이 없는 세목은 0.', en: 'Property tax: 1 for July, 2 for September. 0 when the tax has no period.' },
  field_when: { ko: '언제 보낼까요?', en: 'When should it be sent?' },
  when_now: { ko: '지금 보내기 (야간 발송 제한 시간에는 아침에 보냅니다)', en: 'Now (outside quiet hours; otherwise in the morning)' },
  when_later: { ko: '정한 시각에 보내기', en: 'At a set time' },
  field_send_at: { ko: '발송 시각 (서울 시각)', en: 'Send at (Seoul time)' },
  field_send_at_hint: { ko: '예: 2026-07-10 09:00', en: 'For example, 2026-07-10 09:00' },
  continue: { ko: '계속', en: 'Continue' },
  err_tax_item: { ko: '세목을 선택해 주세요', en: 'Select the tax item' },
  err_year: { ko: '과세연도를 1990부터 2200 사이의 네 자리 숫자로 입력해 주세요', en: 'Enter the tax year as 4 digits between 1990 and 2200' },
  err_period: { ko: '기분을 0부터 12 사이의 숫자로 입력해 주세요', en: 'Enter the period as a number from 0 to 12' },
  err_when: { ko: '언제 보낼지 선택해 주세요', en: 'Select when to send' },
  err_send_at: { ko: '발송 시각을 2026-07-10 09:00 형식으로 입력해 주세요', en: 'Enter the time to send as 2026-07-10 09:00' },
  err_send_at_past: { ko: '발송 시각은 지금보다 뒤여야 합니다', en: 'The time to send must be in the future' },
  err_no_notices: {
    ko: '이 세목·연도·기분으로 새로 발급할 고지서가 없습니다. 과세자료를 먼저 가져오거나 선택을 확인해 주세요',
    en: 'There are no notices to issue for this tax item, year and period. Import the roll first, or check your choice',
  },
  // check answers
  check_title: { ko: '보내기 전에 확인해 주세요', en: 'Check your answers before sending' },
  check_notices: { ko: '발급할 고지서', en: 'Notices to issue' },
  check_change: { ko: '바꾸기', en: 'Change' },
  check_warning: {
    ko: '보내면 취소할 수 없습니다. 전자고지 신청자에게 바로 발송이 시작됩니다.',
    en: 'Once sent, this cannot be undone. Sending to applicants starts straight away.',
  },
  send_now_button: { ko: '발급하고 보내기', en: 'Issue and send' },
  // confirmation on the season page
  issued_title: { ko: '고지서를 발급했습니다', en: 'The season was issued' },
  issued_reference: { ko: '회차 번호', en: 'Season reference' },
  issued_next: {
    ko: '이제 전자고지 신청자에게 차례로 발송합니다. 아래 숫자는 2초마다 새로 고쳐집니다. 전자 채널이 모두 실패한 고지서와 종이 고지 대상은 “종이 고지서 만들기”로 인쇄합니다.',
    en: 'Applicants are now being sent their notices. The figures below refresh every 2 seconds. Notices whose electronic channels all failed, and paper-only ones, are printed with “Make a paper batch”.',
  },
  // season page
  progress_title: { ko: '진행 상황', en: 'Progress' },
  progress_line: { ko: '고지서 {notices}건 중 {final}건 완료, 발송 중 {sending}건, 종이 대기 {paper}건', en: '{final} of {notices} notices final, {sending} being sent, {paper} waiting for paper' },
  fig_notices: { ko: '고지서', en: 'Notices' },
  fig_applicants: { ko: '전자고지 신청자', en: 'E-notice applicants' },
  fig_final: { ko: '완료', en: 'Final' },
  fig_sending: { ko: '발송 중', en: 'Being sent' },
  fig_awaiting_paper: { ko: '종이 대기', en: 'Waiting for paper' },
  fig_delivered: { ko: '전자 도달', en: 'Delivered electronically' },
  fig_returned: { ko: '전자 반송', en: 'Returned (all channels failed)' },
  fig_paper: { ko: '종이로 발송', en: 'Sent on paper' },
  fig_paper_cost: { ko: '우편 요금', en: 'Postage' },
  fig_withdrawn: { ko: '철회 (납부 등)', en: 'Withdrawn (paid, cancelled)' },
  fig_rate: { ko: '전자송달률', en: 'Electronic delivery rate' },
  charts_title: { ko: '그래프', en: 'Charts' },
  chart_channels: { ko: '채널별 도달률', en: 'Delivery rate per channel' },
  chart_days: { ko: '날짜별 도달 건수 (서울 시각)', en: 'Delivered per day (Seoul time)' },
  chart_causes: { ko: '실패 원인', en: 'Failure causes' },
  chart_compare: { ko: '이번 회차와 지난 회차', en: 'This season beside the last' },
  chart_compare_none: { ko: '같은 세목의 지난 회차가 없습니다.', en: 'There is no earlier season of this tax item.' },
  chart_empty: { ko: '아직 자료가 없습니다.', en: 'No data yet.' },
  col_channel: { ko: '채널', en: 'Channel' },
  col_rate: { ko: '도달률', en: 'Rate' },
  col_day: { ko: '날짜', en: 'Day' },
  col_cause: { ko: '원인', en: 'Cause' },
  col_count: { ko: '건수', en: 'Count' },
  col_measure: { ko: '항목', en: 'Measure' },
  col_this: { ko: '이번 회차', en: 'This season' },
  col_last: { ko: '지난 회차 ({name})', en: 'Last season ({name})' },
  // API errors
  season_not_found: { ko: '발송 회차 {id}을(를) 찾을 수 없습니다. 회차 번호를 확인해 주세요.', en: 'No season {id} in your district. Check the season number.' },
  no_notices_to_issue: {
    ko: '{year}년 {item} {period}에 새로 발급할 고지서가 없습니다. 과세자료를 먼저 가져오거나 세목·연도·기분을 확인해 주세요.',
    en: 'No notices to issue for {item} {year} {period}. Import the roll first, or check the tax item, year and period.',
  },
  send_after_past: { ko: '발송 시각은 지금보다 뒤여야 합니다.', en: 'The time to send must be in the future.' },
  // delivery reports that could not be trusted (issue 13)
  untrusted_reports_title: { ko: '확인되지 않은 배달 보고', en: 'Delivery reports that could not be verified' },
  untrusted_reports: {
    ko: '우리 구의 발송에 대한 배달 보고 {count}건을 적용하지 않고 점검용으로 보관했습니다. 서명이 없거나 맞지 않는 반송 주소로 왔거나, 그 메시지를 보내지 않은 사업자·채널이 보낸 보고입니다. 고지서의 상태와 도달 시각은 바뀌지 않았습니다. 마지막 보고: {latest}. 계속 늘어나면 시스템 관리자에게 알려 주세요.',
    en: '{count} delivery report(s) about your district\'s messages were not applied and are kept for inspection: they came to a return address without a valid signature, or from a provider or channel that did not send the message. No notice changed state or delivery time because of them. Latest: {latest}. If the number keeps growing, tell your system administrator.',
  },
  // e-mail refused for the sender's reasons (issue 18)
  sender_side_title: { ko: '받는 메일 시스템이 우리 구의 이메일을 거부하고 있습니다', en: 'Receiving mail systems are refusing your district\'s e-mail' },
  sender_side_summary: {
    ko: '지난 24시간 동안 이메일 {attempts}건 중 {refused}건({share})이 받는 사람의 주소 때문이 아니라 우리 쪽 메일 설정이나 평판 때문에 거부되었습니다. 이 실패는 납세자의 연락처 문제로 치지 않으며, 해당 고지서는 다음 채널로 넘어갔습니다. 마지막 거부: {latest}.',
    en: 'In the last 24 hours, {refused} of {attempts} e-mails ({share}) were refused because of how your district\'s mail is sent, not because of the recipients\' addresses. These refusals do not count against the taxpayers\' contacts, and their notices moved on to the next channel. Latest: {latest}.',
  },
  sender_side_auth: {
    ko: '발신 인증 실패 {n}건: 시스템 관리자에게 메일 도메인의 SPF, DKIM, DMARC 레코드(DNS)를 확인해 달라고 요청하세요.',
    en: '{n} failed sender authentication: ask your system administrator to check the mail domain\'s SPF, DKIM and DMARC records (DNS).',
  },
  sender_side_block: {
    ko: '차단 목록 {n}건: 보내는 주소나 메일 서버가 차단 목록에 올라 있습니다. 시스템 관리자에게 어느 목록인지 확인하고 해제를 요청해 달라고 하세요.',
    en: '{n} block list: the sending address or mail server is on a block list. Ask your system administrator to find which list and request removal.',
  },
  sender_side_policy: {
    ko: '받는 쪽 정책·스팸 판정 {n}건: 최근에 바꾼 이메일 서식(링크, 문구)을 확인하고, 계속되면 시스템 관리자에게 알려 주세요.',
    en: '{n} refused by the receiver\'s policy or spam filter: check recent changes to the e-mail templates (links, wording), and tell your system administrator if it goes on.',
  },
// request fields as the pages name them (a refusal names the field in the caller's words)
  label_tax_item: { ko: '세목', en: 'Tax item' },
  label_tax_year: { ko: '과세연도', en: 'Tax year' },
  label_period: { ko: '기분', en: 'Period' },
  label_send_after: { ko: '보낼 시각', en: 'Send from' },
});

export type SeasonMessageKey = Parameters<typeof seasonMessages.t>[1];
