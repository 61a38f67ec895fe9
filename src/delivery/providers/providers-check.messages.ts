import { defineMessages, type Bilingual } from '../../platform/i18n/i18n.ts';

// What `taxstation providers check` and the providers page say about each
// provider's read-only check, in Korean and English. A finding is a code from
// here with its parameters (names, numbers, template codes; never a key).
// Free text a service or the secret reader gave (English only) is carried in
// {detail} on the English side; the Korean side says the same in its own words.

export const providersCheckMessages = defineMessages({
  // SMTP relay and our own gateway protocol.
  smtp_ok: { ko: '메일 중계 서버({relay})가 응답하고 인사를 받아들입니다.', en: 'The relay {relay} answers and accepts our greeting.' },
  smtp_ok_login: { ko: '메일 중계 서버({relay})가 응답하고 인사와 로그인을 받아들입니다.', en: 'The relay {relay} answers and accepts our greeting and login.' },
  smtp_auth: { ko: '메일 중계 서버({relay})를 쓸 수 없습니다: 사용자 이름이나 비밀번호를 거부했습니다.', en: 'The relay {relay} cannot be used: it refused the user name or password.' },
  smtp_refused: { ko: '메일 중계 서버({relay})를 쓸 수 없습니다: 그 주소에서 기다리는 서버가 없습니다.', en: 'The relay {relay} cannot be used: nothing listens there.' },
  smtp_timeout: { ko: '메일 중계 서버({relay})를 쓸 수 없습니다: 제시간에 응답하지 않았습니다.', en: 'The relay {relay} cannot be used: it did not answer in time.' },
  smtp_no_host: { ko: '메일 중계 서버({relay})를 쓸 수 없습니다: 호스트 이름을 찾을 수 없습니다.', en: 'The relay {relay} cannot be used: the host name does not resolve.' },
  smtp_failed: { ko: '메일 중계 서버({relay})를 쓸 수 없습니다: 연결이 실패했습니다({code}).', en: 'The relay {relay} cannot be used: it failed ({code}).' },
  gateway_form_only: {
    ko: '자체 게이트웨이 규약에는 읽기 전용 호출이 없어 설정의 형식만 점검했습니다.',
    en: 'Our own gateway protocol has no read-only call: only the setting\'s form was checked.',
  },
  secret_unreadable: {
    ko: '{where}의 자격 증명을 읽을 수 없습니다: 설정이 가리키는 환경 변수나 파일에 자격 증명이 들어 있는지 확인하세요.',
    en: '{detail}',
  },
  check_failed: { ko: '점검이 실패했습니다.', en: 'the check failed' },
  // NHN Cloud.
  nhn_keys_work: { ko: '앱 키와 비밀 키가 맞습니다.', en: 'The app key and secret key work.' },
  nhn_number_unregistered: {
    ko: '발신번호({number})가 이 NHN Cloud SMS 프로젝트에 등록되어 있지 않습니다: 콘솔의 발신번호 등록에서 등록하고 승인을 기다리세요.',
    en: 'The calling number {number} is not registered in this NHN Cloud SMS project: register it (Calling Number Registration) and wait for approval.',
  },
  nhn_number_blocked: { ko: '발신번호({number})가 차단되어 있습니다: 콘솔에서 사유를 확인하세요.', en: 'The calling number {number} is blocked: see the console.' },
  nhn_number_blocked_reason: {
    ko: '발신번호({number})가 차단되어 있습니다(사업자가 밝힌 사유: {reason}): 콘솔을 확인하세요.',
    en: 'The calling number {number} is blocked ({reason}): see the console.',
  },
  nhn_number_unapproved: { ko: '발신번호({number})는 등록되었지만 아직 사용 승인이 나지 않았습니다.', en: 'The calling number {number} is registered but not approved for use yet.' },
  nhn_number_ok: { ko: '발신번호({number})가 등록되어 사용 중입니다.', en: 'The calling number {number} is registered and in use.' },
  nhn_no_channel: {
    ko: '이 프로젝트에 이 발신 키를 가진 카카오톡 채널이 없습니다: 콘솔(발신 프로필)에서 발신 키를 다시 복사하세요.',
    en: 'No KakaoTalk channel with this sender key in this project: copy the sender key again from the console (Sender Profile).',
  },
  nhn_channel_YSC01: { ko: '카카오톡 채널이 토큰 인증을 기다리고 있어 아직 보낼 수 없습니다.', en: 'The KakaoTalk channel is waiting for the token to be confirmed: it cannot send yet.' },
  nhn_channel_YSC02: { ko: '카카오톡 채널이 승인을 기다리고 있어 아직 보낼 수 없습니다.', en: 'The KakaoTalk channel is waiting for approval: it cannot send yet.' },
  nhn_channel_YSC04: { ko: '카카오톡 채널이 정지되어 보낼 수 없습니다.', en: 'The KakaoTalk channel is suspended: it cannot send yet.' },
  nhn_channel_YSC05: { ko: '카카오톡 채널이 삭제되어 보낼 수 없습니다.', en: 'The KakaoTalk channel is deleted: it cannot send yet.' },
  nhn_channel_status: { ko: '카카오톡 채널이 {status} 상태라 아직 보낼 수 없습니다.', en: 'The KakaoTalk channel is in status {status}: it cannot send yet.' },
  nhn_channel_ok: { ko: '카카오톡 채널(발신 키)이 서비스 중입니다.', en: 'The KakaoTalk channel (sender key) is in service.' },
  nhn_templates_approved: { ko: '템플릿 {total}개 중 {approved}개가 승인되었습니다.', en: '{approved} of {total} templates are approved.' },
  nhn_template_missing: {
    ko: '템플릿({ours})은 코드 {theirs}로 보내게 되어 있지만 코드가 {theirs}인 템플릿이 없습니다: 등록하세요(README 참고).',
    en: 'Template {ours} is to go out as {theirs}, but no template has that code: register it (see the README).',
  },
  nhn_template_TSC04: {
    ko: '템플릿({ours}, 코드 {theirs})이 아직 승인되지 않았습니다(반려됨: 검수 의견을 확인하세요): 이 템플릿으로 보내면 거부됩니다.',
    en: 'Template {ours} ({theirs}) is not approved yet (rejected: see the review comments): sends with it would be refused.',
  },
  nhn_template_TSC02: {
    ko: '템플릿({ours}, 코드 {theirs})이 아직 승인되지 않았습니다(검수 중): 이 템플릿으로 보내면 거부됩니다.',
    en: 'Template {ours} ({theirs}) is not approved yet (under review): sends with it would be refused.',
  },
  nhn_template_requested: {
    ko: '템플릿({ours}, 코드 {theirs})이 아직 승인되지 않았습니다(검수 요청됨): 이 템플릿으로 보내면 거부됩니다.',
    en: 'Template {ours} ({theirs}) is not approved yet (requested): sends with it would be refused.',
  },
  nhn_credentials: {
    ko: 'NHN Cloud가 자격 증명을 거부했습니다(상태 {status}): 앱 키나 비밀 키가 틀렸거나 이 프로젝트의 것이 아닙니다. 콘솔에서 다시 복사하세요.',
    en: '{detail}',
  },
  nhn_rate_limited: { ko: 'NHN Cloud가 이 키의 호출 횟수를 제한하고 있습니다(429): 잠시 뒤 다시 점검하세요.', en: '{detail}' },
  nhn_unreachable: { ko: 'NHN Cloud에 연결할 수 없거나 제대로 응답하지 않았습니다: 다시 점검하고, 이 서버에서 baseUrl에 접속되는지 확인하세요.', en: '{detail}' },
  nhn_refused: { ko: 'NHN Cloud가 점검 요청을 거부했습니다(상태 {status}): 콘솔에서 프로젝트 설정을 확인하세요.', en: '{detail}' },
  // Naver Cloud SENS.
  sens_unexpected: { ko: '{name}: 점검이 예기치 않게 실패했습니다({kind}).', en: '{name}: the check failed unexpectedly ({kind}).' },
  sens_401: {
    ko: '{name}: SENS가 서명을 거부했습니다(401): 액세스 키나 비밀 키가 틀렸거나, 키가 삭제·비활성화되었거나, 이 서버의 시계가 5분 넘게 어긋나 있습니다.',
    en: '{name}: SENS refused the signature (401): the access key or the secret key is wrong, the key was deleted or disabled, or this server\'s clock is more than 5 minutes off.',
  },
  sens_403: { ko: '{name}: SENS가 이 액세스 키에 서비스 사용을 허용하지 않습니다(403): 키(또는 그 서브 계정)에 SENS 권한을 주세요.', en: '{name}: SENS forbids this access key the service (403): give the key (or its sub-account) permission for SENS.' },
  sens_404: { ko: '{name}: 이 키로는 SENS 서비스({serviceId})를 찾을 수 없습니다(404): SENS 프로젝트에서 서비스 ID를 다시 복사하세요.', en: '{name}: SENS knows no service {serviceId} for this key (404): copy the service id from the SENS project.' },
  sens_429: { ko: '{name}: SENS가 이 키의 호출 횟수를 제한하고 있습니다(429): 1분 뒤 다시 해 보세요.', en: '{name}: SENS is rate limiting this key (429): try again in a minute.' },
  sens_unreachable: {
    ko: '{name}: SENS에 연결할 수 없거나 제대로 응답하지 않았습니다: 다시 해 보고, 이 서버에서 {baseUrl}에 접속되는지 확인하세요.',
    en: '{name}: SENS could not be reached or answered badly ({detail}); try again, and check {baseUrl} is reachable from this server.',
  },
  sens_refused: { ko: '{name}: SENS가 점검 요청을 거부했습니다(상태 {status}).', en: '{name}: {detail}.' },
  sens_lookup_shape: { ko: '{name}: SENS가 조회에 예상과 다른 형태로 응답했습니다: baseUrl 설정({baseUrl})을 확인하세요.', en: '{name}: SENS answered the lookup with an unexpected shape; check baseUrl {baseUrl}.' },
  sens_sms_ok: { ko: '{name}: 키 서명이 올바르고 서비스({serviceId})가 응답합니다.', en: '{name}: the keys sign correctly and service {serviceId} answers.' },
  sens_sms_from: {
    ko: '{name}: SENS에는 발신번호를 조회하는 읽기 전용 호출이 없습니다: 발신번호({from})가 프로젝트의 발신번호로 등록·승인되어 있는지 확인하세요. 그렇지 않으면 모든 발송이 거부됩니다.',
    en: '{name}: SENS has no read-only call for calling numbers: make sure {from} is registered and approved under the project\'s calling numbers, or every send is refused.',
  },
  sens_templates_shape: { ko: '{name}: SENS가 템플릿 목록에 예상과 다른 형태로 응답했습니다: baseUrl 설정({baseUrl})을 확인하세요.', en: '{name}: SENS answered the template list with an unexpected shape; check baseUrl {baseUrl}.' },
  sens_no_templates: {
    ko: '{name}: 채널 {channel}에 이 서비스의 템플릿이 없습니다: plusFriendId와 채널이 비즈메시지 서비스에 연결되어 있는지 확인하고 템플릿을 등록하세요(README, "Connecting Naver Cloud SENS").',
    en: '{name}: channel {channel} has no templates in this service: check plusFriendId, that the channel is linked to the Biz Message service, and register the templates (README, "Connecting Naver Cloud SENS").',
  },
  sens_templates_count: { ko: '{name}: 키 서명이 올바릅니다. 채널 {channel}에 템플릿이 {count}개 있습니다.', en: '{name}: the keys sign correctly; channel {channel} has {count} template(s).' },
  sens_template_missing: {
    ko: '{name}: 템플릿({code}, {usedFor}용)이 등록되어 있지 않습니다: 등록하거나 templateCodes에서 우리 코드를 여러분의 코드에 연결하세요.',
    en: '{name}: template {code} (for {usedFor}) is not registered: register it, or map our code to yours in templateCodes.',
  },
  sens_template_REG: {
    ko: '{name}: 템플릿({code}, {usedFor}용)이 승인되지 않았습니다: 등록만 되고 검수 요청은 되지 않았습니다. 카카오가 승인할 때까지 이 템플릿의 메시지는 거부됩니다.',
    en: '{name}: template {code} (for {usedFor}) is not approved: it is registered but not submitted for inspection; messages under it are refused until Kakao approves it.',
  },
  sens_template_REQ: {
    ko: '{name}: 템플릿({code}, {usedFor}용)이 승인되지 않았습니다: 카카오가 검수 중입니다. 승인될 때까지 이 템플릿의 메시지는 거부됩니다.',
    en: '{name}: template {code} (for {usedFor}) is not approved: it is under inspection by Kakao; messages under it are refused until Kakao approves it.',
  },
  sens_template_REJ: {
    ko: '{name}: 템플릿({code}, {usedFor}용)이 승인되지 않았습니다: 카카오가 반려했습니다. 승인될 때까지 이 템플릿의 메시지는 거부됩니다.',
    en: '{name}: template {code} (for {usedFor}) is not approved: it is rejected by Kakao; messages under it are refused until Kakao approves it.',
  },
  sens_template_state: {
    ko: '{name}: 템플릿({code}, {usedFor}용)이 승인되지 않았습니다: {state} 상태입니다. 카카오가 승인할 때까지 이 템플릿의 메시지는 거부됩니다.',
    en: '{name}: template {code} (for {usedFor}) is not approved: it is in state {state}; messages under it are refused until Kakao approves it.',
  },
  sens_all_approved: { ko: '{name}: 우리가 쓰는 템플릿이 모두 승인되었습니다.', en: '{name}: every template we send under is approved.' },
});

export type ProvidersCheckMessageKey = Parameters<typeof providersCheckMessages.t>[1];

/** One finding in both languages, from the catalogue. */
export function finding(key: ProvidersCheckMessageKey, vars?: Record<string, string | number>): Bilingual {
  return providersCheckMessages.both(key, vars);
}

/** A credential that cannot be read: the reader's message (names the place, never a value) in English, the entry in Korean. */
export function secretFinding(error: unknown): Bilingual {
  const detail = error instanceof Error ? error.message.replace(/^TAXSTATION_PROVIDERS: /, '') : '';
  if (!detail) return finding('check_failed');
  return finding('secret_unreadable', { detail, where: detail.split(':')[0]! });
}
