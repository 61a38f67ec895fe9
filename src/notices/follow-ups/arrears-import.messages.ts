import { defineMessages } from '../../platform/i18n/i18n.ts';

// Why an arrears file is refused (the problems listed with it name the lines).

export const arrearsImportMessages = defineMessages({
  file_rejected: { ko: '체납 파일을 가져오지 않았습니다. 아래 오류를 고쳐 주세요.', en: 'The arrears file was not imported: fix the problems listed.' },
  unknown_notices: { ko: '체납 파일에 이 구의 고지서가 아닌 고지번호가 있습니다.', en: 'The arrears file names notices this district never issued.' },
});
