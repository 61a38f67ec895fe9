import { defineMessages } from '../i18n/i18n.ts';

export const authMessages = defineMessages({
  login_title: { ko: '직원 로그인', en: 'Staff sign in' },
  login_intro: { ko: '구청 세무 담당 직원만 로그인할 수 있습니다. 주민께서는 로그인하지 않아도 됩니다.', en: 'For district tax staff only. Residents do not need to sign in.' },
  username: { ko: '아이디', en: 'Username' },
  username_hint: { ko: '예: gangnam.official', en: 'For example, gangnam.official' },
  password: { ko: '비밀번호', en: 'Password' },
  sign_in: { ko: '로그인', en: 'Sign in' },
  sign_out: { ko: '로그아웃', en: 'Sign out' },
  username_required: { ko: '아이디를 입력해 주세요', en: 'Enter your username' },
  password_required: { ko: '비밀번호를 입력해 주세요', en: 'Enter your password' },
  login_failed: { ko: '아이디 또는 비밀번호가 맞지 않습니다. 다시 입력해 주세요.', en: 'The username or password is not right. Enter them again.' },
  login_throttled: {
    ko: '로그인 실패가 너무 많습니다. 보안을 위해 {minutes}분 뒤에 다시 시도해 주세요. 비밀번호가 기억나지 않으면 관리자에게 문의해 주세요.',
    en: 'Too many failed sign-in attempts. For security, try again in {minutes} minute(s). If you have forgotten your password, ask your administrator.',
  },
  csrf_failed: { ko: '보안 확인에 실패했습니다. 페이지를 새로 고친 뒤 다시 시도해 주세요.', en: 'The security check failed. Reload the page and try again.' },
  wrong_district: { ko: '다른 구의 자료는 볼 수 없습니다.', en: 'You cannot see another district’s data.' },
  role_forbidden: { ko: '이 작업은 {roles} 역할만 할 수 있습니다.', en: 'Only these roles may do this: {roles}.' },
  session_required: { ko: '로그인이 필요합니다. 다시 로그인해 주세요.', en: 'Please sign in (again).' },
  signed_out: { ko: '로그아웃했습니다.', en: 'You have signed out.' },
  // the timeout warning on console pages; {minutes} is filled in by the page's script
  session_timeout_warning: {
    ko: '한동안 사용하지 않아 {minutes}분 뒤에 로그아웃됩니다. 계속 일하려면 "로그인 유지"를 누르세요.',
    en: 'You have not used the console for a while: you will be signed out in {minutes} minute(s). To keep working, choose "Stay signed in".',
  },
  session_stay: { ko: '로그인 유지', en: 'Stay signed in' },
  session_extended: { ko: '로그인이 유지됩니다.', en: 'You are still signed in.' },
  session_timed_out: {
    ko: '한동안 사용하지 않아 보안을 위해 로그아웃되었습니다. 저장하지 않은 내용이 있다면 다시 로그인한 뒤 입력해 주세요.',
    en: 'For security, you have been signed out because the console was not used for a while. Sign in again to carry on; anything not saved must be entered again.',
  },
  sign_in_again: { ko: '다시 로그인', en: 'Sign in again' },
});
