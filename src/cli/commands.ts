import type { Command } from 'commander';
import { registerSimCommand } from '../delivery/simulator/sim.command.ts';
import { registerMigrateCommand } from '../platform/db/migrate.command.ts';
import { registerServeCommand } from '../platform/serve.command.ts';
import { registerRollCommand } from '../notices/roll/roll-import.command.ts';

// Each domain adds its commands here, one line each.
export function registerCommands(program: Command): void {
  registerSimCommand(program);
  registerMigrateCommand(program);
  registerServeCommand(program);
  registerRollCommand(program);
}
