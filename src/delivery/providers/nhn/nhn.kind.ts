import type { Bilingual } from '../../../platform/i18n/i18n.ts';
import { ProviderError } from '../../provider.ts';
import type { ProviderCheckResult, ProviderKind } from '../provider-kinds.ts';
import { finding } from '../providers-check.messages.ts';
import { resolveSecret, type SecretSources } from '../secrets.ts';
import { NhnAlimtalkAdapter } from './nhn-alimtalk.adapter.ts';
import { NhnSmsAdapter } from './nhn-sms.adapter.ts';
import { nhnCall, type NhnClientOptions } from './nhn.client.ts';
import type { NhnAlimtalkConfig, NhnSmsConfig } from './nhn.config.ts';
import { nhnSendNosResponseSchema, nhnSenderResponseSchema, nhnTemplatesResponseSchema } from './nhn.schema.ts';

// NHN Cloud's two products as provider kinds: built from their entries in
// TAXSTATION_PROVIDERS (results by polling: the adapter is its own poller),
// and checked by their cheapest read-only calls.

function clientOf(config: NhnSmsConfig | NhnAlimtalkConfig, sources: SecretSources): NhnClientOptions {
  return {
    provider: config.name,
    baseUrl: config.baseUrl,
    appKey: resolveSecret(config.appKey, `${config.name}.appKey`, sources),
    secretKey: resolveSecret(config.secretKey, `${config.name}.secretKey`, sources),
    timeoutMs: config.timeoutMs,
  };
}

/** A failed check call in words: the client's own sentence (status, code, advice) in English, its gist in Korean. */
function failed(error: unknown): ProviderCheckResult {
  if (!(error instanceof ProviderError)) throw error;
  const detail = error.message.replace(/^[a-z0-9-]+: /, '').replace(/^./, (c) => c.toUpperCase()) + '.';
  const status = error.details.status;
  const key =
    status === 401 || status === 403 ? 'nhn_credentials'
    : status === 429 ? 'nhn_rate_limited'
    : error.transient ? 'nhn_unreachable'
    : 'nhn_refused';
  return { ok: false, findings: [finding(key, { detail, status: status ?? '-' })] };
}

export const NHN_SMS_KIND: ProviderKind<NhnSmsConfig> = {
  build(config, sources) {
    const adapter = new NhnSmsAdapter({ ...clientOf(config, sources), sendNo: config.sendNo, maxBatchSize: config.maxBatchSize, pollIntervalMs: config.pollIntervalMs });
    return { adapter, poller: adapter };
  },
  async check(config, sources, signal) {
    const client = clientOf(config, sources);
    try {
      const q = new URLSearchParams({ sendNo: config.sendNo, pageNum: '1', pageSize: '100' });
      const answer = await nhnCall(client, 'GET', `sms/v3.0/appKeys/{appKey}/sendNos?${q}`, nhnSendNosResponseSchema, undefined, signal);
      const entry = answer.body?.data.find((d) => d.sendNo === config.sendNo);
      const keys = finding('nhn_keys_work');
      const number = config.sendNo;
      if (!entry) return { ok: false, findings: [keys, finding('nhn_number_unregistered', { number })] };
      if (entry.blockYn === 'Y')
        return { ok: false, findings: [keys, entry.blockReason ? finding('nhn_number_blocked_reason', { number, reason: entry.blockReason.slice(0, 100) }) : finding('nhn_number_blocked', { number })] };
      if (entry.useYn !== 'Y') return { ok: false, findings: [keys, finding('nhn_number_unapproved', { number })] };
      return { ok: true, findings: [keys, finding('nhn_number_ok', { number })] };
    } catch (error) {
      return failed(error);
    }
  },
};

/** Sender profile statuses other than YSC03 (normal), in words. */
const SENDER_STATUS = {
  YSC01: 'nhn_channel_YSC01',
  YSC02: 'nhn_channel_YSC02',
  YSC04: 'nhn_channel_YSC04',
  YSC05: 'nhn_channel_YSC05',
} as const;

function senderStatus(status: string) {
  const key = (SENDER_STATUS as Record<string, (typeof SENDER_STATUS)[keyof typeof SENDER_STATUS]>)[status];
  return key ? finding(key) : finding('nhn_channel_status', { status });
}

export const NHN_ALIMTALK_KIND: ProviderKind<NhnAlimtalkConfig> = {
  build(config, sources) {
    const adapter = new NhnAlimtalkAdapter({
      ...clientOf(config, sources),
      senderKey: resolveSecret(config.senderKey, `${config.name}.senderKey`, sources),
      templateCodes: config.templateCodes,
      maxBatchSize: config.maxBatchSize,
      pollIntervalMs: config.pollIntervalMs,
    });
    return { adapter, poller: adapter };
  },
  async check(config, sources, signal) {
    const client = clientOf(config, sources);
    const senderKey = resolveSecret(config.senderKey, `${config.name}.senderKey`, sources);
    const findings: Bilingual[] = [];
    try {
      const s = await nhnCall(client, 'GET', `alimtalk/v2.3/appkeys/{appKey}/senders/${encodeURIComponent(senderKey)}`, nhnSenderResponseSchema, undefined, signal);
      findings.push(finding('nhn_keys_work'));
      if (!s.sender) return { ok: false, findings: [...findings, finding('nhn_no_channel')] };
      if (s.sender.status !== 'YSC03') return { ok: false, findings: [...findings, senderStatus(s.sender.status)] };
      findings.push(finding('nhn_channel_ok'));
      const q = new URLSearchParams({ pageNum: '1', pageSize: '1000' });
      const t = await nhnCall(client, 'GET', `alimtalk/v2.3/appkeys/{appKey}/senders/${encodeURIComponent(senderKey)}/templates?${q}`, nhnTemplatesResponseSchema, undefined, signal);
      const templates = new Map((t.templateListResponse?.templates ?? []).map((x) => [x.templateCode, x.status]));
      const approved = [...templates.values()].filter((st) => st === 'TSC03').length;
      findings.push(finding('nhn_templates_approved', { approved, total: templates.size }));
      let ok = true;
      for (const [ours, theirs] of Object.entries(config.templateCodes)) {
        const status = templates.get(theirs);
        if (status === undefined) {
          ok = false;
          findings.push(finding('nhn_template_missing', { ours, theirs }));
        } else if (status !== 'TSC03') {
          ok = false;
          findings.push(finding(status === 'TSC04' ? 'nhn_template_TSC04' : status === 'TSC02' ? 'nhn_template_TSC02' : 'nhn_template_requested', { ours, theirs }));
        }
      }
      return { ok, findings };
    } catch (error) {
      const f = failed(error);
      return { ok: false, findings: [...findings, ...f.findings] };
    }
  },
};
