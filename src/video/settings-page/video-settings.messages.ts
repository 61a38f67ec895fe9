import { defineMessages } from '../../platform/i18n/i18n.ts';

// The video room settings page (/console/video/settings), in Korean and English.

export const videoSettingsMessages = defineMessages({
  title: { ko: '화상 상담실 설정', en: 'Video room settings' },
  lead: { ko: '화상 상담실이 상담 시작 몇 분 전에 열릴지 정합니다. 주민과 세무사는 그때부터 들어와 기다릴 수 있습니다.', en: 'How many minutes before a consultation starts its video room opens. The resident and the tax accountant can come in and wait from then.' },
  open_before: { ko: '상담 시작 전 여는 시간(분)', en: 'Open before the start (minutes)' },
  open_before_hint: { ko: '0에서 60 사이의 숫자. 기본은 10분입니다.', en: 'A number from 0 to 60. The default is 10.' },
  open_before_invalid: { ko: '0에서 60 사이의 숫자를 입력하세요.', en: 'Enter a number from 0 to 60.' },
  save: { ko: '저장', en: 'Save' },
  saved: { ko: '저장했습니다.', en: 'Saved.' },
  admins_only: { ko: '설정은 관리자만 바꿀 수 있습니다.', en: 'Only administrators can change the settings.' },
});
