import type { Queryable } from '../../platform/db/database.ts';
import type { Bilingual } from '../../platform/i18n/i18n.ts';
import type { GridBlock, InPersonGrid, Window } from './slot-grid.ts';

// SQL of the schedules: a district's settings and windows, its fields, its
// experts (with the fields they cover and the weekdays they serve) and the
// officials' blocks. Only this domain writes these tables.

export interface ScheduleSettings {
  districtCode: string;
  slotMinutes: number;
  minNoticeDays: number;
  horizonDays: number;
  changeCutoffHours: number;
  reminderOffsetsMinutes: number[];
  holdMinutes: number;
  windows: Window[];
  /** The monthly in-person day (src/consultations/in-person), when the district has one (enabled or paused). */
  inPerson?: InPersonSettings | null;
}

/** A place residents come to (the in-person day, a session). */
export interface Place {
  name: Bilingual;
  address: Bilingual;
}

export interface InPersonSettings extends InPersonGrid {
  place: Place;
}

export type SettingsValues = Omit<ScheduleSettings, 'districtCode' | 'inPerson'>;

// A district's settings with its windows, as one JSON object (one round trip).
const SETTINGS_JSON = `json_build_object(
    'slotMinutes', s.slot_minutes, 'minNoticeDays', s.min_notice_days, 'horizonDays', s.horizon_days,
    'changeCutoffHours', s.change_cutoff_hours, 'reminderOffsetsMinutes', s.reminder_offsets_minutes, 'holdMinutes', s.hold_minutes,
    'windows', coalesce((SELECT json_agg(json_build_object('start', w.start_minute, 'end', w.end_minute) ORDER BY w.start_minute)
                           FROM consultation_windows w WHERE w.district_code = s.district_code), '[]'::json),
    'inPerson', (SELECT json_build_object('enabled', p.enabled,
                   'place', json_build_object('name', json_build_object('ko', p.place_name_ko, 'en', p.place_name_en),
                                              'address', json_build_object('ko', p.address_ko, 'en', p.address_en)),
                   'windows', coalesce((SELECT json_agg(json_build_object('start', w.start_minute, 'end', w.end_minute) ORDER BY w.start_minute)
                                          FROM consultation_in_person_windows w WHERE w.district_code = p.district_code), '[]'::json),
                   'expertIds', coalesce((SELECT json_agg(x.expert_id ORDER BY x.expert_id)
                                            FROM consultation_in_person_experts x WHERE x.district_code = p.district_code), '[]'::json))
                   FROM consultation_in_person_days p WHERE p.district_code = s.district_code))`;

function settingsFromJson(districtCode: string, text: string | null): ScheduleSettings | null {
  if (text === null) return null;
  const { inPerson, ...values } = JSON.parse(text) as SettingsValues & { inPerson: (Omit<InPersonSettings, 'expertIds'> & { expertIds: (number | string)[] }) | null };
  // Without an in-person day the settings look as they did before migration 0019.
  return inPerson ? { districtCode, ...values, inPerson: { ...inPerson, expertIds: inPerson.expertIds.map(Number) } } : { districtCode, ...values };
}

export async function loadSettings(q: Queryable, districtCode: string): Promise<ScheduleSettings | null> {
  const { rows } = await q.query<{ settings: string }>(`SELECT ${SETTINGS_JSON}::text AS settings FROM consultation_settings s WHERE s.district_code = $1`, [districtCode]);
  return rows[0] ? settingsFromJson(districtCode, rows[0].settings) : null;
}

/** Inserts or replaces a district's settings and windows (run in a transaction). */
export async function saveSettings(q: Queryable, districtCode: string, s: SettingsValues): Promise<void> {
  await q.query(
    `INSERT INTO consultation_settings (district_code, slot_minutes, min_notice_days, horizon_days, change_cutoff_hours, reminder_offsets_minutes, hold_minutes)
     VALUES ($1, $2, $3, $4, $5, $6::int[], $7)
     ON CONFLICT (district_code) DO UPDATE SET slot_minutes = EXCLUDED.slot_minutes, min_notice_days = EXCLUDED.min_notice_days,
       horizon_days = EXCLUDED.horizon_days, change_cutoff_hours = EXCLUDED.change_cutoff_hours,
       reminder_offsets_minutes = EXCLUDED.reminder_offsets_minutes, hold_minutes = EXCLUDED.hold_minutes, updated_at = now()`,
    [districtCode, s.slotMinutes, s.minNoticeDays, s.horizonDays, s.changeCutoffHours, s.reminderOffsetsMinutes, s.holdMinutes],
  );
  await q.query('DELETE FROM consultation_windows WHERE district_code = $1', [districtCode]);
  await q.query(
    `INSERT INTO consultation_windows (district_code, start_minute, end_minute)
     SELECT $1, s, e FROM unnest($2::int[], $3::int[]) AS x(s, e)`,
    [districtCode, s.windows.map((w) => w.start), s.windows.map((w) => w.end)],
  );
}

