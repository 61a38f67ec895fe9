import { onFrames, socketUrl } from '../../platform/web/browser/dom.ts';
import type { Look, StationFrameInput, StationServerFrame } from '../presence/presence.frames.ts';

// The station's presence socket as its pages use it (the text mode and the
// 2D space): join on open, hand every server frame to the page, send moves
// and chat, keep the socket alive through idle proxies, and tell the page
// when the connection is gone (not when the page itself closed it).

export type PresenceFrame = StationServerFrame;

export interface JoinRequest {
  district: string;
  nickname: string;
  look: Look;
  x: number;
  y: number;
  locale: 'ko' | 'en';
}

export interface PresenceConnection {
  move(x: number, y: number): void;
  chat(scope: 'room' | 'nearby', text: string): void;
  /** Leaves the station and closes the socket (onLost is not called). */
  leave(): void;
  readonly open: boolean;
}

const KEEP_ALIVE_MS = 20_000;

/** Opens /r/station/socket and joins; `onFrame` gets every frame, `onLost` a connection that dropped. */
export function connectPresence(join: JoinRequest, onFrame: (frame: PresenceFrame) => void, onLost: () => void): PresenceConnection {
  const ws = new WebSocket(socketUrl('/r/station/socket'));
  let closedByUs = false;
  const send = (frame: StationFrameInput) => {
    if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify(frame));
  };
  const keepAlive = setInterval(() => send({ type: 'ping' }), KEEP_ALIVE_MS);
  ws.onopen = () => send({ type: 'join', ...join });
  onFrames<PresenceFrame>(ws, onFrame);
  ws.onclose = () => {
    clearInterval(keepAlive);
    if (!closedByUs) onLost();
  };
  return {
    move: (x, y) => send({ type: 'move', x, y }),
    chat: (scope, text) => send({ type: 'chat', scope, text }),
    leave: () => {
      closedByUs = true;
      send({ type: 'leave' });
      ws.close();
    },
    get open() {
      return ws.readyState === WebSocket.OPEN;
    },
  };
}

/**
 * Applies one 'update' frame to the people near you (you left out): arrivals
 * are added, moves change their positions, departures are removed; each is
 * handed to its callback (a page announces arrivals and departures).
 */
export function applyUpdate<P extends { id: string; nickname: string; x?: number; y?: number }>(
  near: Map<string, P>,
  frame: Extract<PresenceFrame, { type: 'update' }>,
  me: string | null,
  on: { arrived?: (p: P) => void; moved?: (p: P) => void; went?: (p: P) => void },
): void {
  for (const p of frame.enter ?? []) {
    if (p.id === me) continue;
    near.set(p.id, p as unknown as P);
    on.arrived?.(near.get(p.id)!);
  }
  for (const [id, x, y] of frame.moves ?? []) {
    const p = near.get(id);
    if (!p) continue;
    p.x = x;
    p.y = y;
    on.moved?.(p);
  }
  for (const gone of frame.exit ?? []) {
    const p = near.get(gone.id);
    if (!p) continue;
    near.delete(gone.id);
    on.went?.(p);
  }
}

/** A catalogue sentence with its {placeholders} filled. */
export function fill(template: string, vars: Record<string, string> = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => vars[name] ?? whole);
}
