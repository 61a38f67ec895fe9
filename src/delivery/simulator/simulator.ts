import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import nodemailer, { type Transporter } from 'nodemailer';
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';
import {
  E164,
  kakaoBatchRequestSchema,
  smsBatchRequestSchema,
  type GatewayReceipt,
  type GatewayRejectCode,
  type SendResult,
} from '../providers/gateway.schema.ts';
import { signedWebhookHeaders } from '../providers/gateway-signature.ts';
import { writeDeliveryStatusReport } from '../providers/dsn.ts';
import { Outbox } from './sim.outbox.ts';
import { createSensSim, type SensSimContext, type SensSimInfo, type SensSimOptions, type SensSimStats } from '../providers/sens/sens.sim.ts';
import { createNhnSim, type NhnSimContext, type NhnSimInfo, type NhnSimOptions, type NhnSimStats } from '../providers/nhn/nhn.sim.ts';
import { fateOf, PROFILES, SeededUnit, type Fate, type FateRecipient, type ProfileName, type SimChannel, type SimulatorProfile } from './sim.profile.ts';

export interface SimulatorOptions {
  host?: string;
  /** HTTP port of both gateways; 0 picks a free one. */
  port?: number;
  profile?: ProfileName | SimulatorProfile;
  /** Changes to the profile, e.g. { latencyMs: 50 }. */
  overrides?: Partial<SimulatorProfile>;
  seed?: string;
  /** Bearer key the gateways accept; default 'sim-api-key'. */
  apiKey?: string;
  /** Secret receipts are signed with; default a random one (see Simulator.webhookSecret). */
  webhookSecret?: string;
  /** Where receipts are POSTed; a channel without one keeps its receipts to itself. */
  webhooks?: { kakao?: string; sms?: string };
  /** Run the SMTP relay too. dsnTo is where delivery reports go (the bounce listener). */
  smtp?: { port?: number; dsnTo?: { host: string; port: number }; reportingMta?: string };
  /** Receipts per webhook call; default 500. */
  receiptBatchSize?: number;
  /** Naver Cloud SENS's endpoints: keys, service ids, channel and templates (defaults in sens.sim.ts). */
  sens?: SensSimOptions;
  /** NHN Cloud's endpoints: app keys, secret key, calling numbers, sender key and templates (defaults in nhn.sim.ts). */
  nhn?: NhnSimOptions;
}

export interface SimMessage {
  idempotencyKey: string;
  messageId: string;
  channel: SimChannel;
  /** The CI, phone number or e-mail address the message went to. */
  recipient: string;
  /** 'delivered' or the failure code (dead_prefix, number_changed, not_kakao_user, hard_bounce, mailbox_full). */
  fate: string;
  delivered: boolean;
  acceptedAt: string;
  /** Who it was from, as the request said: an SMS's caller number, an e-mail's From header; absent when the request named none. */
  sender?: string;
}

export interface SimStats {
  /** Gateway calls and SMTP transactions received. */
  requests: number;
  accepted: number;
  rejected: number;
  delivered: number;
  failed: number;
  /** Messages sent again with a known idempotency key, answered without a second delivery. */
  duplicatesSuppressed: number;
  rateLimited: number;
  outageAnswers: number;
  garbageAnswers: number;
  receiptsSent: number;
  receiptsPending: number;
  /** Receipts not sent because no webhook (or DSN target) was configured. */
  receiptsDropped: number;
  byChannel: Record<SimChannel, { accepted: number; delivered: number; failed: number }>;
  /** Times each idempotency key was delivered: more than 1 would be a double delivery. */
  deliveriesByKey: Record<string, number>;
  maxDeliveriesPerKey: number;
}

export type OutageSpec = { nextCalls: number } | { from: Date; until: Date } | { forMs: number } | null;

