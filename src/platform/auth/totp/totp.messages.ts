import { defineMessages } from '../../i18n/i18n.ts';

// The second factor (two-step verification) in both languages: one's own
// page under "My account", the code step of the sign-in, the district's
// rule and the administrator's reset on the staff pages, and the refusals
// (AppError codes are the keys where they are errors).

export const secondFactorMessages = defineMessages({
  // one's own page
  sf_nav: { ko: '2단계 인증', en: 'Two-step verification' },
  sf_title: { ko: '2단계 인증', en: 'Two-step verification' },
  sf_intro: {
    ko: '2단계 인증을 켜면 로그인할 때 비밀번호와 함께 휴대전화 인증 앱(예: 구글 OTP, 마이크로소프트 인증 앱)이 만드는 6자리 코드를 입력합니다. 비밀번호가 새어 나가도 다른 사람이 로그인할 수 없습니다.',
    en: 'With two-step verification, you enter a 6-digit code from an authenticator app on your phone (for example Google Authenticator or Microsoft Authenticator) after your password when you sign in. Someone who learns your password still cannot sign in.',
  },
  sf_required_notice: {
    ko: '{district}는 관리자가 2단계 인증을 반드시 쓰도록 정했습니다. 설정을 마쳐야 콘솔의 다른 화면을 쓸 수 있습니다.',
    en: '{district} requires administrators to use two-step verification. Finish setting it up to use the rest of the console.',
  },
  sf_scan_title: { ko: '1. 인증 앱으로 QR 코드를 찍으세요', en: '1. Scan the QR code with your authenticator app' },
  sf_qr_alt: { ko: '인증 앱에 {username} 계정을 추가하는 QR 코드', en: 'QR code that adds the account {username} to an authenticator app' },
  sf_manual: {
    ko: 'QR 코드를 찍을 수 없으면 앱에서 "설정 키 입력"을 고르고 아래 키를 입력하세요. 종류는 "시간 기준"입니다.',
    en: 'If you cannot scan the code, choose "Enter a set-up key" in the app and type the key below. The type is "time-based".',
  },
  sf_key_label: { ko: '설정 키', en: 'Set-up key' },
  sf_account_label: { ko: '계정 이름', en: 'Account name' },
  sf_confirm_title: { ko: '2. 앱에 나온 6자리 코드를 입력하세요', en: '2. Enter the 6-digit code the app shows' },
  code_label: { ko: '인증 코드', en: 'Code' },
  code_hint: { ko: '인증 앱에 나온 6자리 숫자입니다. 예: 123456', en: 'The 6 digits your authenticator app shows. For example, 123456' },
  sf_turn_on: { ko: '2단계 인증 켜기', en: 'Turn on two-step verification' },
  sf_turned_on: {
    ko: '2단계 인증을 켰습니다. 다음 로그인부터 비밀번호 뒤에 인증 코드를 입력합니다.',
    en: 'Two-step verification is on. From your next sign-in, you enter a code after your password.',
  },
  recovery_title: { ko: '복구 코드', en: 'Recovery codes' },
  recovery_intro: {
    ko: '휴대전화를 쓸 수 없을 때 인증 코드 대신 입력하는 코드입니다. 각 코드는 한 번만 쓸 수 있습니다. 이 화면에서만 보여 드리니 인쇄하거나 안전한 곳에 적어 두세요.',
    en: 'Use one of these instead of a code when you cannot use your phone. Each works once. They are shown only on this page: print them or write them down somewhere safe.',
  },
  recovery_continue: { ko: '복구 코드를 적어 두었습니다', en: 'I have kept my recovery codes' },
  sf_status_on: {
    ko: '2단계 인증이 켜져 있습니다 ({since}부터). 남은 복구 코드: {count}개.',
    en: 'Two-step verification is on (since {since}). Recovery codes left: {count}.',
  },
  sf_off_title: { ko: '2단계 인증 끄기', en: 'Turn off two-step verification' },
  sf_off_hint: {
    ko: '비밀번호와 지금 인증 코드(또는 복구 코드)를 입력하세요. 휴대전화를 바꿀 때는 끈 뒤 새 휴대전화로 다시 켜세요.',
    en: 'Enter your password and a current code (or a recovery code). When you change phones, turn it off and set it up again on the new phone.',
  },
  sf_turn_off: { ko: '2단계 인증 끄기', en: 'Turn off two-step verification' },
  regen_title: { ko: '새 복구 코드 만들기', en: 'Make new recovery codes' },
  regen_hint: {
    ko: '복구 코드를 다 썼거나 잃어버렸거나 다른 사람이 봤다면 새로 만드세요. 지금까지의 복구 코드는 모두 더 이상 쓸 수 없습니다. 확인을 위해 비밀번호나 지금 인증 코드 중 하나를 입력하세요.',
    en: 'If you have used up or lost your recovery codes, or someone else has seen them, make new ones. Every earlier recovery code stops working. To confirm it is you, enter your password or a current code.',
  },
  regen_submit: { ko: '새 복구 코드 만들기', en: 'Make new recovery codes' },
  regen_proof_required: { ko: '비밀번호나 인증 코드 중 하나를 입력해 주세요', en: 'Enter your password or a code' },
  regen_not_on: {
    ko: '2단계 인증이 꺼져 있어 바꿀 복구 코드가 없습니다. 먼저 2단계 인증을 켜세요',
    en: 'Two-step verification is off, so there are no recovery codes to replace. Turn it on first',
  },
  recovery_regenerated: {
    ko: '새 복구 코드를 만들었습니다. 지금까지의 복구 코드는 더 이상 쓸 수 없습니다.',
    en: 'New recovery codes are ready. Your earlier recovery codes no longer work.',
  },
  sf_turned_off: { ko: '2단계 인증을 껐습니다.', en: 'Two-step verification is off.' },
  sf_required_cannot_turn_off: {
    ko: '{district}는 관리자가 2단계 인증을 쓰도록 정했으므로 끌 수 없습니다. 휴대전화를 바꿨다면 다른 관리자에게 2단계 인증 초기화를 요청하세요.',
    en: '{district} requires administrators to use two-step verification, so you cannot turn it off. If you changed phones, ask another administrator to reset your two-step verification.',
  },
  password_label: { ko: '비밀번호', en: 'Password' },
  password_required: { ko: '비밀번호를 입력해 주세요', en: 'Enter your password' },
  password_wrong: { ko: '비밀번호가 맞지 않습니다', en: 'The password is not right' },
  code_required: { ko: '인증 코드를 입력해 주세요', en: 'Enter the code' },
  code_malformed: { ko: '인증 코드는 6자리 숫자로 입력해 주세요', en: 'Enter the code as 6 digits' },
  code_wrong: {
    ko: '인증 코드가 맞지 않습니다. 앱에 지금 나온 코드를 입력해 주세요. 계속 틀리면 휴대전화의 시간이 자동으로 맞춰지는지 확인해 주세요',
    en: 'The code is not right. Enter the code the app shows now. If it keeps failing, check that your phone sets its time automatically',
  },
  code_replayed: {
    ko: '이 코드는 이미 쓰였습니다. 앱에 새 코드가 나오면 그 코드를 입력해 주세요',
    en: 'This code has been used already. Wait for the app to show a new code and enter that one',
  },
  code_or_recovery_wrong: {
    ko: '인증 코드나 복구 코드가 맞지 않습니다. 앱에 지금 나온 코드를 입력해 주세요',
    en: 'The code or recovery code is not right. Enter the code the app shows now',
  },
  enrolment_expired: {
    ko: '설정이 다른 곳에서 바뀌었습니다. 이 화면의 새 QR 코드로 다시 설정해 주세요',
    en: 'The set-up was changed elsewhere. Set it up again with the new QR code on this page',
  },

  // the sign-in's second step
  code_step_title: { ko: '인증 코드 입력', en: 'Enter your code' },
  code_step_intro: {
    ko: '{username} 계정은 2단계 인증을 씁니다. 인증 앱에 나온 6자리 코드를 입력하세요.',
    en: 'The account {username} uses two-step verification. Enter the 6-digit code your authenticator app shows.',
  },
  code_step_label: { ko: '인증 코드 또는 복구 코드', en: 'Code or recovery code' },
  code_step_hint: {
    ko: '인증 앱의 6자리 숫자. 휴대전화가 없으면 복구 코드(예: abcde-fghjk)를 입력하세요.',
    en: 'The 6 digits from your authenticator app. Without your phone, enter a recovery code (for example abcde-fghjk).',
  },
  code_step_submit: { ko: '확인하고 로그인', en: 'Check the code and sign in' },
  code_step_lost_phone: {
    ko: '휴대전화와 복구 코드를 모두 잃어버렸다면 구청 관리자에게 2단계 인증 초기화를 요청하세요.',
    en: 'If you have lost your phone and your recovery codes, ask your district’s administrator to reset your two-step verification.',
  },
  start_again: { ko: '아이디와 비밀번호부터 다시 입력', en: 'Start again with your username and password' },
  login_challenge_expired: {
    ko: '로그인 확인 시간이 지났거나 이미 끝났습니다. 아이디와 비밀번호부터 다시 입력해 주세요.',
    en: 'This sign-in has expired or was completed already. Start again with your username and password.',
  },
  second_factor_required: {
    ko: '이 계정은 2단계 인증을 씁니다. 아이디와 비밀번호와 함께 인증 앱의 6자리 코드도 보내 주세요.',
    en: 'This account uses two-step verification: send the 6-digit code from the authenticator app with the username and password.',
  },
  second_factor_failed: {
    ko: '인증 코드가 맞지 않거나 이미 쓰인 코드입니다. 앱에 지금 나온 코드로 다시 시도해 주세요.',
    en: 'The code is not right or has been used already. Try again with the code the app shows now.',
  },
  second_factor_enrolment_required: {
    ko: '{district}는 관리자가 2단계 인증을 쓰도록 정했습니다. 먼저 콘솔의 "2단계 인증" 화면에서 설정해 주세요.',
    en: '{district} requires administrators to use two-step verification. Set it up first on the console’s "Two-step verification" page.',
  },
  check_throttled: {
    ko: '비밀번호나 인증 코드가 여러 번 틀렸습니다. 보안을 위해 {minutes}분 뒤에 다시 시도해 주세요.',
    en: 'The password or code was wrong too many times. For security, try again in {minutes} minute(s).',
  },

  // the staff pages (administrators)
  col_second_factor: { ko: '2단계 인증', en: 'Two-step verification' },
  sf_on: { ko: '켜짐', en: 'On' },
  sf_off: { ko: '꺼짐', en: 'Off' },
  rule_title: { ko: '관리자 2단계 인증', en: 'Two-step verification for administrators' },
  rule_hint: {
    ko: '켜면 이 구의 관리자는 2단계 인증을 설정해야 콘솔을 쓸 수 있습니다. 설정하지 않은 관리자는 로그인한 뒤 설정 화면으로 안내됩니다.',
    en: 'When this is on, administrators of this district must set up two-step verification before they can use the console; one who has not is taken to the set-up page after signing in.',
  },
  rule_missing: { ko: '아직 설정하지 않은 관리자: {names}', en: 'Administrators who have not set it up yet: {names}' },
  rule_label: { ko: '관리자는 2단계 인증을 반드시 쓴다', en: 'Administrators must use two-step verification' },
  rule_save: { ko: '저장', en: 'Save' },
  done_rule_on: { ko: '이제 관리자는 2단계 인증을 반드시 써야 합니다.', en: 'Administrators must now use two-step verification.' },
  done_rule_off: { ko: '관리자의 2단계 인증이 선택 사항으로 바뀌었습니다.', en: 'Two-step verification is now optional for administrators.' },
  done_rule_same: { ko: '설정이 이미 그렇게 되어 있어 바꾼 것이 없습니다.', en: 'The setting was that already; nothing changed.' },
  reset_title: { ko: '2단계 인증 초기화', en: 'Reset two-step verification' },
  reset_hint: {
    ko: '휴대전화를 잃어버렸거나 바꿨을 때 씁니다. 지금 인증 앱과 복구 코드는 더 이상 쓸 수 없고, 이 직원은 모든 기기에서 로그아웃됩니다. 그다음 비밀번호만으로 로그인해 다시 설정할 수 있습니다.',
    en: 'For a lost or changed phone. The current authenticator app and recovery codes stop working and the person is signed out everywhere; they sign in with their password alone and can set it up again.',
  },
  reset_submit: { ko: '2단계 인증 초기화', en: 'Reset two-step verification' },
  reset_none: { ko: '이 계정은 2단계 인증을 쓰지 않습니다.', en: 'This account does not use two-step verification.' },
  done_reset: { ko: '{username}의 2단계 인증을 초기화하고 모든 기기에서 로그아웃시켰습니다.', en: 'The two-step verification of {username} was reset, and they were signed out everywhere.' },
  done_reset_none: { ko: '{username}은(는) 2단계 인증을 쓰지 않아 바꾼 것이 없습니다.', en: '{username} had no two-step verification; nothing changed.' },
  own_reset: {
    ko: '자신의 2단계 인증은 여기서 초기화할 수 없습니다. "2단계 인증" 화면에서 끄거나, 다른 관리자에게 요청해 주세요.',
    en: 'You cannot reset your own two-step verification here: turn it off on the "Two-step verification" page, or ask another administrator.',
  },
});

export type SecondFactorMessageKey = keyof typeof secondFactorMessages.catalogue;
