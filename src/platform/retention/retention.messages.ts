import { defineMessages } from '../i18n/i18n.ts';

// What the retention purge tells its operator when it refuses.

export const retentionMessages = defineMessages({
  district_not_found: {
    ko: '구 코드 "{code}"에 해당하는 구가 없습니다. 코드를 확인하거나 taxstation district add로 구를 추가하세요.',
    en: 'No district has the code "{code}". Check the code, or add the district with taxstation district add.',
  },
});
