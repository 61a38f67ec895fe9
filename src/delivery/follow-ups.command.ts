import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { openRuntime } from '../platform/runtime.ts';
import { TAX_ITEMS, isTaxItem } from '../notices/tax-items.ts';
import { importArrears } from '../notices/follow-ups/arrears-import.service.ts';
import { issueArrears, issueReminders } from './queue/queue.ts';

const whole = (name: string) => (v: string) => {
  if (!/^\d+$/.test(v)) throw new InvalidArgumentError(`${name} must be a whole number`);
  return Number(v);
};

export function registerFollowUpCommands(program: Command): void {
  const arrears = program.command('arrears').description('arrears notices from the levy system\'s arrears file');
  arrears
    .command('import')
    .description('import an arrears file (notice_no, tax_year, unpaid_amount, additional_dues, due_date; Korean headers too)')
    .argument('<file>', 'CSV file, UTF-8 or CP949')
    .requiredOption('--district <code>', 'district code')
    .option('--json', 'print the result as JSON')
    .action(async (file: string, options: { district: string; json?: boolean }) => {
      const bytes = await readFile(file).catch(() => {
        throw new InvalidArgumentError(`cannot read ${file}`);
      });
      const rt = await openRuntime('arrears');
      try {
        const result = await importArrears(rt.db, { districtCode: options.district, bytes, fileName: basename(file), importedBy: 'cli' });
        console.log(options.json ? JSON.stringify(result) : `imported ${result.imported} arrears rows (${result.unchanged} already there)`);
      } finally {
        await rt.close();
      }
    });
  arrears
    .command('send')
    .description('issue arrears notices for the imported rows not yet sent (workers deliver them)')
    .requiredOption('--district <code>', 'district code')
    .option('--json', 'print the result as JSON')
    .action(async (options: { district: string; json?: boolean }) => {
      const rt = await openRuntime('arrears');
      try {
        const result = await issueArrears(rt.db, { districtCode: options.district });
        console.log(options.json ? JSON.stringify(result) : `issued ${result.issued} arrears notices`);
      } finally {
        await rt.close();
      }
    });
  program
    .command('remind')
    .description('queue reminders before the due date to those who have not paid a season\'s notice')
    .requiredOption('--district <code>', 'district code')
    .requiredOption('--tax-item <item>', `tax item: ${TAX_ITEMS.join(', ')}`, (v: string) => {
      if (!isTaxItem(v)) throw new InvalidArgumentError(`use one of ${TAX_ITEMS.join(', ')}`);
      return v;
    })
    .requiredOption('--year <year>', 'tax year', whole('--year'))
    .option('--period <n>', 'instalment', whole('--period'))
    .option('--days <n>', 'days before the due date (default: the district setting, 5)', whole('--days'))
    .option('--json', 'print the result as JSON')
    .action(async (options: { district: string; taxItem: string; year: number; period?: number; days?: number; json?: boolean }) => {
      const rt = await openRuntime('remind');
      try {
        const result = await issueReminders(rt.db, { districtCode: options.district, taxItem: options.taxItem, taxYear: options.year, period: options.period ?? 0, daysBefore: options.days });
        console.log(options.json ? JSON.stringify(result) : `queued ${result.issued} reminders${result.sendAfter ? `, first at ${result.sendAfter.toISOString()}` : ''}`);
      } finally {
        await rt.close();
      }
    });
}
