import { AppError } from '../platform/errors.ts';
import { defineMessages, type Bilingual, type Vars } from '../platform/i18n/i18n.ts';

// What the consultation engine tells people, in Korean and English: every
// refusal has a stable code (the AppError's code, the problem's `code`) and
// a message saying what to do next. The pages show `detail` as it is.

export const consultationMessages = defineMessages({
  // ------------------------------------------------------------- not found
  consultations_not_offered: { ko: '이 구는 세무 상담 예약을 받지 않습니다.', en: 'This district does not take consultation bookings.' },
  field_not_found: { ko: '상담 분야를 찾을 수 없습니다. 목록에서 분야를 고르세요.', en: 'No such consultation field. Choose a field from the list.' },
  expert_not_found: { ko: '상담 세무사를 찾을 수 없습니다. 목록에서 고르세요.', en: 'No such expert. Choose one from the list.' },
  booking_not_found: { ko: '예약을 찾을 수 없습니다. 링크나 예약번호를 확인하세요.', en: 'No such booking. Check the link or the reference.' },
  block_not_found: { ko: '차단을 찾을 수 없습니다.', en: 'No such block.' },
  staff_not_expert: { ko: '세무 전문가 역할의 이 구 직원 계정만 상담 세무사가 될 수 있습니다.', en: 'Only a staff account of this district with the tax expert role can be an expert.' },
  // ------------------------------------------------------------- the slot
  slot_in_past: { ko: '지난 시간은 예약할 수 없습니다. 다른 시간을 고르세요.', en: 'That time has passed. Choose another time.' },
  slot_unaligned: { ko: '상담은 {minutes}분 단위로 시작합니다. 목록에 있는 시간을 고르세요.', en: 'Consultations start every {minutes} minutes. Choose a time from the list.' },
  slot_outside_windows: { ko: '상담 시간({windows}) 밖입니다. 목록에 있는 시간을 고르세요.', en: 'That is outside the consultation hours ({windows}). Choose a time from the list.' },
  slot_on_holiday: { ko: '{day}은(는) 공휴일({holiday})이라 상담이 없습니다. 다른 날을 고르세요.', en: '{day} is a public holiday: no consultations. Choose another day.' },
  expert_not_serving: { ko: '이 세무사는 {weekday}에 상담하지 않습니다. 다른 날이나 다른 세무사를 고르세요.', en: 'This expert does not consult on {weekday}s. Choose another day or expert.' },
  slot_too_soon: { ko: '상담은 {days}일 전까지 예약해야 합니다. {first}부터 예약할 수 있습니다.', en: 'Consultations must be booked {days} days ahead: the first day you can book is {first}.' },
  slot_beyond_horizon: { ko: '예약은 {days}일 뒤({last})까지만 열려 있습니다.', en: 'Booking is open up to {days} days ahead (until {last}).' },
  slot_blocked: { ko: '이 시간은 상담이 열리지 않습니다. 다른 시간을 고르세요.', en: 'No consultations at that time. Choose another time.' },
  field_not_covered: { ko: '이 세무사는 {field} 상담을 하지 않습니다. 다른 세무사를 고르세요.', en: 'This expert does not cover {field}. Choose another expert.' },
  slot_taken: { ko: '방금 다른 분이 이 시간을 예약했습니다. 다른 시간을 고르세요.', en: 'Someone has just booked this time. Choose another time.' },
  // ------------------------------------------------------------- the rules
  already_booked_in_field: { ko: '{field} 상담 예약이 이미 있습니다({when}, 예약번호 {reference}). 한 분야에 한 번만 예약할 수 있으니, 그 예약을 변경하세요.', en: 'You already have a consultation on {field} ({when}, reference {reference}). One upcoming consultation per field: move that one instead.' },
  already_waiting: { ko: '이 날 {field} 상담 대기 명단에 이미 올라 있습니다.', en: 'You are already on the waiting list for {field} on that day.' },
  contact_invalid: { ko: '휴대전화 번호나 이메일 주소가 올바르지 않습니다.', en: 'The mobile number or e-mail address is not valid.' },
  contact_dead_prefix: { ko: '지금은 쓰지 않는 01X 번호입니다. 010으로 시작하는 번호를 입력해 주세요.', en: 'Numbers starting 011, 016, 017, 018 or 019 are no longer in use: give the number starting 010.' },
  contact_not_verified: { ko: '예약하려면 먼저 보내 드린 인증번호로 연락처를 확인하세요(확인 후 30분 안에 예약).', en: 'Confirm your contact with the code we sent before booking (then book within 30 minutes).' },
  code_limit: { ko: '인증번호를 너무 자주 요청했습니다. 한 시간 뒤에 다시 시도하세요.', en: 'Too many codes asked for. Try again in an hour.' },
  override_reason_required: { ko: '최소 예약 기간을 건너뛰려면 사유를 적으세요(감사 기록에 남습니다).', en: 'Give a reason to book inside the minimum notice (it is kept in the audit log).' },
  // ------------------------------------------------------------- changes
  booking_changed: { ko: '그 사이에 예약이 바뀌었습니다. 새로 불러와 다시 시도하세요.', en: 'The booking changed in the meantime. Reload it and try again.' },
  booking_not_active: { ko: '취소되었거나 끝난 예약은 바꿀 수 없습니다.', en: 'This booking is cancelled or over: it can no longer be changed.' },
  change_closed: { ko: '상담 {hours}시간 전부터는 온라인으로 변경·취소할 수 없습니다. {phone}(으)로 연락하세요.', en: 'Online changes close {hours} hours before the start. Please call {phone}.' },
  outcome_too_early: { ko: '참석 여부는 상담 시작 후에 표시할 수 있습니다.', en: 'Attendance can be marked once the consultation has begun.' },
  not_held: { ko: '이 자리는 더 이상 잡혀 있지 않습니다(확정 시간이 지났거나 취소됨). 다른 시간을 고르세요.', en: 'This slot is no longer held for you (the time to confirm ran out, or it was withdrawn). Choose another time.' },
  not_rebookable: { ko: '이 예약은 다른 시간으로 다시 잡을 수 없습니다.', en: 'This booking cannot be rebooked.' },
  range_invalid: { ko: '기간이 올바르지 않습니다(시작일 ≤ 종료일, 최대 {days}일).', en: 'The date range is not valid (from ≤ to, at most {days} days).' },
  settings_invalid: { ko: '설정이 올바르지 않습니다: {detail}', en: 'The settings are not valid: {detail}' },
  // ------------------------------------------------------------- video meetings (src/video runs the room)
  meeting_not_video: { ko: '화상 상담 예약이 아닙니다.', en: 'This is not a video consultation.' },
  meeting_not_running: { ko: '상담이 진행 중일 때만 바꿀 수 있습니다.', en: 'This can only be changed while the consultation is running.' },
  extension_limit: { ko: '상담은 최대 {max}분까지만 연장할 수 있습니다. 남은 연장 시간: {left}분.', en: 'A consultation can be extended by at most {max} minutes in all. Minutes left: {left}.' },
  extension_refused: { ko: '다음 시간에 다른 예약이 있거나 막혀 있어 연장할 수 없습니다.', en: 'The next time is booked or blocked, so the consultation cannot be extended.' },
  already_phone: { ko: '이미 전화 상담으로 바꾸었습니다.', en: 'The consultation has already been switched to a phone call.' },
  rate_limited: { ko: '요청이 너무 많습니다. 잠시 후 다시 시도하세요.', en: 'Too many requests. Try again in a few minutes.' },
  // ------------------------------------------------------------- the in-person day
  in_person_invalid: { ko: '대면 상담일 설정이 올바르지 않습니다: {detail}', en: 'The in-person day settings are not valid: {detail}' },
  in_person_expert_unknown: { ko: '대면 상담일 세무사는 이 구의 상담 세무사 중에서 고르세요.', en: "Choose the in-person day's experts from this district's experts." },
  in_person_not_offered: { ko: '이 구는 대면 상담일(세무 고민 해결의 날)을 열지 않습니다.', en: 'This district holds no in-person consultation day.' },
  // ------------------------------------------------------------- sessions
  session_not_found: { ko: '설명회를 찾을 수 없습니다. 목록에서 고르세요.', en: 'No such session. Choose one from the list.' },
  session_full: { ko: '설명회 자리가 모두 찼습니다(남은 자리 {left}석). 다른 설명회를 고르세요.', en: 'The session is full ({left} seat(s) left). Choose another session.' },
  session_closed: { ko: '이 설명회는 신청을 받지 않습니다(이미 시작했거나 취소됨).', en: 'This session no longer takes registrations (it has begun or was cancelled).' },
  session_invalid: { ko: '설명회 정보가 올바르지 않습니다: {detail}', en: 'The session is not valid: {detail}' },
  already_registered: { ko: '이 연락처로 이미 신청하셨습니다. 받으신 링크에서 신청 내용을 확인하세요.', en: 'This contact is already registered for the session. Check your registration through the link you received.' },
  registration_not_found: { ko: '신청을 찾을 수 없습니다. 링크를 확인하세요.', en: 'No such registration. Check the link.' },
  registration_not_active: { ko: '이미 취소되었거나 끝난 설명회의 신청입니다.', en: 'This registration is cancelled, or its session is over.' },
  // ------------------------------------------------------------- words
  weekday_0: { ko: '일요일', en: 'Sunday' },
  weekday_1: { ko: '월요일', en: 'Monday' },
  weekday_2: { ko: '화요일', en: 'Tuesday' },
  weekday_3: { ko: '수요일', en: 'Wednesday' },
  weekday_4: { ko: '목요일', en: 'Thursday' },
  weekday_5: { ko: '금요일', en: 'Friday' },
  weekday_6: { ko: '토요일', en: 'Saturday' },
  district_office: { ko: '구청 세무과', en: 'the district tax office' },
  ics_summary: { ko: '세무 상담: {field}', en: 'Tax consultation: {field}' },
  ics_description: { ko: '예약번호 {reference}, 세무사 {expert}. 확인·변경·취소: {link}', en: 'Reference {reference}, expert {expert}. View, move or cancel: {link}' },
  ics_location: { ko: '온라인 상담실(예약 페이지에서 입장)', en: 'Online consultation room (enter from your booking page)' },
  // the fields of the booking and session requests, as the pages name them (errors say which field)
  label_contact_field: { ko: '연락 방법', en: 'How to reach you' },
  label_contact_value: { ko: '휴대전화 번호 또는 이메일', en: 'Mobile number or e-mail' },
  label_topic: { ko: '상담받고 싶은 내용', en: 'What you want to ask' },
  label_has_documents: { ko: '관련 서류가 있는지', en: 'Whether you have the documents' },
  label_expert: { ko: '세무사', en: 'Tax accountant' },
  label_slot_start: { ko: '상담 시간', en: 'Time' },
  label_reason: { ko: '사유', en: 'Reason' },
  label_district: { ko: '구', en: 'District' },
  label_field: { ko: '상담 분야', en: 'Subject' },
  label_name: { ko: '이름', en: 'Name' },
  label_residency: { ko: '거주 확인', en: 'Where you live' },
  label_verification: { ko: '연락처 인증', en: 'Contact confirmation' },
  label_day: { ko: '날짜', en: 'Day' },
  label_from: { ko: '시작일', en: 'From' },
  label_to: { ko: '종료일', en: 'To' },
  label_version: { ko: '예약 정보', en: 'The booking as you saw it' },
  label_title_ko: { ko: '제목(한국어)', en: 'Title (Korean)' },
  label_title_en: { ko: '제목(영어)', en: 'Title (English)' },
  label_place_ko: { ko: '장소(한국어)', en: 'Place (Korean)' },
  label_place_en: { ko: '장소(영어)', en: 'Place (English)' },
  label_address_ko: { ko: '주소(한국어)', en: 'Address (Korean)' },
  label_address_en: { ko: '주소(영어)', en: 'Address (English)' },
  label_start: { ko: '시작 시각', en: 'Start' },
  label_end: { ko: '종료 시각', en: 'End' },
  label_capacity: { ko: '정원', en: 'Seats' },
  label_party_size: { ko: '참석 인원', en: 'People attending' },
});

export type ConsultationMessageKey = keyof typeof consultationMessages.catalogue;

/** An AppError with a code from this catalogue (the code is the key) and its message in both languages. */
export function consultationError(status: number, key: ConsultationMessageKey, vars?: Vars, problems?: AppError['problems']): AppError {
  return new AppError(key, status, consultationMessages.both(key, vars), problems);
}

/** A message with variables that are themselves bilingual (a field's or weekday's name). */
export function bilingualError(status: number, key: ConsultationMessageKey, vars: Record<string, string | number | Bilingual>): AppError {
  const pick = (locale: 'ko' | 'en') => Object.fromEntries(Object.entries(vars).map(([k, v]) => [k, typeof v === 'object' ? v[locale] : v]));
  return new AppError(key, status, { ko: consultationMessages.t('ko', key, pick('ko')), en: consultationMessages.t('en', key, pick('en')) });
}
