import { ProviderError } from '../../provider.ts';
import type { ProviderCheckResult, ProviderKind } from '../provider-kinds.ts';
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

/** A failed check call in words (its message names the provider, the status and what to do). */
function failed(error: unknown): ProviderCheckResult {
  if (error instanceof ProviderError) return { ok: false, findings: [error.message.replace(/^[a-z0-9-]+: /, '').replace(/^./, (c) => c.toUpperCase()) + '.'] };
  throw error;
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
      if (!entry) return { ok: false, findings: ['The app key and secret key work.', `The calling number ${config.sendNo} is not registered in this NHN Cloud SMS project: register it (Calling Number Registration) and wait for approval.`] };
      if (entry.blockYn === 'Y') return { ok: false, findings: ['The app key and secret key work.', `The calling number ${config.sendNo} is blocked${entry.blockReason ? ` (${entry.blockReason.slice(0, 100)})` : ''}: see the console.`] };
      if (entry.useYn !== 'Y') return { ok: false, findings: ['The app key and secret key work.', `The calling number ${config.sendNo} is registered but not approved for use yet.`] };
      return { ok: true, findings: ['The app key and secret key work.', `The calling number ${config.sendNo} is registered and in use.`] };
    } catch (error) {
      return failed(error);
    }
  },
};

/** Sender profile statuses other than YSC03 (normal), in words. */
const SENDER_STATUS: Record<string, string> = {
  YSC01: 'waiting for the token to be confirmed',
  YSC02: 'waiting for approval',
  YSC04: 'suspended',
  YSC05: 'deleted',
};

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
    const findings: string[] = [];
    try {
      const s = await nhnCall(client, 'GET', `alimtalk/v2.3/appkeys/{appKey}/senders/${encodeURIComponent(senderKey)}`, nhnSenderResponseSchema, undefined, signal);
      findings.push('The app key and secret key work.');
      if (!s.sender) return { ok: false, findings: [...findings, 'No KakaoTalk channel with this sender key in this project: copy the sender key again from the console (Sender Profile).'] };
      if (s.sender.status !== 'YSC03') return { ok: false, findings: [...findings, `The KakaoTalk channel is ${SENDER_STATUS[s.sender.status] ?? `in status ${s.sender.status}`}: it cannot send yet.`] };
      findings.push('The KakaoTalk channel (sender key) is in service.');
      const q = new URLSearchParams({ pageNum: '1', pageSize: '1000' });
      const t = await nhnCall(client, 'GET', `alimtalk/v2.3/appkeys/{appKey}/senders/${encodeURIComponent(senderKey)}/templates?${q}`, nhnTemplatesResponseSchema, undefined, signal);
      const templates = new Map((t.templateListResponse?.templates ?? []).map((x) => [x.templateCode, x.status]));
      const approved = [...templates.values()].filter((st) => st === 'TSC03').length;
      findings.push(`${approved} of ${templates.size} templates are approved.`);
      let ok = true;
      for (const [ours, theirs] of Object.entries(config.templateCodes)) {
        const status = templates.get(theirs);
        if (status === undefined) {
          ok = false;
          findings.push(`Template ${ours} is to go out as ${theirs}, but no template has that code: register it (see the README).`);
        } else if (status !== 'TSC03') {
          ok = false;
          findings.push(`Template ${ours} (${theirs}) is not approved yet (${status === 'TSC04' ? 'rejected: see the review comments' : status === 'TSC02' ? 'under review' : 'requested'}): sends with it would be refused.`);
        }
      }
      return { ok, findings };
    } catch (error) {
      const f = failed(error);
      return { ok: false, findings: [...findings, ...f.findings] };
    }
  },
};
