import { defineMessages } from '../../platform/i18n/i18n.ts';

export const selfServiceMessages = defineMessages({
  // the start page's link to this service
  service_title: { ko: '연락처 변경', en: 'Update your contact details' },
  service_description: {
    ko: '전자고지를 받는 휴대전화 번호나 이메일이 바뀌었다면 본인 확인 뒤 바꿀 수 있습니다.',
    en: 'If the mobile number or e-mail address for your electronic notices has changed, change it here after we check who you are.',
  },
  // start page
  start_title: { ko: '연락처 변경 링크 받기', en: 'Get a link to update your contact details' },
  start_lead: {
    ko: '전자고지를 받는 휴대전화 번호나 이메일이 바뀌었다면, 본인 확인 후 카카오톡으로 개인 링크를 보내 드립니다.',
    en: 'If the mobile number or e-mail address for your electronic notices has changed, we will send a personal link to your KakaoTalk after checking who you are.',
  },
  field_district: { ko: '구', en: 'District' },
  field_who: { ko: '납세자번호 또는 이름', en: 'Taxpayer number or name' },
  field_who_hint: { ko: '고지서에 적힌 납세자번호나, 고지서에 적힌 대로의 이름', en: 'The taxpayer number on your notice, or your name as it appears on the notice' },
  field_dob: { ko: '생년월일', en: 'Date of birth' },
  field_dob_hint: { ko: '예: 1980 3 27', en: 'For example, 1980 3 27' },
  dob_year: { ko: '년', en: 'Year' },
  dob_month: { ko: '월', en: 'Month' },
  dob_day: { ko: '일', en: 'Day' },
  start_submit: { ko: '링크 보내기', en: 'Send me a link' },
  err_district: { ko: '구를 선택하세요.', en: 'Select your district.' },
  err_who: { ko: '납세자번호 또는 이름을 입력하세요.', en: 'Enter your taxpayer number or name.' },
  err_dob: { ko: '생년월일을 년, 월, 일 숫자로 입력하세요 (예: 1980 3 27).', en: 'Enter your date of birth as year, month and day in numbers (for example, 1980 3 27).' },
  sent_title: { ko: '요청을 받았습니다', en: 'We have your request' },
  sent_body: {
    ko: '입력한 정보가 전자고지를 신청한 납세자와 일치하면, 몇 분 안에 카카오톡으로 연락처 변경 링크가 도착합니다. 링크는 24시간 동안 한 번만 쓸 수 있습니다.',
    en: 'If the details match a taxpayer registered for electronic notices, a link to update the contact details arrives on KakaoTalk within a few minutes. The link works once, for 24 hours.',
  },
  sent_next: {
    ko: '링크가 오지 않으면 구청 세무과에 전화하거나 택스스테이션 상담 창구에서 직원에게 요청하세요.',
    en: 'If no link arrives, call your district tax office or ask a member of staff at the Tax Station desk.',
  },
  // link states
  link_invalid_title: { ko: '이 링크는 사용할 수 없습니다', en: 'This link does not work' },
  link_invalid: {
    ko: '링크 주소가 올바르지 않습니다. 받은 메시지의 링크를 그대로 열었는지 확인하거나, 새 링크를 요청하세요.',
    en: 'The link address is not right. Check that you opened the link exactly as it was in your message, or ask for a new link.',
  },
  link_expired_title: { ko: '링크의 사용 기간이 지났습니다', en: 'This link has expired' },
  link_expired: { ko: '보안을 위해 링크는 정해진 기간에만 쓸 수 있습니다. 새 링크를 요청하세요.', en: 'For your security, links only work for a limited time. Ask for a new link.' },
  link_used_title: { ko: '이미 사용한 링크입니다', en: 'This link has already been used' },
  link_used: {
    ko: '이 링크로 연락처 변경을 이미 마쳤습니다. 링크는 한 번만 쓸 수 있습니다. 다시 바꾸려면 새 링크를 요청하세요.',
    en: 'Your contact details were already updated with this link. Links work only once. To change them again, ask for a new link.',
  },
  link_locked_title: { ko: '링크가 잠겼습니다', en: 'This link is locked' },
  link_locked: {
    ko: '생년월일이 5번 틀려 보안을 위해 이 링크를 잠갔습니다. 연락처는 바뀌지 않았습니다. 새 링크를 요청하세요.',
    en: 'The date of birth was wrong 5 times, so this link is locked for your security. Nothing was changed. Ask for a new link.',
  },
  ask_new_link: { ko: '새 링크 요청하기', en: 'Ask for a new link' },
  session_title: { ko: '다시 본인 확인이 필요합니다', en: 'Please confirm who you are again' },
  session_gone: {
    ko: '확인한 지 30분이 지났거나 다른 브라우저에서 열었습니다. 입력한 변경 내용은 저장되지 않았습니다. 생년월일을 다시 입력하세요.',
    en: 'More than 30 minutes have passed, or the page was opened in another browser. Nothing was saved. Enter your date of birth again.',
  },
  start_again: { ko: '생년월일 다시 입력하기', en: 'Enter your date of birth again' },
  rate_limited_title: { ko: '요청이 너무 많습니다', en: 'Too many requests' },
  rate_limited: { ko: '잠시 뒤 ({minutes}분 후) 다시 시도하세요. 아무것도 바뀌지 않았습니다.', en: 'Try again in {minutes} minutes. Nothing was changed.' },
  // date of birth
  dob_title: { ko: '연락처 변경: 본인 확인', en: 'Update your contact details: confirm it is you' },
  dob_lead: { ko: '전자고지 연락처를 바꾸기 전에 생년월일로 본인을 확인합니다.', en: 'Before you change the contact details for your electronic notices, we check your date of birth.' },
  continue: { ko: '계속', en: 'Continue' },
  err_dob_wrong: {
    ko: '생년월일이 맞지 않습니다. {left}번 더 시도할 수 있습니다.',
    en: 'The date of birth does not match. You have {left} more tries.',
  },
  // contacts
  contacts_title: { ko: '연락처와 받는 방법', en: 'Your contact details and how you get notices' },
  current_details: { ko: '지금 등록된 연락처', en: 'Contact details we have now' },
  mobile: { ko: '휴대전화', en: 'Mobile number' },
  email: { ko: '이메일', en: 'E-mail address' },
  none: { ko: '없음', en: 'None' },
  new_mobile: { ko: '새 휴대전화 번호 (바꿀 때만)', en: 'New mobile number (only if it has changed)' },
  new_mobile_hint: { ko: '010으로 시작하는 번호. 이 번호로 인증번호를 보냅니다.', en: 'A number starting 010. We will send a confirmation code to it.' },
  new_email: { ko: '새 이메일 주소 (바꿀 때만)', en: 'New e-mail address (only if it has changed)' },
  new_email_hint: { ko: '이 주소로 인증번호를 보냅니다.', en: 'We will send a confirmation code to it.' },
  channels: { ko: '전자고지를 받을 방법', en: 'How you want to get electronic notices' },
  channels_hint: { ko: '해당하는 것을 모두 선택하세요.', en: 'Select all that apply.' },
  channel_kakao: { ko: '카카오톡', en: 'KakaoTalk' },
  channel_sms: { ko: '문자 메시지', en: 'Text message' },
  channel_email: { ko: '이메일', en: 'E-mail' },
  err_mobile_dead: {
    ko: '011, 016, 017, 018, 019 번호는 2023년 6월 30일로 모두 서비스가 끝났습니다. 010 번호를 입력하세요.',
    en: 'Numbers starting 011, 016, 017, 018 or 019 are no longer in service (since 30 June 2023). Enter your 010 number.',
  },
  err_mobile: { ko: '휴대전화 번호를 010-1234-5678처럼 입력하세요.', en: 'Enter a mobile number like 010-1234-5678.' },
  err_email: { ko: '이메일 주소를 name@example.kr처럼 입력하세요.', en: 'Enter an e-mail address like name@example.kr.' },
  err_sms_needs_mobile: { ko: '문자로 받으려면 휴대전화 번호를 입력하세요.', en: 'To get text messages, enter a mobile number.' },
  err_email_needs_email: { ko: '이메일로 받으려면 이메일 주소를 입력하세요.', en: 'To get e-mails, enter an e-mail address.' },
  err_kakao_needs_contact: { ko: '카카오톡으로 받으려면 휴대전화 번호를 입력하세요.', en: 'To get KakaoTalk messages, enter a mobile number.' },
  err_nothing_changed: { ko: '바뀐 내용이 없습니다. 새 번호나 주소를 입력하거나 받는 방법을 바꾸세요.', en: 'You have not changed anything. Enter a new number or address, or change how you get notices.' },
  // codes
  code_title: { ko: '인증번호 입력', en: 'Enter the confirmation code' },
  code_lead: { ko: '새 연락처가 맞는지 확인하려고 6자리 인증번호를 보냈습니다. 인증번호는 5분 동안 유효합니다.', en: 'We sent a 6-digit code to check the new contact details are right. Codes work for 5 minutes.' },
  code_for_mobile: { ko: '{to}(으)로 보낸 인증번호', en: 'Code sent to {to}' },
  code_for_email: { ko: '{to}(으)로 보낸 인증번호', en: 'Code sent to {to}' },
  code_hint: { ko: '숫자 6자리', en: '6 digits' },
  code_confirmed: { ko: '{to}: 확인됨', en: '{to}: confirmed' },
  code_resend: { ko: '인증번호 다시 보내기', en: 'Send new codes' },
  code_resent: { ko: '새 인증번호를 보냈습니다. 이전 인증번호는 더 이상 쓸 수 없습니다.', en: 'We sent new codes. Earlier codes no longer work.' },
  err_code_format: { ko: '인증번호 숫자 6자리를 입력하세요.', en: 'Enter the 6-digit code.' },
  err_code_wrong: { ko: '인증번호가 맞지 않습니다. {left}번 더 시도할 수 있습니다.', en: 'The code is not right. You have {left} more tries.' },
  err_code_expired: { ko: '인증번호의 유효 시간(5분)이 지났습니다. 인증번호를 다시 받으세요.', en: 'The code has expired (codes work for 5 minutes). Send a new code.' },
  err_code_exhausted: { ko: '인증번호를 5번 틀렸습니다. 인증번호를 다시 받으세요.', en: 'The code was wrong 5 times. Send a new code.' },
  // check answers
  check_title: { ko: '변경 내용을 확인하세요', en: 'Check your answers before saving' },
  check_unchanged: { ko: '바꾸지 않음 ({value})', en: 'Not changed ({value})' },
  check_change: { ko: '바꾸기', en: 'Change' },
  check_warning: { ko: '저장하면 앞으로 고지서는 이 연락처로 보냅니다.', en: 'When you save, notices will be sent to these contact details from now on.' },
  save: { ko: '저장하기', en: 'Save my contact details' },
  err_not_confirmed: { ko: '새 연락처를 인증번호로 먼저 확인하세요.', en: 'Confirm the new contact details with the code first.' },
  err_nothing_prepared: {
    ko: '먼저 새 연락처나 고지서를 받을 방법을 입력하고 계속을 누르세요. 아직 아무것도 저장하지 않았습니다.',
    en: 'First enter your new contact details or how you want to get notices, then press Continue. Nothing has been saved yet.',
  },
  // done
  done_title: { ko: '연락처를 바꿨습니다', en: 'Your contact details have been updated' },
  done_reference: { ko: '접수번호', en: 'Your reference number' },
  done_next_title: { ko: '다음에 일어나는 일', en: 'What happens next' },
  done_next: { ko: '앞으로 전자고지는 새 연락처로 보냅니다. 문의할 때 접수번호를 알려 주세요.', en: 'From now on, electronic notices go to your new contact details. Quote your reference number if you contact us.' },
  done_resent: {
    ko: '전달되지 못한 이번 고지서 {count}건을 새 연락처로 다시 보내고 있습니다. 종이 고지서를 기다리지 않아도 됩니다.',
    en: 'We are sending {count} notice(s) of this season that did not reach you again to your new contact details, so you do not have to wait for a paper notice.',
  },
  done_link_spent: { ko: '이 링크는 이제 쓸 수 없습니다.', en: 'This link no longer works.' },
});

export type SelfServiceMessageKey = keyof typeof selfServiceMessages.catalogue;
