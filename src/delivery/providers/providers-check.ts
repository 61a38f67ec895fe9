import nodemailer from 'nodemailer';
import type { ProviderConfig } from '../providers.config.ts';
import { kindOf, type ProviderCheckResult } from './provider-kinds.ts';
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
    try {
      await transport.verify();
      return { ok: true, findings: [`The relay ${config.host}:${config.port} answers and accepts our greeting${config.user ? ' and login' : ''}.`] };
    } catch (error) {
      const code = (error as { code?: string }).code;
      const text = error instanceof Error ? error.message : '';
      const why =
        code === 'EAUTH' ? 'it refused the user name or password'
        : code === 'ECONNREFUSED' || /ECONNREFUSED/.test(text) ? 'nothing listens there'
        : code === 'ETIMEDOUT' || code === 'ETIMEOUT' || /timeout/i.test(text) ? 'it did not answer in time'
        : /ENOTFOUND|EAI_AGAIN/.test(text) ? 'the host name does not resolve'
        : `it failed (${code ?? 'no code'})`;
      return { ok: false, findings: [`The relay ${config.host}:${config.port} cannot be used: ${why}.`] };
    } finally {
      transport.close();
    }
  }
  return { ok: true, findings: ['Our own gateway protocol has no read-only call: only the setting\'s form was checked.'] };
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
      result = { ok: false, findings: [error instanceof Error ? error.message.replace(/^TAXSTATION_PROVIDERS: /, '') : 'the check failed'] };
    }
    lines.push({ name: c.name, type: c.type, ...result });
  }
  return lines;
}

export function formatCheck(lines: ProviderCheckLine[]): string {
  return lines
    .map((l) => [`${l.ok ? 'OK     ' : 'PROBLEM'} ${l.name} (${l.type})`, ...l.findings.map((f) => `        - ${f}`)].join('\n'))
    .join('\n');
}
