import { z } from 'zod';

// JSON frames over the station's presence socket (WS /r/station/socket).
// Anyone may enter without signing in (a visitor gets a random id); a staff
// session cookie of the district marks the visitor as staff (a badge).
//
// The browser code imports the TYPES and constants of this module; the
// server parses every client frame with the schemas. This module imports
// nothing that needs Node.
//
// A connection's life:
//   client → join {district, nickname, look, x, y, locale?}
//   server → welcome {you, district, bounds, cellPx, tickMs, nearbyPx}
//   server → update {enter?, moves?, exit?}   once per tick (TICK_MS, 50 ms), only when something in the
//                                            visitor's interest changed (the 3×3 cells around it)
//   client → move {x, y}                     coalesced: only the last position of a tick is sent on
//   client → chat {scope: 'room'|'nearby', text}
//   server → chat {from, scope, text, at}    room: everyone in the district's station; nearby:
//                                            those within nearbyPx of the sender (the sender too)
//   client → leave                           the socket stays open; join again (another district) or close
//   server → zones {counts}                  how many visitors are in each zone of the map right now (all
//                                            of the district's visitors, on every node): after joining, then
//                                            when a count changed, at most once per ZONES_MS
//   client → ping   server → pong            a joined socket that sends nothing, not even ping, for
//                                            SILENT_MS is closed (4408) and its visitor leaves
//   server → error {code, message, field?}   the frame was refused (nothing else happened)
// Close codes: 1008 cross-site origin, 1009 frame over MAX_STATION_FRAME_BYTES,
// 4429 too many frames after being told (rate_limited) again and again,
// 4408 no join within JOIN_TIMEOUT_MS (reason 'not joined'), or joined and silent for
// SILENT_MS (reason 'silent'),
// 4409 too many presence connections from one client address
// (TAXSTATION_STATION_SOCKETS_PER_ADDRESS): an error frame (too_many_connections)
// comes first, in the language the page's request asked for.

export const MAX_STATION_FRAME_BYTES = 2048;
export const NICKNAME_MAX = 20;
export const CHAT_MAX = 300;
/** Tile size of the station's maps, in pixels. */
export const TILE_PX = 32;
/** Interest cells are this many tiles square: a visitor hears its own cell and the 8 around it. */
export const CELL_TILES = 10;
export const CELL_PX = CELL_TILES * TILE_PX;
/** 'nearby' chat reaches visitors within this distance of the sender (5 tiles). */
export const NEARBY_PX = 5 * TILE_PX;
/**
 * Positions are coalesced and sent at this interval. A move waits for the
 * next tick (half of it on average), so the tick is the floor of movement
 * latency: 50 ms keeps p99 under 100 ms with room for the work itself.
 */
export const TICK_MS = 50;
/** Zone counts are sent at most this often (and only when one changed): enough to read, never chatty. */
export const ZONES_MS = 2000;
/** A joined socket that sends nothing for this long is closed (the clients ping every 20 s when idle). */
export const SILENT_MS = 60_000;

/** The avatar looks a visitor chooses from (the browser client draws one sprite per look). */
export const LOOKS = ['blue', 'green', 'orange', 'purple', 'yellow', 'navy', 'pink', 'teal'] as const;
export type Look = (typeof LOOKS)[number];

export const STATION_CLOSE = { crossSite: 1008, tooBig: 1009, notJoined: 4408, silent: 4408, tooManyConnections: 4409, abuse: 4429 } as const;

export const STATION_SOCKET_ERRORS = [
  'bad_frame',
  'not_joined',
  'already_joined',
  'unknown_district',
  'out_of_bounds',
  'rate_limited',
  'too_many_connections',
  'internal',
] as const;
export type StationSocketErrorCode = (typeof STATION_SOCKET_ERRORS)[number];

/** C0/C1 controls and the bidirectional overrides (which would let a name reorder the text around it). */
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/** Control characters masked (each becomes a space), then trimmed. */
export function maskControls(text: string): string {
  return text.replace(CONTROL, ' ').trim();
}

const codePoints = (s: string) => [...s].length;

const nickname = z
  .string()
  .max(200)
  .transform(maskControls)
  .refine((s) => codePoints(s) >= 1 && codePoints(s) <= NICKNAME_MAX, { message: `1 to ${NICKNAME_MAX} characters` });
const chatText = z
  .string()
  .max(CHAT_MAX * 4)
  .transform(maskControls)
  .refine((s) => codePoints(s) >= 1 && codePoints(s) <= CHAT_MAX, { message: `1 to ${CHAT_MAX} characters` });
/** A position in pixels; the bounds of the district's map are checked by the server. */
const coordinate = z.number().finite().min(0).max(1_000_000);

export const stationFrame = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('join'),
    district: z.string().regex(/^[a-z][a-z0-9-]{1,30}$/),
    nickname,
    look: z.enum(LOOKS),
    x: coordinate,
    y: coordinate,
    locale: z.enum(['ko', 'en']).default('ko'),
  }),
  z.object({ type: z.literal('move'), x: coordinate, y: coordinate }),
  z.object({ type: z.literal('chat'), scope: z.enum(['room', 'nearby']), text: chatText }),
  z.object({ type: z.literal('leave') }),
  z.object({ type: z.literal('ping') }),
]);
export type StationFrame = z.infer<typeof stationFrame>;
export type StationFrameInput = z.input<typeof stationFrame>;

/** Parses one text frame; on failure names the field that was wrong ('' when the frame is not JSON). */
export function parseStationFrame(raw: string): { ok: true; frame: StationFrame } | { ok: false; field: string } {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return { ok: false, field: '' };
  }
  const result = stationFrame.safeParse(json);
  if (result.success) return { ok: true, frame: result.data };
  const issue = result.error.issues[0];
  return { ok: false, field: issue && issue.path.length ? issue.path.join('.') : 'type' };
}

/** A visitor as others see it. `staff` is present (true) only for staff of the district on duty. */
export interface VisitorView {
  id: string;
  nickname: string;
  look: Look;
  x: number;
  y: number;
  staff?: true;
}

/** [id, x, y]: a visitor's position at the end of the tick. */
export type MoveEntry = [string, number, number];

export interface ExitEntry {
  id: string;
  /** left: gone from the station; far: still there, out of your interest */
  reason: 'left' | 'far';
}

export type StationServerFrame =
  | {
      type: 'welcome';
      you: VisitorView;
      district: string;
      /** the map's size in pixels: moves must stay within [0, width] × [0, height] */
      bounds: { width: number; height: number };
      cellPx: number;
      nearbyPx: number;
      tickMs: number;
    }
  /** One tick's changes in your interest. enter comes first; moves may name a visitor that enter just gave, and your own id (ignore it or take it as the server's word). */
  | { type: 'update'; enter?: VisitorView[]; moves?: MoveEntry[]; exit?: ExitEntry[] }
  | { type: 'chat'; from: { id: string; nickname: string; staff?: true }; scope: 'room' | 'nearby'; text: string; at: string }
  /** Visitors in each zone of the district's map (by zone id, every zone listed, 0 included); one outside every zone is in none. */
  | { type: 'zones'; counts: Record<string, number> }
  | { type: 'left' }
  | { type: 'pong' }
  | { type: 'error'; code: StationSocketErrorCode; message: string; field?: string };
