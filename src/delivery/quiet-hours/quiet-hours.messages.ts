import { defineMessages } from '../../platform/i18n/i18n.ts';

// What the console says when quiet hours hold KakaoTalk and text messages:
// on the issue confirm page, on a season's page, and the demo's "send now".

export const quietHoursMessages = defineMessages({
  held_title: { ko: '지금은 야간 발송 제한 시간입니다', en: 'Quiet hours are on now' },
  rule: {
    ko: '{start}부터 {end}까지(서울 시각)는 주민의 휴대전화가 울리지 않도록 카카오톡과 문자를 보내지 않습니다. 전자우편은 언제든 보냅니다.',
    en: 'From {start} to {end} (Seoul time) no KakaoTalk or text message is sent, so no resident’s phone rings at night. E-mail goes at any hour.',
  },
  held_issue: {
    ko: '지금 보내면 카카오톡·문자 {held}건은 {until}까지 기다렸다가 나가고, 전자우편 {email}건은 바로 나갑니다.',
    en: 'If you send now, {held} messages by KakaoTalk or text wait until {until}, and {email} by e-mail go at once.',
  },
  held_season: {
    ko: '카카오톡·문자 {held}건이 야간 발송 제한으로 {until}까지 기다리고 있습니다. 그때 따로 하실 일 없이 나갑니다.',
    en: '{held} messages by KakaoTalk or text are held by quiet hours until {until}. They go then; there is nothing you need to do.',
  },
  choice_legend: { ko: '어떻게 보낼까요?', en: 'How should it be sent?' },
  choice_now: { ko: '지금 보내기: 전자우편은 바로, 카카오톡·문자는 {until}에', en: 'Send now: e-mail at once, KakaoTalk and texts {until}' },
  choice_morning: { ko: '모두 {until}에 함께 보내기', en: 'Send everything together, {until}' },
  choice_demo: { ko: '시연: 모두 지금 보내기', en: 'Demo: send everything now' },
  demo_hint: {
    ko: '이 서버는 모의 발송기를 쓰고 있어 메시지가 시연용 가상 휴대전화로만 갑니다. 그래서 시연에서만 야간 제한을 오늘 밤 풀 수 있습니다. 실제 발송 사업자를 쓰는 구청에는 이 단추가 없습니다.',
    en: 'This server uses the delivery simulator: messages reach only the demo’s pretend phones, so the demo alone may lift tonight’s quiet hours. A district with real providers never sees this button.',
  },
  demo_send_held: { ko: '시연: 기다리는 메시지를 지금 보내기', en: 'Demo: send the held messages now' },
  demo_lifted: {
    ko: '시연용으로 {until}까지 야간 발송 제한을 풀었습니다. 기다리던 카카오톡·문자가 지금 나갑니다.',
    en: 'For the demo, quiet hours are lifted until {until}. The held KakaoTalk and text messages go now.',
  },
  until_today: { ko: '오늘 {time}', en: 'today at {time}' },
  until_tomorrow: { ko: '내일 {date} {time}', en: 'tomorrow ({date}) at {time}' },
  until_later: { ko: '{date} {time}', en: '{date} at {time}' },
  not_demo: { ko: '이 기능은 시연 서버에서만 쓸 수 있습니다.', en: 'This is available on a demo server only.' },
});

export type QuietHoursMessageKey = Parameters<typeof quietHoursMessages.t>[1];