export interface Simulator {
  /** Base URL of both HTTP gateways, e.g. http://127.0.0.1:4010 */
  url: string;
  smtpPort: number | undefined;
  apiKey: string;
  webhookSecret: string;
  seed: string;
  profile: SimulatorProfile;
  messages(): SimMessage[];
  /** byKey: false leaves deliveriesByKey empty: it is a million entries after a season. */
  stats(options?: { byKey?: boolean }): SimStats;
  /** The fate the simulator has in store for a recipient on a channel. */
  fateOf(channel: SimChannel, to: FateRecipient): Fate;
  setOutage(outage: OutageSpec): void;
  /** The next n gateway calls are answered with 200 and a body that is not JSON. */
  setGarbage(nextCalls: number): void;
  setWebhooks(webhooks: { kakao?: string; sms?: string }): void;
  setDsnTarget(target: { host: string; port: number } | undefined): void;
  /** Naver Cloud SENS as simulated here (/sms/v2/…, /alimtalk/v2/…): its keys and ids, and what it was asked. */
  sens: SensSimInfo & { stats(): SensSimStats };
  /** NHN Cloud as simulated here (/sms/v3.0/…, /alimtalk/v2.3/…): its keys, and what it was asked. */
  nhn: NhnSimInfo & { stats(): NhnSimStats };
  /** Resolves once every receipt due so far was accepted by its receiver. */
  receiptsIdle(): Promise<void>;
  close(): Promise<void>;
}

interface Rec {
  key: string;
  messageId: string;
  channel: SimChannel;
  recipient: string;
  fate: string;
  delivered: boolean;
  deliveries: number;
  acceptedAt: number;
  sender?: string;
}

interface DsnJob {
  to: string;
  envelopeId: string | undefined;
  recipient: string;
  action: 'delivered' | 'failed';
  status: string;
  diagnostic?: string;
  arrivalDate: Date;
  originalHeaders: string;
}

class HttpAnswer extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

/** Bytes of a text in EUC-KR: Hangul and other wide characters take two. */
function eucKrBytes(text: string): number {
  let n = 0;
  for (const ch of text) n += ch.charCodeAt(0) < 0x80 ? 1 : 2;
  return n;
}

const MAX_BODY = 32 * 1024 * 1024;

