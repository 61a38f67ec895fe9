import type { TaxpayerExportRegistry } from '../platform/data-export/data-export.section.ts';
import { taxpayerContactsSection, taxpayerExportSubject, taxpayerIdentitySection } from '../taxpayers/taxpayer-export.ts';
import { contactChecksSection, contactHistorySection } from '../hygiene/taxpayer-record/taxpayer-record.export.ts';
import { noticesAndDeliverySection } from '../delivery/messages/messages.export.ts';
import { deskConversationsSection } from '../desk/transcripts/transcripts.export.ts';
import { deskInternalNotesSection } from '../desk/transcripts/internal-notes.export.ts';
import { refundApplicationsSection } from '../guide/refund-applications/refund.export.ts';
import { consultationBookingsSection } from '../consultations/booking/booking.export.ts';
import { consultationExpertNotesSection } from '../consultations/booking/expert-notes.export.ts';

// What a taxpayer's data export (platform/data-export, /console/taxpayers/:id/export)
// gathers, in this order: each domain that keeps something of the taxpayer's
// own offers a section; platform names none of them. A domain that starts
// keeping such data adds its section here. Notes staff keep about the
// taxpayer are theirs too: they come last, each domain's in a section marked
// internal.

export const taxpayerExportRegistry: TaxpayerExportRegistry = {
  subject: taxpayerExportSubject, // taxpayers: who it is, within the official's district
  sections: [
    taxpayerIdentitySection, // taxpayers: number, name, date of birth, identification key, address
    taxpayerContactsSection, // taxpayers: mobile, e-mail, e-notice choices
    contactHistorySection, // hygiene: every audited contact change
    contactChecksSection, // hygiene: the contact checks that hold
    noticesAndDeliverySection, // delivery (with notices): notices, messages and their timelines
    deskConversationsSection, // desk: conversations linked to the taxpayer
    refundApplicationsSection, // guide: refund applications on their notices
    consultationBookingsSection, // consultations: bookings made with a contact on their record
    // The office's own working notes about the taxpayer, last and marked internal:
    deskInternalNotesSection, // desk: agents' notes in the conversations linked to the taxpayer
    consultationExpertNotesSection, // consultations: experts' private notes on those bookings
  ],
};
