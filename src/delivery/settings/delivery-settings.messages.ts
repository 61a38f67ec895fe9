import { defineMessages } from '../../platform/i18n/i18n.ts';

// Delivery's section of the district settings page: channels and their
// order, quiet hours, senders, postage, the receipt deadline, the reminder's
// day and how long message contents are kept. Error keys are the zod
// messages of delivery-settings.section.ts.

export const deliverySettingsMessages = defineMessages({
  title: { ko: '발송', en: 'Sending' },
  intro: {
    ko: '고지서는 납세자가 신청하고 연락처가 있는 채널 중 아래 순서로 첫 채널에 먼저 보냅니다. 실패하면 다음 채널로, 모두 실패하면 법정 고지서는 종이로 다시 보냅니다.',
    en: 'A notice goes first to the first of these channels that the taxpayer applied for and has a contact for; when it fails, to the next; when every channel fails, a legal notice is sent again on paper.',
  },
  channels_legend: { ko: '채널과 순서', en: 'Channels and their order' },
  channels_hint: { ko: '쓰지 않을 채널은 “쓰지 않음”으로 두세요. 새 발송부터 적용합니다.', en: 'Set a channel you do not use to “Not used”. Applies to what is sent from now on.' },
  channel_position: { ko: '{n}번째 채널', en: 'Channel {n}' },
  channel_none: { ko: '쓰지 않음', en: 'Not used' },
  channel_kakao: { ko: '카카오톡', en: 'KakaoTalk' },
  channel_sms: { ko: '문자', en: 'SMS' },
  channel_email: { ko: '이메일', en: 'E-mail' },
  channels_first_required: { ko: '첫 번째 채널을 골라 주세요.', en: 'Choose the first channel.' },
  channels_twice: { ko: '같은 채널을 두 번 고를 수 없습니다. 다른 채널이나 “쓰지 않음”을 골라 주세요.', en: 'A channel can be chosen once only; choose another channel or “Not used”.' },
  channels_gap: { ko: '“쓰지 않음” 다음에 채널을 둘 수 없습니다. 빈 자리 없이 앞에서부터 채워 주세요.', en: 'A channel cannot follow “Not used”; fill the places from the first one without a gap.' },

  quiet_legend: { ko: '야간 발송 제한 시간', en: 'Quiet hours' },
  quiet_hint: {
    ko: '이 시간(서울 시각)에는 카카오톡과 문자를 보내지 않고 끝나는 시각에 보냅니다. 이메일은 언제나 보냅니다.',
    en: 'In these hours (Seoul time) no KakaoTalk or text message is sent; they go when the hours end. E-mail goes at any hour.',
  },
  quiet_default: { ko: '설치 기본값 따르기 (지금 {value}, TAXSTATION_QUIET_HOURS)', en: 'The installation’s default (now {value}, TAXSTATION_QUIET_HOURS)' },
  quiet_off: { ko: '제한 없음 (밤에도 보냄)', en: 'None (send at night too)' },
  quiet_custom: { ko: '이 구의 시간', en: 'This district’s own hours' },
  quiet_value_off: { ko: '제한 없음', en: 'none' },
  quiet_start: { ko: '시작 (시:분)', en: 'From (HH:MM)' },
  quiet_end: { ko: '끝 (시:분)', en: 'Until (HH:MM)' },
  quiet_mode_required: { ko: '야간 발송 제한 방식을 골라 주세요.', en: 'Choose how quiet hours are set.' },
  quiet_time_invalid: { ko: '시각을 24시간제 시:분으로 써 주세요 (예: 21:00).', en: 'Enter a time as HH:MM on the 24-hour clock (for example 21:00).' },
  quiet_same: { ko: '시작과 끝이 같을 수 없습니다. 제한이 없다면 “제한 없음”을 골라 주세요.', en: 'The start and the end cannot be the same; for no quiet hours choose “None”.' },

  sms_sender: { ko: '문자 발신번호', en: 'SMS caller number' },
  sms_sender_hint: {
    ko: '숫자와 하이픈, 예: 02-3153-8114. 발송하는 모든 문자 서비스에 미리 등록된 번호여야 합니다(발신번호 사전등록제). 비워 두면 각 서비스 설정의 번호로 보냅니다.',
    en: 'Digits and hyphens, for example 02-3153-8114. It must be registered beforehand with every SMS service that sends (caller number registration). Leave it empty to send with each service’s configured number.',
  },
  sms_sender_invalid: { ko: '발신번호는 숫자 8~13자리로 써 주세요 (하이픈은 빼고 셉니다).', en: 'Enter the caller number as 8 to 13 digits (hyphens are not counted).' },
  email_from_name: { ko: '이메일 보내는 사람 이름', en: 'E-mail sender name' },
  email_from_name_hint: { ko: '예: 마포구청 세무과. 비워 두면 이메일 서비스 설정의 이름을 씁니다.', en: 'For example Mapo-gu Tax Office. Leave it empty to use the e-mail service’s configured sender.' },
  email_from_name_invalid: { ko: '이름은 100자 이하로, 따옴표와 꺾쇠(" < >) 없이 써 주세요.', en: 'Enter a name of at most 100 characters without quotes or angle brackets (" < >).' },
  email_from_address: { ko: '이메일 보내는 주소', en: 'E-mail sender address' },
  email_from_address_hint: {
    ko: '예: notice@mapo.go.kr. 이 주소의 도메인에 발신 인증 기록이 있어야 받는 쪽이 거부하지 않습니다. 비워 두면 이메일 서비스 설정의 주소를 씁니다.',
    en: 'For example notice@mapo.go.kr. Its domain needs SPF and DKIM set up, or receiving servers refuse the mail. Leave it empty to use the e-mail service’s configured address.',
  },
  email_from_address_invalid: { ko: '이메일 주소 형식으로 써 주세요 (예: notice@mapo.go.kr).', en: 'Enter an e-mail address, for example notice@mapo.go.kr.' },
  email_from_name_needs_address: { ko: '이름을 쓰려면 보내는 주소도 써 주세요.', en: 'Give the sender address too when you give a name.' },

  postage: { ko: '종이 고지서 1장당 우편 요금 (원)', en: 'Postage per paper notice page (won)' },
  postage_hint: { ko: '종이 발송 묶음의 비용 계산에 씁니다. 새 묶음부터 적용합니다.', en: 'Used for the cost of paper batches made from now on.' },
  postage_invalid: { ko: '우편 요금은 0~100,000 사이의 정수(원)로 써 주세요.', en: 'Enter the postage as a whole number of won from 0 to 100,000.' },
  receipt_timeout: { ko: '수신 결과를 기다리는 시간 (시간)', en: 'Time to wait for a delivery receipt (hours)' },
  receipt_timeout_hint: { ko: '이 시간 안에 결과가 오지 않으면 실패로 보고 다음 채널로 넘어갑니다. 설치 기본값: {hours}시간.', en: 'With no receipt within this time the attempt counts as failed and the next channel is tried. Installation default: {hours} hours.' },
  receipt_timeout_invalid: { ko: '1~720 사이의 정수(시간)로 써 주세요.', en: 'Enter a whole number of hours from 1 to 720.' },
  reminder_days: { ko: '납부 안내를 보낼 날 (납기 며칠 전)', en: 'Payment reminder (days before the due date)' },
  reminder_days_hint: { ko: '그날 09:00(서울 시각)에 아직 내지 않은 납세자에게 보냅니다.', en: 'Sent at 09:00 Seoul time that day to taxpayers who have not paid.' },
  reminder_days_invalid: { ko: '1~30 사이의 정수(일)로 써 주세요.', en: 'Enter a whole number of days from 1 to 30.' },
  retention_days: { ko: '발송 내용 보관 기간 (일)', en: 'Keep what was sent for (days)' },
  retention_days_hint: {
    ko: '메시지가 최종 상태가 된 뒤 이 기간이 지나면 보낸 내용(수신자, 변수, 실패 상세)을 지웁니다. 상태와 시각, 감사 기록은 남습니다. 30~3650일.',
    en: 'This long after a message reached its final state, what was sent (recipient, variables, failure details) is removed; its states, times and the audit log stay. 30 to 3,650 days.',
  },
  retention_days_invalid: { ko: '30~3650 사이의 정수(일)로 써 주세요.', en: 'Enter a whole number of days from 30 to 3,650.' },
  invalid: { ko: '이 값은 쓸 수 없습니다. 안내를 보고 고쳐 주세요.', en: 'This value cannot be used; correct it as the hint says.' },
});

export type DeliverySettingsMessageKey = Parameters<typeof deliverySettingsMessages.t>[1];