// ------------------------------------------------------------------ fields

export interface Field {
  code: string;
  name: Bilingual;
  position: number;
  active: boolean;
}

export async function listFields(q: Queryable, districtCode: string, options: { activeOnly?: boolean } = {}): Promise<Field[]> {
  const { rows } = await q.query<{ code: string; name_ko: string; name_en: string; position: number; active: boolean }>(
    `SELECT code, name_ko, name_en, position, active FROM consultation_fields
      WHERE district_code = $1 AND ($2::boolean IS NOT TRUE OR active) ORDER BY position, code`,
    [districtCode, options.activeOnly ?? false],
  );
  return rows.map((r) => ({ code: r.code, name: { ko: r.name_ko, en: r.name_en }, position: r.position, active: r.active }));
}

export async function saveField(q: Queryable, districtCode: string, field: Field): Promise<void> {
  await q.query(
    `INSERT INTO consultation_fields (district_code, code, name_ko, name_en, position, active) VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (district_code, code) DO UPDATE SET name_ko = EXCLUDED.name_ko, name_en = EXCLUDED.name_en,
       position = EXCLUDED.position, active = EXCLUDED.active`,
    [districtCode, field.code, field.name.ko, field.name.en, field.position, field.active],
  );
}

// ------------------------------------------------------------------ experts

export interface Expert {
  id: number;
  staffId: number;
  /** The staff account's display name. */
  name: string;
  active: boolean;
  fields: string[];
  weekdays: number[];
}

type ExpertRow = { id: number; staff_id: number; display_name: string; active: boolean; fields: string[] | null; weekdays: number[] | null };

const EXPERT_SELECT = `
  SELECT e.id, e.staff_id, a.display_name, e.active AND a.disabled_at IS NULL AS active,
         array(SELECT f.field_code FROM consultation_expert_fields f WHERE f.expert_id = e.id ORDER BY f.field_code) AS fields,
         array(SELECT d.weekday FROM consultation_expert_days d WHERE d.expert_id = e.id ORDER BY d.weekday) AS weekdays
    FROM consultation_experts e JOIN staff_accounts a ON a.id = e.staff_id`;

const expertFromRow = (r: ExpertRow): Expert => ({
  id: Number(r.id),
  staffId: Number(r.staff_id),
  name: r.display_name,
  active: r.active,
  fields: r.fields ?? [],
  weekdays: (r.weekdays ?? []).map(Number),
});

export async function listExperts(q: Queryable, districtCode: string, options: { activeOnly?: boolean } = {}): Promise<Expert[]> {
  const { rows } = await q.query<ExpertRow>(
    `${EXPERT_SELECT} WHERE e.district_code = $1 AND ($2::boolean IS NOT TRUE OR (e.active AND a.disabled_at IS NULL)) ORDER BY a.display_name, e.id`,
    [districtCode, options.activeOnly ?? false],
  );
  return rows.map(expertFromRow);
}

export async function findExpert(q: Queryable, districtCode: string, expertId: number): Promise<Expert | null> {
  const { rows } = await q.query<ExpertRow>(`${EXPERT_SELECT} WHERE e.district_code = $1 AND e.id = $2`, [districtCode, expertId]);
  return rows[0] ? expertFromRow(rows[0]) : null;
}

/**
 * What a booking or a move checks, in one round trip: the district's
 * settings, the field (null unless active) and the expert (null when unknown).
 */
export async function loadBookingContext(
  q: Queryable,
  districtCode: string,
  fieldCode: string,
  expertId: number,
): Promise<{ settings: ScheduleSettings | null; field: Field | null; expert: Expert | null }> {
  const { rows } = await q.query<{ settings: string | null; field: string | null; expert: string | null }>(
    `SELECT (SELECT ${SETTINGS_JSON}::text FROM consultation_settings s WHERE s.district_code = $1) AS settings,
            (SELECT json_build_object('code', f.code, 'name', json_build_object('ko', f.name_ko, 'en', f.name_en), 'position', f.position, 'active', f.active)::text
               FROM consultation_fields f WHERE f.district_code = $1 AND f.code = $2 AND f.active) AS field,
            (SELECT row_to_json(x)::text FROM (${EXPERT_SELECT} WHERE e.district_code = $1 AND e.id = $3) x) AS expert`,
    [districtCode, fieldCode, expertId],
  );
  const r = rows[0]!;
  return {
    settings: settingsFromJson(districtCode, r.settings),
    field: r.field === null ? null : (JSON.parse(r.field) as Field),
    expert: r.expert === null ? null : expertFromRow(JSON.parse(r.expert) as ExpertRow),
  };
}

