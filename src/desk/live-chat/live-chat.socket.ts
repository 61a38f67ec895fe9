import { randomBytes } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { RawData, WebSocket } from 'ws';
import { AppError } from '../../platform/errors.ts';
import { sameOrigin } from '../../platform/http/security.ts';
import { isResync } from '../../platform/realtime/bus.ts';
import type { StaffPrincipal } from '../../platform/auth/staff.ts';
import { findSession, SESSION_COOKIE } from '../../platform/auth/session.service.ts';
import { sessionEndedTopic } from '../../platform/auth/session-events.ts';
import { districtExists } from '../../platform/districts/districts.repository.ts';
import {
  closeConversation,
  findByResumeToken,
  getConversation,
  getDistrictConversation,
  markRead,
  messagesAfter,
  openConversation,
  postMessage,
  publishEvent,
  type ConversationRow,
  type DeskDeps,
  type DeskMessage,
} from '../conversations/conversations.service.ts';
import { agentFrame, MAX_FRAME_BYTES, parseFrame, residentFrame, type AgentServerFrame, type MessageFrame, type ResidentServerFrame } from './live-chat.frames.ts';
import { conversationTopic, districtTopic, type DeskEvent } from '../conversations/conversations.topics.ts';
import { announceIfClosed, refundLinkReply } from '../auto-replies/auto-replies.service.ts';
import { deskOpenState } from '../business-hours/business-hours.repository.ts';
import { presentForms } from '../contact-requests/contact-requests.service.ts';
import { districtAgents, districtQueue, getAgentStatus, queueStanding } from '../conversations/queue.service.ts';
import { TokenBucket } from '../../platform/rate-limit/token-bucket.ts';
import { deskAddressLimits, DESK_LIMITS } from './live-chat.rate-limit.ts';
import { socketErrorMessages, type SocketErrorCode } from './live-chat.messages.ts';

// One handler per side: residents (no login, bound to a conversation by its
// resume token) and agents (staff session). Both push what the bus announces
// and catch up from a message-id cursor, so a reconnect with
// { resume, after } gets exactly the messages it missed.

/** The error codes a socket answers with, each with its words in socketErrorMessages. */
const isSocketError = (code: string): code is SocketErrorCode => Object.hasOwn(socketErrorMessages.catalogue, code);

function send(socket: WebSocket, frame: ResidentServerFrame | AgentServerFrame): void {
  if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(frame));
}

function sendError(socket: WebSocket, code: string): void {
  send(socket, { type: 'error', code, message: socketErrorMessages.both(isSocketError(code) ? code : 'internal') });
}

function errorCode(error: unknown): string {
  return error instanceof AppError && isSocketError(error.code) ? error.code : 'internal';
}

/**
 * The server's WebSocket limit is the largest of all socket routes (the
 * video room's); the desk's frames are smaller, and a bigger one closes the
 * socket as the limit would (1009, message too big).
 */
function frameTooBig(socket: WebSocket, data: RawData): boolean {
  const size = Array.isArray(data) ? data.reduce((n, b) => n + b.length, 0) : data instanceof ArrayBuffer ? data.byteLength : data.length;
  if (size <= MAX_FRAME_BYTES) return false;
  socket.close(1009, 'frame too big');
  return true;
}


function messageFrame(m: DeskMessage, audience: 'resident' | 'agent'): MessageFrame {
  return {
    type: 'message',
    conversationId: m.conversationId,
    id: m.id,
    authorType: m.authorType,
    ...(audience === 'agent' ? { authorId: m.authorId } : {}),
    kind: m.kind,
    body: m.body,
    ...(m.payload !== null && m.payload !== undefined ? { payload: m.payload } : {}),
    at: m.at,
  };
}

