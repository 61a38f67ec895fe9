import { internalNotesSection } from '../../platform/data-export/data-export.section.ts';
import { defineMessages } from '../../platform/i18n/i18n.ts';
import { formatSeoulTime } from '../../platform/web/format.ts';
import { internalNotesOfTaxpayer } from './transcripts-export.repository.ts';

// The desk's second part of a taxpayer's data export: the notes agents wrote
// in the taxpayer's conversations, never shown to the resident in the chat;
// a section of its own, marked internal, apart from what was said.

const messages = defineMessages({
  section_title: { ko: '상담원 내부 메모 (구청 내부 기록)', en: 'Desk agents’ internal notes (the office’s internal record)' },
  conversation: { ko: '상담 채팅 {id}', en: 'Conversation {id}' },
});

export const deskInternalNotesSection = internalNotesSection({
  id: 'desk_internal_notes',
  title: messages.both('section_title'),
  read: (ctx) => internalNotesOfTaxpayer(ctx.q, ctx.districtCode, ctx.taxpayerId),
  entry: (ctx, n) => ({ title: messages.t(ctx.locale, 'conversation', { id: n.conversationId }), fields: [[formatSeoulTime(ctx.locale, new Date(n.at)), n.text]] }),
});
