import { AppError } from '../platform/errors.ts';
import { defineMessages, type Vars } from '../platform/i18n/i18n.ts';
import type { VideoSocketErrorCode } from './signalling/video.frames.ts';

// What the video rooms tell people: the refusals of the room service and of
// the signalling socket (an error frame carries the code and these words in
// the locale the side joined with). The room pages' own words are in
// room-pages/room-pages.messages.ts.

export const videoMessages = defineMessages({
  bad_frame: { ko: '알 수 없는 요청입니다. 페이지를 새로 고쳐 주세요.', en: 'Unknown request. Please reload the page.' },
  not_joined: { ko: '먼저 상담실에 들어와야 합니다.', en: 'Enter the room first.' },
  room_not_found: { ko: '상담실을 찾을 수 없습니다. 받은 링크를 그대로 열었는지 확인하세요.', en: 'Room not found. Check that you opened the link exactly as you received it.' },
  not_your_room: { ko: '이 상담실은 예약한 주민과 담당 세무사만 들어갈 수 있습니다.', en: 'Only the resident who booked and the assigned tax accountant can enter this room.' },
  too_early: { ko: '상담실은 {opens}에 열립니다. 그 전에 카메라와 마이크를 점검해 보세요.', en: 'The room opens on {opens}. Meanwhile you can check your camera and microphone.' },
  room_ended: { ko: '상담 시간이 끝나 상담실이 닫혔습니다.', en: 'The consultation time is over and the room has closed.' },
  booking_cancelled: { ko: '취소된 예약이어서 상담실이 열리지 않습니다.', en: 'This booking was cancelled, so the room does not open.' },
  experts_only: { ko: '담당 세무사만 할 수 있습니다.', en: 'Only the tax accountant can do this.' },
  extension_refused: { ko: '다음 시간에 다른 예약이 있거나 막혀 있어 연장할 수 없습니다.', en: 'The next time is booked or blocked, so the consultation cannot be extended.' },
  extension_limit: { ko: '상담은 최대 10분까지만 연장할 수 있습니다.', en: 'A consultation can be extended by at most 10 minutes in all.' },
  rate_limited: { ko: '요청이 너무 많습니다. 잠시 후 다시 시도하세요.', en: 'Too many requests. Wait a moment and try again.' },
  internal: { ko: '일시적인 오류입니다. 다시 시도해 주세요.', en: 'Something went wrong. Please try again.' },
} satisfies Record<VideoSocketErrorCode | 'not_your_room' | 'room_not_found', { ko: string; en: string }>);

export type VideoMessageKey = keyof typeof videoMessages.catalogue;

export function videoError(status: number, key: VideoMessageKey, vars?: Vars): AppError {
  return new AppError(key, status, videoMessages.both(key, vars));
}
