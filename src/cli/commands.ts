import type { Command } from 'commander';
import { registerMigrateCommand } from '../platform/db/migrate.command.ts';

// Each domain adds its commands here, one line each.
export function registerCommands(program: Command): void {
  registerMigrateCommand(program);
}
