// Every message a person reads exists in Korean and English. Each domain
// defines its own catalogue with defineMessages(); the type system makes a
// key missing in one language a compile error.

export const LOCALES = ['ko', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'ko';

export type Bilingual = { ko: string; en: string };
export type Vars = Record<string, string | number>;

export function isLocale(value: unknown): value is Locale {
  return value === 'ko' || value === 'en';
}

const INTL_LOCALES: Record<Locale, string> = { ko: 'ko-KR', en: 'en-GB' };

/** The BCP 47 tag Intl formats a locale's numbers and dates with: ko-KR, en-GB. */
export function intlLocale(locale: Locale): string {
  return INTL_LOCALES[locale];
}

/** 1284500 → "1,284,500" with the locale's grouping. */
export function formatNumber(locale: Locale, value: number): string {
  return value.toLocaleString(INTL_LOCALES[locale]);
}

function fill(template: string, vars?: Vars): string {
  if (!vars) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole));
}

export function defineMessages<K extends string>(catalogue: Record<K, Bilingual>) {
  return {
    catalogue,
    t(locale: Locale, key: K, vars?: Vars): string {
      return fill(catalogue[key][locale], vars);
    },
    both(key: K, vars?: Vars): Bilingual {
      return { ko: fill(catalogue[key].ko, vars), en: fill(catalogue[key].en, vars) };
    },
  };
}

/** Picks the locale from ?lang=, the lang cookie, then Accept-Language; Korean by default. */
export function negotiateLocale(query?: unknown, cookie?: unknown, acceptLanguage?: string): Locale {
  if (isLocale(query)) return query;
  if (isLocale(cookie)) return cookie;
  if (acceptLanguage) {
    for (const part of acceptLanguage.split(',')) {
      const tag = part.trim().slice(0, 2).toLowerCase();
      if (isLocale(tag)) return tag;
    }
  }
  return DEFAULT_LOCALE;
}
