import { Command, CommanderError } from 'commander';
import { ConfigError } from '../platform/config.ts';
import { AppError } from '../platform/errors.ts';
import { registerCommands } from './commands.ts';

// `taxstation <command>`: one code base, several roles (serve, work, sim)
// and the batch work. Exit codes: 0 done, 1 the input was rejected or the
// work failed, 2 wrong usage.

const program = new Command('taxstation')
  .description('Tax Station: notices that arrive and a tax office open 24 hours')
  .showHelpAfterError()
  .exitOverride();

registerCommands(program);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') process.exit(0);
    process.exit(2);
  }
  if (error instanceof ConfigError) {
    console.error(error.message);
    process.exit(2);
  }
  if (error instanceof AppError) {
    console.error(`error: ${error.messages.en} (${error.code})`);
    for (const p of error.problems.slice(0, 50)) console.error(`  ${p.line ? `line ${p.line}, ` : ''}${p.field}: ${p.reason}`);
    process.exit(error.status === 400 || error.status === 422 ? 1 : 1);
  }
  console.error(error instanceof Error ? `error: ${error.message}` : error);
  process.exit(1);
}
