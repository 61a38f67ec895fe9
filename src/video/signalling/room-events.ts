import type { Side } from './video.frames.ts';

// Events on the realtime bus between the sockets of one room (across serve
// processes). They carry ids and flags only (NOTIFY is capped): a signal is
// read from video_signals by id.

export const roomTopic = (bookingId: number) => `video:room:${bookingId}`;

export type RoomEvent =
  /** a side stored a signal: the other side reads what follows its cursor */
  | { type: 'signal'; side: Side; id: number }
  /** a page joined (every page of the room answers 'here'; a page of the same side gives way) */
  | { type: 'arrive'; side: Side; peerId: string; conn: string }
  /** who is here? (after events may have been lost) */
  | { type: 'ask'; side: Side; conn: string }
  | { type: 'here'; side: Side; peerId: string; conn: string }
  | { type: 'left'; side: Side; peerId: string; conn: string }
  /** the reservation changed (extended, switched to phone, cancelled): read the room again */
  | { type: 'room' };
