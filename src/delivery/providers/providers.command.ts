import type { Command } from 'commander';
import { isLocale, type Locale } from '../../platform/i18n/i18n.ts';
import { parseProvidersConfig } from '../providers.config.ts';
import { checkProviders, formatCheck } from './providers-check.ts';

// `taxstation providers check`: reads TAXSTATION_PROVIDERS as the worker
// would and asks each provider's service whether the setting works. Exit
// code 1 when anything is wrong, so a deployment can run it first.

export function registerProvidersCommand(program: Command): void {
  const providers = program.command('providers').description('the messaging providers configured in TAXSTATION_PROVIDERS');
  providers
    .command('check')
    .description("call each configured provider's cheapest read-only endpoint and say in words what is wrong")
    .option('--timeout-ms <n>', 'per call', (v) => Number(v), 10_000)
    .option('--lang <ko|en>', 'the language of the findings', (v) => {
      if (!isLocale(v)) throw new Error('--lang: use ko or en');
      return v;
    }, 'en' as Locale)
    .action(async (options: { timeoutMs: number; lang: Locale }) => {
      let configs;
      try {
        configs = parseProvidersConfig(process.env.TAXSTATION_PROVIDERS);
      } catch (error) {
        console.error(error instanceof Error ? error.message : String(error));
        process.exitCode = 1;
        return;
      }
      if (!configs) {
        console.log('TAXSTATION_PROVIDERS is not set: the workers use the in-process simulator; nothing to check.');
        return;
      }
      const lines = await checkProviders(configs, { timeoutMs: options.timeoutMs });
      console.log(formatCheck(lines, options.lang));
      if (lines.some((l) => !l.ok)) process.exitCode = 1;
    });
}
