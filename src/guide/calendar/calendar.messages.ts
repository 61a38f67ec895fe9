import { defineMessages } from '../../platform/i18n/i18n.ts';
import { AppError } from '../../platform/errors.ts';

// The local-tax calendar's texts and refusals.

export const calendarMessages = defineMessages({
  title: { ko: '지방세 달력', en: 'Local-tax calendar' },
  lead: {
    ko: '{district}의 지방세 신고·납부 기한입니다. 기한이 토요일·일요일·공휴일이면 다음 근무일까지 낼 수 있습니다({article}).',
    en: 'The local-tax filing and payment deadlines of {district}. A deadline on a Saturday, Sunday or public holiday moves to the next working day ({article}).',
  },
  month_heading: { ko: '{year}년 {month}월', en: '{monthName} {year}' },
  month_view: { ko: '달력으로 보기', en: 'Month view' },
  list_view: { ko: '목록으로 보기', en: 'List view' },
  previous_month: { ko: '이전 달', en: 'Previous month' },
  next_month: { ko: '다음 달', en: 'Next month' },
  previous_year: { ko: '이전 해', en: 'Previous year' },
  next_year: { ko: '다음 해', en: 'Next year' },
  year_heading: { ko: '{year}년 지방세 기한', en: 'Local-tax deadlines of {year}' },
  month_deadlines: { ko: '이달의 기한', en: 'Deadlines this month' },
  none_this_month: { ko: '이달에는 기한이 없습니다.', en: 'No deadlines this month.' },
  calendar_caption: { ko: '{year}년 {month}월 달력. 기한이 있는 날에 세목을 적었습니다.', en: 'Calendar of {monthName} {year}. Days with a deadline list the tax.' },
  period: { ko: '{from}부터 {to}까지', en: '{from} to {to}' },
  due_on: { ko: '기한 {due}', en: 'Due {due}' },
  moved: { ko: '원래 기한 {statutory}이 {why}이어서 {due}로 미뤄집니다.', en: 'The deadline {statutory} is {why}, so it moves to {due}.' },
  why_saturday: { ko: '토요일', en: 'a Saturday' },
  why_sunday: { ko: '일요일', en: 'a Sunday' },
  why_holiday: { ko: '공휴일({name})', en: 'a public holiday ({name})' },
  why_also_closed: { ko: '근로자의 날', en: 'Labour Day' },
  every_month: { ko: '매월', en: 'Every month' },
  today: { ko: '오늘', en: 'Today' },
  weekday_names: { ko: '일,월,화,수,목,금,토', en: 'Sunday,Monday,Tuesday,Wednesday,Thursday,Friday,Saturday' },
  weekday_short: { ko: '일,월,화,수,목,금,토', en: 'Sun,Mon,Tue,Wed,Thu,Fri,Sat' },
  month_names: { ko: '1월,2월,3월,4월,5월,6월,7월,8월,9월,10월,11월,12월', en: 'January,February,March,April,May,June,July,August,September,October,November,December' },
  subscribe_heading: { ko: '내 달력에 넣기', en: 'Add to your calendar' },
  subscribe_lead: {
    ko: '휴대전화나 컴퓨터의 달력 앱에 아래 주소를 구독으로 추가하면 기한이 바뀔 때도 저절로 맞춰집니다.',
    en: 'Add the address below to the calendar app on your phone or computer as a subscription; it stays up to date when a deadline changes.',
  },
  feed_link: { ko: '달력 구독 주소(iCalendar)', en: 'Calendar subscription address (iCalendar)' },
  remind_link: { ko: '기한 알림 받기(문자 또는 이메일)', en: 'Get deadline reminders (text message or e-mail)' },
  remind_title: { ko: '지방세 기한 알림 신청', en: 'Deadline reminders' },
  remind_lead: {
    ko: '고른 세금의 기한이 다가오면 알려 드립니다. 연락처가 본인 것인지 인증번호로 확인한 뒤에 신청됩니다. 알림은 한국어로 보냅니다.',
    en: 'We tell you when a deadline of the taxes you choose draws near. The reminders start once a code confirms the contact is yours. Reminders are sent in Korean.',
  },
  contact_kind: { ko: '받을 곳', en: 'Send reminders to' },
  contact_mobile: { ko: '휴대전화 문자', en: 'Mobile phone (text message)' },
  contact_email: { ko: '이메일', en: 'E-mail' },
  contact_value: { ko: '휴대전화 번호 또는 이메일 주소', en: 'Mobile number or e-mail address' },
  contact_hint: { ko: '예: 010-1234-5678 또는 name@example.com', en: 'For example 010-1234-5678 or name@example.com' },
  items_legend: { ko: '알림 받을 세금', en: 'Taxes to be reminded of' },
  days_label: { ko: '며칠 전에 알릴까요?', en: 'How many days before?' },
  days_option: { ko: '{n}일 전', en: '{n} days before' },
  send_code: { ko: '인증번호 받기', en: 'Send me a code' },
  code_title: { ko: '인증번호 입력', en: 'Enter your code' },
  code_sent: { ko: '{to}(으)로 인증번호를 보냈습니다. {minutes}분 안에 입력하세요.', en: 'We sent a code to {to}. Enter it within {minutes} minutes.' },
  code_label: { ko: '인증번호 6자리', en: '6-digit code' },
  confirm: { ko: '알림 신청하기', en: 'Start reminders' },
  subscribed_title: { ko: '알림을 신청했습니다', en: 'Reminders are on' },
  subscribed_body: {
    ko: '{to}(으)로 기한 {days}일 전에 알려 드립니다. 알림마다 들어 있는 링크로 언제든 그만 받을 수 있습니다.',
    en: 'We will remind {to} {days} days before each deadline. Every reminder has a link to stop them at any time.',
  },
  back_to_calendar: { ko: '달력으로 돌아가기', en: 'Back to the calendar' },
  unsubscribe_title: { ko: '기한 알림 그만 받기', en: 'Stop deadline reminders' },
  unsubscribe_lead: { ko: '{to}(으)로 보내는 지방세 기한 알림을 그만 보낼까요?', en: 'Stop the local-tax deadline reminders sent to {to}?' },
  unsubscribe_button: { ko: '알림 그만 받기', en: 'Stop reminders' },
  unsubscribed: { ko: '알림을 그만 보냅니다. 다시 받으려면 달력 페이지에서 신청하세요.', en: 'Reminders have stopped. To get them again, sign up on the calendar page.' },
  unsubscribe_unknown: { ko: '이 링크로는 알림을 찾을 수 없습니다. 링크 전체를 복사했는지 확인하세요.', en: 'No reminders match this link. Check that you copied the whole link.' },
  district_unknown: { ko: '그런 구는 없습니다. 주소를 확인하세요.', en: 'There is no such district. Check the address.' },
  // refusals (stable codes; the field named)
  contact_invalid: { ko: '휴대전화 번호나 이메일 주소가 올바르지 않습니다: {reason}', en: 'The mobile number or e-mail address is not valid: {reason}' },
  contact_dead_prefix: { ko: '011·016·017·018·019 번호는 더 이상 쓰이지 않습니다. 010 번호를 입력하세요.', en: 'Numbers starting 011, 016, 017, 018 or 019 are no longer in service. Enter a 010 number.' },
  items_required: { ko: '알림 받을 세금을 하나 이상 고르세요.', en: 'Choose at least one tax.' },
  item_unknown: { ko: '이 구의 달력에 없는 세금을 골랐습니다. 목록에서 다시 고르세요.', en: 'A chosen tax is not on this district’s calendar. Choose again from the list.' },
  days_invalid: { ko: '며칠 전에 알릴지 목록에서 고르세요.', en: 'Choose how many days before from the list.' },
  code_limit: { ko: '이 연락처로 인증번호를 너무 많이 요청했습니다. 한 시간 뒤에 다시 시도하세요.', en: 'Too many codes were asked for this contact. Try again in an hour.' },
  not_verified: { ko: '확인된 인증번호가 없습니다. 인증번호를 다시 받으세요.', en: 'No confirmed code for this contact. Send a new code.' },
  year_out_of_range: { ko: '{from}년부터 {to}년까지의 달력만 볼 수 있습니다.', en: 'Calendars from {from} to {to} only.' },
  too_many: { ko: '요청이 너무 많습니다. {minutes}분 뒤에 다시 시도하세요.', en: 'Too many requests. Try again in {minutes} minutes.' },
  // console
  console_title: { ko: '지방세 달력 관리', en: 'Local-tax calendar' },
});

export type CalendarMessageKey = keyof typeof calendarMessages.catalogue;

/** A refusal from the catalogue, naming the field it is about. */
export function calendarError(status: number, code: CalendarMessageKey, field: string, vars?: Record<string, string | number>): AppError {
  const messages = calendarMessages.both(code, vars);
  return new AppError(code, status, messages, [{ field, reason: messages.en }]);
}
