import type { FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { recordAudit } from '../audit/audit.ts';
import type { Queryable } from '../db/database.ts';
import type { AppDeps } from '../http/deps.ts';
import type { ZodApp } from '../http/routes.ts';
import type { Bilingual, Locale } from '../i18n/i18n.ts';
import type { FieldError } from '../web/components.ts';
import type { Html } from '../web/html.ts';

// The district settings page is made of sections, one per domain that owns
// settings (platform: names, office phone, logo; delivery: channels, quiet
// hours, senders, postage; desk: hours and closed days; …). Platform names no
// domain: the composition root (src/app/district-settings.ts) lists the
// sections, and the page (district-settings.routes.ts) renders each one's
// form and hands each one's posted form back to it. A section validates with
// zod, writes its own table in one transaction with its audit entry
// (recordSettingsChange), and says how many fields changed; the page then
// tells every process through the realtime bus (DISTRICT_SETTINGS_TOPIC), so
// a process that caches a setting drops it at once.

/** A posted form as @fastify/formbody parses it: repeated fields are arrays. */
export type SectionValues = Record<string, string | string[] | undefined>;

export interface SettingsContext {
  request: FastifyRequest;
  deps: AppDeps;
  /** The signed-in admin's district: the only one a section reads or writes. */
  districtCode: string;
}

export interface SectionState {
  /** What the admin posted when this section's form was refused: shown again as typed. */
  posted?: SectionValues;
  errors: readonly FieldError[];
}

export type SaveOutcome = { ok: true; changed: number } | { ok: false; errors: FieldError[] };

export interface SettingsSection {
  /** Lower-case letters and hyphens: the form posts to /console/settings/<id>, the section is #settings-<id>. */
  id: string;
  title: Bilingual;
  /** One sentence under the heading: what the section governs. */
  intro?: Bilingual;
  /**
   * false: the section only shows its settings and links to the page where
   * they are changed (another page owns the form); it has no form and no save.
   */
  form?: false;
  /** The fields of the section's form (the page adds the form, the CSRF field and the save button); with `form: false`, what it shows. */
  fields(ctx: SettingsContext, state: SectionState): Promise<Html>;
  /** HTML after the form, inside the section (another form of its own, e.g. the logo's upload). */
  after?(ctx: SettingsContext, state: SectionState): Promise<Html>;
  /** Validates the posted form and saves it with its audit entry; errors name the fields by id, in the request's language. */
  save(ctx: SettingsContext & { staffId: number }, body: SectionValues): Promise<SaveOutcome>;
  /**
   * Routes of the section beyond its form (the logo's upload and image),
   * registered in the settings module's scope and guarded by the section;
   * `refusedPage` renders the settings page with this section's state (its errors).
   */
  routes?(app: ZodApp, deps: AppDeps, refusedPage: (request: FastifyRequest, state: SectionState) => Promise<string>): Promise<void>;
}

/** Realtime topic: a district's settings changed ({ district, section }); caches of them drop the district's entry. */
export const DISTRICT_SETTINGS_TOPIC = 'district-settings';

export interface DistrictSettingsEvent {
  district: string;
  section: string;
}

export const SETTINGS_PATH = '/console/settings';
/** The district's logo, for its staff (the console header; ?v=<version> is cached for good). */
export const DISTRICT_LOGO_PATH = `${SETTINGS_PATH}/logo`;

/** The first value of a posted field, '' when absent. */
export function one(body: SectionValues, name: string): string {
  const value = body[name];
  return (Array.isArray(value) ? value[0] : value) ?? '';
}

/** Every value of a repeated posted field. */
export function many(body: SectionValues, name: string): string[] {
  const value = body[name];
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

/**
 * zod issues whose messages are keys of a section's catalogue, as field
 * errors in the request's language: `fieldOf` names the input an issue's
 * path belongs to (its id); one error per field, the first.
 */
export function fieldErrorsOf<K extends string>(
  issues: readonly z.core.$ZodIssue[],
  locale: Locale,
  messages: { t(locale: Locale, key: K, vars?: Record<string, string | number>): string; catalogue: Record<K, Bilingual> },
  fieldOf: (path: readonly PropertyKey[]) => string,
  fallback: K,
): FieldError[] {
  const seen = new Set<string>();
  const errors: FieldError[] = [];
  for (const issue of issues) {
    const field = fieldOf(issue.path);
    if (seen.has(field)) continue;
    seen.add(field);
    const key = (issue.message in messages.catalogue ? issue.message : fallback) as K;
    errors.push({ field, message: messages.t(locale, key) });
  }
  return errors;
}

/** A field's value before and after, as the audit log keeps it: never a contact in clear (maskNumber, maskAddress). */
export type SettingsChanges = Record<string, { before: unknown; after: unknown }>;

/** The fields whose values differ, before and after. */
export function changedFields(before: Record<string, unknown>, after: Record<string, unknown>): SettingsChanges {
  const changes: SettingsChanges = {};
  for (const key of Object.keys(after)) {
    if (JSON.stringify(before[key] ?? null) !== JSON.stringify(after[key] ?? null)) changes[key] = { before: before[key] ?? null, after: after[key] ?? null };
  }
  return changes;
}

/** The same changes with some fields' values masked for the audit log (decide what changed on the clear values first). */
export function maskChanges(changes: SettingsChanges, masks: Record<string, (value: string | null) => string | null>): SettingsChanges {
  const out: SettingsChanges = {};
  for (const [field, change] of Object.entries(changes)) {
    const mask = masks[field];
    out[field] = mask ? { before: mask(change.before as string | null), after: mask(change.after as string | null) } : change;
  }
  return out;
}

/** A telephone number for the audit log: its last four digits (02-****-5000 reads as ****5000). */
export function maskNumber(value: string | null): string | null {
  if (!value) return value;
  const digits = value.replace(/\D/g, '');
  return `****${digits.slice(-4)}`;
}

/** An e-mail address for the audit log: n****@mapo.go.kr. */
export function maskAddress(value: string | null): string | null {
  if (!value) return value;
  const at = value.lastIndexOf('@');
  return at <= 0 ? '****' : `${value[0]}****${value.slice(at)}`;
}

/**
 * The audit entry of a settings change, in the change's transaction: the
 * admin, the section and each changed field before and after (contacts
 * masked by the caller). Nothing is written when nothing changed.
 */
export async function recordSettingsChange(
  tx: Queryable,
  entry: { districtCode: string; staffId: number; section: string; changes: SettingsChanges },
): Promise<number> {
  const changed = Object.keys(entry.changes).length;
  if (changed === 0) return 0;
  await recordAudit(tx, {
    districtCode: entry.districtCode,
    actor: { type: 'staff', id: String(entry.staffId) },
    action: 'district.settings_changed',
    entityType: 'district_settings',
    entityId: entry.section,
    reason: 'district settings changed in the console',
    source: 'official',
    details: { section: entry.section, changes: entry.changes },
  });
  return changed;
}
