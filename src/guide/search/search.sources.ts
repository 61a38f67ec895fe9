import { questionPath } from '../../lectures/board/board.service.ts';
import { listQuestions } from '../../lectures/board/board.repository.ts';
import { publishedLectures } from '../../lectures/videos/videos.repository.ts';
import { lecturePath } from '../../lectures/videos/videos.resident.view.ts';
import type { Queryable } from '../../platform/db/database.ts';
import { boothPath, boothsPath, faqPath } from '../booths/booths.view.ts';
import { publishedPagesForSearch } from '../booths/booths.repository.ts';
import { calendarItems } from '../calendar/calendar.repository.ts';
import { calendarListPath } from '../calendar/calendar.view.ts';
import { REFUND_GUIDE_PATH } from '../refund/refund-guide.page.ts';
import { refundGuideMessages } from '../refund/refund-guide.messages.ts';
import { documentGrams } from './search.grams.ts';
import type { DocumentKind, SearchDocument } from './search.repository.ts';

// What the guide's search covers, read from each feature's own read
// functions (never their tables): the calendar's items, the refund guide,
// booths, FAQ and promotions, published lectures, and board questions that
// have a written answer. A text only in Korean has '' in English; pages
// then show the Korean with its language marked.

/** How much of a text is kept for snippets (the n-grams cover all of it). */
const BODY_KEEP = 2000;

function doc(kind: DocumentKind, sourceId: string, title: { ko: string; en: string }, body: { ko: string; en: string }, path: string): SearchDocument {
  return {
    kind, sourceId, title, path,
    body: { ko: body.ko.slice(0, BODY_KEEP), en: body.en.slice(0, BODY_KEEP) },
    grams: documentGrams(`${title.ko} ${title.en} ${body.ko} ${body.en}`),
    titleGrams: documentGrams(`${title.ko} ${title.en}`),
  };
}

export async function documentsOf(q: Queryable, districtCode: string, now: Date): Promise<SearchDocument[]> {
  const docs: SearchDocument[] = [];
  for (const item of await calendarItems(q, districtCode)) {
    docs.push(doc('calendar', item.code, item.title, item.detail, calendarListPath(districtCode)));
  }
  const refund = refundGuideMessages.catalogue;
  docs.push(doc('refund', 'refund-guide', refund.title, {
    ko: [refund.lead.ko, refund.how_online.ko, refund.how_in_person.ko, refund.limit.ko].join(' '),
    en: [refund.lead.en, refund.how_online.en, refund.how_in_person.en, refund.limit.en].join(' '),
  }, REFUND_GUIDE_PATH));
  for (const page of await publishedPagesForSearch(q, districtCode)) {
    const path = page.kind === 'booth' ? boothPath(districtCode, page.slug) : page.kind === 'faq' ? `${faqPath(districtCode)}#faq-${page.slug}` : boothsPath(districtCode);
    docs.push(doc(page.kind, String(page.id), page.title, page.text, path));
  }
  for (const lecture of await publishedLectures(q, now, districtCode)) {
    docs.push(doc('lecture', String(lecture.id), { ko: lecture.title, en: '' }, { ko: lecture.summary, en: '' }, lecturePath(lecture.id)));
  }
  const { questions } = await listQuestions(q, districtCode, { state: 'published', sort: 'new', limit: 5000, offset: 0 });
  for (const question of questions.filter((x) => x.answer)) {
    docs.push(doc('question', String(question.id), { ko: question.title, en: '' }, { ko: `${question.body} ${question.answer}`, en: '' }, questionPath(districtCode, question.id)));
  }
  return docs;
}
