import { createReadStream, createWriteStream, statSync } from 'node:fs';
import { basename } from 'node:path';
import { finished } from 'node:stream/promises';
import type { Command } from 'commander';
import { openRuntime, progressPrinter } from '../../platform/runtime.ts';
import { createCipher } from '../../platform/crypto.ts';
import { AppError } from '../../platform/errors.ts';
import { importRoll, type RollImportReport } from './roll-import.service.ts';

// taxstation roll import FILE --district CODE [--skip-invalid --rejects FILE] [--json]
// Exit 0 imported, 1 the file was rejected, 2 wrong usage (unknown option,
// missing file, unknown district).

interface Options {
  district: string;
  skipInvalid?: boolean;
  rejects?: string;
  json?: boolean;
}

function summary(report: RollImportReport, file: string): string {
  const lines: string[] = [];
  if (report.status === 'imported') {
    lines.push(`imported ${file} (${report.encoding}) as roll import #${report.importId}`);
    lines.push(`  rows ${report.rowsTotal}: ${report.inserted} new, ${report.updated} updated, ${report.unchanged} unchanged, ${report.rejected} rejected`);
  } else {
    lines.push(`rejected ${file}${report.encoding ? ` (${report.encoding})` : ''}: nothing was imported`);
  }
  if (report.unknownColumns.length) lines.push(`  columns ignored (unknown): ${report.unknownColumns.join(', ')}`);
  for (const e of report.errors) lines.push(`  ${e.line ? `line ${e.line}, ` : ''}${e.field}: ${e.reason} [${e.code}]`);
  if (report.errorsNotShown) lines.push(`  … and ${report.errorsNotShown} more problems`);
  if (report.conflicts.length) {
    lines.push(`  ${report.conflicts.length} taxpayers have contact data corrected after an earlier roll; the corrections were kept:`);
    for (const c of report.conflicts.slice(0, 50)) lines.push(`    line ${c.line}, taxpayer ${c.taxpayerNo}: ${c.fields.join(', ')}`);
    if (report.conflicts.length > 50) lines.push(`    … and ${report.conflicts.length - 50} more (see --json)`);
  }
  return lines.join('\n');
}

export function registerRollCommand(program: Command): void {
  const roll = program.command('roll').description('tax rolls exported by the levy system');
  roll
    .command('import')
    .description('import a tax-roll CSV file (UTF-8 or CP949, English or Korean headers) into a district')
    .argument('<file>', 'the roll file')
    .requiredOption('--district <code>', 'district code, e.g. gangnam')
    .option('--skip-invalid', 'import the good rows and leave out the bad ones (default: the whole file or nothing)')
    .option('--rejects <file>', 'with --skip-invalid: write the rejected rows, unchanged, to this file')
    .option('--json', 'print the report as one JSON object')
    .action(async function (this: Command, file: string, options: Options) {
      if (options.rejects && !options.skipInvalid) this.error('error: --rejects needs --skip-invalid', { exitCode: 2, code: 'taxstation.usage' });
      let size: number;
      try {
        const stat = statSync(file);
        if (!stat.isFile()) throw new Error('not a file');
        size = stat.size;
      } catch {
        this.error(`error: cannot read the file ${file}`, { exitCode: 2, code: 'taxstation.usage' });
      }
      const runtime = await openRuntime('roll-import');
      const progress = progressPrinter('importing roll', undefined);
      const rejects = options.rejects ? createWriteStream(options.rejects) : undefined;
      try {
        const report = await importRoll(
          { db: runtime.db, cipher: createCipher(runtime.config.encryptionKey) },
          {
            districtCode: options.district,
            input: createReadStream(file, { highWaterMark: 1 << 20 }),
            fileName: basename(file),
            sizeBytes: size,
            actor: { type: 'import', id: `cli:${process.env.USER ?? 'unknown'}` },
            skipInvalid: options.skipInvalid === true,
            rejects,
            maxBytes: runtime.config.TAXSTATION_ROLL_MAX_BYTES,
            onProgress: (rows) => progress.update(rows),
          },
        );
        progress.done();
        runtime.log.info(
          { importId: report.importId, status: report.status, rows: report.rowsTotal, inserted: report.inserted, updated: report.updated, rejected: report.rejected, conflicts: report.conflicts.length },
          'roll import finished',
        );
        if (options.json) console.log(JSON.stringify(report));
        else console.log(summary(report, basename(file)));
        process.exitCode = report.status === 'imported' ? 0 : 1;
      } catch (error) {
        progress.done();
        if (error instanceof AppError && error.code === 'district_not_found') {
          if (options.json) console.log(JSON.stringify({ error: error.code, message: error.messages.en }));
          console.error(`error: ${error.messages.en}`);
          process.exitCode = 2;
          return;
        }
        throw error;
      } finally {
        if (rejects) {
          rejects.end();
          await finished(rejects);
        }
        await runtime.close();
      }
    });
}
