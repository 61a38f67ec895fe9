import { internalNotesSection } from '../../platform/data-export/data-export.section.ts';
import { defineMessages } from '../../platform/i18n/i18n.ts';
import { formatSeoulTime } from '../../platform/web/format.ts';
import { bookingPageMessages } from '../booking-pages/booking-pages.messages.ts';
import { expertNotesOfTaxpayer } from './booking-export.repository.ts';

// Consultations' second part of a taxpayer's data export: the private notes
// experts kept on the taxpayer's bookings, never shown to the resident; a
// section of its own, marked internal, apart from the bookings.

const messages = defineMessages({
  section_title: { ko: '상담 전문가 비공개 메모 (구청 내부 기록)', en: 'Experts’ private notes (the office’s internal record)' },
  note: { ko: '메모', en: 'Note' },
});

export const consultationExpertNotesSection = internalNotesSection({
  id: 'consultation_expert_notes',
  title: messages.both('section_title'),
  read: (ctx) => expertNotesOfTaxpayer(ctx.q, ctx.cipher, ctx.districtCode, ctx.taxpayerId),
  entry: (ctx, n) => {
    const t = (key: Parameters<typeof bookingPageMessages.t>[1]) => bookingPageMessages.t(ctx.locale, key);
    return {
      title: `${t('row_reference')} ${n.reference}`,
      fields: [
        [t('row_field'), n.field[ctx.locale]],
        [t('row_when'), formatSeoulTime(ctx.locale, new Date(n.slotStart))],
        [messages.t(ctx.locale, 'note'), n.note],
      ],
    };
  },
});
