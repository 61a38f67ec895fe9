import type { Queryable } from '../../platform/db/database.ts';
import type { Side, SignalData } from '../signalling/video.frames.ts';

// src/video's tables: video_settings (per district) and video_signals (the
// negotiation in flight between a room's two sides).

export const DEFAULT_OPEN_BEFORE_MINUTES = 10;

export async function openBeforeMinutes(q: Queryable, districtCode: string): Promise<number> {
  const { rows } = await q.query<{ open_before_minutes: number }>('SELECT open_before_minutes FROM video_settings WHERE district_code = $1', [districtCode]);
  return rows[0] ? Number(rows[0].open_before_minutes) : DEFAULT_OPEN_BEFORE_MINUTES;
}

export async function saveOpenBeforeMinutes(q: Queryable, districtCode: string, minutes: number, now: Date): Promise<void> {
  await q.query(
    `INSERT INTO video_settings (district_code, open_before_minutes, updated_at) VALUES ($1, $2, $3)
     ON CONFLICT (district_code) DO UPDATE SET open_before_minutes = EXCLUDED.open_before_minutes, updated_at = EXCLUDED.updated_at`,
    [districtCode, minutes, now],
  );
}

export interface StoredSignal {
  id: number;
  fromPeer: string;
  data: SignalData;
}

export async function insertSignal(q: Queryable, s: { bookingId: number; fromSide: Side; fromPeer: string; data: SignalData; now: Date }): Promise<number> {
  const { rows } = await q.query<{ id: string | number }>(
    `INSERT INTO video_signals (booking_id, from_side, from_peer, body, created_at) VALUES ($1, $2, $3, $4::jsonb, $5) RETURNING id`,
    [s.bookingId, s.fromSide, s.fromPeer, JSON.stringify(s.data), s.now],
  );
  return Number(rows[0]!.id);
}

/** What one side sent after a cursor, oldest first (what the other side has not seen yet). */
export async function signalsAfter(q: Queryable, bookingId: number, fromSide: Side, after: number, limit = 500): Promise<StoredSignal[]> {
  const { rows } = await q.query<{ id: string | number; from_peer: string; body: unknown }>(
    `SELECT id, from_peer, body FROM video_signals
      WHERE booking_id = $1 AND from_side = $2 AND id > $3
      ORDER BY id LIMIT $4`,
    [bookingId, fromSide, after, limit],
  );
  return rows.map((r) => ({ id: Number(r.id), fromPeer: r.from_peer, data: (typeof r.body === 'string' ? JSON.parse(r.body) : r.body) as SignalData }));
}

/** The newest signal id of a room (a fresh page starts after it: old negotiation is not its own). */
export async function lastSignalId(q: Queryable, bookingId: number): Promise<number> {
  const { rows } = await q.query<{ id: string | number | null }>('SELECT max(id) AS id FROM video_signals WHERE booking_id = $1', [bookingId]);
  return Number(rows[0]?.id ?? 0);
}

/** Drops the negotiation of rooms that closed (nothing of a call outlives its room). */
export async function purgeSignalsBefore(q: Queryable, before: Date): Promise<number> {
  const { rowCount } = await q.query('DELETE FROM video_signals WHERE created_at < $1', [before]);
  return rowCount;
}

/** Drops one room's negotiation when it closes. */
export async function purgeRoomSignals(q: Queryable, bookingId: number): Promise<number> {
  const { rowCount } = await q.query('DELETE FROM video_signals WHERE booking_id = $1', [bookingId]);
  return rowCount;
}
