import nodemailer from 'nodemailer';
import type { Locale } from '../../platform/i18n/i18n.ts';
import type { ProviderConfig } from '../providers.config.ts';
import { kindOf, type ProviderCheckResult } from './provider-kinds.ts';
import { finding, secretFinding } from './providers-check.messages.ts';
import { processSecretSources, type SecretSources } from './secrets.ts';

// `taxstation providers check`: each configured provider, checked against
// its service by the cheapest read-only call there is, and told in words.

export interface ProviderCheckLine extends ProviderCheckResult {
  name: string;
  type: ProviderConfig['type'];
}

async function checkBuiltin(config: ProviderConfig, timeoutMs: number): Promise<ProviderCheckResult> {
  if (config.type === 'smtp') {
    const transport = nodemailer.createTransport({
      host: config.host, port: config.port, secure: config.secure,
      ...(config.user && config.pass ? { auth: { user: config.user, pass: config.pass } } : {}),
      connectionTimeout: timeoutMs, greetingTimeout: timeoutMs, socketTimeout: timeoutMs,
    });
    const relay = `${config.host}:${config.port}`;
    try {
      await transport.verify();
      return { ok: true, findings: [finding(config.user ? 'smtp_ok_login' : 'smtp_ok', { relay })] };
    } catch (error) {
      const code = (error as { code?: string }).code;
      const text = error instanceof Error ? error.message : '';
      const why =
        code === 'EAUTH' ? finding('smtp_auth', { relay })
        : code === 'ECONNREFUSED' || /ECONNREFUSED/.test(text) ? finding('smtp_refused', { relay })
        : code === 'ETIMEDOUT' || code === 'ETIMEOUT' || /timeout/i.test(text) ? finding('smtp_timeout', { relay })
        : /ENOTFOUND|EAI_AGAIN/.test(text) ? finding('smtp_no_host', { relay })
        : finding('smtp_failed', { relay, code: code ?? 'no code' });
      return { ok: false, findings: [why] };
    } finally {
      transport.close();
    }
  }
  return { ok: true, findings: [finding('gateway_form_only')] };
}

/** Checks every provider, one after another; never throws for what a service answers. */
export async function checkProviders(configs: ProviderConfig[], options: { sources?: SecretSources; timeoutMs?: number } = {}): Promise<ProviderCheckLine[]> {
  const sources = options.sources ?? processSecretSources;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const lines: ProviderCheckLine[] = [];
  for (const c of configs) {
    let result: ProviderCheckResult;
    try {
      result =
        c.type === 'kakao-gateway' || c.type === 'sms-gateway' || c.type === 'smtp'
          ? await checkBuiltin(c, timeoutMs)
          : await kindOf(c).check(c, sources, AbortSignal.timeout(timeoutMs));
    } catch (error) {
      // A credential that cannot be read (its message names the place, never a value).
      result = { ok: false, findings: [secretFinding(error)] };
    }
    lines.push({ name: c.name, type: c.type, ...result });
  }
  return lines;
}

/** The command's report: one line per provider, its findings below it, in the language asked for (English by default). */
export function formatCheck(lines: ProviderCheckLine[], locale: Locale = 'en'): string {
  return lines
    .map((l) => [`${l.ok ? 'OK     ' : 'PROBLEM'} ${l.name} (${l.type})`, ...l.findings.map((f) => `        - ${f[locale]}`)].join('\n'))
    .join('\n');
}
