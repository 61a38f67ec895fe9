import type { ConsultationMessageKey } from '../consultations.messages.ts';

// Where a page shows the engine's refusal: the control it is about (the
// error summary links there), or null for a refusal the page does not
// expect (the platform's error page then says what happened).

const FIELD_OF: Partial<Record<ConsultationMessageKey, string>> = {
  field_not_found: 'field',
  expert_not_found: 'slot',
  field_not_covered: 'slot',
  slot_in_past: 'slot',
  slot_unaligned: 'slot',
  slot_outside_windows: 'slot',
  slot_on_holiday: 'slot',
  expert_not_serving: 'slot',
  slot_too_soon: 'slot',
  slot_beyond_horizon: 'slot',
  slot_blocked: 'slot',
  slot_taken: 'slot',
  override_reason_required: 'override-reason',
  already_booked_in_field: 'contact-value',
  contact_invalid: 'contact-value',
  booking_changed: 'slot',
  booking_not_active: 'slot',
};

export function engineErrorField(code: string): string | null {
  return FIELD_OF[code as ConsultationMessageKey] ?? null;
}

