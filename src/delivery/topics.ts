import type { Bilingual } from '../platform/i18n/i18n.ts';

// Messages that are not tax notices: each topic has a fixed text (KakaoTalk
// requires approved templates, so the wording is fixed and only the
// variables change) and the variables it needs.

export interface Topic {
  kakaoTemplateCode: string;
  subject: Bilingual;
  text: Bilingual;
  variables: readonly string[];
}

export const TOPICS = {
  enrolment_withdrawn: {
    kakaoTemplateCode: 'TS_ENROL_WITHDRAWN_V1',
    subject: { ko: '[{district}] 전자송달 신청 철회 안내', en: '[{district}] Your e-notice application was withdrawn' },
    text: {
      ko: '[{district}] 전자고지를 5회 연속 열람하지 않아 지방세기본법 시행령 제14조제4항에 따라 전자송달 신청이 철회된 것으로 처리되었습니다. 앞으로 고지서는 우편으로 발송됩니다. 다시 신청하려면 Tax Station에서 신청하세요.',
      en: '[{district}] You left 5 e-notices unopened in a row, so under Enforcement Decree §14④ your e-delivery application is deemed withdrawn. Notices will come by post. You can apply again at Tax Station.',
    },
    variables: ['district'],
  },
  contact_update_request: {
    kakaoTemplateCode: 'TS_CONTACT_UPDATE_V1',
    subject: { ko: '[{district}] 전자고지 연락처를 확인해 주세요', en: '[{district}] Please check your e-notice contact details' },
    text: {
      ko: '[{district}] 지난 전자고지가 전달되지 않았습니다. 아래 링크에서 휴대전화·이메일을 확인하고 고쳐 주세요(생년월일 확인, {expires}까지 한 번 사용 가능): {link}',
      en: '[{district}] Your last e-notice could not be delivered. Check and correct your mobile number and e-mail here (date of birth required; usable once, until {expires}): {link}',
    },
    variables: ['district', 'link', 'expires'],
  },
  update_link: {
    kakaoTemplateCode: 'TS_UPDATE_LINK_V1',
    subject: { ko: '[{district}] 연락처 변경 링크', en: '[{district}] Link to update your contact details' },
    text: {
      ko: '[{district}] 요청하신 연락처 변경 링크입니다({expires}까지 한 번 사용 가능): {link}',
      en: '[{district}] Here is the link you asked for to update your contact details (usable once, until {expires}): {link}',
    },
    variables: ['district', 'link', 'expires'],
  },
  staff_setup_link: {
    kakaoTemplateCode: 'TS_STAFF_SETUP_V1',
    subject: { ko: '[{district}] Tax Station 직원 계정 비밀번호 설정', en: '[{district}] Set the password of your Tax Station staff account' },
    text: {
      ko: '[{district}] Tax Station 직원 계정 "{username}"의 비밀번호를 아래 링크에서 정해 주세요({expires}까지 한 번 사용 가능): {link} 요청하지 않았다면 구청 관리자에게 알려 주세요.',
      en: '[{district}] Choose the password of your Tax Station staff account "{username}" here (usable once, until {expires}): {link} If you did not expect this, tell your district’s administrator.',
    },
    variables: ['district', 'username', 'link', 'expires'],
  },
  one_time_code: {
    kakaoTemplateCode: 'TS_OTP_V1',
    subject: { ko: '[{district}] 인증번호', en: '[{district}] Your confirmation code' },
    text: {
      ko: '[{district}] 인증번호 {code} 를 5분 안에 입력해 주세요. 요청하지 않았다면 무시하세요.',
      en: '[{district}] Your confirmation code is {code}. Enter it within 5 minutes. If you did not ask for it, ignore this message.',
    },
    variables: ['district', 'code'],
  },
  contact_changed: {
    kakaoTemplateCode: 'TS_CONTACT_CHANGED_V1',
    subject: { ko: '[{district}] 전자고지 연락처 변경 알림', en: '[{district}] Your e-notice contact details were changed' },
    text: {
      ko: '[{district}] 전자고지를 받을 연락처가 {when}에 바뀌어 이 연락처로는 더 이상 고지서를 보내지 않습니다. 직접 바꾸지 않았다면 {phone}(으)로 바로 연락해 주세요.',
      en: '[{district}] The contact details for your e-notices were changed on {when}; notices no longer come here. If you did not change them, call {phone} straight away.',
    },
    variables: ['district', 'when', 'phone'],
  },
  desk_reply: {
    kakaoTemplateCode: 'TS_DESK_REPLY_V1',
    subject: { ko: '[{district}] 문의에 대한 답변', en: '[{district}] Answer to your question' },
    text: { ko: '[{district}] 문의하신 내용에 대한 답변입니다: {answer}', en: '[{district}] Here is the answer to your question: {answer}' },
    variables: ['district', 'answer'],
  },
  desk_transcript: {
    kakaoTemplateCode: 'TS_DESK_TRANSCRIPT_V1',
    subject: { ko: '[{district}] 상담 기록', en: '[{district}] Transcript of your conversation' },
    text: { ko: '[{district}] 요청하신 상담 기록입니다.\n\n{transcript}', en: '[{district}] Here is the transcript you asked for.\n\n{transcript}' },
    variables: ['district', 'transcript'],
  },
  // Consultation reservations (src/consultations): {when} is the slot's Seoul
  // date and time, {link} the resident's personal page (view, .ics, move,
  // cancel, and the video room when it opens).
  consultation_booked: {
    kakaoTemplateCode: 'TS_CONSULT_BOOKED_V1',
    subject: { ko: '[{district}] 세무 상담 예약 확인 {reference}', en: '[{district}] Your tax consultation is booked: {reference}' },
    text: {
      ko: '[{district}] {field} 상담이 {when}에 예약되었습니다(예약번호 {reference}). 확인·변경·취소: {link}',
      en: '[{district}] Your {field} consultation is booked for {when} (reference {reference}). View, move or cancel: {link}',
    },
    variables: ['district', 'field', 'when', 'reference', 'link'],
  },
  consultation_moved: {
    kakaoTemplateCode: 'TS_CONSULT_MOVED_V1',
    subject: { ko: '[{district}] 세무 상담 예약 변경 {reference}', en: '[{district}] Your tax consultation was moved: {reference}' },
    text: {
      ko: '[{district}] {field} 상담(예약번호 {reference})이 {when}(으)로 변경되었습니다. 확인·변경·취소: {link}',
      en: '[{district}] Your {field} consultation (reference {reference}) is now on {when}. View, move or cancel: {link}',
    },
    variables: ['district', 'field', 'when', 'reference', 'link'],
  },
  consultation_cancelled: {
    kakaoTemplateCode: 'TS_CONSULT_CANCELLED_V1',
    subject: { ko: '[{district}] 세무 상담 예약 취소 {reference}', en: '[{district}] Your tax consultation was cancelled: {reference}' },
    text: {
      ko: '[{district}] {when} {field} 상담(예약번호 {reference})이 취소되었습니다.',
      en: '[{district}] Your {field} consultation on {when} (reference {reference}) is cancelled.',
    },
    variables: ['district', 'field', 'when', 'reference'],
  },
  consultation_reminder: {
    kakaoTemplateCode: 'TS_CONSULT_REMINDER_V1',
    subject: { ko: '[{district}] 세무 상담 안내: {when}', en: '[{district}] Reminder: tax consultation on {when}' },
    text: {
      ko: '[{district}] {when}에 {field} 상담이 있습니다(예약번호 {reference}). 상담실 입장·변경: {link}',
      en: '[{district}] Your {field} consultation is on {when} (reference {reference}). Join or change it here: {link}',
    },
    variables: ['district', 'field', 'when', 'reference', 'link'],
  },
  consultation_blocked: {
    kakaoTemplateCode: 'TS_CONSULT_BLOCKED_V1',
    subject: { ko: '[{district}] 세무 상담 일정 취소 안내 {reference}', en: '[{district}] Your tax consultation cannot take place: {reference}' },
    text: {
      ko: '[{district}] 사정으로 {when} {field} 상담(예약번호 {reference})을 진행할 수 없게 되었습니다. 죄송합니다. 다른 시간을 고르세요: {alternatives}. 선택: {link}',
      en: '[{district}] We are sorry: your {field} consultation on {when} (reference {reference}) cannot take place. Other times: {alternatives}. Choose one here: {link}',
    },
    variables: ['district', 'field', 'when', 'reference', 'alternatives', 'link'],
  },
  consultation_slot_offered: {
    kakaoTemplateCode: 'TS_CONSULT_OFFER_V1',
    subject: { ko: '[{district}] 세무 상담 자리가 났습니다', en: '[{district}] A tax consultation slot is free for you' },
    text: {
      ko: '[{district}] 대기하신 {field} 상담 자리가 {when}에 났습니다. {expires}까지 확정하세요: {link}',
      en: '[{district}] A {field} consultation you waited for is free on {when}. Confirm it by {expires}: {link}',
    },
    variables: ['district', 'field', 'when', 'expires', 'link'],
  },
  // The monthly in-person day (src/consultations, migration 0019): the same
  // messages, naming the place ({place}: its name and address) instead of
  // the video room.
  consultation_in_person_booked: {
    kakaoTemplateCode: 'TS_CONSULT_IP_BOOKED_V1',
    subject: { ko: '[{district}] 세무 고민 해결의 날 상담 예약 확인 {reference}', en: '[{district}] Your in-person tax consultation is booked: {reference}' },
    text: {
      ko: '[{district}] {field} 대면 상담이 {when}에 예약되었습니다(예약번호 {reference}). 장소: {place}. 확인·변경·취소: {link}',
      en: '[{district}] Your in-person {field} consultation is booked for {when} (reference {reference}). Place: {place}. View, move or cancel: {link}',
    },
    variables: ['district', 'field', 'when', 'reference', 'place', 'link'],
  },
  consultation_in_person_moved: {
    kakaoTemplateCode: 'TS_CONSULT_IP_MOVED_V1',
    subject: { ko: '[{district}] 세무 고민 해결의 날 상담 예약 변경 {reference}', en: '[{district}] Your in-person tax consultation was moved: {reference}' },
    text: {
      ko: '[{district}] {field} 대면 상담(예약번호 {reference})이 {when}(으)로 변경되었습니다. 장소: {place}. 확인·변경·취소: {link}',
      en: '[{district}] Your in-person {field} consultation (reference {reference}) is now on {when}. Place: {place}. View, move or cancel: {link}',
    },
    variables: ['district', 'field', 'when', 'reference', 'place', 'link'],
  },
  consultation_in_person_reminder: {
    kakaoTemplateCode: 'TS_CONSULT_IP_REMINDER_V1',
    subject: { ko: '[{district}] 세무 고민 해결의 날 상담 안내: {when}', en: '[{district}] Reminder: in-person tax consultation on {when}' },
    text: {
      ko: '[{district}] {when}에 {field} 대면 상담이 있습니다(예약번호 {reference}). 장소: {place}. 확인·변경: {link}',
      en: '[{district}] Your in-person {field} consultation is on {when} (reference {reference}). Place: {place}. View or change it here: {link}',
    },
    variables: ['district', 'field', 'when', 'reference', 'place', 'link'],
  },
  consultation_in_person_slot_offered: {
    kakaoTemplateCode: 'TS_CONSULT_IP_OFFER_V1',
    subject: { ko: '[{district}] 세무 고민 해결의 날 상담 자리가 났습니다', en: '[{district}] An in-person tax consultation slot is free for you' },
    text: {
      ko: '[{district}] 대기하신 {field} 대면 상담 자리가 {when}에 났습니다(장소: {place}). {expires}까지 확정하세요: {link}',
      en: '[{district}] An in-person {field} consultation you waited for is free on {when} (place: {place}). Confirm it by {expires}: {link}',
    },
    variables: ['district', 'field', 'when', 'expires', 'place', 'link'],
  },
  // Regional explanation sessions (src/consultations/sessions).
  session_registered: {
    kakaoTemplateCode: 'TS_SESSION_REGISTERED_V1',
    subject: { ko: '[{district}] 설명회 신청 확인 {reference}', en: '[{district}] Your place at the session is confirmed: {reference}' },
    text: {
      ko: '[{district}] {title} 설명회에 {seats}명 신청되었습니다(신청번호 {reference}). 일시: {when}, 장소: {place}. 확인·취소: {link}',
      en: '[{district}] You are registered for {title} ({seats} seat(s), reference {reference}) on {when} at {place}. View or cancel: {link}',
    },
    variables: ['district', 'title', 'seats', 'reference', 'when', 'place', 'link'],
  },
  session_cancelled: {
    kakaoTemplateCode: 'TS_SESSION_CANCELLED_V1',
    subject: { ko: '[{district}] 설명회 신청 취소 {reference}', en: '[{district}] Your session registration was cancelled: {reference}' },
    text: {
      ko: '[{district}] {when} {title} 설명회 신청(신청번호 {reference})이 취소되었습니다.',
      en: '[{district}] Your registration for {title} on {when} (reference {reference}) is cancelled.',
    },
    variables: ['district', 'title', 'when', 'reference'],
  },
  // The local-tax calendar's reminders (src/guide/calendar): {due} is the
  // deadline that applies (moved off a day off by §24), {link} ends them.
  guide_calendar_reminder: {
    kakaoTemplateCode: 'TS_TAX_CALENDAR_V1',
    subject: { ko: '[{district}] {title} 납부기한 안내', en: '[{district}] Deadline reminder: {title}' },
    text: {
      ko: '[{district}] {title}의 기한은 {due}입니다. 기한이 지나면 가산세가 붙을 수 있습니다. 알림을 그만 받으려면: {link}',
      en: '[{district}] The deadline for {title} is {due}. Late payment may add a penalty. To stop these reminders: {link}',
    },
    variables: ['district', 'title', 'due', 'link'],
  },
  // The question board of the lecture room (src/lectures/board): the
  // resident who left a contact with a question is told its answer is
  // published; {link} is the question's public page.
  lecture_board_answered: {
    kakaoTemplateCode: 'TS_BOARD_ANSWERED_V1',
    subject: { ko: '[{district}] 질문에 답변이 게시되었습니다 {reference}', en: '[{district}] Your question has been answered: {reference}' },
    text: {
      ko: '[{district}] 세금 질문 게시판에 남기신 질문(접수 번호 {reference})에 답변이 게시되었습니다. 답변 보기: {link}',
      en: '[{district}] The answer to the question you left on the tax question board (reference {reference}) is published. Read it here: {link}',
    },
    variables: ['district', 'reference', 'link'],
  },
  // Refund applications (src/guide/refund-applications): {state} is the
  // step reached in words, {detail} the amount or the reason when there is one.
  guide_refund_status: {
    kakaoTemplateCode: 'TS_REFUND_STATUS_V1',
    subject: { ko: '[{district}] 지방세 환급 신청 {reference}: {state}', en: '[{district}] Refund application {reference}: {state}' },
    text: {
      ko: '[{district}] 지방세 환급 신청(접수번호 {reference})이 [{state}] 단계가 되었습니다.{detail} 진행 상황: {link}',
      en: '[{district}] Your local-tax refund application {reference} is now at the step: {state}.{detail} Follow it here: {link}',
    },
    variables: ['district', 'reference', 'state', 'detail', 'link'],
  },
} as const satisfies Record<string, Topic>;

export type TopicCode = keyof typeof TOPICS;

export function isTopic(code: unknown): code is TopicCode {
  return typeof code === 'string' && code in TOPICS;
}

export function fillTopic(template: string, variables: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => variables[name] ?? whole);
}
