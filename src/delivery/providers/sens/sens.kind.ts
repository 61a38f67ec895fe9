import { ProviderError } from '../../provider.ts';
import { TOPICS } from '../../topics.ts';
import type { ProviderCheckResult, ProviderKind } from '../provider-kinds.ts';
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

/** What a failed read-only call means, in words an official can act on. */
export function explainSensFailure(config: SensSmsConfig | SensAlimtalkConfig, error: unknown): string {
  if (!(error instanceof ProviderError)) return `${config.name}: the check failed unexpectedly (${error instanceof Error ? error.name : 'unknown error'}).`;
  const status = error.details.status;
  if (status === 401)
    return `${config.name}: SENS refused the signature (401): the access key or the secret key is wrong, the key was deleted or disabled, or this server's clock is more than 5 minutes off.`;
  if (status === 403) return `${config.name}: SENS forbids this access key the service (403): give the key (or its sub-account) permission for SENS.`;
  if (status === 404) return `${config.name}: SENS knows no service ${config.serviceId} for this key (404): copy the service id from the SENS project.`;
  if (status === 429) return `${config.name}: SENS is rate limiting this key (429): try again in a minute.`;
  if (error.transient) return `${config.name}: SENS could not be reached or answered badly (${error.message.replace(`${config.name}: `, '')}); try again, and check ${config.baseUrl} is reachable from this server.`;
  return `${config.name}: ${error.message.replace(`${config.name}: `, '')}.`;
}

async function checkSms(config: SensSmsConfig, sources: SecretSources, signal?: AbortSignal): Promise<ProviderCheckResult> {
  let client: SensClientOptions;
  try {
    client = clientOf(config, sources);
  } catch (error) {
    return { ok: false, findings: [(error as Error).message] };
  }
  try {
    // The cheapest signed read: a request that does not exist (answered with no messages).
    const answer = await sensCall(config.name, client, 'GET', `${SENS_PATHS.smsMessages(config.serviceId)}?requestId=taxstation-check`, undefined, signal);
    if (!smsListSchema.safeParse(answer.json).success) return { ok: false, findings: [`${config.name}: SENS answered the lookup with an unexpected shape; check baseUrl ${config.baseUrl}.`] };
  } catch (error) {
    return { ok: false, findings: [explainSensFailure(config, error)] };
  }
  return {
    ok: true,
    findings: [
      `${config.name}: the keys sign correctly and service ${config.serviceId} answers.`,
      `${config.name}: SENS has no read-only call for calling numbers: make sure ${config.from} is registered and approved under the project's calling numbers, or every send is refused.`,
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

const INSPECTION: Record<string, string> = {
  REG: 'registered but not submitted for inspection',
  REQ: 'under inspection by Kakao',
  REJ: 'rejected by Kakao',
};

async function checkAlimtalk(config: SensAlimtalkConfig, sources: SecretSources, signal?: AbortSignal): Promise<ProviderCheckResult> {
  let client: SensClientOptions;
  try {
    client = clientOf(config, sources);
  } catch (error) {
    return { ok: false, findings: [(error as Error).message] };
  }
  let templates;
  try {
    const answer = await sensCall(config.name, client, 'GET', `${SENS_PATHS.alimtalkTemplates(config.serviceId)}?channelId=${encodeURIComponent(config.plusFriendId)}`, undefined, signal);
    const parsed = templateListSchema.safeParse(answer.json);
    if (!parsed.success) return { ok: false, findings: [`${config.name}: SENS answered the template list with an unexpected shape; check baseUrl ${config.baseUrl}.`] };
    templates = parsed.data;
  } catch (error) {
    return { ok: false, findings: [explainSensFailure(config, error)] };
  }
  if (templates.length === 0) {
    return { ok: false, findings: [`${config.name}: channel ${config.plusFriendId} has no templates in this service: check plusFriendId, that the channel is linked to the Biz Message service, and register the templates (README, "Connecting Naver Cloud SENS").`] };
  }
  const byCode = new Map(templates.map((t) => [t.templateCode, t]));
  const findings = [`${config.name}: the keys sign correctly; channel ${config.plusFriendId} has ${templates.length} template(s).`];
  let ok = true;
  for (const [code, usedFor] of codesToCheck(config)) {
    const t = byCode.get(code);
    if (!t) {
      ok = false;
      findings.push(`${config.name}: template ${code} (for ${usedFor}) is not registered: register it, or map our code to yours in templateCodes.`);
    } else if (t.templateInspectionStatus && t.templateInspectionStatus !== 'APR') {
      ok = false;
      findings.push(`${config.name}: template ${code} (for ${usedFor}) is not approved: it is ${INSPECTION[t.templateInspectionStatus] ?? `in state ${t.templateInspectionStatus}`}; messages under it are refused until Kakao approves it.`);
    }
  }
  if (ok) findings.push(`${config.name}: every template we send under is approved.`);
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