export async function findExpertByStaff(q: Queryable, staffId: number): Promise<(Expert & { districtCode: string }) | null> {
  const { rows } = await q.query<ExpertRow & { district_code: string }>(`${EXPERT_SELECT.replace('SELECT e.id', 'SELECT e.district_code, e.id')} WHERE e.staff_id = $1`, [staffId]);
  return rows[0] ? { ...expertFromRow(rows[0]), districtCode: rows[0].district_code } : null;
}

/**
 * Locks experts' rows until the transaction ends: bookings take a share lock
 * on their expert (they never wait on each other), a block takes an update
 * lock (it waits for bookings in flight, and bookings after it see the block).
 * expertIds null: every expert of the district.
 */
export async function lockExperts(q: Queryable, districtCode: string, expertIds: number[] | null, mode: 'share' | 'update'): Promise<number[]> {
  const { rows } = await q.query<{ id: number }>(
    `SELECT id FROM consultation_experts WHERE district_code = $1 AND ($2::bigint[] IS NULL OR id = ANY($2::bigint[]))
      ORDER BY id FOR ${mode === 'share' ? 'SHARE' : 'UPDATE'}`,
    [districtCode, expertIds],
  );
  return rows.map((r) => Number(r.id));
}

/** Inserts or updates the expert of a staff account, and replaces its fields and weekdays. Returns the expert's id. */
export async function saveExpert(q: Queryable, districtCode: string, e: { staffId: number; active: boolean; fields: string[]; weekdays: number[] }): Promise<number> {
  const { rows } = await q.query<{ id: number }>(
    `INSERT INTO consultation_experts (district_code, staff_id, active) VALUES ($1, $2, $3)
     ON CONFLICT (staff_id) DO UPDATE SET active = EXCLUDED.active
     RETURNING id`,
    [districtCode, e.staffId, e.active],
  );
  const id = Number(rows[0]!.id);
  await q.query('DELETE FROM consultation_expert_fields WHERE expert_id = $1', [id]);
  await q.query(
    `INSERT INTO consultation_expert_fields (expert_id, district_code, field_code) SELECT $1, $2, unnest($3::text[])`,
    [id, districtCode, e.fields],
  );
  await q.query('DELETE FROM consultation_expert_days WHERE expert_id = $1', [id]);
  await q.query(`INSERT INTO consultation_expert_days (expert_id, weekday) SELECT $1, unnest($2::smallint[])`, [id, e.weekdays]);
  return id;
}

// ------------------------------------------------------------------ blocks

export interface Block extends GridBlock {
  id: number;
  kind: 'slot' | 'day';
  reason: string;
  createdBy: number;
}

type BlockRow = { id: number; expert_id: number | null; kind: 'slot' | 'day'; day: string | Date; slot_start: Date | null; reason: string; created_by: number };

const dayText = (d: string | Date) => (typeof d === 'string' ? d.slice(0, 10) : d.toISOString().slice(0, 10));

const blockFromRow = (r: BlockRow): Block => ({
  id: Number(r.id),
  expertId: r.expert_id === null ? null : Number(r.expert_id),
  kind: r.kind,
  day: dayText(r.day),
  slotStart: r.slot_start ? new Date(r.slot_start) : null,
  reason: r.reason,
  createdBy: Number(r.created_by),
});

/** Blocks not lifted on days from..to (inclusive). */
export async function activeBlocks(q: Queryable, districtCode: string, from: string, to: string): Promise<Block[]> {
  const { rows } = await q.query<BlockRow>(
    `SELECT id, expert_id, kind, day::text AS day, slot_start, reason, created_by FROM consultation_blocks
      WHERE district_code = $1 AND lifted_at IS NULL AND day BETWEEN $2::date AND $3::date ORDER BY day, id`,
    [districtCode, from, to],
  );
  return rows.map(blockFromRow);
}

export async function insertBlock(
  q: Queryable,
  b: { districtCode: string; expertId: number | null; kind: 'slot' | 'day'; day: string; slotStart: Date | null; reason: string; createdBy: number },
): Promise<Block> {
  const { rows } = await q.query<BlockRow>(
    `INSERT INTO consultation_blocks (district_code, expert_id, kind, day, slot_start, reason, created_by)
     VALUES ($1, $2, $3, $4::date, $5, $6, $7)
     RETURNING id, expert_id, kind, day::text AS day, slot_start, reason, created_by`,
    [b.districtCode, b.expertId, b.kind, b.day, b.slotStart, b.reason, b.createdBy],
  );
  return blockFromRow(rows[0]!);
}

/** Lifts a block; false when there is no such live block in the district. */
export async function liftBlock(q: Queryable, districtCode: string, blockId: number, staffId: number, now: Date): Promise<boolean> {
  const { rowCount } = await q.query(
    `UPDATE consultation_blocks SET lifted_at = $4, lifted_by = $3 WHERE district_code = $1 AND id = $2 AND lifted_at IS NULL`,
    [districtCode, blockId, staffId, now],
  );
  return rowCount > 0;
}
