import { defineMessages } from '../../platform/i18n/i18n.ts';

// The text mode's meeting part: who is near, room chat, arrivals announced.

export const textModeMessages = defineMessages({
  meet_title: { ko: '다른 방문자와 만나기', en: 'Meet other visitors' },
  meet_lead: {
    ko: '별명을 정하고 들어가면 같은 곳에 있는 사람과 상담 직원이 보이고, 모두에게 메시지를 보낼 수 있습니다. 지도를 쓰지 않아도 됩니다.',
    en: 'Choose a nickname and enter: you see who is in the same place, staff included, and can write to everyone. No map needed.',
  },
  nickname: { ko: '별명(20자까지)', en: 'Nickname (up to 20 characters)' },
  look: { ko: '아바타 색', en: 'Avatar colour' },
  look_blue: { ko: '파랑', en: 'Blue' },
  look_green: { ko: '초록', en: 'Green' },
  look_orange: { ko: '주황', en: 'Orange' },
  look_purple: { ko: '보라', en: 'Purple' },
  look_yellow: { ko: '노랑', en: 'Yellow' },
  look_navy: { ko: '남색', en: 'Navy' },
  look_pink: { ko: '분홍', en: 'Pink' },
  look_teal: { ko: '청록', en: 'Teal' },
  enter: { ko: '들어가기', en: 'Enter' },
  leave: { ko: '나가기', en: 'Leave' },
  go_here: { ko: '{zone}(으)로 가기', en: 'Go to {zone}' },
  go_heading: { ko: '다른 구역으로 가기', en: 'Go to another zone' },
  you_are_at: { ko: '지금 {zone}에 있습니다.', en: 'You are at {zone}.' },
  people_title: { ko: '가까이 있는 사람', en: 'People near you' },
  nobody: { ko: '가까이에 아무도 없습니다.', en: 'Nobody is near you.' },
  staff_badge: { ko: '직원', en: 'Staff' },
  arrived: { ko: '{name} 님이 가까이 왔습니다.', en: '{name} came near.' },
  went: { ko: '{name} 님이 떠났습니다.', en: '{name} left.' },
  chat_title: { ko: '모두에게 메시지', en: 'Messages to everyone' },
  chat_label: { ko: '메시지(300자까지)', en: 'Message (up to 300 characters)' },
  send: { ko: '보내기', en: 'Send' },
  said: { ko: '{name}: {text}', en: '{name}: {text}' },
  entered: { ko: '{zone}에 들어왔습니다.', en: 'You entered at {zone}.' },
  left_station: { ko: '나왔습니다.', en: 'You left.' },
  connection_lost: { ko: '연결이 끊겼습니다. 다시 들어가세요.', en: 'The connection dropped. Enter again.' },
  refused: { ko: '들어갈 수 없습니다: {reason}', en: 'Could not enter: {reason}' },
  nickname_needed: { ko: '별명을 입력하세요.', en: 'Enter a nickname.' },
  zone_count_none: { ko: '아무도 없음', en: 'nobody here' },
  zone_count_one: { ko: '1명 있음', en: '1 person here' },
  zone_count_many: { ko: '{n}명 있음', en: '{n} people here' },
  zone_count_changed: { ko: '{zone}: {count}', en: '{zone}: {count}' },
  close_panel: { ko: '닫기', en: 'Close' },
});

export type TextModeKey = keyof typeof textModeMessages.catalogue;
