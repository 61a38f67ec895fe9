import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Fate, FateRecipient, SeededUnit, SimulatorProfile } from '../../simulator/sim.profile.ts';
import {
  alimtalkSendRequestSchema,
  formatSensTime,
  SENS_TO,
  smsSendRequestSchema,
} from './sens.schema.ts';
import { eucKrBytes, LMS_MAX_BYTES, SMS_MAX_BYTES } from './sens.adapter.ts';
import { verifySensRequest, type SensAuthFailure } from './sens.signature.ts';

// The simulator's SENS endpoints (served by `taxstation sim` beside our own
// gateways): the signature checked as the API Gateway checks it, SENS's
// error shapes, request ids and per-message ids, results that become
// COMPLETED after the profile's receipt delay (or never, for the profile's
// lost share), and the same fates, hence the same failure mix, as the
// gateways. A message sent twice is delivered twice, as SENS would: the
// simulator counts it (deliveries per recipient and text) so a test can tell.

export interface SensSimOptions {
  accessKey?: string;
  secretKey?: string;
  /** A second key pair that may only read (its sends are answered 403). */
  readOnlyAccessKey?: string;
  readOnlySecretKey?: string;
  smsServiceId?: string;
  alimtalkServiceId?: string;
  plusFriendId?: string;
  /** Template codes and their inspection status (APR approved, REQ under inspection, REJ rejected). Empty: every code is approved. */
  templates?: Record<string, 'APR' | 'REQ' | 'REG' | 'REJ'>;
}

export interface SensSimInfo {
  accessKey: string;
  secretKey: string;
  readOnlyAccessKey: string;
  readOnlySecretKey: string;
  smsServiceId: string;
  alimtalkServiceId: string;
  plusFriendId: string;
  templates: Record<string, 'APR' | 'REQ' | 'REG' | 'REJ'>;
}

export interface SensSimStats {
  sendCalls: number;
  queryCalls: number;
  authFailures: Record<SensAuthFailure | 'forbidden', number>;
  /** Messages sent with useSmsFailover true (we never ask for it). */
  smsFailoverRequested: number;
}

/** What the simulator shares with its SENS endpoints. */
export interface SensSimContext {
  profile: SimulatorProfile;
  unit: SeededUnit;
  fateOf(channel: 'kakao' | 'sms', to: FateRecipient): Fate;
  /** Counts a gateway call; throws an answer with `status` and `headers` for an outage or the rate limit. */
  gate(): void;
  /** Whether this call is answered with garbage (and counts it). */
  garbage(): boolean;
  /** Records a delivery of this text to this number (a second one counts as a second delivery). */
  record(channel: 'kakao' | 'sms', key: string, recipient: string, fate: Fate): void;
  readBody(req: IncomingMessage): Promise<Buffer>;
  latency(): Promise<void>;
}

interface SentMessage {
  messageId: string;
  requestId: string;
  channel: 'kakao' | 'sms';
  to: string;
  countryCode: string;
  type?: 'SMS' | 'LMS';
  templateCode?: string;
  requestTime: number;
  /** When the result is known; null: never (a lost result). */
  resultAt: number | null;
  code: string;
  success: boolean;
}

class SensAnswer extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
    readonly headers: Record<string, string> = {},
  ) {
    super(`SENS ${status}`);
  }
}

const gatewayError = (status: number, errorCode: string, message: string, details: string, headers: Record<string, string> = {}) =>
  new SensAnswer(status, { error: { errorCode, message, details } }, headers);

const AUTH_DETAILS: Record<SensAuthFailure, string> = {
  unsigned: 'The signature headers are missing.',
  bad_timestamp: 'The timestamp is not a number of milliseconds.',
  expired: 'The timestamp is more than 5 minutes from the gateway time.',
  unknown_key: 'The access key is not known.',
  bad_signature: 'The signature does not match.',
};

