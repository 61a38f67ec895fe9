import { defineMessages } from '../i18n/i18n.ts';

// The district settings page and the platform's own section of it: the
// district's names, office phone and logo.

export const districtSettingsMessages = defineMessages({
  nav: { ko: '구 설정', en: 'District settings' },
  title: { ko: '구 설정', en: 'District settings' },
  intro: {
    ko: '{district}의 이름, 로고, 연락처, 발송 방법과 상담 시간입니다. 저장하면 다시 시작하지 않아도 모든 서버와 발송 프로세스에 바로 적용됩니다. 바꾼 내용은 누가 무엇을 바꿨는지 감사 기록에 남습니다.',
    en: 'The names, logo, contacts, sending rules and desk hours of {district}. What you save applies at once in every server and delivery process, without a restart. Each change is kept in the audit log with who made it and what it was before.',
  },
  contents: { ko: '이 페이지의 설정', en: 'Settings on this page' },
  save_section: { ko: '{section} 저장', en: 'Save {section}' },
  saved: { ko: '{section} 설정을 저장했습니다. 지금부터 모든 프로세스에 적용됩니다.', en: 'The {section} settings were saved. They apply from now on in every process.' },
  saved_nothing: { ko: '{section} 설정에 바뀐 것이 없습니다. 아무것도 저장하지 않았습니다.', en: 'Nothing in the {section} settings changed; nothing was saved.' },
  unknown_section: { ko: '그런 설정 항목이 없습니다.', en: 'There is no such settings section.' },

  // the platform's section: names, office phone
  section_district: { ko: '구 정보', en: 'District' },
  section_district_intro: {
    ko: '콘솔 머리글과 주민에게 가는 모든 안내에 쓰는 이름, 연락처가 바뀌었다는 안내에 적는 전화번호, 종이 고지서에 적는 세무과 주소입니다.',
    en: 'The names the console header and every message to residents use, the number residents are told to call when their contact details change, and the tax office’s address paper notices print.',
  },
  name_ko: { ko: '한국어 이름', en: 'Korean name' },
  name_ko_hint: { ko: '예: 마포구', en: 'For example 마포구' },
  name_en: { ko: '영어 이름', en: 'English name' },
  name_en_hint: { ko: '예: Mapo-gu', en: 'For example Mapo-gu' },
  office_phone: { ko: '세무과 대표 전화번호', en: 'Tax office telephone number' },
  office_phone_hint: { ko: '숫자와 하이픈, 예: 02-3153-8114. 비워 두면 안내에 “세무부서”라고만 적습니다.', en: 'Digits and hyphens, for example 02-3153-8114. Leave it empty and messages name the tax department instead.' },
  office_address: { ko: '세무과 주소', en: 'Tax office address' },
  office_address_hint: {
    ko: '종이 고지서와 인쇄 화면에 세무과 이름 아래 한 줄로 적습니다. 예: 서울특별시 마포구 월드컵로 212 (우 03937). 비워 두면 주소를 적지 않습니다.',
    en: 'Printed on one line under the tax office’s name on paper notices and the print page, for example 서울특별시 마포구 월드컵로 212 (우 03937). Leave it empty and no address is printed.',
  },
  office_address_invalid: { ko: '주소는 한 줄로 200자 이내로 써 주세요.', en: 'Enter the address on one line, in 200 characters or fewer.' },
  name_required: { ko: '이름을 1~100자로 써 주세요.', en: 'Enter a name of 1 to 100 characters.' },
  office_phone_invalid: { ko: '전화번호는 숫자와 하이픈으로 7~20자로 써 주세요 (예: 02-3153-8114).', en: 'Enter the number as digits and hyphens, 7 to 20 characters (for example 02-3153-8114).' },
  invalid: { ko: '이 값은 쓸 수 없습니다. 안내를 보고 고쳐 주세요.', en: 'This value cannot be used; correct it as the hint says.' },

  // the logo
  logo_title: { ko: '로고', en: 'Logo' },
  logo_intro: {
    ko: '콘솔 머리글에 구 이름 앞에 보입니다. .png 또는 .svg 그림, {kb}KB 이하, 가로세로 {px}픽셀 이하. .svg 그림은 스크립트와 외부 참조를 지우고 저장합니다.',
    en: 'Shown before the district’s name in the console header. A PNG or SVG of at most {kb} KB and {px} pixels a side. An SVG is stored without scripts and outside references.',
  },
  logo_current: { ko: '지금 로고', en: 'Current logo' },
  logo_alt: { ko: '{district} 로고', en: '{district} logo' },
  logo_none: { ko: '로고가 없습니다. 머리글에는 이름만 보입니다.', en: 'There is no logo; the header shows the name only.' },
  logo_file: { ko: '로고 파일', en: 'Logo file' },
  logo_upload: { ko: '로고 올리기', en: 'Upload logo' },
  logo_remove: { ko: '로고 지우기', en: 'Remove logo' },
  logo_saved: { ko: '로고를 저장했습니다.', en: 'The logo was saved.' },
  logo_removed: { ko: '로고를 지웠습니다.', en: 'The logo was removed.' },
  logo_missing: { ko: '올릴 .png 또는 .svg 그림 파일을 골라 주세요.', en: 'Choose a PNG or SVG file to upload.' },
  logo_too_large: { ko: '로고 파일은 {kb}KB 이하여야 합니다. 더 작게 저장해서 다시 올려 주세요.', en: 'The logo must be at most {kb} KB; save it smaller and upload it again.' },
  logo_not_image: { ko: '.png 또는 .svg 그림 파일이 아닙니다. 그 형식으로 저장해서 올려 주세요.', en: 'This is not a PNG or SVG file; save the logo as PNG or SVG and upload it again.' },
  logo_too_wide: { ko: '로고는 가로세로 {px}픽셀 이하여야 합니다. 크기를 줄여서 올려 주세요.', en: 'The logo must be at most {px} pixels a side; resize it and upload it again.' },
  logo_svg_unsafe: {
    ko: '이 .svg 그림에는 그림으로 쓸 수 없는 내용(문서형 선언, 외부 엔티티)이 있거나 그릴 것이 남지 않습니다. 그림 편집기에서 일반 .svg 형식으로 다시 저장해 주세요.',
    en: 'This SVG holds what an image may not (a document type declaration or entity) or nothing drawable is left of it; export it again as a plain SVG from your drawing program.',
  },

  // sign-in security (staff_security_settings, the platform's)
  section_sign_in: { ko: '로그인 보안', en: 'Sign-in security' },
  section_sign_in_intro: {
    ko: '관리자 계정에 2단계 인증(인증 앱의 6자리 코드)을 요구하는지입니다. 요구하면 2단계 인증을 켜지 않은 관리자는 다음 로그인 때 먼저 켜야 합니다.',
    en: 'Whether the district’s administrators must use two-step verification (a 6-digit code from an authenticator app). When it is required, an administrator without it must turn it on at the next sign-in.',
  },
  require_admin_totp_now: { ko: '관리자 2단계 인증', en: 'Two-step verification for administrators' },
  require_admin_totp_on: { ko: '반드시 씁니다', en: 'Required' },
  require_admin_totp_off: { ko: '각자 고릅니다', en: 'Each administrator’s choice' },
  require_admin_totp_change: { ko: '직원 관리 페이지에서 바꾸기 (누가 켰는지도 볼 수 있습니다)', en: 'Change it on the Staff page (which also shows who has turned it on)' },
});

export type DistrictSettingsMessageKey = Parameters<typeof districtSettingsMessages.t>[1];
