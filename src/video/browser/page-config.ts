import type { IceConfig, RoomInfo, RoomRef, Side } from '../signalling/video.frames.ts';

// What the server hands the room and check pages' scripts, in a
// <script type="application/json" id="video-config"> block (CSP forbids
// inline scripts, not data blocks): where the socket is, which room, and
// every word the script shows, in the page's language. The server view
// (src/video/room-pages/room-pages.view.ts) builds it from the catalogue.

/** The words the scripts show; `{name}` is filled in by the script. */
export const VIDEO_TEXT_KEYS = [
  'connecting', 'reconnecting', 'waiting_other', 'other_arrived', 'other_left', 'connected', 'call_failed', 'call_recovering',
  'time_left', 'time_left_under_minute', 'two_minute_warning', 'room_closed', 'room_cancelled', 'room_replaced', 'left_room', 'rejoin',
  'extended', 'extension_refused', 'switched_to_phone_expert', 'switched_to_phone_resident', 'phone_call_office', 'phone_ring_resident',
  'mic_on', 'mic_off', 'camera_on', 'camera_off', 'audio_only_on', 'audio_only_off',
  'media_denied', 'media_none', 'device_default', 'speaker_unsupported',
  'chat_you', 'chat_other', 'chat_empty', 'file_too_large', 'file_wrong_type', 'file_sending', 'file_sent', 'file_received', 'file_failed', 'file_download',
  'chat_closed', 'error_generic', 'too_early_reload',
  'check_camera_ok', 'check_camera_failed', 'check_mic_level', 'check_mic_failed', 'check_tone_playing', 'check_tone_done',
  'check_conn_running', 'check_conn_relay', 'check_conn_direct', 'check_conn_failed', 'check_conn_unavailable',
] as const;
export type VideoTextKey = (typeof VIDEO_TEXT_KEYS)[number];
export type VideoText = Record<VideoTextKey, string>;

export interface RoomPageConfig {
  page: 'room';
  side: Side;
  locale: 'ko' | 'en';
  /** the socket's path on this site, e.g. /r/video/socket */
  socketPath: string;
  room: RoomRef;
  info: RoomInfo;
  text: VideoText;
}

export interface TooEarlyPageConfig {
  page: 'too_early';
  /** when the room opens (ISO) and the server's time now (ISO): the page reloads itself then */
  opensAt: string;
  serverNow: string;
  text: VideoText;
}

export interface CheckPageConfig {
  page: 'check';
  locale: 'ko' | 'en';
  /** the ICE servers a call would use; null when none are configured */
  ice: IceConfig | null;
  text: VideoText;
}

export type VideoPageConfig = RoomPageConfig | TooEarlyPageConfig | CheckPageConfig;
