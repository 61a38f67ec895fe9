import type { MoveEntry, VisitorView } from './presence.frames.ts';

// Events on the realtime bus between the serve processes that hold visitors
// of one district's station (topic per district). Each process (node) sends
// at most one batch per tick with what changed among its own visitors, so
// NOTIFY traffic grows with the moves, not with the listeners; a node with
// visitors beats every BEAT_MS when nothing changed. A receiver keeps the
// latest position of every remote visitor; a node not heard for
// NODE_TIMEOUT_MS is gone, with its visitors. Every event of a node carries
// the next number of its sequence: a gap (a lost NOTIFY) makes the receiver
// ask that node for its state; a receiver that resyncs asks everyone.

export const presenceTopic = (district: string) => `station:presence:${district}`;

export const BEAT_MS = 2_000;
export const NODE_TIMEOUT_MS = 10_000;
/** NOTIFY payloads are capped at 8000 bytes (7900 with the topic): batches are cut below this. */
export const EVENT_BUDGET_BYTES = 7_000;

export type PresenceEvent =
  | { type: 'batch'; node: string; seq: number; joins?: VisitorView[]; moves?: MoveEntry[]; leaves?: string[] }
  | { type: 'beat'; node: string; seq: number }
  /** a node's visitors, in parts; the last part names the whole: visitors of the node not in it are gone */
  | { type: 'state'; node: string; seq: number; snap: string; visitors: VisitorView[]; last: boolean }
  /** a node that (re)starts listening asks everyone for their state */
  | { type: 'hello'; node: string; seq: number }
  /** a node that missed events of `of` asks it for its state */
  | { type: 'ask'; node: string; seq: number; of: string }
  | { type: 'chat'; node: string; seq: number; from: { id: string; nickname: string; staff?: true }; x: number; y: number; scope: 'room' | 'nearby'; text: string; at: string };

/** Cuts items into parts whose JSON stays within the budget (the rest of the event takes `overhead` bytes). */
export function cutToBudget<T>(items: readonly T[], overhead: number, budget = EVENT_BUDGET_BYTES): T[][] {
  const parts: T[][] = [];
  let part: T[] = [];
  let size = overhead;
  for (const item of items) {
    const bytes = Buffer.byteLength(JSON.stringify(item)) + 1;
    if (part.length > 0 && size + bytes > budget) {
      parts.push(part);
      part = [];
      size = overhead;
    }
    part.push(item);
    size += bytes;
  }
  if (part.length > 0) parts.push(part);
  return parts;
}
