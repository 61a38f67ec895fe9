import type { TaxpayerExportSection } from '../../platform/data-export/data-export.section.ts';
import { defineMessages } from '../../platform/i18n/i18n.ts';
import { formatSeoulTime } from '../../platform/web/format.ts';
import { bookingPageMessages } from '../booking-pages/booking-pages.messages.ts';
import { bookingsOfTaxpayer } from './booking-export.repository.ts';

// Consultations' part of a taxpayer's data export: the bookings made with a
// contact on their record (see booking-export.repository.ts for the link).

const exportMessages = defineMessages({
  section_title: { ko: '세무 상담 예약', en: 'Tax consultations' },
});

type PageKey = Parameters<typeof bookingPageMessages.t>[1];

export const consultationBookingsSection: TaxpayerExportSection = {
  id: 'consultations',
  title: exportMessages.both('section_title'),
  async collect(ctx) {
    const t = (key: PageKey) => bookingPageMessages.t(ctx.locale, key);
    const bookings = await bookingsOfTaxpayer(ctx.q, ctx.cipher, ctx.districtCode, ctx.taxpayerId);
    return {
      data: bookings,
      entries: bookings.map((b) => {
        const topic = (b.questionnaire as { topic?: unknown } | null)?.topic;
        return {
          title: `${t('row_reference')} ${b.reference}`,
          fields: [
            [t('row_field'), b.field[ctx.locale]],
            [t('row_when'), formatSeoulTime(ctx.locale, new Date(b.slotStart))],
            [t('row_state'), t(`state_${b.state}` as PageKey)],
            [t('row_name'), b.name],
            [t('row_contact'), b.contact],
            [t('row_topic'), typeof topic === 'string' ? topic : ''],
          ],
        };
      }),
    };
  },
};
