import { z } from 'zod';

// JSON frames over the video room's signalling socket (WS /video/socket).
// The server relays the WebRTC negotiation between the room's two sides
// (perfect negotiation: the expert is impolite, the resident polite) and
// tells each side about the room: who is there, when it ends, whether the
// expert switched to a phone call. Media never touches the server.
//
// The browser code (src/video/browser/) imports the TYPES of this module
// only; the server parses every client frame with the schemas. This module
// imports nothing that needs Node.
//
// A connection's life:
//   client → join {room, peerId, after, locale}
//   server → welcome {…}          or error {code} and close (4403 refused, 4404 unknown, 4409 too early, 4410 ended)
//   client ⇄ signal {data}        relayed to the other side, in order, with an id (the reconnect cursor)
//   server → peer {present,…}     the other side arrived (again) or left
//   server → room {…}             the room changed (extended, switched to phone)
//   server → closed {reason}      the room's time is over (the socket then closes)
// A side that reconnects sends join with the same peerId, resume = true and
// after = the last signal id it received (or the welcome's cursor): it gets the signals it missed, and the other side's
// connection is not reset. A reloaded page has a new peerId: the other side
// must start a new RTCPeerConnection for it.

export const MAX_SIGNAL_FRAME_BYTES = 64 * 1024;

export const SIDES = ['resident', 'expert'] as const;
export type Side = (typeof SIDES)[number];

const peerId = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/);
const cursor = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

/** Which room: a resident names it by the personal link's token, an expert by the booking id (and a staff session cookie). */
export const roomRef = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('resident'), token: z.string().min(20).max(64) }),
  z.object({ kind: z.literal('expert'), bookingId: z.number().int().positive().max(Number.MAX_SAFE_INTEGER) }),
]);
export type RoomRef = z.infer<typeof roomRef>;

/** What one side hands the other: an SDP description or an ICE candidate (null candidate = end of candidates). */
export const signalData = z.union([
  z.object({
    description: z.object({ type: z.enum(['offer', 'answer', 'pranswer', 'rollback']), sdp: z.string().max(60_000).optional() }),
  }),
  z.object({
    candidate: z
      .object({
        candidate: z.string().max(2_000),
        sdpMid: z.string().max(64).nullable().optional(),
        sdpMLineIndex: z.number().int().min(0).max(64).nullable().optional(),
        usernameFragment: z.string().max(256).nullable().optional(),
      })
      .nullable(),
  }),
]);
export type SignalData = z.infer<typeof signalData>;

export const clientFrame = z.discriminatedUnion('type', [
  /** resume: this page joined before (its socket dropped): catch up from `after`; a new page starts after what is stored */
  z.object({ type: z.literal('join'), room: roomRef, peerId, after: cursor.default(0), resume: z.boolean().default(false), locale: z.enum(['ko', 'en']).default('ko') }),
  z.object({ type: z.literal('signal'), data: signalData }),
  /** expert only: add minutes to the end (at most 10 in all), when the expert's next slot is free */
  z.object({ type: z.literal('extend'), minutes: z.number().int().min(1).max(10) }),
  /** expert only: video does not work; the consultation goes on by phone (marked on the reservation) */
  z.object({ type: z.literal('switch_to_phone') }),
  z.object({ type: z.literal('ping') }),
]);
export type ClientFrame = z.infer<typeof clientFrame>;
export type ClientFrameInput = z.input<typeof clientFrame>;

/** The room as each side sees it. Times are ISO strings; serverNow lets the browser correct its own clock. */
export interface RoomInfo {
  reference: string;
  fieldName: string;
  /** the other side's display name: the expert's name for the resident; the resident's name for the expert */
  otherName: string;
  slotStart: string;
  slotEnd: string;
  opensAt: string;
  /** slotEnd plus any extension: the call ends here */
  endsAt: string;
  serverNow: string;
  extendedMinutes: number;
  /** how many more minutes the expert may still add (0 when the limit is reached) */
  extendableMinutes: number;
  /** 'phone' once the expert switched the consultation to a phone call */
  mode: 'video' | 'phone';
  /** the district office's phone number, for the resident when video fails */
  officePhone: string | null;
  /** where the other side should ring: the resident's masked contact (expert only) */
  residentContact?: string;
}

export interface IceConfig {
  iceServers: { urls: string[]; username?: string; credential?: string }[];
  iceTransportPolicy: 'all' | 'relay';
}

export type ServerFrame =
  | { type: 'welcome'; side: Side; polite: boolean; room: RoomInfo; ice: IceConfig; peer: PeerState; cursor: number }
  | ({ type: 'peer' } & PeerState)
  | { type: 'signal'; id: number; from: string; data: SignalData }
  | { type: 'room'; room: RoomInfo }
  | { type: 'closed'; reason: 'ended' | 'cancelled' | 'replaced' }
  | { type: 'pong' }
  | { type: 'error'; code: VideoSocketErrorCode; message: string; opensAt?: string };

export interface PeerState {
  present: boolean;
  /** the other side's page (a new id after a reload); null when absent */
  peerId: string | null;
}

export const VIDEO_SOCKET_ERRORS = [
  'bad_frame',
  'not_joined',
  'room_not_found',
  'not_your_room',
  'too_early',
  'room_ended',
  'booking_cancelled',
  'experts_only',
  'extension_refused',
  'extension_limit',
  'rate_limited',
  'internal',
] as const;
export type VideoSocketErrorCode = (typeof VIDEO_SOCKET_ERRORS)[number];

/** WebSocket close codes the room uses (4000–4999 are the application's). */
export const CLOSE_CODES = { refused: 4403, unknown: 4404, tooEarly: 4409, ended: 4410, replaced: 4412 } as const;
