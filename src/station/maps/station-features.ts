import type { Bilingual } from '../../platform/i18n/i18n.ts';

// What a zone of the station opens: one of the residents' features, at its
// own page for the district (the page the zone's panel shows), or nothing.
// The paths are the features' own (each answered by its routes; the text
// mode's test follows every link). A zone without a binding of its own gets
// a default: by its id in the default map, else by its kind (the object's
// type in Tiled), else none.

export const FEATURES = ['booking', 'video', 'lectures', 'board', 'calendar', 'refund', 'booths', 'faq', 'desk', 'search', 'none'] as const;
export type Feature = (typeof FEATURES)[number];

export const FEATURE_NAMES: Record<Feature, Bilingual> = {
  booking: { ko: '상담 예약', en: 'Book a consultation' },
  video: { ko: '내 화상 상담 입장', en: 'Join my video consultation' },
  lectures: { ko: '세무 강의 보기', en: 'Watch tax lectures' },
  board: { ko: '질문 게시판', en: 'Question board' },
  calendar: { ko: '지방세 달력', en: 'Local-tax calendar' },
  refund: { ko: '환급 신청', en: 'Apply for a refund' },
  booths: { ko: '세무 안내 부스', en: 'Tax information booths' },
  faq: { ko: '자주 묻는 질문', en: 'Frequently asked questions' },
  desk: { ko: '직원과 실시간 상담', en: 'Chat with tax staff' },
  search: { ko: '세무 안내 검색', en: 'Search the tax guide' },
  none: { ko: '연결 안 함', en: 'Nothing' },
};

/** The resident page of the feature for the district; null for none. */
export function featureUrl(feature: Feature, district: string): string | null {
  const d = encodeURIComponent(district);
  switch (feature) {
    case 'booking':
      return `/r/consultations/${d}`;
    case 'video':
      // the room itself is behind the personal link of the booking; this page checks the camera and says where the link is
      return '/r/video/check';
    case 'lectures':
      return `/r/lectures?district=${d}`;
    case 'board':
      return `/r/lectures/board/${d}`;
    case 'calendar':
      return `/r/guide/${d}/calendar`;
    case 'refund':
      return `/r/guide/${d}/refund/apply`;
    case 'booths':
      return `/r/guide/${d}/booths`;
    case 'faq':
      return `/r/guide/${d}/faq`;
    case 'desk':
      // the chat widget on the page starts the conversation with this district's desk
      return `/r/desk?district=${d}`;
    case 'search':
      return `/r/guide/${d}/search`;
    case 'none':
      return null;
  }
}

const BY_ZONE: Readonly<Record<string, Feature>> = {
  entrance: 'search',
  consultation: 'booking',
  video: 'video',
  lecture: 'lectures',
  board: 'board',
  guide: 'calendar',
  'booth-1': 'booths',
  'booth-2': 'faq',
  'booth-3': 'refund',
  staff: 'desk',
};

const BY_KIND: Readonly<Record<string, Feature>> = {
  entrance: 'search',
  consultation: 'booking',
  lecture: 'lectures',
  guide: 'calendar',
  booth: 'booths',
  staff: 'desk',
};

/** The feature a zone opens when the district has bound none to it. */
export function defaultFeature(zone: { id: string; kind: string }): Feature {
  return BY_ZONE[zone.id] ?? BY_KIND[zone.kind] ?? 'none';
}

export const isFeature = (value: unknown): value is Feature => typeof value === 'string' && (FEATURES as readonly string[]).includes(value);