export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const base = typeof options.profile === 'object' ? options.profile : PROFILES[options.profile ?? 'gangnam'];
  const profile: SimulatorProfile = { ...base, ...options.overrides };
  const seed = options.seed ?? 'taxstation';
  const unit = new SeededUnit(seed);
  const apiKey = options.apiKey ?? 'sim-api-key';
  const webhookSecret = options.webhookSecret ?? randomBytes(24).toString('hex');
  const webhooks: { kakao?: string; sms?: string } = { ...options.webhooks };
  let dsnTarget = options.smtp?.dsnTo;
  const reportingMta = options.smtp?.reportingMta ?? 'relay.sim.taxstation.invalid';
  const startedAt = Date.now();

  const records = new Map<string, Rec>();
  const counters = { requests: 0, accepted: 0, rejected: 0, delivered: 0, failed: 0, duplicatesSuppressed: 0, rateLimited: 0, outageAnswers: 0, garbageAnswers: 0, receiptsDropped: 0 };
  const byChannel: SimStats['byChannel'] = {
    kakao: { accepted: 0, delivered: 0, failed: 0 },
    sms: { accepted: 0, delivered: 0, failed: 0 },
    email: { accepted: 0, delivered: 0, failed: 0 },
  };
  let outage: { nextCalls: number } | { from: number; until: number } | null = null;
  let garbageCalls = 0;
  let callNo = 0;
  let window = { second: 0, count: 0 };

  const messageIdOf = (channel: SimChannel, key: string) => `${channel}-${unit.id(channel, key)}`;

  // ---- receipts back to the caller ---------------------------------------------------------

  const receiptOutbox = (channel: 'kakao' | 'sms') =>
    new Outbox<GatewayReceipt>({
      maxBatch: options.receiptBatchSize ?? 500,
      concurrency: 4,
      async send(batch) {
        const url = webhooks[channel];
        if (!url) {
          counters.receiptsDropped += batch.length;
          return;
        }
        const body = JSON.stringify({ receipts: batch });
        const response = await fetch(url, { method: 'POST', headers: signedWebhookHeaders(webhookSecret, body), body, signal: AbortSignal.timeout(30_000) });
        await response.arrayBuffer();
        if (!response.ok) throw new Error(`webhook answered ${response.status}`);
      },
    });
  const outboxes = { kakao: receiptOutbox('kakao'), sms: receiptOutbox('sms') };

  function scheduleReceipts(channel: 'kakao' | 'sms', rec: Rec, fate: Fate): void {
    if (unit.of('lost', rec.messageId) < profile.lostReceiptShare) return;
    const late = unit.of('late', rec.messageId) < profile.lateReceiptShare ? profile.lateReceiptDelayMs : 0;
    const now = Date.now();
    const first: GatewayReceipt =
      fate.kind === 'delivered'
        ? { receipt_id: `${rec.messageId}.delivered`, message_id: rec.messageId, idempotency_key: rec.key, status: 'delivered', occurred_at: new Date(now + profile.receiptDelayMs).toISOString() }
        : {
            receipt_id: `${rec.messageId}.failed`,
            message_id: rec.messageId,
            idempotency_key: rec.key,
            status: 'failed',
            code: fate.kind === 'failed' ? fate.code : 'carrier_error',
            occurred_at: new Date(now + profile.receiptDelayMs).toISOString(),
          };
    const outbox = outboxes[channel];
    const firstDelay = profile.receiptDelayMs + late;
    let openedDelay = firstDelay + profile.openedDelayMs;
    if (fate.kind === 'delivered' && fate.opened) {
      // Out of order: the "opened" receipt overtakes the "delivered" one.
      if (unit.of('order', rec.messageId) < profile.outOfOrderShare) openedDelay = Math.max(0, firstDelay - profile.receiptDelayMs);
      outbox.add(
        { receipt_id: `${rec.messageId}.opened`, message_id: rec.messageId, idempotency_key: rec.key, status: 'opened', occurred_at: new Date(now + profile.receiptDelayMs + profile.openedDelayMs).toISOString() },
        openedDelay,
      );
    }
    outbox.add(first, firstDelay);
    if (unit.of('duplicate', rec.messageId) < profile.duplicateReceiptShare) outbox.add(first, firstDelay + profile.receiptDelayMs + 50);
  }

  // ---- gateway calls -----------------------------------------------------------------------

  function gateCall(): void {
    callNo++;
    counters.requests++;
    const now = Date.now();
    const inOutage =
      outage !== null &&
      ('nextCalls' in outage ? outage.nextCalls > 0 : now >= outage.from && now < outage.until);
    if (outage && 'nextCalls' in outage && outage.nextCalls > 0) outage.nextCalls--;
    const scheduled = profile.outages.some((o) => now - startedAt >= o.fromMs && now - startedAt < o.untilMs);
    if (inOutage || scheduled || unit.of('call-error', String(callNo)) < profile.callErrorShare) {
      counters.outageAnswers++;
      throw new HttpAnswer(503, 'unavailable', 'The gateway is temporarily unavailable', { 'retry-after': '1' });
    }
    if (profile.rateLimitPerSecond !== null) {
      const second = Math.floor(now / 1000);
      if (window.second !== second) window = { second, count: 0 };
      window.count++;
      if (window.count > profile.rateLimitPerSecond) {
        counters.rateLimited++;
        throw new HttpAnswer(429, 'rate_limited', `More than ${profile.rateLimitPerSecond} calls per second`, { 'retry-after': '1' });
      }
    }
  }

  function takeGarbage(): boolean {
    if (garbageCalls > 0) {
      garbageCalls--;
      return true;
    }
    return unit.of('garbage', String(callNo)) < profile.garbageShare;
  }

  function accept(channel: SimChannel, key: string, recipient: string, fate: Fate): Rec {
    const delivered = fate.kind === 'delivered';
    const rec: Rec = {
      key,
      messageId: messageIdOf(channel, key),
      channel,
      recipient,
      fate: fate.kind === 'delivered' ? 'delivered' : fate.kind === 'failed' ? fate.code : fate.kind === 'bounced' ? (fate.status === '5.2.2' ? 'mailbox_full' : 'hard_bounce') : 'hard_bounce',
      delivered,
      deliveries: delivered ? 1 : 0,
      acceptedAt: Date.now(),
    };
    records.set(key, rec);
    counters.accepted++;
    byChannel[channel].accepted++;
    if (delivered) {
      counters.delivered++;
      byChannel[channel].delivered++;
    } else {
      counters.failed++;
      byChannel[channel].failed++;
    }
    return rec;
  }

  function refuse(key: string, code: GatewayRejectCode, message: string): SendResult {
    counters.rejected++;
    return { idempotency_key: key, status: 'rejected', code, message };
  }

  function transientRefusal(key: string): boolean {
    return profile.transientRejectShare > 0 && unit.of('throttle', `${key}\0${callNo}`) < profile.transientRejectShare;
  }

  function handleKakao(json: unknown): SendResult[] {
    const parsed = kakaoBatchRequestSchema.safeParse(json);
    if (!parsed.success) throw invalid(parsed.error.issues);
    return parsed.data.messages.map((m): SendResult => {
      const known = records.get(m.idempotency_key);
      if (known) {
        counters.duplicatesSuppressed++;
        return { idempotency_key: m.idempotency_key, status: 'accepted', message_id: known.messageId };
      }
      const to: FateRecipient = 'ci' in m.recipient ? { ci: m.recipient.ci } : { phone: m.recipient.phone };
      if (to.ci !== undefined && !/^[A-Za-z0-9+/=_-]{8,200}$/.test(to.ci)) return refuse(m.idempotency_key, 'invalid_recipient', 'not an identification key (CI)');
      if (to.phone !== undefined && !E164.test(to.phone)) return refuse(m.idempotency_key, 'invalid_recipient', 'phone is not in E.164 form');
      if (!m.template_code) return refuse(m.idempotency_key, 'template_not_found', 'no template code');
      if (/#\{[^}]*\}/.test(m.text)) return refuse(m.idempotency_key, 'template_mismatch', 'the text has a template variable left unfilled');
      if (transientRefusal(m.idempotency_key)) return refuse(m.idempotency_key, 'temporarily_unavailable', 'try again later');
      const fate = fateOf(profile, unit, 'kakao', to);
      const rec = accept('kakao', m.idempotency_key, to.ci ?? to.phone ?? '', fate);
      scheduleReceipts('kakao', rec, fate);
      return { idempotency_key: m.idempotency_key, status: 'accepted', message_id: rec.messageId };
    });
  }

  function handleSms(json: unknown): SendResult[] {
    const parsed = smsBatchRequestSchema.safeParse(json);
    if (!parsed.success) throw invalid(parsed.error.issues);
    return parsed.data.messages.map((m): SendResult => {
      const known = records.get(m.idempotency_key);
      if (known) {
        counters.duplicatesSuppressed++;
        return { idempotency_key: m.idempotency_key, status: 'accepted', message_id: known.messageId };
      }
      if (!E164.test(m.phone)) return refuse(m.idempotency_key, 'invalid_recipient', 'phone is not in E.164 form');
      const bytes = eucKrBytes(m.text);
      if (m.type === 'SMS' && bytes > 90) return refuse(m.idempotency_key, 'content_too_long', `SMS text is ${bytes} bytes, at most 90; send it as LMS`);
      if (m.type === 'LMS' && bytes > 2000) return refuse(m.idempotency_key, 'content_too_long', `LMS text is ${bytes} bytes, at most 2000`);
      if (transientRefusal(m.idempotency_key)) return refuse(m.idempotency_key, 'temporarily_unavailable', 'try again later');
      const fate = fateOf(profile, unit, 'sms', { phone: m.phone });
      const rec = accept('sms', m.idempotency_key, m.phone, fate);
      if (m.sender) rec.sender = m.sender;
      scheduleReceipts('sms', rec, fate);
      return { idempotency_key: m.idempotency_key, status: 'accepted', message_id: rec.messageId };
    });
  }

  function invalid(issues: { path: PropertyKey[]; message: string }[]): HttpAnswer {
    const where = issues.slice(0, 5).map((i) => `${i.path.map(String).join('.') || 'body'}: ${i.message}`).join('; ');
    return new HttpAnswer(400, 'invalid_request', `The batch does not have the documented shape (${where})`);
  }

  function authorised(req: IncomingMessage): boolean {
    return req.headers.authorization === `Bearer ${apiKey}`;
  }

  async function readBody(req: IncomingMessage): Promise<Buffer> {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req) {
      size += (chunk as Buffer).length;
      if (size > MAX_BODY) throw new HttpAnswer(413, 'too_large', 'The batch is too large');
      chunks.push(chunk as Buffer);
    }
    return Buffer.concat(chunks);
  }

  function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
    const text = JSON.stringify(body);
    res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
    res.end(text);
  }

  function stats(includeKeys: boolean): SimStats {
    const deliveriesByKey: Record<string, number> = {};
    let maxDeliveriesPerKey = 0;
    for (const rec of records.values()) {
      if (rec.deliveries > maxDeliveriesPerKey) maxDeliveriesPerKey = rec.deliveries;
      if (includeKeys && rec.deliveries > 0) deliveriesByKey[rec.key] = rec.deliveries;
    }
    return {
      ...counters,
      receiptsSent: outboxes.kakao.sent + outboxes.sms.sent + dsnOutbox.sent - counters.receiptsDropped,
      receiptsPending: outboxes.kakao.size + outboxes.sms.size + dsnOutbox.size,
      byChannel: structuredClone(byChannel),
      deliveriesByKey,
      maxDeliveriesPerKey,
    };
  }

  function messages(): SimMessage[] {
    return [...records.values()].map((r) => ({
      idempotencyKey: r.key,
      messageId: r.messageId,
      channel: r.channel,
      recipient: r.recipient,
      fate: r.fate,
      delivered: r.delivered,
      acceptedAt: new Date(r.acceptedAt).toISOString(),
      ...(r.sender ? { sender: r.sender } : {}),
    }));
  }

  function setOutage(spec: OutageSpec): void {
    if (spec === null) outage = null;
    else if ('nextCalls' in spec) outage = { nextCalls: spec.nextCalls };
    else if ('forMs' in spec) outage = { from: Date.now(), until: Date.now() + spec.forMs };
    else outage = { from: spec.from.getTime(), until: spec.until.getTime() };
  }

  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

  // What the simulated real services share with the simulator: fates, faults and the count of deliveries.
  const services: SensSimContext & NhnSimContext = {
    profile,
    unit,
    fateOf: (channel, to) => fateOf(profile, unit, channel, to),
    gate: gateCall,
    garbage: () => takeGarbage() && ++counters.garbageAnswers > 0,
    record(channel, key, recipient, fate) {
      const known = records.get(key);
      if (known) known.deliveries += known.delivered ? 1 : 0;
      else accept(channel, key, recipient, fate);
    },
    readBody,
    latency: async () => {
      if (profile.latencyMs > 0) await sleep(profile.latencyMs);
    },
  };
  const sens = createSensSim(services, options.sens);
  const nhn = createNhnSim(services, options.nhn);

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://sim');
    const path = url.pathname;
    if (sens.handles(path)) return sens.handle(req, res, url);
    if (nhn.handles(path)) return nhn.handle(req, res, url);
    if (req.method === 'POST' && (path === '/v1/kakao/messages:batch' || path === '/v1/sms/messages:batch')) {
      if (!authorised(req)) throw new HttpAnswer(401, 'unauthorized', 'Missing or wrong API key (Authorization: Bearer <key>)');
      gateCall();
      const raw = await readBody(req);
      if (profile.latencyMs > 0) await sleep(profile.latencyMs);
      if (takeGarbage()) {
        counters.garbageAnswers++;
        res.writeHead(200, { 'content-type': 'text/html' });
        res.end('<html><body>Service temporarily in maintenance</body></html>');
        return;
      }
      let json: unknown;
      try {
        json = JSON.parse(raw.toString('utf8'));
      } catch {
        throw new HttpAnswer(400, 'invalid_json', 'The body is not JSON');
      }
      const results = path.startsWith('/v1/kakao') ? handleKakao(json) : handleSms(json);
      sendJson(res, 200, { results });
      return;
    }
    if (req.method === 'GET' && path === '/sim/stats') return sendJson(res, 200, stats(url.searchParams.get('by_key') === '1'));
    if (req.method === 'GET' && path === '/sim/messages') {
      const all = messages();
      const offset = Number(url.searchParams.get('offset') ?? 0) || 0;
      const limit = Number(url.searchParams.get('limit') ?? all.length) || all.length;
      return sendJson(res, 200, { total: all.length, messages: all.slice(offset, offset + limit) });
    }
    if (req.method === 'POST' && path === '/sim/outage') {
      if (!authorised(req)) throw new HttpAnswer(401, 'unauthorized', 'Missing or wrong API key (Authorization: Bearer <key>)');
      const body = JSON.parse((await readBody(req)).toString('utf8') || '{}') as { next_calls?: number; for_ms?: number; clear?: boolean };
      if (body.clear) setOutage(null);
      else if (typeof body.next_calls === 'number') setOutage({ nextCalls: body.next_calls });
      else if (typeof body.for_ms === 'number') setOutage({ forMs: body.for_ms });
      else throw new HttpAnswer(400, 'invalid_request', 'Give next_calls, for_ms or clear');
      return sendJson(res, 200, { ok: true });
    }
    throw new HttpAnswer(404, 'not_found', 'No such endpoint');
  }

  const http: Server = createServer((req, res) => {
    route(req, res).catch((error: unknown) => {
      if (res.headersSent) return res.destroy();
      if (error instanceof HttpAnswer) return sendJson(res, error.status, { error: { code: error.code, message: error.message } }, error.headers);
      sendJson(res, 500, { error: { code: 'internal_error', message: 'The simulator failed' } });
    });
  });
  http.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      http.off('error', reject);
      resolve();
    });
  });
  const httpAddress = http.address() as AddressInfo;
  const host = options.host ?? '127.0.0.1';
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${httpAddress.port}`;

  // ---- SMTP relay ----------------------------------------------------------------------------

  // Reports in flight to one destination at a time, as a real relay has them
  // (Postfix: default_destination_concurrency_limit = 20). The receiving
  // listener answers each only once it is stored, so fewer would pace the
  // reports by the database's latency rather than by the relay.
  const DSN_CONCURRENCY = 20;

  let dsnTransport: Transporter | undefined;
  let dsnTransportFor = '';
  const transportFor = (target: { host: string; port: number }): Transporter => {
    const id = `${target.host}:${target.port}`;
    if (!dsnTransport || dsnTransportFor !== id) {
      dsnTransport?.close();
      dsnTransport = nodemailer.createTransport({ pool: true, host: target.host, port: target.port, secure: false, ignoreTLS: true, maxConnections: DSN_CONCURRENCY, maxMessages: Infinity });
      dsnTransportFor = id;
    }
    return dsnTransport;
  };
  const dsnOutbox = new Outbox<DsnJob>({
    maxBatch: 1,
    concurrency: DSN_CONCURRENCY,
    async send([job]) {
      if (!job) return;
      if (!dsnTarget) {
        counters.receiptsDropped++;
        return;
      }
      const raw = writeDeliveryStatusReport({
        reportingMta,
        to: job.to,
        ...(job.envelopeId ? { envelopeId: job.envelopeId } : {}),
        arrivalDate: job.arrivalDate,
        recipient: { address: job.recipient, action: job.action, status: job.status, ...(job.diagnostic ? { diagnostic: job.diagnostic } : {}) },
        originalHeaders: job.originalHeaders,
      });
      // A DSN goes out with the null sender, so it can never bounce back (RFC 3461 §6.2).
      await transportFor(dsnTarget).sendMail({ envelope: { from: '', to: [job.to] }, raw });
    },
  });

  let smtp: SMTPServer | undefined;
  let smtpPort: number | undefined;
  if (options.smtp) {
    smtp = new SMTPServer({
      name: reportingMta,
      banner: 'Tax Station simulated relay',
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      // A relay that honours RFC 3461, so senders can ask for success reports.
      hideDSN: false,
      logger: false,
      size: MAX_BODY,
      // On close, senders' idle pooled connections are told 421 after a
      // second instead of the library's 30 (a stopped simulator that lingers
      // shares the machine with whatever runs next).
      closeTimeout: 1000,
      onAuth(_auth, _session, callback) {
        callback(null, { user: 'sim' });
      },
      onRcptTo(address, _session, callback) {
        if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(address.address)) {
          const e = new Error('5.1.3 Bad recipient address syntax') as Error & { responseCode: number };
          e.responseCode = 553;
          return callback(e);
        }
        const fate = fateOf(profile, unit, 'email', { email: address.address });
        if (fate.kind === 'rejected_at_rcpt') {
          counters.rejected++;
          const e = new Error('5.1.1 No such mailbox here') as Error & { responseCode: number };
          e.responseCode = 550;
          return callback(e);
        }
        callback();
      },
      onData(stream: SMTPServerDataStream, session: SMTPServerSession, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('error', () => callback(new Error('4.3.0 read error')));
        stream.on('end', () => {
          counters.requests++;
          const text = Buffer.concat(chunks).toString('utf8');
          const headEnd = text.search(/\r?\n\r?\n/);
          const head = headEnd >= 0 ? text.slice(0, headEnd) : text;
          const messageIdHeader = /^message-id:[ \t]*(.+)$/im.exec(head)?.[1]?.trim();
          const fromHeader = /^from:[ \t]*(.+)$/im.exec(head)?.[1]?.trim();
          const envid = session.envelope.dsn?.envid ?? undefined;
          const returnPath = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
          for (const rcpt of session.envelope.rcptTo) {
            const key = `${envid ?? messageIdHeader ?? randomBytes(8).toString('hex')}${session.envelope.rcptTo.length > 1 ? `\0${rcpt.address.toLowerCase()}` : ''}`;
            if (records.has(key)) {
              counters.duplicatesSuppressed++;
              continue;
            }
            const fate = fateOf(profile, unit, 'email', { email: rcpt.address });
            const rec = accept('email', key, rcpt.address, fate);
            if (messageIdHeader) rec.messageId = messageIdHeader;
            if (fromHeader) rec.sender = fromHeader;
            const notify = rcpt.dsn?.notify ?? ['FAILURE', 'DELAY'];
            const delivered = fate.kind === 'delivered';
            if (!returnPath || (delivered ? !notify.includes('SUCCESS') : !notify.includes('FAILURE'))) continue;
            if (unit.of('lost', rec.messageId) < profile.lostReceiptShare) continue;
            const status = delivered ? '2.0.0' : fate.kind === 'bounced' ? fate.status : '5.1.1';
            const job: DsnJob = {
              to: returnPath,
              envelopeId: envid,
              recipient: rcpt.address,
              action: delivered ? 'delivered' : 'failed',
              status,
              ...(delivered ? {} : { diagnostic: status === '5.2.2' ? '552 5.2.2 Mailbox full' : '550 5.1.1 User unknown' }),
              arrivalDate: new Date(),
              originalHeaders: head,
            };
            const late = unit.of('late', rec.messageId) < profile.lateReceiptShare ? profile.lateReceiptDelayMs : 0;
            dsnOutbox.add(job, profile.receiptDelayMs + late);
            if (unit.of('duplicate', rec.messageId) < profile.duplicateReceiptShare) dsnOutbox.add(job, profile.receiptDelayMs + late + 50);
          }
          callback(null, 'Queued');
        });
      },
    });
    smtp.on('error', () => {
      // One client's broken connection; the relay keeps serving.
    });
    await new Promise<void>((resolve, reject) => {
      smtp!.once('error', reject);
      smtp!.listen(options.smtp?.port ?? 0, host, () => {
        smtp!.off('error', reject);
        resolve();
      });
    });
    smtpPort = (smtp.server.address() as AddressInfo).port;
  }

  return {
    url,
    smtpPort,
    apiKey,
    webhookSecret,
    seed,
    profile,
    messages,
    stats: (o) => stats(o?.byKey ?? true),
    fateOf: (channel, to) => fateOf(profile, unit, channel, to),
    setOutage,
    setGarbage(nextCalls) {
      garbageCalls = nextCalls;
    },
    setWebhooks(next) {
      Object.assign(webhooks, next);
    },
    setDsnTarget(target) {
      dsnTarget = target;
    },
    sens: { ...sens.info, stats: sens.stats },
    nhn: { ...nhn.info, stats: nhn.stats },
    async receiptsIdle() {
      await Promise.all([outboxes.kakao.idle(), outboxes.sms.idle(), dsnOutbox.idle()]);
    },
    async close() {
      outboxes.kakao.close();
      outboxes.sms.close();
      dsnOutbox.close();
      dsnTransport?.close();
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
      if (smtp) await new Promise<void>((resolve) => smtp!.close(() => resolve()));
    },
  };
}
