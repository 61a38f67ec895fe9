import { defineMessages } from '../i18n/i18n.ts';

// Staff accounts and districts created and changed from the command line,
// and the set-up link's page. The command line prints the English text; the
// page reads in the visitor's language.

export const staffAdminMessages = defineMessages({
  // refusals (AppError codes are the keys)
  district_code_invalid: {
    ko: '구 코드 "{code}"는 쓸 수 없습니다. 영문 소문자로 시작하고 소문자, 숫자, 하이픈만 2~31자로 써 주세요 (예: gangnam).',
    en: 'The district code "{code}" is not valid: start with a lower-case letter, then 1 to 30 lower-case letters, digits or hyphens (for example gangnam).',
  },
  district_name_invalid: {
    ko: '구 이름은 1~100자로 써 주세요 ({field}).',
    en: 'A district name must be 1 to 100 characters ({field}).',
  },
  district_exists_other_names: {
    ko: '구 코드 "{code}"는 이미 다른 이름({ko} / {en})으로 있습니다. 아무것도 바꾸지 않았습니다.',
    en: 'The district "{code}" already exists with other names ({ko} / {en}); nothing was changed.',
  },
  district_unknown: {
    ko: '구 코드 "{code}"인 구가 없습니다. 먼저 "taxstation district add {code}"로 만들어 주세요.',
    en: 'There is no district "{code}". Create it first with "taxstation district add {code} --name-ko … --name-en …".',
  },
  username_invalid: {
    ko: '아이디 "{username}"는 쓸 수 없습니다. 영문 소문자, 숫자, 점, 밑줄, 하이픈만 3~64자로 써 주세요.',
    en: 'The username "{username}" is not valid: use 3 to 64 lower-case letters, digits, dots, underscores or hyphens.',
  },
  role_unknown: {
    ko: '"{role}" 역할은 없습니다. 다음 중 하나를 쓰세요: {roles}.',
    en: 'There is no role "{role}". Use one of: {roles}.',
  },
  username_taken_elsewhere: {
    ko: '아이디 "{username}"는 이미 다른 구에서 쓰고 있습니다. 다른 아이디를 골라 주세요. 아무것도 바꾸지 않았습니다.',
    en: 'The username "{username}" is already taken in another district; choose another. Nothing was changed.',
  },
  username_taken_other_role: {
    ko: '아이디 "{username}"는 이 구에 이미 {role} 역할로 있습니다. 역할은 콘솔에서 바꿔 주세요. 아무것도 바꾸지 않았습니다.',
    en: 'The username "{username}" already exists in this district with the role {role}; change roles in the console. Nothing was changed.',
  },
  staff_unknown: {
    ko: '구 "{district}"에 아이디 "{username}"인 직원이 없습니다.',
    en: 'There is no staff account "{username}" in the district "{district}".',
  },
  staff_disabled: {
    ko: '아이디 "{username}"는 사용 중지되었습니다. 사용 중지된 계정에는 설정 링크를 보낼 수 없습니다.',
    en: 'The account "{username}" is disabled; a disabled account gets no set-up link.',
  },
  staff_not_found: { ko: '이 구에 그런 직원 계정이 없습니다.', en: 'There is no such staff account in your district.' },
  own_account: {
    ko: '자신의 역할은 바꾸거나 자신의 계정을 사용 중지할 수 없습니다. 다른 관리자에게 요청해 주세요.',
    en: 'You cannot change your own role or disable your own account; ask another administrator.',
  },
  reason_invalid: { ko: '사유는 3~500자로 써 주세요.', en: 'Give a reason of 3 to 500 characters.' },
  on_off_invalid: { ko: '"{value}"는 쓸 수 없습니다. on(켜기) 또는 off(끄기)로 써 주세요.', en: '"{value}" is not valid: write on or off.' },

  // the set-up page
  setup_title: { ko: '비밀번호 정하기', en: 'Choose your password' },
  setup_intro: {
    ko: '{district} 세무 직원 계정 "{username}"의 비밀번호를 정해 주세요. 이 링크는 한 번만 쓸 수 있으며 {expires}까지 유효합니다.',
    en: 'Choose the password of your {district} tax staff account "{username}". This link works once, until {expires}.',
  },
  username: { ko: '아이디', en: 'Username' },
  new_password: { ko: '새 비밀번호', en: 'New password' },
  password_rule: {
    ko: '12자 이상으로 정해 주세요. 서로 관계없는 낱말 서너 개를 이으면 기억하기 쉽고 안전합니다. 흔하거나 유출된 적 있는 비밀번호, 키보드 배열(qwerty 등), 반복, 아이디나 구 이름이 들어간 비밀번호는 받지 않습니다.',
    en: 'Use at least 12 characters. Three or four unrelated words make a password that is easy to remember and hard to guess. Common or breached passwords, keyboard patterns (such as qwerty), repeats, and passwords containing your username or the district’s name are refused.',
  },
  confirm_password: { ko: '새 비밀번호 확인', en: 'Confirm the new password' },
  save_and_sign_in: { ko: '비밀번호 저장하고 로그인', en: 'Save the password and sign in' },
  password_required: { ko: '새 비밀번호를 입력해 주세요', en: 'Enter a new password' },
  password_too_short: { ko: '비밀번호를 12자 이상으로 정해 주세요', en: 'Use at least 12 characters' },
  password_too_long: { ko: '비밀번호를 256자 이하로 정해 주세요', en: 'Use at most 256 characters' },
  password_common: {
    ko: '너무 흔하거나 유출된 적 있는 비밀번호와 비슷합니다. 서로 관계없는 낱말 몇 개를 이어 보세요',
    en: 'This password is too close to a common or breached one. Try a few unrelated words',
  },
  password_personal: {
    ko: '아이디나 구 이름이 들어간 비밀번호는 쓸 수 없습니다',
    en: 'Do not use your username or the district’s name in the password',
  },
  password_pattern: {
    ko: '키보드 배열, 반복, 날짜처럼 짐작하기 쉬운 비밀번호입니다. 서로 관계없는 낱말 몇 개를 이어 보세요',
    en: 'This password is easy to guess (a keyboard pattern, a repeat or a date). Try a few unrelated words',
  },
  password_weak: {
    ko: '짐작하기 쉬운 비밀번호입니다. 더 길게 하거나 서로 관계없는 낱말을 더해 보세요',
    en: 'This password is easy to guess. Make it longer or add unrelated words',
  },
  confirm_required: { ko: '새 비밀번호를 한 번 더 입력해 주세요', en: 'Enter the new password again' },
  confirm_mismatch: { ko: '두 비밀번호가 같지 않습니다', en: 'The two passwords are not the same' },
  link_invalid_title: { ko: '이 링크는 쓸 수 없습니다', en: 'This link cannot be used' },
  link_invalid: {
    ko: '설정 링크가 만료되었거나, 이미 사용되었거나, 새 링크로 바뀌었습니다. 구청 관리자에게 새 링크를 요청해 주세요.',
    en: 'This set-up link has expired, has been used already or was replaced by a newer one. Ask your district’s administrator for a new link.',
  },
  go_to_sign_in: { ko: '로그인 페이지로', en: 'Go to the sign-in page' },

  // the console: staff administration (admins) and one's own password (everyone)
  staff_title: { ko: '직원 관리', en: 'Staff' },
  staff_nav: { ko: '직원 관리', en: 'Staff' },
  staff_intro: {
    ko: '{district}의 직원 계정입니다. 새 직원은 이메일로 받은 설정 링크에서 비밀번호를 정합니다. 모든 변경은 사유와 함께 감사 기록에 남습니다.',
    en: 'The staff accounts of {district}. New staff choose their password through a set-up link they receive by e-mail. Every change is kept in the audit log with its reason.',
  },
  col_name: { ko: '이름 (아이디)', en: 'Name (username)' },
  col_role: { ko: '역할', en: 'Role' },
  col_status: { ko: '상태', en: 'Status' },
  col_last_sign_in: { ko: '마지막 로그인', en: 'Last sign-in' },
  col_actions: { ko: '관리', en: 'Actions' },
  status_active: { ko: '사용 중', en: 'Active' },
  status_waiting: { ko: '비밀번호 설정 대기', en: 'Waiting for a password' },
  status_disabled: { ko: '사용 중지', en: 'Disabled' },
  never: { ko: '없음', en: 'Never' },
  you: { ko: '(나)', en: '(you)' },
  invite_title: { ko: '직원 초대', en: 'Invite a member of staff' },
  invite_username_hint: { ko: '영문 소문자, 숫자, 점, 밑줄, 하이픈 3~64자. 예: mapo.kim', en: '3 to 64 lower-case letters, digits, dots, underscores or hyphens. For example, mapo.kim' },
  display_name: { ko: '이름', en: 'Name' },
  email: { ko: '이메일 주소', en: 'E-mail address' },
  email_hint: { ko: '설정 링크를 보낼 주소입니다. 주소는 이 메일을 보내는 데만 쓰고 계정에 저장하지 않습니다.', en: 'Where the set-up link is sent. The address is used for this e-mail only and not stored with the account.' },
  reason: { ko: '사유', en: 'Reason' },
  reason_hint: { ko: '감사 기록에 남습니다. 예: 신규 발령, 요청 번호 42', en: 'Kept in the audit log. For example: new posting, request 42' },
  send_invitation: { ko: '초대 이메일 보내기', en: 'Send the invitation' },
  change_role: { ko: '역할 바꾸기', en: 'Change role' },
  new_role: { ko: '새 역할', en: 'New role' },
  reset_title: { ko: '비밀번호 초기화', en: 'Reset password' },
  reset_hint: { ko: '지금 비밀번호와 모든 로그인이 무효가 되고, 새 설정 링크를 이 주소로 보냅니다.', en: 'The current password and every session stop working; a new set-up link is sent to this address.' },
  disable: { ko: '사용 중지', en: 'Disable' },
  disable_hint: { ko: '이 계정은 더 이상 로그인할 수 없고, 열려 있는 로그인도 끝납니다.', en: 'The account can no longer sign in; its open sessions end.' },
  manage_account: { ko: '{name} 관리', en: 'Manage {name}' },
  done_invited: { ko: '{username}에게 설정 링크를 이메일로 보냈습니다.', en: 'A set-up link was e-mailed to {username}.' },
  done_exists: { ko: '{username} 계정이 이미 같은 역할로 있어 바꾼 것이 없습니다. 링크를 다시 보내려면 비밀번호 초기화를 쓰세요.', en: '{username} exists already with this role; nothing changed. To send a new link, use Reset password.' },
  done_role: { ko: '{username}의 역할을 바꿨습니다.', en: 'The role of {username} was changed.' },
  done_role_same: { ko: '{username}은(는) 이미 그 역할이라 바꾼 것이 없습니다.', en: '{username} has that role already; nothing changed.' },
  done_reset: { ko: '{username}의 비밀번호를 초기화하고 새 설정 링크를 이메일로 보냈습니다.', en: 'The password of {username} was reset and a new set-up link e-mailed.' },
  done_disabled: { ko: '{username} 계정을 사용 중지했습니다.', en: 'The account {username} was disabled.' },
  done_disabled_already: { ko: '{username} 계정은 이미 사용 중지되어 있어 바꾼 것이 없습니다.', en: '{username} was disabled already; nothing changed.' },
  email_invalid: { ko: '올바른 이메일 주소를 입력해 주세요 (예: name@gangnam.go.kr)', en: 'Enter a valid e-mail address (for example name@gangnam.go.kr)' },
  role_required: { ko: '역할을 골라 주세요', en: 'Choose a role' },

  password_title: { ko: '내 비밀번호 바꾸기', en: 'Change my password' },
  password_nav: { ko: '내 비밀번호', en: 'My password' },
  current_password: { ko: '지금 비밀번호', en: 'Current password' },
  current_password_wrong: { ko: '지금 비밀번호가 맞지 않습니다', en: 'The current password is not right' },
  password_check_throttled: {
    ko: '지금 비밀번호가 여러 번 틀렸습니다. 보안을 위해 {minutes}분 뒤에 다시 시도해 주세요. 비밀번호가 기억나지 않으면 관리자에게 초기화를 요청하세요',
    en: 'The current password was wrong too many times. For security, try again in {minutes} minute(s). If you have forgotten it, ask an administrator to reset it',
  },
  password_unchanged: { ko: '지금과 다른 비밀번호를 정해 주세요', en: 'Choose a password different from the current one' },
  change_password: { ko: '비밀번호 바꾸기', en: 'Change the password' },
  done_password: { ko: '비밀번호를 바꿨습니다. 다른 곳의 로그인은 끝났습니다.', en: 'Your password was changed. Your sessions elsewhere have ended.' },
});

export type StaffAdminMessageKey = keyof typeof staffAdminMessages.catalogue;
