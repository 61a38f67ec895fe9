import { defineMessages } from '../../platform/i18n/i18n.ts';

// What `taxstation bounce classify` says about a file it cannot read.

export const bounceMessages = defineMessages({
  file_not_found: {
    ko: '파일 {file}이(가) 없습니다. 경로를 확인해 주세요. 다른 파일은 계속 분류했습니다.',
    en: 'There is no file {file}: check the path. The other files were still classified.',
  },
  file_is_directory: {
    ko: '{file}은(는) 폴더입니다. 폴더 안의 메일 파일을 지정해 주세요(예: {file}/*.eml). 다른 파일은 계속 분류했습니다.',
    en: '{file} is a folder: name the mail files in it (e.g. {file}/*.eml). The other files were still classified.',
  },
  file_no_permission: {
    ko: '파일 {file}을(를) 읽을 권한이 없습니다. 파일 권한을 확인하거나 읽을 수 있는 사용자로 실행해 주세요. 다른 파일은 계속 분류했습니다.',
    en: 'No permission to read {file}: check its permissions or run as a user who can read it. The other files were still classified.',
  },
  file_unreadable: {
    ko: '파일 {file}을(를) 읽을 수 없습니다({reason}). 다른 파일은 계속 분류했습니다.',
    en: 'Could not read {file} ({reason}). The other files were still classified.',
  },
});
