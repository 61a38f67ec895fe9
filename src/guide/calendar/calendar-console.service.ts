import { recordAudit } from '../../platform/audit/audit.ts';
import type { StaffPrincipal } from '../../platform/auth/staff.ts';
import type { GuideDeps } from '../guide.deps.ts';
import type { CalendarMessageKey } from './calendar.messages.ts';
import { calendarItems, deleteCalendarItem, ownCalendarItems, saveCalendarItem } from './calendar.repository.ts';
import type { CalendarItem } from './calendar.schedule.ts';

// Officials keep their district's schedule: the first change copies the
// national schedule to the district (in the same transaction), so residents
// never see a half-made schedule; every change is audited.

export interface ItemForm {
  code: string;
  month: string;
  opensDay: string;
  dueDay: string;
  titleKo: string;
  titleEn: string;
  detailKo: string;
  detailEn: string;
}

export type ItemProblem = { field: keyof ItemForm; key: CalendarMessageKey };

const DAY = /^\d{1,2}$/;

/** The item the form describes, or every problem with it (each naming its field). */
export function checkItemForm(f: ItemForm): { item: CalendarItem } | { problems: ItemProblem[] } {
  const problems: ItemProblem[] = [];
  const code = f.code.trim();
  if (!/^[a-z0-9_]{1,40}$/.test(code)) problems.push({ field: 'code', key: 'e_code' });
  const monthText = f.month.trim();
  const month = monthText === '' ? null : DAY.test(monthText) ? Number(monthText) : NaN;
  if (month !== null && !(month >= 1 && month <= 12)) problems.push({ field: 'month', key: 'e_month' });
  const opensText = f.opensDay.trim();
  const opens = opensText === '' ? null : DAY.test(opensText) ? Number(opensText) : NaN;
  if (opens !== null && !(opens >= 1 && opens <= 31)) problems.push({ field: 'opensDay', key: 'e_day' });
  const due = DAY.test(f.dueDay.trim()) ? Number(f.dueDay.trim()) : NaN;
  if (!(due >= 1 && due <= 31)) problems.push({ field: 'dueDay', key: 'e_day' });
  else if (opens !== null && opens <= 31 && opens > due) problems.push({ field: 'opensDay', key: 'e_opens_after_due' });
  const titleKo = f.titleKo.trim();
  const titleEn = f.titleEn.trim();
  if (titleKo.length < 1 || titleKo.length > 80) problems.push({ field: 'titleKo', key: 'e_title_ko' });
  if (titleEn.length < 1 || titleEn.length > 120) problems.push({ field: 'titleEn', key: 'e_title_en' });
  if (f.detailKo.trim().length > 400) problems.push({ field: 'detailKo', key: 'e_detail' });
  if (f.detailEn.trim().length > 600) problems.push({ field: 'detailEn', key: 'e_detail' });
  if (problems.length) return { problems };
  return { item: { code, month, opensDay: opens, dueDay: due, title: { ko: titleKo, en: titleEn }, detail: { ko: f.detailKo.trim(), en: f.detailEn.trim() } } };
}

/** Adds (editing null) or changes an item of the district's schedule; the problems when the form is refused. */
export async function saveItem(deps: GuideDeps, staff: StaffPrincipal, form: ItemForm, editing: string | null): Promise<ItemProblem[]> {
  const checked = checkItemForm(editing ? { ...form, code: editing } : form);
  if ('problems' in checked) return checked.problems;
  return deps.db.transaction(async (tx) => {
    await ownCalendarItems(tx, staff.districtCode);
    const existing = (await calendarItems(tx, staff.districtCode)).find((i) => i.code === checked.item.code);
    if (!editing && existing) return [{ field: 'code', key: 'e_code_taken' }];
    if (editing && !existing) return [{ field: 'code', key: 'e_unknown' }];
    await saveCalendarItem(tx, staff.districtCode, checked.item);
    await recordAudit(tx, {
      districtCode: staff.districtCode, actor: { type: 'staff', id: String(staff.id) }, action: editing ? 'guide.calendar_item_changed' : 'guide.calendar_item_added',
      entityType: 'calendar_item', entityId: checked.item.code, reason: 'local-tax calendar kept in the console', source: 'official',
      details: { month: checked.item.month, opens_day: checked.item.opensDay, due_day: checked.item.dueDay },
    });
    return [];
  });
}

/** Removes an item from the district's schedule; false when there was none with the code. */
export async function removeItem(deps: GuideDeps, staff: StaffPrincipal, code: string): Promise<boolean> {
  return deps.db.transaction(async (tx) => {
    await ownCalendarItems(tx, staff.districtCode);
    if (!(await deleteCalendarItem(tx, staff.districtCode, code))) return false;
    await recordAudit(tx, {
      districtCode: staff.districtCode, actor: { type: 'staff', id: String(staff.id) }, action: 'guide.calendar_item_removed',
      entityType: 'calendar_item', entityId: code, reason: 'local-tax calendar kept in the console', source: 'official',
    });
    return true;
  });
}
