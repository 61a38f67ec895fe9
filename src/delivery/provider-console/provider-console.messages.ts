import { defineMessages } from '../../platform/i18n/i18n.ts';

// Everything the providers page says, in Korean and English.

export const providerConsoleMessages = defineMessages({
  nav_providers: { ko: '발송 사업자', en: 'Messaging providers' },
  title: { ko: '발송 사업자 상태', en: 'Messaging providers' },
  intro: {
    ko: 'TAXSTATION_PROVIDERS에 설정된 사업자마다 읽기 전용 점검 결과, 채널별 대체 순서, 지난 24시간의 실패 원인을 보여 줍니다. 점검 결과는 1분 동안 다시 씁니다.',
    en: 'For each provider set in TAXSTATION_PROVIDERS: the result of its read-only check, the failover order per channel, and the causes of failed attempts over the last 24 hours. Check results are reused for a minute.',
  },
  none_configured: {
    ko: 'TAXSTATION_PROVIDERS가 설정되지 않아 내장 시뮬레이터로 발송합니다. 실제 사업자를 연결하는 방법은 docs/providers.md에 있습니다.',
    en: 'TAXSTATION_PROVIDERS is not set: messages go to the built-in simulator. docs/providers.md tells how to connect a real provider.',
  },
  config_invalid: {
    ko: 'TAXSTATION_PROVIDERS 설정을 읽을 수 없습니다. 시스템 관리자에게 `taxstation providers check` 실행을 요청하세요.',
    en: 'The TAXSTATION_PROVIDERS setting cannot be read. Ask your system administrator to run `taxstation providers check`.',
  },
  checked_at: { ko: '점검 시각: {time}.', en: 'Checked at {time}.' },
  health_title: { ko: '사업자별 상태', en: 'Health of each provider' },
  col_provider: { ko: '사업자', en: 'Provider' },
  col_service: { ko: '서비스', en: 'Service' },
  col_channel: { ko: '채널', en: 'Channel' },
  col_health: { ko: '상태', en: 'Health' },
  col_findings: { ko: '점검 내용', en: 'What the check found' },
  health_ok: { ko: '정상', en: 'Working' },
  health_problem: { ko: '문제 있음', en: 'Problem' },
  failover_title: { ko: '채널별 대체 순서', en: 'Failover order per channel' },
  failover_intro: {
    ko: '엔진은 채널마다 우선순위가 가장 앞선 정상 사업자를 쓰고, 그 사업자가 실패하거나 느려지면 다음 사업자로 넘어갑니다.',
    en: 'For each channel the engine uses the healthy provider first in this order, and moves to the next when it fails or slows down.',
  },
  failover_item: { ko: '{n}순위: {name} (우선순위 값 {priority})', en: '{n}. {name} (priority {priority})' },
  errors_title: { ko: '지난 24시간 실패 원인', en: 'Causes of failure over the last 24 hours' },
  errors_none: { ko: '지난 24시간 동안 실패한 발송이 없습니다.', en: 'No failed attempts in the last 24 hours.' },
  errors_sentence: { ko: '{provider}: {cause} — {count}건', en: '{provider}: {cause} — {count} failed' },
  service_kakao_gateway: { ko: '자체 게이트웨이 (카카오톡)', en: 'Our own gateway (KakaoTalk)' },
  service_sms_gateway: { ko: '자체 게이트웨이 (문자)', en: 'Our own gateway (text)' },
  service_smtp: { ko: 'SMTP 메일 중계 서버', en: 'SMTP mail relay' },
  service_nhn_sms: { ko: 'NHN Cloud SMS', en: 'NHN Cloud SMS' },
  service_nhn_alimtalk: { ko: 'NHN Cloud 알림톡', en: 'NHN Cloud AlimTalk' },
  service_sens_sms: { ko: '네이버 클라우드 SENS SMS', en: 'Naver Cloud SENS SMS' },
  service_sens_alimtalk: { ko: '네이버 클라우드 SENS 알림톡', en: 'Naver Cloud SENS AlimTalk' },
});

export type ProviderConsoleMessageKey = Parameters<typeof providerConsoleMessages.t>[1];
