import { defineMessages, type Locale } from '../../platform/i18n/i18n.ts';
import type { StationSocketErrorCode } from './presence.frames.ts';

// What the station's presence socket answers an error frame with, by code.

export const presenceMessages = defineMessages({
  bad_frame: { ko: '요청을 이해하지 못했습니다. 페이지를 새로 고친 뒤 다시 해 주세요.', en: 'The request was not understood. Reload the page and try again.' },
  bad_frame_field: { ko: '요청의 “{field}” 값이 올바르지 않습니다. 페이지를 새로 고친 뒤 다시 해 주세요.', en: 'The request’s “{field}” is not valid. Reload the page and try again.' },
  bad_frame_json: { ko: '요청의 형식이 올바르지 않습니다.', en: 'The request is not valid JSON.' },
  not_joined: { ko: '먼저 정거장에 입장해 주세요.', en: 'Enter the station first.' },
  already_joined: { ko: '이미 입장해 있습니다. 다른 구의 정거장으로 가려면 먼저 나가 주세요.', en: 'You are already in. Leave first to go to another district’s station.' },
  unknown_district: { ko: '해당 구의 정거장을 찾을 수 없습니다. 주소를 확인해 주세요.', en: 'This district’s station was not found. Check the address.' },
  out_of_bounds: { ko: '지도 밖으로는 갈 수 없습니다.', en: 'You cannot go outside the map.' },
  rate_limited: { ko: '너무 빠르게 보내고 있습니다. 잠시 후 다시 해 주세요.', en: 'You are sending too quickly. Wait a moment and try again.' },
  too_many_connections: {
    ko: '이 주소에서 너무 많은 창이 가상 세무서에 연결되어 있습니다. 다른 창이나 탭을 닫고 다시 들어와 주세요.',
    en: 'Too many windows from this address are connected to the station. Close other windows or tabs and enter again.',
  },
  internal: { ko: '일시적인 문제가 생겼습니다. 잠시 후 다시 해 주세요.', en: 'Something went wrong on our side. Try again in a moment.' },
} satisfies Record<StationSocketErrorCode | 'bad_frame_field' | 'bad_frame_json', { ko: string; en: string }>);

export type PresenceMessageKey = keyof typeof presenceMessages.catalogue;

/** What a refused frame's field is called in the error message (the frame's `field` keeps the name for programs). */
export const fieldLabels = defineMessages({
  type: { ko: '요청 종류', en: 'type' },
  district: { ko: '구', en: 'district' },
  nickname: { ko: '별명', en: 'nickname' },
  look: { ko: '모습', en: 'look' },
  x: { ko: '가로 위치', en: 'x' },
  y: { ko: '세로 위치', en: 'y' },
  locale: { ko: '언어', en: 'language' },
  scope: { ko: '대화 범위', en: 'scope' },
  text: { ko: '메시지', en: 'message' },
  request: { ko: '요청', en: 'request' },
});

/** The label of a field in the locale; a field with no label (which the parser does not name) is called the request. */
export function fieldLabel(locale: Locale, field: string): string {
  const key = field.split('.')[0] ?? '';
  return fieldLabels.t(locale, Object.hasOwn(fieldLabels.catalogue, key) ? (key as keyof typeof fieldLabels.catalogue) : 'request');
}