/** The SMS result code and the AlimTalk result code a fate is reported with. */
export function sensCodeOfFate(channel: 'kakao' | 'sms', fate: Fate): { code: string; success: boolean } {
  if (fate.kind === 'delivered') return { code: channel === 'sms' ? '0' : '0000', success: true };
  const code = fate.kind === 'failed' ? fate.code : 'carrier_error';
  if (channel === 'sms') return { code: code === 'dead_prefix' || code === 'number_changed' ? '3001' : code === 'invalid_recipient' ? '3002' : code === 'blocked_recipient' ? '3004' : '3006', success: false };
  return { code: code === 'invalid_recipient' ? '3008' : code === 'blocked_recipient' ? '3020' : code === 'carrier_error' || code === 'expired' ? '9999' : '3019', success: false };
}

export function createSensSim(ctx: SensSimContext, options: SensSimOptions = {}) {
  const info: SensSimInfo = {
    accessKey: options.accessKey ?? 'sim-sens-access-key',
    secretKey: options.secretKey ?? 'sim-sens-secret-key',
    readOnlyAccessKey: options.readOnlyAccessKey ?? 'sim-sens-readonly-key',
    readOnlySecretKey: options.readOnlySecretKey ?? 'sim-sens-readonly-secret',
    smsServiceId: options.smsServiceId ?? 'ncp:sms:kr:100000000001:taxstation',
    alimtalkServiceId: options.alimtalkServiceId ?? 'ncp:kkobizmsg:kr:100000000001:taxstation',
    plusFriendId: options.plusFriendId ?? '@taxstation',
    templates: { ...options.templates },
  };
  const stats: SensSimStats = {
    sendCalls: 0,
    queryCalls: 0,
    authFailures: { unsigned: 0, bad_timestamp: 0, expired: 0, unknown_key: 0, bad_signature: 0, forbidden: 0 },
    smsFailoverRequested: 0,
  };
  const requests = new Map<string, SentMessage[]>();
  const byMessageId = new Map<string, SentMessage>();
  let requestNo = 0;

  const secretOf = (key: string) => (key === info.accessKey ? info.secretKey : key === info.readOnlyAccessKey ? info.readOnlySecretKey : undefined);

  function newRequestId(): string {
    const id = ctx.unit.id('sens-request', String(++requestNo));
    return `${id.slice(0, 8)}-${id.slice(8, 12)}-${id.slice(12, 16)}-${id.slice(16, 20)}-${id.slice(20)}`;
  }

  function take(channel: 'kakao' | 'sms', requestId: string, index: number, to: string, text: string, extra: Partial<SentMessage>): SentMessage {
    const phone = `+82${to.slice(1)}`;
    const fate = ctx.fateOf(channel, { phone });
    ctx.record(channel, `sens:${channel}:${to}:${createHash('sha256').update(text).digest('base64url').slice(0, 22)}`, phone, fate);
    const messageId = ctx.unit.id('sens-message', `${requestId}\0${index}`);
    const lost = ctx.unit.of('lost', messageId) < ctx.profile.lostReceiptShare;
    const late = ctx.unit.of('late', messageId) < ctx.profile.lateReceiptShare ? ctx.profile.lateReceiptDelayMs : 0;
    const now = Date.now();
    const m: SentMessage = { messageId, requestId, channel, to, countryCode: '82', requestTime: now, resultAt: lost ? null : now + ctx.profile.receiptDelayMs + late, ...sensCodeOfFate(channel, fate), ...extra };
    byMessageId.set(messageId, m);
    return m;
  }

  function sendSms(json: unknown): unknown {
    const parsed = smsSendRequestSchema.safeParse(json);
    if (!parsed.success) throw gatewayError(400, '100', 'Bad Request', 'The body does not have the documented shape.');
    const body = parsed.data;
    const requestId = newRequestId();
    const sent: SentMessage[] = [];
    for (const [i, m] of body.messages.entries()) {
      if (!SENS_TO.test(m.to)) throw gatewayError(400, '100', 'Bad Request', 'A recipient number is not digits only.');
      const text = m.content ?? body.content;
      const bytes = eucKrBytes(text);
      if (bytes > (body.type === 'SMS' ? SMS_MAX_BYTES : LMS_MAX_BYTES)) throw gatewayError(400, '100', 'Bad Request', `A ${body.type} content is over its byte limit.`);
      sent.push(take('sms', requestId, i, m.to, text, { type: body.type }));
    }
    requests.set(requestId, sent);
    return { requestId, requestTime: formatSensTime(new Date()), statusCode: '202', statusName: 'success' };
  }

  function sendAlimtalk(json: unknown): unknown {
    const parsed = alimtalkSendRequestSchema.safeParse(json);
    if (!parsed.success) throw gatewayError(400, '100', 'Bad Request', 'The body does not have the documented shape.');
    const body = parsed.data;
    if (body.plusFriendId !== info.plusFriendId) throw gatewayError(400, '100', 'Bad Request', 'The channel is not linked to this service.');
    const requestId = newRequestId();
    const sent: SentMessage[] = [];
    const status = Object.keys(info.templates).length === 0 ? 'APR' : info.templates[body.templateCode];
    const answers = body.messages.map((m, i) => {
      if (m.useSmsFailover) stats.smsFailoverRequested++;
      const refuse = (code: string, desc: string) => ({ to: m.to, countryCode: m.countryCode ?? '82', content: m.content, requestStatusCode: code, requestStatusName: 'fail', requestStatusDesc: desc, useSmsFailover: m.useSmsFailover ?? false });
      if (!SENS_TO.test(m.to)) return refuse('A001', 'invalid recipient number');
      if (status !== 'APR') return refuse('A002', 'no approved template with this code');
      if (/#\{[^}]*\}/.test(m.content)) return refuse('A003', 'the content does not match the template');
      if (ctx.profile.transientRejectShare > 0 && ctx.unit.of('throttle', `${requestId}\0${i}`) < ctx.profile.transientRejectShare) return refuse('A004', 'temporarily unavailable');
      const s = take('kakao', requestId, i, m.to, m.content, { templateCode: body.templateCode });
      sent.push(s);
      return { messageId: s.messageId, to: m.to, countryCode: s.countryCode, content: m.content, requestStatusCode: 'A000', requestStatusName: 'success', requestStatusDesc: 'success', useSmsFailover: m.useSmsFailover ?? false };
    });
    requests.set(requestId, sent);
    return { requestId, requestTime: formatSensTime(new Date()), statusCode: '202', statusName: 'success', messages: answers };
  }

  function resultOf(m: SentMessage, now: number): Record<string, unknown> {
    const done = m.resultAt !== null && now >= m.resultAt;
    const common = { requestId: m.requestId, messageId: m.messageId, requestTime: formatSensTime(new Date(m.requestTime)), countryCode: m.countryCode, to: m.to };
    if (m.channel === 'sms') {
      return {
        ...common,
        type: m.type,
        contentType: 'COMM',
        status: done ? 'COMPLETED' : now - m.requestTime < 5 ? 'READY' : 'PROCESSING',
        ...(done ? { statusCode: m.code, statusName: m.success ? 'success' : 'fail', statusMessage: m.success ? 'success' : 'failed', completeTime: formatSensTime(new Date(m.resultAt!)), telcoCode: 'SKT' } : {}),
      };
    }
    return {
      ...common,
      plusFriendId: info.plusFriendId,
      templateCode: m.templateCode,
      requestStatusCode: 'A000',
      requestStatusName: 'success',
      requestStatusDesc: 'success',
      ...(done
        ? { messageStatusCode: m.code, messageStatusName: m.success ? 'success' : 'fail', messageStatusDesc: m.success ? 'delivered' : 'not delivered', completeTime: formatSensTime(new Date(m.resultAt!)) }
        : { messageStatusName: 'processing' }),
      useSmsFailover: false,
    };
  }

  function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
    const text = JSON.stringify(body);
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), ...headers });
    res.end(text);
  }

  async function route(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const match = /^\/(sms|alimtalk)\/v2\/services\/([^/]+)\/(messages|templates)(?:\/([^/]+))?$/.exec(url.pathname);
    if (!match) throw gatewayError(404, '300', 'Not Found', 'No such resource.');
    const product = match[1] as 'sms' | 'alimtalk';
    const serviceId = decodeURIComponent(match[2]!);
    const pathWithQuery = `${url.pathname}${url.search}`;
    const method = req.method ?? 'GET';
    const failure = verifySensRequest(req.headers, method, pathWithQuery, secretOf, Date.now());
    if (failure) {
      stats.authFailures[failure]++;
      throw gatewayError(401, '200', 'Authentication Failed', AUTH_DETAILS[failure]);
    }
    if (method === 'POST' && req.headers['x-ncp-iam-access-key'] === info.readOnlyAccessKey) {
      stats.authFailures.forbidden++;
      throw gatewayError(403, '210', 'Permission Denied', 'This key may not send messages.');
    }
    if (serviceId !== (product === 'sms' ? info.smsServiceId : info.alimtalkServiceId)) throw gatewayError(404, '300', 'Not Found', 'No such service for this key.');
    try {
      ctx.gate();
    } catch (error) {
      const e = error as { status?: number; headers?: Record<string, string> };
      if (e.status === 429) throw gatewayError(429, '420', 'Rate Limited', 'Too many requests.', e.headers);
      throw gatewayError(e.status ?? 503, '500', 'Endpoint Error', 'The service is temporarily unavailable.', e.headers);
    }
    const raw = method === 'POST' ? await ctx.readBody(req) : Buffer.alloc(0);
    await ctx.latency();
    if (ctx.garbage()) {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<html><body>Service temporarily in maintenance</body></html>');
      return;
    }
    const resource = match[3]!;
    const id = match[4] ? decodeURIComponent(match[4]) : undefined;
    if (method === 'POST' && resource === 'messages' && !id) {
      stats.sendCalls++;
      let json: unknown;
      try {
        json = JSON.parse(raw.toString('utf8'));
      } catch {
        throw gatewayError(400, '100', 'Bad Request', 'The body is not JSON.');
      }
      return send(res, 202, product === 'sms' ? sendSms(json) : sendAlimtalk(json));
    }
    if (method !== 'GET') throw gatewayError(405, '100', 'Bad Request', 'Method not allowed.');
    stats.queryCalls++;
    const now = Date.now();
    if (resource === 'templates') {
      if (product !== 'alimtalk') throw gatewayError(404, '300', 'Not Found', 'No such resource.');
      if (url.searchParams.get('channelId') !== info.plusFriendId) return send(res, 200, []);
      return send(res, 200, Object.entries(info.templates).map(([templateCode, status]) => ({ channelId: info.plusFriendId, templateCode, templateName: templateCode, templateInspectionStatus: status, templateStatus: 'READY' })));
    }
    if (id) {
      const m = byMessageId.get(id);
      if (!m || (m.channel === 'sms') !== (product === 'sms')) throw gatewayError(404, '300', 'Not Found', 'No such message.');
      const r = resultOf(m, now);
      return send(res, 200, product === 'sms' ? { statusCode: '200', statusName: 'success', messages: [r] } : r);
    }
    const requestId = url.searchParams.get('requestId');
    if (!requestId) throw gatewayError(400, '100', 'Bad Request', 'requestId is required.');
    const sent = (requests.get(requestId) ?? []).filter((m) => (m.channel === 'sms') === (product === 'sms'));
    return send(res, 200, { requestId, statusCode: '202', statusName: 'success', messages: sent.map((m) => resultOf(m, now)), pageIndex: 0, pageSize: 100, itemCount: sent.length });
  }

  return {
    info,
    stats: () => structuredClone(stats),
    /** Whether the path is one of SENS's (the simulator then hands the call over). */
    handles: (path: string) => path.startsWith('/sms/v2/') || path.startsWith('/alimtalk/v2/'),
    async handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
      try {
        await route(req, res, url);
      } catch (error) {
        if (res.headersSent) return void res.destroy();
        if (error instanceof SensAnswer) return send(res, error.status, error.body, error.headers);
        send(res, 500, { error: { errorCode: '900', message: 'Unexpected Error', details: 'The simulator failed.' } });
      }
    },
  };
}

export type SensSim = ReturnType<typeof createSensSim>;
