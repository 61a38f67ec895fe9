import { defineMessages } from '../../platform/i18n/i18n.ts';

// The console's start page.

export const consoleHomeMessages = defineMessages({
  console_title: { ko: '{district} 세무 업무', en: '{district} tax console' },
  console_you: { ko: '로그인한 직원', en: 'Signed in' },
  console_district: { ko: '구', en: 'District' },
  console_staff: { ko: '직원', en: 'Staff member' },
  console_role: { ko: '역할', en: 'Role' },
  console_counts: { ko: '현황', en: 'At a glance' },
  count_taxpayers: { ko: '납세자', en: 'Taxpayers' },
  count_notices: { ko: '고지서', en: 'Notices' },
  count_roll_imports: { ko: '과세자료 가져오기', en: 'Roll imports' },
  recent_imports: { ko: '최근 과세자료 가져오기', en: 'Recent roll imports' },
});
