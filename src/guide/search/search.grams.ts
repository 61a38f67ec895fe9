// The n-grams of the guide's search: text is normalised (NFKC, lower case,
// anything that is not a letter or a digit becomes a space) and each word
// gives its characters (unigrams) and its pairs of neighbouring characters
// (bigrams). A document holding a query as a substring holds every n-gram
// of the query, whatever the script: Korean, where a search word is often
// inside a longer word (재산세 in 재산세분), and English alike.

export function normalise(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
}

const words = (text: string) => normalise(text).split(' ').filter(Boolean);

/** Every unigram and bigram of the text, each once. */
export function documentGrams(text: string): string[] {
  const grams = new Set<string>();
  for (const word of words(text)) {
    const chars = [...word];
    for (let i = 0; i < chars.length; i++) {
      grams.add(chars[i]!);
      if (i + 1 < chars.length) grams.add(chars[i]! + chars[i + 1]!);
    }
  }
  return [...grams];
}

/** What a document must hold to match: each word's bigrams, or the character itself for a one-character word. */
export function queryGrams(query: string): string[] {
  const grams = new Set<string>();
  for (const word of words(query)) {
    const chars = [...word];
    if (chars.length === 1) grams.add(chars[0]!);
    for (let i = 0; i + 1 < chars.length; i++) grams.add(chars[i]! + chars[i + 1]!);
  }
  return [...grams];
}

/** The sentence around the first place a query word occurs (or the start), at most `max` characters. */
export function snippetAround(text: string, query: string, max = 160): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return flat;
  const first = words(query)[0];
  const at = first ? flat.toLowerCase().indexOf(first) : -1;
  const start = Math.max(0, (at < 0 ? 0 : at) - Math.floor(max / 3));
  const piece = flat.slice(start, start + max);
  return `${start > 0 ? '…' : ''}${piece}${start + max < flat.length ? '…' : ''}`;
}
