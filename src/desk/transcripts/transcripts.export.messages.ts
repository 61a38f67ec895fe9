import { defineMessages } from '../../platform/i18n/i18n.ts';

// The desk's labels in a taxpayer's data export (PDF).

export const transcriptExportMessages = defineMessages({
  section_title: { ko: '상담 채팅', en: 'Live desk conversations' },
  conversation_title: { ko: '상담 {id} · {when}', en: 'Conversation {id} · {when}' },
  source_web: { ko: '누리집 채팅', en: 'web chat' },
  source_messenger: { ko: '메신저', en: 'messenger' },
  through: { ko: '경로', en: 'Through' },
  closed: { ko: '종료', en: 'Closed' },
  contents: { ko: '내용', en: 'Contents' },
  open: { ko: '진행 중', en: 'Still open' },
  author_resident: { ko: '납세자', en: 'Taxpayer' },
  author_agent: { ko: '상담원', en: 'Agent' },
  author_system: { ko: '안내', en: 'Desk' },
  file: { ko: '첨부 {name} ({type}, {size}바이트)', en: 'File {name} ({type}, {size} bytes)' },
  file_purged: { ko: '첨부파일 (보존 기간이 지나 삭제됨)', en: 'File (removed after the retention period)' },
  transcript_purged: { ko: '보존 기간이 지나 대화 내용을 삭제했습니다({date}).', en: 'The conversation was removed after the retention period ({date}).' },
  rating: { ko: '만족도', en: 'Rating' },
  rating_value: { ko: '5점 중 {rating}점{comment}', en: '{rating} of 5{comment}' },
});

export type TranscriptExportMessageKey = keyof typeof transcriptExportMessages.catalogue;
