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

/** A catalogue sentence with its {placeholders} filled. */
export function fill(template: string, vars: Record<string, string> = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => vars[name] ?? whole);
}
