import type { Command } from 'commander';
import { registerBenchCommand } from './bench.command.ts';
import { registerSimCommand } from '../delivery/simulator/sim.command.ts';
import { registerMigrateCommand } from '../platform/db/migrate.command.ts';
import { registerPaperCommand } from '../delivery/paper/paper.command.ts';
import { registerServeCommand } from './serve.command.ts';
import { registerWorkCommand } from '../delivery/work.command.ts';
import { registerSeasonCommand } from '../delivery/season.command.ts';
import { registerRollCommand } from '../notices/roll/roll-import.command.ts';
import { registerFollowUpCommands } from '../delivery/follow-ups.command.ts';
import { registerBounceCommand } from '../delivery/bounces/bounce.command.ts';
import { registerBackupCommands } from '../platform/backup/backup.command.ts';
import { registerProvidersCommand } from '../delivery/providers/providers.command.ts';
import { registerFirstDayCommands } from '../platform/staff-admin/staff-admin.command.ts';
import { registerRetentionCommands } from '../platform/retention/retention.command.ts';
import { retentionPurgers, workerHousekeeping } from './retention.ts';

// Each domain adds its commands here, one line each.
export function registerCommands(program: Command): void {
  registerBenchCommand(program);
  registerSimCommand(program);
  registerMigrateCommand(program);
  registerPaperCommand(program);
  registerServeCommand(program);
  registerWorkCommand(program, workerHousekeeping);
  registerSeasonCommand(program);
  registerRollCommand(program);
  registerFollowUpCommands(program);
  registerBounceCommand(program);
  registerBackupCommands(program);
  registerProvidersCommand(program);
  registerFirstDayCommands(program);
  registerRetentionCommands(program, retentionPurgers);
}
