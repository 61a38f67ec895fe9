import type { Bilingual } from '../../platform/i18n/i18n.ts';

// The out-of-hours message of a district that has not written its own
// (desk_settings).

export const DEFAULT_OUT_OF_HOURS: Bilingual = {
  ko: '지금은 상담 시간이 아닙니다. 평일 09:00–18:00(공휴일 제외)에 다시 찾아 주시거나, 메시지를 남겨 주시면 문자나 이메일로 답변을 보내 드립니다.',
  en: 'The desk is closed now. Come back on a working day between 09:00 and 18:00 (closed on public holidays), or leave a message and we will send you the answer by text message or e-mail.',
};
