import { defineMessages } from '../i18n/i18n.ts';

export const webMessages = defineMessages({
  service_name: { ko: '택스스테이션', en: 'Tax Station' },
  skip_to_content: { ko: '본문 바로가기', en: 'Skip to main content' },
  // KRDS masthead (top of every page) and identifier (footer)
  official_site: { ko: '이 누리집은 대한민국 공식 전자정부 누리집입니다.', en: 'This is an official e-government website of the Republic of Korea.' },
  site_identifier: { ko: '이 누리집은 {operator} 누리집입니다.', en: 'This website is run by {operator}.' },
  site_operator: { ko: '{district} 세무과', en: 'the {district} tax office' },
  site_operator_any: { ko: '구청 세무과', en: 'district tax offices' },
  // KRDS step indicator
  steps_label: { ko: '진행 단계', en: 'Steps' },
  step_number: { ko: '{n}단계', en: 'Step {n}' },
  step_current: { ko: '현재 단계', en: 'Current step' },
  step_done: { ko: '완료', en: 'Done' },
  language: { ko: '언어', en: 'Language' },
  error_prefix: { ko: '오류', en: 'Error' },
  error_summary_title: { ko: '입력한 내용에 문제가 있습니다', en: 'There is a problem' },
  footer_text: {
    ko: '택스스테이션은 구청 세무과가 운영하는 오픈 소스 서비스입니다. 개인정보는 암호화되어 보관됩니다.',
    en: 'Tax Station is an open-source service run by district tax offices. Personal data is stored encrypted.',
  },
  footer_accessibility: { ko: '이 서비스는 웹 접근성 지침(WCAG 2.2 AA)을 따릅니다.', en: 'This service follows the accessibility guidelines WCAG 2.2 AA.' },
  staff_nav: { ko: '직원 메뉴', en: 'Staff menu' },
  console: { ko: '업무 화면', en: 'Console' },
  signed_in_as: { ko: '{name} ({role})', en: '{name} ({role})' },
  back_home: { ko: '처음 화면으로', en: 'Go to the start page' },
  error_reference: { ko: '문의하실 때 알려 주실 번호', en: 'Reference to quote if you contact us' },
  error_line: { ko: '{line}행', en: 'line {line}' },
  error_page_help: { ko: '문제가 계속되면 구청 세무과로 연락해 주세요.', en: 'If the problem continues, contact your district tax office.' },
  // landing
  landing_title: { ko: '언제나 열려 있는 구청 세무 창구', en: 'A district tax office that never closes' },
  landing_lead: {
    ko: '택스스테이션은 지방세 고지서를 카카오톡, 문자, 이메일로 확실히 전해 드리고, 24시간 세무 상담과 안내를 제공합니다.',
    en: 'Tax Station delivers local-tax notices by KakaoTalk, text message and e-mail, and offers tax advice and guidance 24 hours a day.',
  },
  landing_what_title: { ko: '할 수 있는 일', en: 'What you can do here' },
  landing_districts: { ko: '참여하는 구', en: 'Participating districts' },
  landing_no_districts: { ko: '아직 등록된 구가 없습니다.', en: 'No district has been set up yet.' },
  landing_staff: { ko: '구청 직원이신가요?', en: 'Are you district staff?' },
  landing_staff_link: { ko: '직원 로그인', en: 'Staff sign in' },
});
