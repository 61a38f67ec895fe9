import type { Bilingual } from '../../../platform/i18n/i18n.ts';
import { ProviderError } from '../../provider.ts';
import { TOPICS } from '../../topics.ts';
import type { ProviderCheckResult, ProviderKind } from '../provider-kinds.ts';
import { finding, secretFinding } from '../providers-check.messages.ts';
import { resolveSecret, type SecretSources } from '../secrets.ts';
import { SensAlimtalkAdapter, SensSmsAdapter } from './sens.adapter.ts';
import { sensCall, type SensClientOptions } from './sens.client.ts';
import type { SensAlimtalkConfig, SensSmsConfig } from './sens.config.ts';
import { SensResultPoller } from './sens.poller.ts';
import { SENS_PATHS, smsListSchema, templateListSchema } from './sens.schema.ts';

// Naver Cloud SENS's two kinds of entry in TAXSTATION_PROVIDERS: building the
// adapter and its result poller, and `taxstation providers check` (read-only
// calls: a request lookup for SMS, the template list for AlimTalk).

function clientOf(config: SensSmsConfig | SensAlimtalkConfig, sources: SecretSources): SensClientOptions {
  return {
    baseUrl: config.baseUrl,
    accessKey: resolveSecret(config.accessKey, `${config.name}.accessKey`, sources),
    secretKey: resolveSecret(config.secretKey, `${config.name}.secretKey`, sources),
    timeoutMs: config.timeoutMs,
  };
}

/** What a failed read-only call means, in words an official can act on (both languages). */
export function explainSensFailure(config: SensSmsConfig | SensAlimtalkConfig, error: unknown): Bilingual {
  const name = config.name;
  if (!(error instanceof ProviderError)) return finding('sens_unexpected', { name, kind: error instanceof Error ? error.name : 'unknown error' });
  const status = error.details.status;
  if (status === 401) return finding('sens_401', { name });
  if (status === 403) return finding('sens_403', { name });
  if (status === 404) return finding('sens_404', { name, serviceId: config.serviceId });
  if (status === 429) return finding('sens_429', { name });
  const detail = error.message.replace(`${name}: `, '');
  if (error.transient) return finding('sens_unreachable', { name, detail, baseUrl: config.baseUrl });
  return finding('sens_refused', { name, detail, status: status ?? '-' });
}

async function checkSms(config: SensSmsConfig, sources: SecretSources, signal?: AbortSignal): Promise<ProviderCheckResult> {
  let client: SensClientOptions;
  try {
    client = clientOf(config, sources);
  } catch (error) {
    return { ok: false, findings: [secretFinding(error)] };
  }
  try {
    // The cheapest signed read: a request that does not exist (answered with no messages).
    const answer = await sensCall(config.name, client, 'GET', `${SENS_PATHS.smsMessages(config.serviceId)}?requestId=taxstation-check`, undefined, signal);
    if (!smsListSchema.safeParse(answer.json).success) return { ok: false, findings: [finding('sens_lookup_shape', { name: config.name, baseUrl: config.baseUrl })] };
  } catch (error) {
    return { ok: false, findings: [explainSensFailure(config, error)] };
  }
  return {
    ok: true,
    findings: [
      finding('sens_sms_ok', { name: config.name, serviceId: config.serviceId }),
      finding('sens_sms_from', { name: config.name, from: config.from }),
    ],
  };
}

/** Template codes we send under (every topic's, mapped through templateCodes), with what they are for. */
function codesToCheck(config: SensAlimtalkConfig): Map<string, string> {
  const codes = new Map<string, string>();
  for (const [topic, t] of Object.entries(TOPICS)) codes.set(config.templateCodes[t.kakaoTemplateCode] ?? t.kakaoTemplateCode, topic);
  for (const [ours, theirs] of Object.entries(config.templateCodes)) if (!codes.has(theirs)) codes.set(theirs, ours);
  return codes;
}

const INSPECTION = { REG: 'sens_template_REG', REQ: 'sens_template_REQ', REJ: 'sens_template_REJ' } as const;

function notApproved(name: string, code: string, usedFor: string, state: string): Bilingual {
  const key = (INSPECTION as Record<string, (typeof INSPECTION)[keyof typeof INSPECTION]>)[state];
  return key ? finding(key, { name, code, usedFor }) : finding('sens_template_state', { name, code, usedFor, state });
}

async function checkAlimtalk(config: SensAlimtalkConfig, sources: SecretSources, signal?: AbortSignal): Promise<ProviderCheckResult> {
  let client: SensClientOptions;
  try {
    client = clientOf(config, sources);
  } catch (error) {
    return { ok: false, findings: [secretFinding(error)] };
  }
  let templates;
  try {
    const answer = await sensCall(config.name, client, 'GET', `${SENS_PATHS.alimtalkTemplates(config.serviceId)}?channelId=${encodeURIComponent(config.plusFriendId)}`, undefined, signal);
    const parsed = templateListSchema.safeParse(answer.json);
    if (!parsed.success) return { ok: false, findings: [finding('sens_templates_shape', { name: config.name, baseUrl: config.baseUrl })] };
    templates = parsed.data;
  } catch (error) {
    return { ok: false, findings: [explainSensFailure(config, error)] };
  }
  if (templates.length === 0) {
    return { ok: false, findings: [finding('sens_no_templates', { name: config.name, channel: config.plusFriendId })] };
  }
  const byCode = new Map(templates.map((t) => [t.templateCode, t]));
  const findings = [finding('sens_templates_count', { name: config.name, channel: config.plusFriendId, count: templates.length })];
  let ok = true;
  for (const [code, usedFor] of codesToCheck(config)) {
    const t = byCode.get(code);
    if (!t) {
      ok = false;
      findings.push(finding('sens_template_missing', { name: config.name, code, usedFor }));
    } else if (t.templateInspectionStatus && t.templateInspectionStatus !== 'APR') {
      ok = false;
      findings.push(notApproved(config.name, code, usedFor, t.templateInspectionStatus));
    }
  }
  if (ok) findings.push(finding('sens_all_approved', { name: config.name }));
  return { ok, findings };
}

export const SENS_SMS_KIND: ProviderKind<SensSmsConfig> = {
  build(config, sources) {
    const client = clientOf(config, sources);
    const common = { ...client, name: config.name, serviceId: config.serviceId };
    return {
      adapter: new SensSmsAdapter({ ...common, from: config.from, maxBatchSize: config.maxBatchSize }),
      poller: new SensResultPoller({ ...common, channel: 'sms', intervalMs: config.pollIntervalMs }),
    };
  },
  check: checkSms,
};

export const SENS_ALIMTALK_KIND: ProviderKind<SensAlimtalkConfig> = {
  build(config, sources) {
    const client = clientOf(config, sources);
    const common = { ...client, name: config.name, serviceId: config.serviceId };
    return {
      adapter: new SensAlimtalkAdapter({ ...common, plusFriendId: config.plusFriendId, templateCodes: config.templateCodes, maxBatchSize: config.maxBatchSize }),
      poller: new SensResultPoller({ ...common, channel: 'kakao', intervalMs: config.pollIntervalMs }),
    };
  },
  check: checkAlimtalk,
};
