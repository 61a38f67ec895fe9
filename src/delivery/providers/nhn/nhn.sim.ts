import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Fate, FateRecipient, SeededUnit, SimulatorProfile } from '../../simulator/sim.profile.ts';
import { formatNhnTime, type NhnHeader } from './nhn.schema.ts';

// The simulator's NHN Cloud endpoints (served by `taxstation sim` beside our
// own gateways and SENS): the app key in the path and X-Secret-Key checked,
// NHN's envelope ({header, body|message}) and codes, a request id and
// recipient sequence numbers per send, results that become final after the
// profile's receipt delay (or never, for its lost share), the profile's
// fates, hence the same failure mix. The service does not deduplicate: a
// recipient sent twice is delivered twice, and the simulator counts it by
// recipientGroupingKey (our idempotency key). Of the profile's garbage
// answers, NHN's are given AFTER the request was taken (an answer lost on
// the way back), so a sender that simply resends delivers twice.

export interface NhnSimOptions {
  smsAppKey?: string;
  alimtalkAppKey?: string;
  secretKey?: string;
  /** Secret keys NHN Cloud once issued and no longer takes (answered as expired). */
  expiredSecretKeys?: string[];
  /** Registered calling numbers; default one, 0234235000. */
  sendNos?: string[];
  senderKey?: string;
  /** Template codes and their review status (TSC01 requested … TSC03 approved, TSC04 rejected). Empty: every code approved. */
  templates?: Record<string, 'TSC01' | 'TSC02' | 'TSC03' | 'TSC04'>;
}

export interface NhnSimInfo {
  smsAppKey: string;
  alimtalkAppKey: string;
  secretKey: string;
  expiredSecretKeys: string[];
  sendNos: string[];
  senderKey: string;
  templates: Record<string, 'TSC01' | 'TSC02' | 'TSC03' | 'TSC04'>;
}

export interface NhnSimStats {
  sendCalls: number;
  queryCalls: number;
  authFailures: number;
  /** Recipients sent with resendParameter.isResend true (we never ask for it). */
  resendRequested: number;
  /** Send answers replaced by garbage after the request was taken. */
  answersLost: number;
}

/** What the simulator shares with its NHN endpoints (the same as with SENS's). */
export interface NhnSimContext {
  profile: SimulatorProfile;
  unit: SeededUnit;
  fateOf(channel: 'kakao' | 'sms', to: FateRecipient): Fate;
  gate(): void;
  garbage(): boolean;
  record(channel: 'kakao' | 'sms', key: string, recipient: string, fate: Fate): void;
  readBody(req: IncomingMessage): Promise<Buffer>;
  latency(): Promise<void>;
}

interface Taken {
  requestId: string;
  recipientSeq: number;
  recipientNo: string;
  channel: 'kakao' | 'sms';
  senderGroupingKey: string | null;
  recipientGroupingKey: string | null;
  requestedAt: number;
  resultAt: number | null;
  delivered: boolean;
  code: string;
}

class NhnAnswer extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
    readonly headers: Record<string, string> = {},
  ) {
    super(`NHN ${status}`);
  }
}

const header = (resultCode: number, resultMessage: string): NhnHeader => ({ isSuccessful: resultCode === 0, resultCode, resultMessage });
const failure = (status: number, resultCode: number, resultMessage: string, headers: Record<string, string> = {}) => new NhnAnswer(status, { header: header(resultCode, resultMessage) }, headers);

/** The result code a fate is reported with: SMS's carrier codes, AlimTalk's Kakao codes. */
export function nhnCodeOfFate(channel: 'kakao' | 'sms', fate: Fate): string {
  if (fate.kind === 'delivered') return '1000';
  const code = fate.kind === 'failed' ? fate.code : 'carrier_error';
  if (channel === 'sms') return code === 'dead_prefix' || code === 'number_changed' ? '3001' : code === 'invalid_recipient' ? '3002' : code === 'blocked_recipient' ? '3004' : code === 'expired' ? '3003' : '3005';
  return code === 'invalid_recipient' ? '3008' : code === 'carrier_error' || code === 'expired' ? '3006' : '3018';
}

