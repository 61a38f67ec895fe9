import { z } from 'zod';
import { addDays, endOfSeoulDay, startOfSeoulDay } from '../../platform/time/seoul.ts';
import type { ConsultationDeps } from '../consultations.deps.ts';
import { consultationError } from '../consultations.messages.ts';
import { activeBlocks, listExperts, listFields } from '../schedule/schedule.repository.ts';
import { requireSettings } from '../schedule/schedule.service.ts';
import { freeSlots } from '../schedule/slot-grid.ts';
import { outcomeCounts } from './booking.repository.ts';

// The figures the dashboard shows for a period: bookings, no-show rate and
// utilisation, per field and per expert. Utilisation is an expert's booked
// slots over their slots on the grid in the period (their weekdays, no
// holidays, blocks taken off); a field's is not defined (experts share
// fields), so a field shows its share of the bookings instead.

const figures = z.object({
  bookings: z.number().int(),
  attended: z.number().int(),
  noShows: z.number().int(),
  cancelled: z.number().int(),
  web: z.number().int(),
  phone: z.number().int(),
  noShowRate: z.number().nullable().describe('no-shows ÷ (attended + no-shows); null before any is marked'),
});

export const statsView = z.object({
  from: z.string(),
  to: z.string(),
  total: figures.extend({ slots: z.number().int(), utilisation: z.number().nullable() }),
  byField: z.array(figures.extend({ fieldCode: z.string(), name: z.object({ ko: z.string(), en: z.string() }), share: z.number().nullable() })),
  byExpert: z.array(figures.extend({ expertId: z.number().int(), name: z.string(), slots: z.number().int(), utilisation: z.number().nullable() })),
});
export type StatsView = z.infer<typeof statsView>;

type Figures = z.infer<typeof figures>;
const empty = (): Omit<Figures, 'noShowRate'> => ({ bookings: 0, attended: 0, noShows: 0, cancelled: 0, web: 0, phone: 0 });
const withRate = (f: Omit<Figures, 'noShowRate'>): Figures => ({ ...f, noShowRate: f.attended + f.noShows ? f.noShows / (f.attended + f.noShows) : null });
function add(into: Omit<Figures, 'noShowRate'>, c: Omit<Figures, 'noShowRate'>): void {
  for (const k of Object.keys(into) as (keyof typeof into)[]) into[k] += c[k];
}

export async function consultationStats(deps: ConsultationDeps, args: { districtCode: string; from: string; to: string }): Promise<StatsView> {
  if (!(args.from <= args.to) || addDays(args.from, 366) < args.to) throw consultationError(400, 'range_invalid', { days: 366 });
  const settings = await requireSettings(deps.db, args.districtCode);
  const [fields, experts, counts, blocks] = await Promise.all([
    listFields(deps.db, args.districtCode),
    listExperts(deps.db, args.districtCode),
    outcomeCounts(deps.db, args.districtCode, startOfSeoulDay(args.from), endOfSeoulDay(args.to)),
    activeBlocks(deps.db, args.districtCode, args.from, args.to),
  ]);
  // Every slot of the grid in the period, as if none were taken and the period had not begun.
  const grid = freeSlots({
    from: args.from, to: args.to, now: new Date(startOfSeoulDay(args.from).getTime() - 1),
    rules: { ...settings, minNoticeDays: 0, horizonDays: 400 }, blocks, taken: new Set(),
    experts: experts.map((e) => ({ id: e.id, weekdays: new Set(e.weekdays) })),
  });
  const slotsOf = new Map<number, number>();
  for (const s of grid) slotsOf.set(s.expertId, (slotsOf.get(s.expertId) ?? 0) + 1);
  const total = empty();
  const byField = new Map(fields.map((f) => [f.code, empty()]));
  const byExpert = new Map(experts.map((e) => [e.id, empty()]));
  for (const c of counts) {
    add(total, c);
    if (!byField.has(c.fieldCode)) byField.set(c.fieldCode, empty());
    add(byField.get(c.fieldCode)!, c);
    if (!byExpert.has(c.expertId)) byExpert.set(c.expertId, empty());
    add(byExpert.get(c.expertId)!, c);
  }
  const slots = grid.length;
  return {
    from: args.from,
    to: args.to,
    total: { ...withRate(total), slots, utilisation: slots ? total.bookings / slots : null },
    byField: [...byField].map(([code, f]) => ({
      ...withRate(f), fieldCode: code, name: fields.find((x) => x.code === code)?.name ?? { ko: code, en: code },
      share: total.bookings ? f.bookings / total.bookings : null,
    })),
    byExpert: [...byExpert].map(([id, f]) => {
      const n = slotsOf.get(id) ?? 0;
      return { ...withRate(f), expertId: id, name: experts.find((e) => e.id === id)?.name ?? '', slots: n, utilisation: n ? f.bookings / n : null };
    }),
  };
}
