import { hostname, userInfo } from 'node:os';
import type { Command } from 'commander';
import { ROLES } from '../auth/roles.ts';
import { announceSessionEnded } from '../auth/session-events.ts';
import { createLogger } from '../logger.ts';
import { publicBaseUrl, type Config } from '../config.ts';
import type { Database } from '../db/database.ts';
import { openRuntime } from '../runtime.ts';
import {
  addDistrict,
  addStaff,
  disableStaff,
  resetSecondFactorByUsername,
  resetStaff,
  setDistrictRequireAdminTotp,
  type Operator,
  type SetupLink,
} from './staff-admin.service.ts';

// A district's first day from the command line: `district add`, `district
// require-admin-totp`, `staff add`, `staff reset`, `staff reset-second-factor`,
// `staff disable`. No password ever appears on the command
// line or in shell history: a new or reset account gets a one-time set-up
// link, printed here for the operator to hand over. The operator in the audit
// log is the OS user who ran the command.

export interface FirstDayIo {
  open(): Promise<{ db: Database; config: Config; close(): Promise<void> }>;
  /** One line for the operator (stdout). */
  print(line: string): void;
  /** The OS user, for the audit log. */
  operatorId(): string;
  clock?: () => Date;
}

export function osUser(): string {
  let name: string | undefined;
  try {
    name = userInfo().username;
  } catch {
    name = process.env.USER ?? process.env.LOGNAME;
  }
  return `${name ?? 'unknown'}@${hostname()}`;
}

const defaultIo: FirstDayIo = {
  open: () => openRuntime('staff-admin'),
  print: (line) => console.log(line),
  operatorId: osUser,
};

function operator(io: FirstDayIo, reason: string): Operator {
  return { actor: { type: 'system', id: `cli:${io.operatorId()}` }, source: 'system', reason };
}

async function withDatabase<T>(io: FirstDayIo, fn: (db: Database, config: Config) => Promise<T>): Promise<T> {
  const rt = await io.open();
  try {
    return await fn(rt.db, rt.config);
  } finally {
    await rt.close();
  }
}

function linkLines(link: SetupLink): string[] {
  return [
    `set-up link (works once, until ${link.expiresAt.toISOString()}; give it only to the person, who chooses a password there and is signed in):`,
    `  ${link.url}`,
  ];
}

interface Common {
  reason: string;
  json?: boolean;
}

