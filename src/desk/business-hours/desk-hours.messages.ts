import { defineMessages } from '../../platform/i18n/i18n.ts';

// The desk's section of the district settings page: weekly hours, the
// district's own closed days, the out-of-hours message and how long the
// desk keeps what residents wrote. Error keys are the section's zod messages.

export const deskHoursMessages = defineMessages({
  title: { ko: '상담 창구 시간', en: 'Desk hours' },
  intro: {
    ko: '실시간 상담 창구가 열리는 시간입니다(서울 시각). 공휴일에는 자동으로 닫습니다. 닫혀 있을 때 주민은 아래 안내 문구와 오프라인 문의 양식을 봅니다.',
    en: 'When the live desk is open (Seoul time). It is closed on public holidays without being told; when it is closed, residents see the message below and the offline form.',
  },
  weekly_legend: { ko: '요일별 시간', en: 'Weekly hours' },
  weekly_hint: {
    ko: '닫는 요일은 비워 두세요. 점심시간처럼 쉬는 시간이 있으면 두 번째 시간에 다시 여는 시각과 닫는 시각을 쓰세요.',
    en: 'Leave a day empty when the desk is closed. For a break such as lunch, give the second opening time and closing time.',
  },
  weekday_0: { ko: '일요일', en: 'Sunday' },
  weekday_1: { ko: '월요일', en: 'Monday' },
  weekday_2: { ko: '화요일', en: 'Tuesday' },
  weekday_3: { ko: '수요일', en: 'Wednesday' },
  weekday_4: { ko: '목요일', en: 'Thursday' },
  weekday_5: { ko: '금요일', en: 'Friday' },
  weekday_6: { ko: '토요일', en: 'Saturday' },
  opens: { ko: '여는 시각', en: 'Opens' },
  closes: { ko: '닫는 시각', en: 'Closes' },
  opens_again: { ko: '다시 여는 시각', en: 'Opens again' },
  closes_again: { ko: '다시 닫는 시각', en: 'Closes again' },
  week_empty: { ko: '적어도 하루는 여는 시각과 닫는 시각을 써 주세요.', en: 'Give the opening and closing time of at least one day.' },
  time_invalid: { ko: '시각을 24시간제 시:분으로 써 주세요 (예: 09:00).', en: 'Enter a time as HH:MM on the 24-hour clock (for example 09:00).' },
  time_pair: { ko: '여는 시각과 닫는 시각을 함께 쓰거나 둘 다 비워 주세요.', en: 'Give both the opening and the closing time, or neither.' },
  time_order: { ko: '닫는 시각은 여는 시각보다 늦어야 합니다.', en: 'The closing time must be later than the opening time.' },
  time_second_after_first: { ko: '두 번째 시간은 첫 시간이 닫은 뒤에 시작해야 하고, 첫 시간이 있어야 합니다.', en: 'The second opening must start after the first closes, and needs a first one.' },

  closed_legend: { ko: '이 구의 휴무일', en: 'The district’s closed days' },
  closed_hint: {
    ko: '공휴일 말고 창구를 닫는 날(선거일, 임시 휴무, 행사)입니다. 날짜와 이유를 쓰세요. 지우려면 두 칸을 비우세요. 오늘부터의 날만 보이고 바뀝니다.',
    en: 'Days beyond the public holidays when the desk is closed (an election day, a temporary closure, an event): give the date and the reason; empty both to remove one. Only days from today on are shown and changed.',
  },
  closed_day: { ko: '{n}번째 날짜', en: 'Date {n}' },
  closed_reason: { ko: '{n}번째 이유', en: 'Reason {n}' },
  closed_day_invalid: { ko: '날짜를 연-월-일로 써 주세요 (예: 2026-12-24).', en: 'Enter the date as year-month-day, for example 2026-12-24.' },
  closed_day_past: { ko: '오늘이나 그 뒤의 날짜를 써 주세요.', en: 'Enter today or a later date.' },
  closed_day_twice: { ko: '같은 날짜가 두 번 있습니다. 하나를 지워 주세요.', en: 'This date is given twice; remove one.' },
  closed_reason_required: { ko: '이유를 1~200자로 써 주세요.', en: 'Give the reason in 1 to 200 characters.' },
  closed_day_required: { ko: '이유에 맞는 날짜를 써 주세요.', en: 'Give the date the reason is for.' },

  out_of_hours_ko: { ko: '닫혀 있을 때 안내 (한국어)', en: 'Message when closed (Korean)' },
  out_of_hours_en: { ko: '닫혀 있을 때 안내 (영어)', en: 'Message when closed (English)' },
  out_of_hours_hint: { ko: '두 칸을 모두 비우면 기본 안내를 씁니다. 1,000자 이하.', en: 'Empty both to use the standard message. At most 1,000 characters.' },
  out_of_hours_both: { ko: '한국어와 영어 안내를 모두 쓰거나 둘 다 비워 주세요.', en: 'Give the message in both Korean and English, or empty both.' },
  out_of_hours_too_long: { ko: '안내는 1,000자 이하로 써 주세요.', en: 'Keep the message to 1,000 characters.' },

  retention_legend: { ko: '상담 내용 보관 기간 (일)', en: 'How long the desk keeps what residents wrote (days)' },
  retention_hint: {
    ko: '기간이 지나면 내용을 지우고, 시각과 상태, 감사 기록은 남깁니다. 30~3650일.',
    en: 'After this, the contents are removed; times, states and the audit log stay. 30 to 3,650 days.',
  },
  retention_chat: { ko: '상담 대화 (상담이 끝난 뒤)', en: 'Conversations (after the close)' },
  retention_attachments: { ko: '첨부 파일 (상담이 끝난 뒤)', en: 'Attachments (after the close)' },
  retention_offline: { ko: '오프라인 문의 (답한 뒤)', en: 'Offline messages (after the answer)' },
  retention_invalid: { ko: '30~3650 사이의 정수(일)로 써 주세요.', en: 'Enter a whole number of days from 30 to 3,650.' },
  invalid: { ko: '이 값은 쓸 수 없습니다. 안내를 보고 고쳐 주세요.', en: 'This value cannot be used; correct it as the hint says.' },
});

export type DeskHoursMessageKey = Parameters<typeof deskHoursMessages.t>[1];
