import { defineMessages } from '../i18n/i18n.ts';

export const metricsMessages = defineMessages({
  metrics_disabled: {
    ko: '지표(/metrics)가 꺼져 있습니다. TAXSTATION_METRICS_TOKEN을 설정하면 켜집니다.',
    en: 'Metrics (/metrics) are off. Set TAXSTATION_METRICS_TOKEN to turn them on.',
  },
  metrics_token_required: {
    ko: '지표를 읽으려면 Authorization: Bearer 헤더에 TAXSTATION_METRICS_TOKEN 값을 보내야 합니다.',
    en: 'Reading metrics needs the TAXSTATION_METRICS_TOKEN value in an Authorization: Bearer header.',
  },
});