function eucKrBytes(text: string): number {
  let n = 0;
  for (const ch of text) n += ch.charCodeAt(0) < 0x80 ? 1 : 2;
  return n;
}

const RECIPIENT_NO = /^01\d{8,9}$/;

export function createNhnSim(ctx: NhnSimContext, options: NhnSimOptions = {}) {
  const info: NhnSimInfo = {
    smsAppKey: options.smsAppKey ?? 'sim-nhn-sms-appkey',
    alimtalkAppKey: options.alimtalkAppKey ?? 'sim-nhn-alimtalk-appkey',
    secretKey: options.secretKey ?? 'sim-nhn-secret-key',
    expiredSecretKeys: options.expiredSecretKeys ?? ['sim-nhn-expired-secret-key'],
    sendNos: options.sendNos ?? ['0234235000'],
    senderKey: options.senderKey ?? 'sim0nhn0sender0key000000000000000000000000'.slice(0, 40),
    templates: { ...options.templates },
  };
  const stats: NhnSimStats = { sendCalls: 0, queryCalls: 0, authFailures: 0, resendRequested: 0, answersLost: 0 };
  const requests = new Map<string, Taken[]>();
  const byGroup = new Map<string, Taken[]>();
  let requestNo = 0;

  function newRequestId(): string {
    const now = formatNhnTime(new Date()).replace(/\D/g, '').slice(0, 17);
    return `${now}${ctx.unit.id('nhn-request', String(++requestNo)).slice(0, 12)}`;
  }

  function take(channel: 'kakao' | 'sms', requestId: string, seq: number, recipientNo: string, senderGroupingKey: string | null, recipientGroupingKey: string | null): Taken {
    const phone = `+82${recipientNo.slice(1)}`;
    const fate = ctx.fateOf(channel, { phone });
    ctx.record(channel, recipientGroupingKey ?? `nhn:${requestId}:${seq}`, phone, fate);
    const id = `${requestId}:${seq}`;
    const lost = ctx.unit.of('lost', id) < ctx.profile.lostReceiptShare;
    const late = ctx.unit.of('late', id) < ctx.profile.lateReceiptShare ? ctx.profile.lateReceiptDelayMs : 0;
    const now = Date.now();
    const t: Taken = {
      requestId, recipientSeq: seq, recipientNo, channel, senderGroupingKey, recipientGroupingKey,
      requestedAt: now, resultAt: lost ? null : now + ctx.profile.receiptDelayMs + late,
      delivered: fate.kind === 'delivered', code: nhnCodeOfFate(channel, fate),
    };
    if (senderGroupingKey) byGroup.set(senderGroupingKey, [...(byGroup.get(senderGroupingKey) ?? []), t]);
    return t;
  }

  const transient = (requestId: string, i: number) => ctx.profile.transientRejectShare > 0 && ctx.unit.of('throttle', `${requestId}\0${i}`) < ctx.profile.transientRejectShare;

  function sendSms(kind: 'sms' | 'mms', json: unknown): unknown {
    const body = json as { body?: unknown; title?: unknown; sendNo?: unknown; senderGroupingKey?: unknown; recipientList?: unknown };
    if (typeof body?.body !== 'string' || typeof body.sendNo !== 'string' || !Array.isArray(body.recipientList)) throw failure(200, -9997, 'Invalid API parameters.');
    if (body.recipientList.length === 0) throw failure(200, -2001, 'RecipientList can not be null.');
    if (body.recipientList.length > 1000) throw failure(200, -2016, 'The number of recipients is over 1,000.');
    if (!info.sendNos.includes(body.sendNo)) throw failure(200, -8011, 'The calling number is not registered.');
    const requestId = newRequestId();
    const group = typeof body.senderGroupingKey === 'string' ? body.senderGroupingKey : null;
    const taken: Taken[] = [];
    const sendResultList = (body.recipientList as { recipientNo?: unknown; templateParameter?: Record<string, unknown>; recipientGroupingKey?: unknown }[]).map((r, i) => {
      const seq = i + 1;
      const recipientNo = typeof r.recipientNo === 'string' ? r.recipientNo : '';
      const key = typeof r.recipientGroupingKey === 'string' ? r.recipientGroupingKey : null;
      const answer = (resultCode: number, resultMessage: string) => ({ recipientNo, resultCode, resultMessage, recipientSeq: seq, recipientGroupingKey: key });
      if (!RECIPIENT_NO.test(recipientNo)) return answer(-2019, 'Invalid recipient number.');
      const fill = (text: string) => text.replace(/##([A-Za-z0-9_]+)##/g, (_, k: string) => String(r.templateParameter?.[k] ?? ''));
      const bytes = eucKrBytes(fill(body.body as string));
      if (bytes > (kind === 'sms' ? 90 : 2000)) return answer(-2020, 'The body is over its byte limit.');
      if (transient(requestId, i)) return answer(-9999, 'System error.');
      taken.push(take('sms', requestId, seq, recipientNo, group, key));
      return answer(0, 'SUCCESS');
    });
    requests.set(requestId, taken);
    return { header: header(0, 'SUCCESS'), body: { data: { requestId, statusCode: '2', senderGroupingKey: group, sendResultList } } };
  }

  function sendAlimtalk(json: unknown): unknown {
    const body = json as { senderKey?: unknown; templateCode?: unknown; senderGroupingKey?: unknown; recipientList?: unknown };
    if (typeof body?.senderKey !== 'string' || typeof body.templateCode !== 'string' || !Array.isArray(body.recipientList)) throw failure(200, -9997, 'Invalid API parameters.');
    if (body.senderKey !== info.senderKey) throw failure(200, -1003, 'Invalid sender key.');
    if (body.recipientList.length > 1000) throw failure(200, -2016, 'The number of recipients is over 1,000.');
    const requestId = newRequestId();
    const group = typeof body.senderGroupingKey === 'string' ? body.senderGroupingKey : null;
    const status = Object.keys(info.templates).length === 0 ? 'TSC03' : info.templates[body.templateCode];
    const taken: Taken[] = [];
    const sendResults = (body.recipientList as { recipientNo?: unknown; content?: unknown; resendParameter?: { isResend?: unknown }; recipientGroupingKey?: unknown }[]).map((r, i) => {
      const seq = i + 1;
      const recipientNo = typeof r.recipientNo === 'string' ? r.recipientNo : '';
      const key = typeof r.recipientGroupingKey === 'string' ? r.recipientGroupingKey : null;
      // Without isResend false the service's own SMS substitution would apply (as set in its console).
      if (r.resendParameter?.isResend !== false) stats.resendRequested++;
      const answer = (resultCode: number, resultMessage: string) => ({ recipientSeq: seq, recipientNo, resultCode, resultMessage, recipientGroupingKey: key });
      if (!RECIPIENT_NO.test(recipientNo)) return answer(-2019, 'Invalid recipient number.');
      if (status !== 'TSC03') return answer(-3015, 'No approved template with this code.');
      if (typeof r.content !== 'string' || /#\{[^}]*\}/.test(r.content)) return answer(-3016, 'The content does not match the template.');
      if (transient(requestId, i)) return answer(-9999, 'System error.');
      taken.push(take('kakao', requestId, seq, recipientNo, group, key));
      return answer(0, 'SUCCESS');
    });
    requests.set(requestId, taken);
    return { header: header(0, 'SUCCESS'), message: { requestId, senderGroupingKey: group, sendResults } };
  }

  function smsResult(t: Taken, now: number) {
    const done = t.resultAt !== null && now >= t.resultAt;
    return {
      requestId: t.requestId, recipientSeq: t.recipientSeq, recipientNo: t.recipientNo,
      requestDate: formatNhnTime(new Date(t.requestedAt)),
      msgStatus: done ? (t.delivered ? '3' : '0') : '2', msgStatusName: done ? (t.delivered ? '성공' : '실패') : '발송중',
      resultCode: done ? t.code : null, resultDate: done ? formatNhnTime(new Date(t.resultAt!)) : null,
      senderGroupingKey: t.senderGroupingKey, recipientGroupingKey: t.recipientGroupingKey,
    };
  }

  function alimtalkResult(t: Taken, now: number) {
    const done = t.resultAt !== null && now >= t.resultAt;
    return {
      requestId: t.requestId, recipientSeq: t.recipientSeq, recipientNo: t.recipientNo,
      requestDate: formatNhnTime(new Date(t.requestedAt)),
      messageStatus: done ? (t.delivered ? 'COMPLETED' : 'FAILED') : 'IN_PROGRESS',
      resultCode: done ? t.code : null, receiveDate: done && t.delivered ? formatNhnTime(new Date(t.resultAt!)) : null,
      resendStatus: null, senderGroupingKey: t.senderGroupingKey, recipientGroupingKey: t.recipientGroupingKey,
    };
  }

  function listed(url: URL, channel: 'kakao' | 'sms'): Taken[] {
    const requestId = url.searchParams.get('requestId');
    const group = url.searchParams.get('senderGroupingKey');
    if (!requestId && !(group && url.searchParams.get('startRequestDate') && url.searchParams.get('endRequestDate'))) {
      throw failure(200, -2011, 'requestId, or startRequestDate and endRequestDate, are required.');
    }
    const all = requestId ? (requests.get(requestId) ?? []) : (byGroup.get(group!) ?? []);
    return all.filter((t) => t.channel === channel && (!group || t.senderGroupingKey === group));
  }

  function page<T>(url: URL, items: T[]): { items: T[]; pageNum: number; pageSize: number; totalCount: number } {
    const pageNum = Math.max(1, Number(url.searchParams.get('pageNum') ?? 1) || 1);
    const pageSize = Math.min(1000, Math.max(1, Number(url.searchParams.get('pageSize') ?? 15) || 15));
    return { items: items.slice((pageNum - 1) * pageSize, pageNum * pageSize), pageNum, pageSize, totalCount: items.length };
  }

  function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
    const text = JSON.stringify(body);
    res.writeHead(status, { 'content-type': 'application/json;charset=UTF-8', 'content-length': Buffer.byteLength(text), ...headers });
    res.end(text);
  }

  async function route(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const sms = /^\/sms\/v3\.0\/appKeys\/([^/]+)\/(sender\/sms|sender\/mms|sendNos)$/.exec(url.pathname);
    const at = /^\/alimtalk\/v2\.3\/appkeys\/([^/]+)\/(raw-messages|messages|senders\/([^/]+)(\/templates)?)$/.exec(url.pathname);
    if (!sms && !at) throw failure(404, -9998, 'Not exist API.');
    const appKey = decodeURIComponent((sms ?? at)![1]!);
    const secret = req.headers['x-secret-key'];
    if (typeof secret !== 'string' || secret !== info.secretKey) {
      stats.authFailures++;
      if (typeof secret === 'string' && info.expiredSecretKeys.includes(secret)) throw failure(401, -1010, 'The secret key has expired.');
      throw failure(401, -1009, 'Invalid secret key.');
    }
    if (appKey !== (sms ? info.smsAppKey : info.alimtalkAppKey)) {
      stats.authFailures++;
      throw failure(200, -1000, 'Invalid appKey.');
    }
    try {
      ctx.gate();
    } catch (error) {
      const e = error as { status?: number; headers?: Record<string, string> };
      if (e.status === 429) throw failure(429, -429, 'Too many requests.', e.headers);
      // An outage: the load balancer's page, not the API's envelope.
      throw new NhnAnswer(e.status ?? 503, '<html><body><h1>503 Service Temporarily Unavailable</h1></body></html>', e.headers);
    }
    const method = req.method ?? 'GET';
    const now = Date.now();
    if (method === 'POST') {
      const raw = await ctx.readBody(req);
      await ctx.latency();
      let json: unknown;
      try {
        json = JSON.parse(raw.toString('utf8'));
      } catch {
        throw failure(400, -9997, 'Invalid JSON type.');
      }
      let answer: unknown;
      if (sms && sms[2] !== 'sendNos') answer = sendSms(sms[2] === 'sender/sms' ? 'sms' : 'mms', json);
      else if (at && at[2] === 'raw-messages') answer = sendAlimtalk(json);
      else throw failure(405, -9998, 'Not exist API.');
      stats.sendCalls++;
      if (ctx.garbage()) {
        stats.answersLost++;
        res.writeHead(200, { 'content-type': 'text/html' });
        res.end('<html><body>Service temporarily in maintenance</body></html>');
        return;
      }
      return send(res, 200, answer);
    }
    await ctx.latency();
    stats.queryCalls++;
    if (sms?.[2] === 'sendNos') {
      const wanted = url.searchParams.get('sendNo');
      const data = info.sendNos.filter((n) => !wanted || n === wanted).map((sendNo) => ({ sendNo, useYn: 'Y', blockYn: 'N', blockReason: null }));
      return send(res, 200, { header: header(0, 'SUCCESS'), body: { pageNum: 1, pageSize: data.length, totalCount: data.length, data } });
    }
    if (sms) {
      const p = page(url, listed(url, 'sms'));
      return send(res, 200, { header: header(0, 'SUCCESS'), body: { pageNum: p.pageNum, pageSize: p.pageSize, totalCount: p.totalCount, data: p.items.map((t) => smsResult(t, now)) } });
    }
    if (at![2] === 'messages') {
      const p = page(url, listed(url, 'kakao'));
      return send(res, 200, { header: header(0, 'SUCCESS'), messageSearchResultResponse: { messages: p.items.map((t) => alimtalkResult(t, now)), totalCount: p.totalCount } });
    }
    const senderKey = decodeURIComponent(at![3]!);
    if (senderKey !== info.senderKey) return send(res, 200, { header: header(0, 'SUCCESS'), sender: null, templateListResponse: null });
    if (!at![4]) return send(res, 200, { header: header(0, 'SUCCESS'), sender: { plusFriendId: '@taxstation', senderKey, status: 'YSC03', kakaoStatus: 'A', kakaoProfileStatus: 'A' } });
    const templates = Object.entries(info.templates).map(([templateCode, status]) => ({ templateCode, templateName: templateCode, templateContent: '', status }));
    return send(res, 200, { header: header(0, 'SUCCESS'), templateListResponse: { templates, totalCount: templates.length } });
  }

  return {
    info,
    stats: () => structuredClone(stats),
    /** Whether the path is one of NHN Cloud's (the simulator then hands the call over). */
    handles: (path: string) => path.startsWith('/sms/v3.0/') || path.startsWith('/alimtalk/v2.3/'),
    async handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
      try {
        await route(req, res, url);
      } catch (error) {
        if (res.headersSent) return void res.destroy();
        if (error instanceof NhnAnswer) {
          if (typeof error.body === 'string') {
            res.writeHead(error.status, { 'content-type': 'text/html', ...error.headers });
            return void res.end(error.body);
          }
          return send(res, error.status, error.body, error.headers);
        }
        send(res, 500, { header: header(-9999, 'System error.') });
      }
    },
  };
}

export type NhnSim = ReturnType<typeof createNhnSim>;
