import { defineMessages } from '../platform/i18n/i18n.ts';

// The desk's staff menu, shown on the live console and on every desk staff
// page (desk-console.layout.ts).

export const deskConsoleMessages = defineMessages({
  nav_label: { ko: '상담 창구 메뉴', en: 'Live desk menu' },
  nav_live: { ko: '상담 창구', en: 'Live desk' },
  nav_dashboard: { ko: '상담 현황', en: 'Dashboard' },
  nav_canned: { ko: '준비된 답변', en: 'Canned answers' },
  nav_offline: { ko: '남긴 메시지', en: 'Offline messages' },
});

export type DeskConsoleMessageKey = keyof typeof deskConsoleMessages.catalogue;
