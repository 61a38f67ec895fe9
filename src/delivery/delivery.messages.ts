import { defineMessages } from '../platform/i18n/i18n.ts';

// The words of delivery that every page about messages uses (the season and
// message pages, the taxpayer's delivery history): a message's state, kind
// and channel, and the failure causes as an official reads them.

export const deliveryMessages = defineMessages({
  // failure causes, as an official reads them
  cause_dead_prefix: { ko: '없어진 01X 국번', en: 'Dead 01X prefix' },
  cause_number_changed: { ko: '번호 바뀜 또는 없는 번호', en: 'Number changed or out of service' },
  cause_not_kakao_user: { ko: '카카오톡 사용자 아님', en: 'Not a KakaoTalk user' },
  cause_hard_bounce: { ko: '없는 메일 주소', en: 'Mailbox does not exist' },
  cause_mailbox_full: { ko: '메일함 가득 참', en: 'Mailbox full' },
  cause_sender_rejected: { ko: '우리 쪽 메일 설정·평판 때문에 거부됨 (주소 문제 아님)', en: 'Refused because of our mail set-up or reputation (not the address)' },
  cause_invalid_recipient: { ko: '잘못된 주소 또는 번호', en: 'Malformed address or number' },
  cause_no_receipt: { ko: '기한 안에 도달 확인 없음', en: 'No receipt in time' },
  cause_provider_rejected: { ko: '사업자가 거절함', en: 'Refused by the provider' },
  cause_provider_error: { ko: '사업자 오류 (재시도 끝)', en: 'Provider error (retries used up)' },
  cause_no_contact: { ko: '연락처 없음', en: 'No contact on record' },
  cause_unreadable_contact: {
    ko: '저장된 연락처를 열 수 없음 (다른 암호화 키로 저장됨, 관리자에게 알려 주세요)',
    en: 'Stored contact could not be opened (saved with another encryption key: tell your administrator)',
  },
  // states, channels and kinds of messages
  state_pending: { ko: '발송 중', en: 'Being sent' },
  state_awaiting_paper: { ko: '종이 대기', en: 'Waiting for paper' },
  state_delivered: { ko: '전자 도달', en: 'Delivered' },
  // a notice's first paper print (none is printed twice: one message per notice and kind, and 'paper' is final)
  state_paper: { ko: '종이로 발송', en: 'Sent on paper' },
  state_withdrawn: { ko: '철회', en: 'Withdrawn' },
  state_failed: { ko: '실패', en: 'Failed' },
  channel_kakao: { ko: '카카오톡', en: 'KakaoTalk' },
  channel_sms: { ko: '문자', en: 'SMS' },
  channel_email: { ko: '이메일', en: 'E-mail' },
  channel_paper: { ko: '종이', en: 'Paper' },
  kind_notice: { ko: '고지', en: 'Notice' },
  kind_reminder: { ko: '납부 안내', en: 'Reminder' },
  kind_arrears: { ko: '체납 고지', en: 'Arrears' },
  kind_guidance: { ko: '안내', en: 'Guidance' },
  kind_campaign: { ko: '캠페인', en: 'Campaign' },
  kind_one_time_code: { ko: '인증번호', en: 'One-time code' },
// request fields as the pages name them (a refusal names the field in the caller's words)
  label_tax_year: { ko: '과세연도', en: 'Tax year' },
  label_notice_no: { ko: '고지번호', en: 'Notice number' },
  label_notice_nos: { ko: '반송된 고지번호', en: 'Notice numbers returned' },
  label_contents_days: { ko: '메시지 내용 보관 기간(일)', en: 'Days message contents are kept' },
});

export type DeliveryMessageKey = Parameters<typeof deliveryMessages.t>[1];