export function registerFirstDayCommands(program: Command, io: FirstDayIo = defaultIo): void {
  const district = program.command('district').description('districts (the tax offices this installation serves)');
  district
    .command('add')
    .description('add a district; again with the same names it changes nothing')
    .argument('<code>', 'district code: lower-case letters, digits, hyphens; e.g. gangnam')
    .requiredOption('--name-ko <name>', 'Korean name, e.g. 강남구')
    .requiredOption('--name-en <name>', 'English name, e.g. Gangnam-gu')
    .option('--reason <text>', 'why, for the audit log', 'district added from the command line')
    .option('--json', 'print the result as one JSON object')
    .action(async (code: string, options: Common & { nameKo: string; nameEn: string }) => {
      const result = await withDatabase(io, (db) => addDistrict(db, { code, nameKo: options.nameKo, nameEn: options.nameEn }, operator(io, options.reason)));
      if (options.json) return io.print(JSON.stringify({ district: code, ...result }));
      io.print(result.changed ? `added district ${code} (${options.nameKo} / ${options.nameEn})` : `district ${code} exists already with these names; nothing changed`);
    });

  district
    .command('require-admin-totp')
    .description("whether the district's administrators must use two-step verification (the console's Staff page sets it too)")
    .argument('<code>', 'district code')
    .argument('<on|off>', 'on: administrators must set it up before they can use the console; off: optional')
    .requiredOption('--reason <text>', 'why, for the audit log, e.g. "security audit 2026"')
    .option('--json', 'print the result as one JSON object')
    .action(async (code: string, value: string, options: Common) => {
      const result = await withDatabase(io, (db) => setDistrictRequireAdminTotp(db, { districtCode: code, value }, operator(io, options.reason)));
      if (options.json) return io.print(JSON.stringify({ district: code, ...result }));
      const rule = result.required ? 'administrators must use two-step verification' : 'two-step verification is optional for administrators';
      io.print(result.changed ? `${code}: ${rule} from now on` : `${code}: ${rule} already; nothing changed`);
    });

  const staff = program.command('staff').description("staff accounts: add, reset, reset-second-factor, disable (the console's admins do the rest)");
  // A reset or disable from the shell ends sessions that serve processes may hold sockets for: NOTIFY tells them (PostgreSQL; a PGlite folder has no other process).
  const announce = (db: Database) => (staffId: number) => announceSessionEnded({ db, log: createLogger({ level: 'warn', destination: process.stderr }) }, staffId);
  const deps = (db: Database, config: Config) => ({ db, publicUrl: publicBaseUrl(config), clock: io.clock, sessionsEnded: announce(db) });

  staff
    .command('add')
    .description('add a staff account and print its one-time set-up link; again with the same arguments it changes nothing')
    .requiredOption('--district <code>', 'district code, e.g. gangnam')
    .requiredOption('--username <name>', 'sign-in name: 3-64 lower-case letters, digits, . _ -')
    .requiredOption('--role <role>', `one of ${ROLES.join(', ')}`)
    .option('--display-name <name>', 'the name colleagues see (default: the username)')
    .option('--reason <text>', 'why, for the audit log', 'account added from the command line')
    .option('--json', 'print the result as one JSON object')
    .action(async (options: Common & { district: string; username: string; role: string; displayName?: string }) => {
      const result = await withDatabase(io, (db, config) =>
        addStaff(deps(db, config), { districtCode: options.district, username: options.username, role: options.role, displayName: options.displayName }, operator(io, options.reason)),
      );
      if (options.json) {
        return io.print(JSON.stringify(result.changed ? { changed: true, staffId: result.staffId, setupUrl: result.link.url, expiresAt: result.link.expiresAt.toISOString() } : result));
      }
      if (result.changed) {
        io.print(`added ${options.role} account ${options.username} in ${options.district}`);
        for (const line of linkLines(result.link)) io.print(line);
        return;
      }
      const state = result.disabled ? 'disabled' : result.hasPassword ? 'in use' : 'waiting for its owner to choose a password';
      io.print(`account ${options.username} exists already in ${options.district} as ${options.role} (${state}); nothing changed`);
      if (!result.disabled) io.print(`to replace a lost set-up link: taxstation staff reset --district ${options.district} --username ${options.username} --reason "…"`);
    });

  staff
    .command('reset')
    .description('void the password and every session of an account and print a new set-up link (an earlier link stops working)')
    .requiredOption('--district <code>', 'district code')
    .requiredOption('--username <name>', 'the account')
    .requiredOption('--reason <text>', 'why, for the audit log, e.g. "forgot password, ticket 42"')
    .option('--json', 'print the result as one JSON object')
    .action(async (options: Common & { district: string; username: string }) => {
      const result = await withDatabase(io, (db, config) => resetStaff(deps(db, config), { districtCode: options.district, username: options.username }, operator(io, options.reason)));
      if (options.json) return io.print(JSON.stringify({ ...result, link: undefined, setupUrl: result.link.url, expiresAt: result.link.expiresAt.toISOString() }));
      io.print(
        result.passwordVoided || result.sessionsEnded > 0
          ? `reset ${options.username}: password void, ${result.sessionsEnded} session(s) ended${result.linksVoided ? `, ${result.linksVoided} earlier link(s) void` : ''}`
          : `${options.username} had no password and no session already; nothing else changed${result.linksVoided ? ` (${result.linksVoided} earlier link(s) replaced)` : ''}`,
      );
      for (const line of linkLines(result.link)) io.print(line);
    });

  staff
    .command('reset-second-factor')
    .description("remove an account's two-step verification (a lost phone): its sessions and pending sign-ins end, it signs in with its password and sets it up again; again it changes nothing")
    .requiredOption('--district <code>', 'district code')
    .requiredOption('--username <name>', 'the account')
    .requiredOption('--reason <text>', 'why, for the audit log, e.g. "lost phone, ticket 7"')
    .option('--json', 'print the result as one JSON object')
    .action(async (options: Common & { district: string; username: string }) => {
      const result = await withDatabase(io, (db) => resetSecondFactorByUsername({ db, sessionsEnded: announce(db) }, { districtCode: options.district, username: options.username }, operator(io, options.reason)));
      if (options.json) return io.print(JSON.stringify(result));
      io.print(
        result.changed
          ? `reset the two-step verification of ${options.username} in ${options.district}: its authenticator app and recovery codes no longer work, ${result.sessionsEnded} session(s) and ${result.signInsEnded} pending sign-in(s) ended; it signs in with its password and can set it up again`
          : `${options.username} had no two-step verification; nothing changed`,
      );
    });

  staff
    .command('disable')
    .description('stop an account signing in (its sessions end, its set-up links stop working); again it changes nothing')
    .requiredOption('--district <code>', 'district code')
    .requiredOption('--username <name>', 'the account')
    .requiredOption('--reason <text>', 'why, for the audit log, e.g. "left the office on 2026-12-01"')
    .option('--json', 'print the result as one JSON object')
    .action(async (options: Common & { district: string; username: string }) => {
      const result = await withDatabase(io, (db, config) => disableStaff(deps(db, config), { districtCode: options.district, username: options.username }, operator(io, options.reason)));
      if (options.json) return io.print(JSON.stringify(result));
      io.print(
        result.changed
          ? `disabled ${options.username} in ${options.district}; ${result.sessionsEnded} session(s) ended`
          : `${options.username} was disabled already (since ${result.disabledAt.toISOString()}); nothing changed`,
      );
    });
}
