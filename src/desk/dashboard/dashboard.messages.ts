import { defineMessages } from '../../platform/i18n/i18n.ts';

// Words of the desk's dashboard page (/console/desk/dashboard).

export const dashboardMessages = defineMessages({
  dashboard_title: { ko: '상담 현황', en: 'Desk dashboard' },
  dashboard_lead: { ko: '{district}의 최근 {days}일 상담입니다. 시간대는 서울 시간입니다.', en: 'Conversations of {district} over the last {days} days. Hours are Seoul time.' },
  period_label: { ko: '기간', en: 'Period' },
  period_days: { ko: '최근 {days}일', en: 'Last {days} days' },
  period_day: { ko: '최근 1일', en: 'Last day' },
  period_show: { ko: '보기', en: 'Show' },
  fig_conversations: { ko: '대화', en: 'Conversations' },
  fig_wait_avg: { ko: '평균 대기 시간', en: 'Average wait for an agent' },
  fig_wait_p90: { ko: '대기 시간 (90%가 이보다 짧음)', en: 'Wait (90% waited less)' },
  fig_handle_avg: { ko: '평균 상담 시간', en: 'Average handling time' },
  fig_handle_p90: { ko: '상담 시간 (90%가 이보다 짧음)', en: 'Handling time (90% took less)' },
  fig_satisfaction: { ko: '만족도 (5점 만점)', en: 'Satisfaction (out of 5)' },
  satisfaction_value: { ko: '{average}점 ({answers}명 응답)', en: '{average} ({answers} answers)' },
  satisfaction_none: { ko: '응답 없음', en: 'No answers' },
  no_data: { ko: '자료 없음', en: 'No data' },
  busiest: { ko: '가장 바쁜 시간대: {hour} ({count}건)', en: 'Busiest hour: {hour} ({count} conversations)' },
  charts_title: { ko: '그래프', en: 'Charts' },
  chart_times: { ko: '대기 시간과 상담 시간', en: 'Waiting and handling time' },
  bar_wait_avg: { ko: '평균 대기', en: 'Average wait' },
  bar_wait_p90: { ko: '대기 (90%)', en: 'Wait, 90%' },
  bar_handle_avg: { ko: '평균 상담', en: 'Average handling' },
  bar_handle_p90: { ko: '상담 (90%)', en: 'Handling, 90%' },
  chart_satisfaction: { ko: '만족도 응답 (점수별)', en: 'Satisfaction answers by rating' },
  chart_hours: { ko: '시간대별 대화 수 (서울 시간)', en: 'Conversations per hour of the day (Seoul time)' },
  chart_empty: { ko: '이 기간에는 자료가 없습니다.', en: 'No data for this period.' },
  col_measure: { ko: '항목', en: 'Measure' },
  col_time: { ko: '시간', en: 'Time' },
  col_rating: { ko: '점수', en: 'Rating' },
  col_answers: { ko: '응답 수', en: 'Answers' },
  col_hour: { ko: '시간대', en: 'Hour' },
  col_conversations: { ko: '대화 수', en: 'Conversations' },
  rating_label: { ko: '{rating}점', en: '{rating} of 5' },
  hour_label: { ko: '{from}시–{to}시', en: '{from}:00–{to}:00' },
  dur_seconds: { ko: '{s}초', en: '{s} s' },
  dur_minutes: { ko: '{m}분 {s}초', en: '{m} min {s} s' },
  dur_hours: { ko: '{h}시간 {m}분', en: '{h} h {m} min' },
});

export type DashboardMessageKey = keyof typeof dashboardMessages.catalogue;
