import { defineMessages } from '../../platform/i18n/i18n.ts';

// The 2D station page (/r/station/:district/space): the words of the page
// and of its script (handed over in its config, so the script holds none).
// The looks' names are the text mode's (text-mode.messages.ts): one form, one set of names.

export const spaceMessages = defineMessages({
  title: { ko: '{district} 온라인 세무서', en: '{district} online tax station' },
  lead: {
    ko: '방향키나 W·A·S·D로 걷거나, 가고 싶은 곳을 누르세요. 구역에 들어가면 그 구역의 서비스가 열립니다.',
    en: 'Walk with the arrow keys or W, A, S, D, or click or tap where you want to go. Walking into a zone opens its service.',
  },
  text_mode: { ko: '텍스트 모드로 보기 (지도 없이)', en: 'Use the text mode (no map)' },
  open_space: { ko: '2D 지도로 보기', en: 'Open the 2D map' },
  low_bandwidth: { ko: '데이터 절약: 항상 텍스트 모드로 열기', en: 'Save data: always open the text mode' },
  guide_open: { ko: '사용 안내', en: 'How it works' },
  zoom_out: { ko: '축소', en: 'Zoom out' },
  zoom_in: { ko: '확대', en: 'Zoom in' },
  zoom_level: { ko: '배율 {percent}%', en: 'Zoom {percent}%' },
  map_label: {
    ko: '{district} 세무서 지도. 방향키로 걷고 Enter로 구역을 엽니다.',
    en: 'Map of the {district} station. Arrow keys walk, Enter opens the zone you are in.',
  },
  map_loading: { ko: '지도를 불러오는 중입니다…', en: 'Loading the map…' },
  no_script: {
    ko: '지도를 보려면 자바스크립트가 필요합니다. 아래 목록이나 텍스트 모드에서 모든 서비스를 쓸 수 있습니다.',
    en: 'The map needs JavaScript. Every service is in the list below and in the text mode.',
  },
  enter_title: { ko: '들어가기', en: 'Enter the station' },
  nickname: { ko: '별명(20자까지)', en: 'Nickname (up to 20 characters)' },
  look: { ko: '아바타 색', en: 'Avatar colour' },
  enter: { ko: '들어가기', en: 'Enter' },
  leave: { ko: '나가기', en: 'Leave' },
  nickname_needed: { ko: '별명을 입력하세요.', en: 'Enter a nickname.' },
  refused: { ko: '들어갈 수 없습니다: {reason}', en: 'Could not enter: {reason}' },
  connection_lost: { ko: '연결이 끊겼습니다. 다시 들어가세요.', en: 'The connection dropped. Enter again.' },
  left_station: { ko: '나왔습니다.', en: 'You left.' },
  you_are_at: { ko: '지금 {zone}에 있습니다.', en: 'You are at {zone}.' },
  in_corridor: { ko: '지금 복도에 있습니다.', en: 'You are in the corridor.' },
  open_zone: { ko: '{feature} 열기', en: 'Open {feature}' },
  started_at: { ko: '{zone}에서 시작합니다. {feature} 서비스를 열 수 있습니다.', en: 'You start at {zone}. You can open {feature}.' },
  people_title: { ko: '가까이 있는 사람', en: 'People near you' },
  nobody: { ko: '가까이에 아무도 없습니다.', en: 'Nobody is near you.' },
  staff_badge: { ko: '직원', en: 'Staff' },
  ask_help: { ko: '{name} 님에게 도움 요청', en: 'Ask {name} for help' },
  selected_staff: { ko: '{name} 님(직원)을 선택했습니다.', en: 'You selected {name} (staff).' },
  arrived: { ko: '{name} 님이 가까이 왔습니다.', en: '{name} came near.' },
  went: { ko: '{name} 님이 떠났습니다.', en: '{name} left.' },
  chat_title: { ko: '대화', en: 'Chat' },
  chat_label: { ko: '메시지(300자까지)', en: 'Message (up to 300 characters)' },
  chat_scope: { ko: '받는 사람', en: 'Send to' },
  scope_room: { ko: '모두', en: 'Everyone' },
  scope_nearby: { ko: '가까이 있는 사람', en: 'People nearby' },
  send: { ko: '보내기', en: 'Send' },
  said: { ko: '{name}: {text}', en: '{name}: {text}' },
  said_nearby: { ko: '{name}(가까이): {text}', en: '{name} (nearby): {text}' },
  zones_title: { ko: '모든 구역과 서비스', en: 'Every zone and its service' },
  zone_closed: { ko: '아직 연결된 서비스가 없습니다', en: 'no service yet' },
  go_here: { ko: '{zone}(으)로 걷기', en: 'Walk to {zone}' },
  close: { ko: '닫기', en: 'Close' },
  unknown_zone: { ko: '이 지도에는 그 구역이 없습니다. 입구에서 시작합니다.', en: 'This map has no such zone. You start at the entrance.' },
  guide_title: { ko: '처음 오셨나요? ({step}/3)', en: 'First visit? (step {step} of 3)' },
  guide_step1: {
    ko: '별명과 색을 정하고 들어가세요. 로그인은 필요 없습니다.',
    en: 'Choose a nickname and a colour, then enter. No sign-in needed.',
  },
  guide_step2: {
    ko: '방향키나 W·A·S·D로 걷거나, 지도에서 가고 싶은 곳을 누르세요. 배율 단추로 크게 볼 수 있습니다.',
    en: 'Walk with the arrow keys or W, A, S, D, or click or tap a place on the map. The zoom buttons make it bigger.',
  },
  guide_step3: {
    ko: '구역에 들어가거나 Enter를 누르면 그 서비스가 열립니다. 지도 아래 목록과 텍스트 모드에서도 모든 서비스를 열 수 있습니다.',
    en: 'Walk into a zone or press Enter there to open its service. The list below the map and the text mode open every service too.',
  },
  guide_next: { ko: '다음', en: 'Next' },
  guide_back: { ko: '이전', en: 'Back' },
  guide_done: { ko: '시작하기', en: 'Start' },
});

export type SpaceMessageKey = keyof typeof spaceMessages.catalogue;
