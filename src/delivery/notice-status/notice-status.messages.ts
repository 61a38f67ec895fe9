import { defineMessages } from '../../platform/i18n/i18n.ts';

// What the notice status API says, in Korean and English.

export const noticeStatusMessages = defineMessages({
  // API errors
  notice_not_found: { ko: '{year}년 고지번호 {no}을(를) 찾을 수 없습니다.', en: 'No notice {no} of {year} in your district.' },
});