/** Sends messages after a cursor, one catch-up at a time, never the same id twice. */
class Follower {
  lastSent: number;
  private chain: Promise<void> = Promise.resolve();
  constructor(
    private readonly deps: DeskDeps,
    private readonly socket: WebSocket,
    readonly conversationId: number,
    after: number,
    private readonly audience: 'resident' | 'agent',
  ) {
    this.lastSent = after;
  }
  flush(): Promise<void> {
    this.chain = this.chain
      .then(async () => {
        for (;;) {
          const batch = await presentForms(this.deps, await messagesAfter(this.deps.db, this.conversationId, this.lastSent, this.audience), this.audience);
          for (const m of batch) {
            if (m.id <= this.lastSent) continue;
            send(this.socket, messageFrame(m, this.audience));
            this.lastSent = m.id;
          }
          if (batch.length < 500) return;
        }
      })
      .catch((error) => this.deps.log.warn({ err: error, conversationId: this.conversationId }, 'desk catch-up failed'));
    return this.chain;
  }
}

export async function residentSocket(deps: DeskDeps, socket: WebSocket, request: FastifyRequest): Promise<void> {
  const address = request.ip;
  const limits = deskAddressLimits(deps.db, deps.log);
  if (!sameOrigin(request) || !limits.connects.take(address)) {
    sendError(socket, 'rate_limited');
    socket.close(1008, 'refused');
    return;
  }
  const bucket = new TokenBucket(DESK_LIMITS.connection.capacity, DESK_LIMITS.connection.perSecond);
  let conversation: ConversationRow | null = null;
  let follower: Follower | null = null;
  const unsubscribes: (() => Promise<void>)[] = [];
  let closed = false;

  const sendState = async () => {
    if (!conversation) return;
    conversation = (await getConversation(deps.db, conversation.id)) ?? conversation;
    // A place in the queue only while the desk is open: out of hours nobody answers, whatever the place.
    const open = conversation.state === 'waiting' ? (await deskOpenState(deps.db, conversation.district_code, deps.now())).open : true;
    const standing = conversation.state === 'waiting' && open ? await queueStanding(deps.db, conversation.id) : null;
    send(socket, { type: 'state', state: conversation.state, ...(standing ? { queue: standing } : {}), ...(open ? {} : { deskClosed: true as const }), agentReadId: conversation.agent_read_id });
  };

  const attach = async (row: ConversationRow, resumeToken: string, after: number) => {
    conversation = row;
    follower = new Follower(deps, socket, row.id, after, 'resident');
    const onConversation = (event: unknown) => {
      const e = event as DeskEvent;
      // Events published while the bus was reconnecting are lost: read from the cursor again, send the state afresh.
      if (isResync(event)) {
        void follower?.flush();
        void sendState().catch(() => {});
      } else if (e.type === 'message') void follower?.flush();
      else if (e.type === 'state') void sendState().catch(() => {});
      else if (e.type === 'typing' && e.side === 'agent') send(socket, { type: 'typing', side: 'agent' });
      else if (e.type === 'read' && e.side === 'agent') send(socket, { type: 'read', side: 'agent', upTo: e.upTo });
    };
    // A resync reaches the conversation handler too, which sends the state.
    const onDistrict = (event: unknown) => {
      if ((event as DeskEvent).type === 'queue' && conversation?.state === 'waiting') void sendState().catch(() => {});
    };
    // Subscribe before reading, so nothing published in between is missed;
    // the follower's cursor drops anything read twice.
    unsubscribes.push(await deps.bus.subscribe(conversationTopic(row.id), onConversation));
    unsubscribes.push(await deps.bus.subscribe(districtTopic(row.district_code), onDistrict));
    if (closed) return cleanup();
    send(socket, { type: 'session', conversationId: row.id, resumeToken, district: row.district_code, locale: row.locale });
    await follower.flush();
    await sendState();
  };

  const cleanup = async () => {
    for (const u of unsubscribes.splice(0)) await u().catch(() => {});
  };

  const handle = async (raw: string) => {
    if (!limits.frames.take(address)) return sendError(socket, 'rate_limited');
    const parsed = parseFrame(residentFrame, raw);
    if (!parsed.ok) return sendError(socket, parsed.code);
    const frame = parsed.frame;
    switch (frame.type) {
      case 'start': {
        if (conversation) return sendError(socket, 'already_started');
        if (!(await districtExists(deps.db, frame.district))) return sendError(socket, 'unknown_district');
        const opened = await openConversation(deps, {
          districtCode: frame.district,
          source: 'web',
          residentRef: `web:${randomBytes(12).toString('base64url')}`,
          locale: frame.locale,
        });
        // Posted before the first catch-up, so the notice is the first thing the resident reads.
        await announceIfClosed(deps, frame.district, opened.conversationId, frame.locale);
        const row = await getConversation(deps.db, opened.conversationId);
        return attach(row!, opened.resumeToken, 0);
      }
      case 'resume': {
        if (conversation) return sendError(socket, 'already_started');
        const row = await findByResumeToken(deps.db, frame.resume);
        if (!row) return sendError(socket, 'resume_unknown');
        return attach(row, frame.resume, frame.after);
      }
      case 'send': {
        if (!conversation) return sendError(socket, 'no_conversation');
        if (!bucket.take()) return sendError(socket, 'rate_limited');
        await postMessage(deps, { conversationId: conversation.id, author: { type: 'resident', id: conversation.resident_ref }, kind: 'text', body: frame.body });
        await refundLinkReply(deps, conversation.id, frame.body, conversation.locale);
        return;
      }
      case 'typing': {
        if (!conversation || !bucket.take()) return;
        return publishEvent(deps, conversationTopic(conversation.id), { type: 'typing', side: 'resident' });
      }
      case 'read': {
        if (!conversation) return;
        return markRead(deps, conversation.id, 'resident', Math.min(frame.upTo, follower?.lastSent ?? 0));
      }
      case 'close': {
        if (!conversation) return;
        return closeConversation(deps, { conversationId: conversation.id, by: { type: 'resident', id: conversation.resident_ref } });
      }
    }
  };

  // Frames are handled one at a time, in the order they came.
  let queue: Promise<void> = Promise.resolve();
  socket.on('message', (data, isBinary) => {
    if (frameTooBig(socket, data)) return;
    if (isBinary) return sendError(socket, 'bad_frame');
    const text = data.toString();
    queue = queue.then(() => handle(text)).catch((error) => {
      deps.log.warn({ err: error, conversationId: conversation?.id }, 'desk resident frame failed');
      sendError(socket, errorCode(error));
    });
  });
  socket.on('close', () => {
    closed = true;
    void queue.then(cleanup);
  });
}

