import { marked, type Token } from 'marked';
import { loadLawRules, citeArticle } from '../../delivery/law/law-rules.ts';
import type { District } from '../../platform/districts/districts.repository.ts';
import type { Locale } from '../../platform/i18n/i18n.ts';
import { seoulDay } from '../../platform/time/seoul.ts';
import { markdownText } from '../booths/booths.markdown.ts';
import { publishedPages } from '../booths/booths.repository.ts';
import { calendarItems } from '../calendar/calendar.repository.ts';
import { yearSchedule } from '../calendar/calendar.schedule.ts';
import { dayText, movedNote } from '../calendar/calendar.view.ts';
import type { GuideDeps } from '../guide.deps.ts';
import { refundGuideMessages } from '../refund/refund-guide.messages.ts';
import { bookletMessages } from './booklet.messages.ts';
import { renderBooklet, type BookletBlock, type BookletSection } from './booklet.pdf.ts';

// "Local tax knowledge worth having": the district's booklet, made from the
// guide as it is now: this year's deadlines, the booths, the FAQ and how to
// apply for a refund. Pages written in Markdown become headings, paragraphs
// and list items (their words only; links keep their text).

/** A page's Markdown as the booklet's blocks. */
export function markdownBlocks(markdown: string, lang?: Locale): BookletBlock[] {
  const blocks: BookletBlock[] = [];
  const walk = (tokens: Token[]) => {
    for (const token of tokens) {
      if (token.type === 'heading') blocks.push({ kind: 'heading', text: markdownText(token.text), ...(lang ? { lang } : {}) });
      else if (token.type === 'list') for (const item of token.items) blocks.push({ kind: 'item', text: markdownText(item.text), ...(lang ? { lang } : {}) });
      else if (token.type === 'space' || token.type === 'hr') continue;
      else {
        const text = markdownText(token.raw);
        if (text) blocks.push({ kind: 'paragraph', text, ...(lang ? { lang } : {}) });
      }
    }
  };
  walk(marked.lexer(markdown));
  return blocks;
}

export async function bookletPdf(deps: GuideDeps, district: District, locale: Locale): Promise<Buffer> {
  const t = (key: Parameters<typeof bookletMessages.t>[1], vars?: Record<string, string | number>) => bookletMessages.t(locale, key, vars);
  const today = seoulDay(deps.clock());
  const year = Number(today.slice(0, 4));
  const rules = await loadLawRules(deps.db);
  const sections: BookletSection[] = [];

  const entries = yearSchedule(rules, await calendarItems(deps.db, district.code), year);
  sections.push({
    title: t('section_calendar', { year }),
    blocks: [
      { kind: 'note', text: t('calendar_note', { article: citeArticle(rules.deadlineOnDayOff.article, locale) }) },
      ...entries.flatMap((e): BookletBlock[] => [
        { kind: 'heading', text: `${e.item.title[locale]} · ${t('due', { due: dayText(locale, e.due) })}` },
        ...(e.item.detail[locale] ? [{ kind: 'paragraph' as const, text: e.item.detail[locale] }] : []),
        ...(e.movedBecause ? [{ kind: 'note' as const, text: movedNote(locale, e) }] : []),
      ]),
    ],
  });

  const pages = await publishedPages(deps.db, district.code, ['booth', 'faq']);
  const inLocale = (p: (typeof pages)[number]) => {
    // a page has its Korean always; in another language, when written
    const written = Boolean(p.title[locale] && p.body[locale]);
    return written ? { title: p.title[locale], body: p.body[locale], lang: undefined } : { title: p.title.ko, body: p.body.ko, lang: 'ko' as const };
  };
  const booths = pages.filter((p) => p.kind === 'booth');
  if (booths.length) {
    sections.push({
      title: t('section_booths'),
      blocks: booths.flatMap((p) => {
        const c = inLocale(p);
        return [{ kind: 'heading' as const, text: c.title, ...(c.lang ? { lang: c.lang } : {}) }, ...markdownBlocks(c.body, c.lang)];
      }),
    });
  }
  const faq = pages.filter((p) => p.kind === 'faq');
  if (faq.length) {
    sections.push({
      title: t('section_faq'),
      blocks: faq.flatMap((p) => {
        const c = inLocale(p);
        return [{ kind: 'heading' as const, text: `${t('question')}. ${c.title}`, ...(c.lang ? { lang: c.lang } : {}) }, ...markdownBlocks(c.body, c.lang)];
      }),
    });
  }

  const r = (key: Parameters<typeof refundGuideMessages.t>[1]) => refundGuideMessages.t(locale, key);
  sections.push({
    title: t('section_refund'),
    blocks: [
      { kind: 'paragraph', text: r('lead') },
      { kind: 'heading', text: r('how_title') },
      { kind: 'item', text: r('how_online') },
      { kind: 'item', text: r('how_in_person') },
      { kind: 'heading', text: r('need_title') },
      { kind: 'item', text: r('need_notice_no') },
      { kind: 'item', text: r('need_account') },
      { kind: 'item', text: r('need_authority') },
      { kind: 'heading', text: r('limit_title') },
      { kind: 'paragraph', text: r('limit') },
    ],
  });

  return renderBooklet({
    locale,
    title: t('title'),
    subtitle: t('subtitle', { district: district.name[locale] }),
    madeOn: t('made_on', { day: dayText(locale, today) }),
    onlineUrl: `${deps.publicUrl}/r/guide/${district.code}`,
    sections,
  });
}