/** How often an agent's socket checks its session while no frame comes (idle timeout, expiry, a disabled account). */
export const SESSION_RECHECK_MS = 60_000;
/** Close code of an agent socket whose session ended (sign-out, expiry, idle timeout, disabled account). */
export const SESSION_ENDED_CLOSE = 4401;

export async function agentSocket(deps: DeskDeps, socket: WebSocket, request: FastifyRequest): Promise<void> {
  const staff = request.staff as StaffPrincipal;
  if (!sameOrigin(request)) {
    socket.close(1008, 'cross-site');
    return;
  }
  // The socket lives only as long as the session it was opened with: every
  // frame that acts checks it first (and counts as activity), a sign-out is
  // announced on the bus, and a timer catches expiry and disabled accounts
  // while the agent only listens.
  const token = request.cookies?.[SESSION_COOKIE] ?? '';
  let ended = false;
  const endForSession = () => {
    if (ended) return;
    ended = true;
    sendError(socket, 'session_ended');
    socket.close(SESSION_ENDED_CLOSE, 'session ended');
  };
  const sessionLive = async (touch: boolean) => {
    const found = await findSession(deps.db, token, { touch });
    return found !== null && found.staff.id === staff.id;
  };
  const recheck = () => {
    if (ended) return;
    void sessionLive(false)
      .then((live) => (live ? undefined : endForSession()))
      .catch((error) => deps.log.warn({ err: error, staffId: staff.id }, 'desk agent session check failed'));
  };
  const timer = setInterval(recheck, SESSION_RECHECK_MS);
  timer.unref();
  const bucket = new TokenBucket(DESK_LIMITS.connection.capacity * 3, DESK_LIMITS.connection.perSecond * 3);
  const watched = new Map<number, { follower: Follower; unsubscribe: () => Promise<void> }>();
  const unsubscribes: (() => Promise<void>)[] = [];
  let closed = false;

  const sendQueue = async () => {
    const [items, agents, me] = await Promise.all([districtQueue(deps.db, staff.districtCode), districtAgents(deps.db, staff.districtCode), getAgentStatus(deps.db, staff.id)]);
    send(socket, { type: 'queue', items, agents, me: { id: staff.id, ...me } });
  };
  let queueTimer: Promise<void> | null = null;
  const refreshQueue = () => {
    // coalesce bursts of queue events into one read
    queueTimer ??= Promise.resolve().then(async () => {
      queueTimer = null;
      await sendQueue();
    }).catch((error) => deps.log.warn({ err: error }, 'desk queue refresh failed'));
  };

  const handle = async (raw: string) => {
    if (ended) return;
    if (!(await sessionLive(true))) return endForSession();
    const parsed = parseFrame(agentFrame, raw);
    if (!parsed.ok) return sendError(socket, parsed.code);
    const frame = parsed.frame;
    // Every frame names a conversation; it must be of the agent's own district.
    const conversation = await getDistrictConversation(deps.db, staff.districtCode, frame.conversationId);
    switch (frame.type) {
      case 'watch': {
        if (watched.has(conversation.id)) await watched.get(conversation.id)!.unsubscribe();
        const follower = new Follower(deps, socket, conversation.id, frame.after, 'agent');
        const unsubscribe = await deps.bus.subscribe(conversationTopic(conversation.id), (event) => {
          const e = event as DeskEvent;
          // on resync each watched conversation catches up here, and the district handler refreshes the queue
          if (e.type === 'message' || isResync(event)) void follower.flush();
          else if (e.type === 'typing' && e.side === 'resident') send(socket, { type: 'typing', side: 'resident', conversationId: conversation.id });
          else if (e.type === 'read' && e.side === 'resident') send(socket, { type: 'read', side: 'resident', conversationId: conversation.id, upTo: e.upTo });
          else if (e.type === 'state') refreshQueue();
        });
        watched.set(conversation.id, { follower, unsubscribe });
        if (closed) return unsubscribe();
        send(socket, { type: 'watching', conversationId: conversation.id, residentReadId: conversation.resident_read_id, state: conversation.state, taxpayerId: conversation.taxpayer_id });
        return follower.flush();
      }
      case 'unwatch': {
        await watched.get(conversation.id)?.unsubscribe();
        watched.delete(conversation.id);
        return;
      }
      case 'send': {
        if (!bucket.take()) return sendError(socket, 'rate_limited');
        if (!frame.note && conversation.assigned_staff_id !== staff.id) return sendError(socket, 'not_assigned');
        await postMessage(deps, { conversationId: conversation.id, author: { type: 'agent', id: String(staff.id) }, kind: frame.note ? 'note' : 'text', body: frame.body });
        return;
      }
      case 'typing': {
        if (!bucket.take()) return;
        return publishEvent(deps, conversationTopic(conversation.id), { type: 'typing', side: 'agent' });
      }
      case 'read': {
        return markRead(deps, conversation.id, 'agent', frame.upTo);
      }
    }
  };

  // Frames that come before the subscription is in place wait for it.
  let queue: Promise<void> = (async () => {
    // a sign-out of this staff member (any of their sessions): is ours still live?
    unsubscribes.push(await deps.bus.subscribe(sessionEndedTopic(staff.id), recheck));
    // every district event, a resync included, means: read the queue again
    unsubscribes.push(await deps.bus.subscribe(districtTopic(staff.districtCode), () => refreshQueue()));
    await sendQueue();
  })().catch((error) => deps.log.warn({ err: error }, 'desk agent socket start failed'));
  socket.on('message', (data, isBinary) => {
    if (frameTooBig(socket, data)) return;
    if (isBinary) return sendError(socket, 'bad_frame');
    const text = data.toString();
    queue = queue.then(() => handle(text)).catch((error) => {
      if (errorCode(error) === 'internal') deps.log.warn({ err: error, staffId: staff.id }, 'desk agent frame failed');
      sendError(socket, errorCode(error));
    });
  });
  socket.on('close', () => {
    closed = true;
    clearInterval(timer);
    void queue.then(async () => {
      for (const w of watched.values()) await w.unsubscribe().catch(() => {});
      for (const u of unsubscribes.splice(0)) await u().catch(() => {});
    });
  });
}
