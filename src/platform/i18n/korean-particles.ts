// Korean particles that agree with the word before them. A particle's form
// depends on whether the last syllable of that word, as it is read, ends in
// a consonant (받침): 세금을 / 고지서를, 납부기한이 / 세무과가, 구청은 /
// 고지서는, 구청으로 / 서울로 / 세무과로 (ㄹ takes 로). Templates and
// catalogues write both forms, 을(를), because the word is a variable;
// resolveParticles() picks the one that agrees once the word is known.
//
// Numbers are read as Sino-Korean (1 일, 2 이, 10 십, 100 백, 10000 만):
// 1기를, 2기를, 3기를 ... 2026년을; a day written "2026. 9. 30." is read
// with its units, ending in 일: 2026. 9. 30.을, 2026. 9. 30.로. A word whose reading cannot be told
// (Latin letters, symbols) keeps both forms, the written convention.

/** The particles with two forms: after a final consonant first, then after a vowel. */
export const PARTICLES = {
  '을/를': ['을', '를'],
  '이/가': ['이', '가'],
  '은/는': ['은', '는'],
  '과/와': ['과', '와'],
  '(으)로': ['으로', '로'],
} as const;
export type Particle = keyof typeof PARTICLES;

const HANGUL_FIRST = 0xac00;
const HANGUL_LAST = 0xd7a3;
/** The final consonant ㄹ among a syllable's 28 endings (0: none). */
const RIEUL = 8;

/** The ending index (0 = no final consonant, 8 = ㄹ) of a Hangul syllable; null for anything else. */
export function finalConsonant(syllable: string): number | null {
  const code = syllable.codePointAt(0);
  if (code === undefined || code < HANGUL_FIRST || code > HANGUL_LAST) return null;
  return (code - HANGUL_FIRST) % 28;
}

// The ending of each digit's reading: 영 일 이 삼 사 오 육 칠 팔 구.
const DIGIT_ENDINGS = [21, RIEUL, 0, 16, 0, 0, 1, RIEUL, RIEUL, 0];
// A number ending in zeros is read ending with the unit of its lowest non-zero digit:
// 십 백 천, then 만 억 조 경 and their 십/백/천 multiples (the unit word comes last).
const UNIT_ENDINGS: Record<number, number> = { 1: 17 /* 십 */, 2: 1 /* 백 */, 3: 4 /* 천 */ };
const MYRIAD_ENDINGS = [4 /* 만 */, 1 /* 억 */, 0 /* 조 */, 21 /* 경 */];

/** The ending of a whole number's Sino-Korean reading (e.g. 20 이십 → ㅂ). */
function numberEnding(digits: string): number | null {
  const n = digits.replace(/^0+(?=\d)/, '');
  if (!/^\d+$/.test(n)) return null;
  if (/^0+$/.test(n)) return DIGIT_ENDINGS[0]!;
  const zeros = n.length - n.replace(/0+$/, '').length;
  if (zeros === 0) return DIGIT_ENDINGS[Number(n.at(-1))]!;
  if (zeros < 4) return UNIT_ENDINGS[zeros]!;
  const myriad = Math.floor(zeros / 4) - 1;
  // 10만 is 십만, read ending with 만: the myriad unit ends the reading however many zeros below the next one.
  return myriad < MYRIAD_ENDINGS.length ? MYRIAD_ENDINGS[myriad]! : null;
}

const CLOSERS = new Set([')', ']', '"', "'", '”', '’', '」', '』', '》', '〉']);

/**
 * The ending of the word at the end of `text` as it is read (0: a vowel,
 * 8: ㄹ, another index: another consonant), or null when it cannot be told.
 * A closing quote looks inside it; a parenthesis is an aside, so the word
 * before it decides (납부기한(7월 31일)을 → 납부기한을).
 */
export function endingOf(text: string): number | null {
  let end = text.length;
  while (end > 0) {
    const ch = text[end - 1]!;
    if (ch === ')') {
      const open = text.lastIndexOf('(', end - 1);
      if (open < 0) return null;
      end = open;
      continue;
    }
    if (CLOSERS.has(ch)) {
      end -= 1;
      continue;
    }
    break;
  }
  if (end === 0) return null;
  // A day as pages write it, "2026. 9. 30." (platform/web/browser/dates.ts), is read to its last unit, 일.
  if (/(?:^|[^\d.])\d{4}\. \d{1,2}\. \d{1,2}\.$/.test(text.slice(0, end))) return RIEUL;
  const last = text[end - 1]!;
  const hangul = finalConsonant(last);
  if (hangul !== null) return hangul;
  if (/\d/.test(last)) {
    const digits = /[\d,]*\d$/.exec(text.slice(0, end))![0].replaceAll(',', '');
    return numberEnding(digits);
  }
  return null;
}

/** The form of a particle that agrees with `word`; both forms, as written, when its reading cannot be told. */
export function particleFor(word: string, particle: Particle): string {
  const ending = endingOf(word);
  const [afterConsonant, afterVowel] = PARTICLES[particle];
  if (ending === null) return particle === '(으)로' ? '(으)로' : `${afterConsonant}(${afterVowel})`;
  if (particle === '(으)로') return ending === 0 || ending === RIEUL ? afterVowel : afterConsonant;
  return ending === 0 ? afterVowel : afterConsonant;
}

/** The word with the particle that agrees with it. */
export function withParticle(word: string, particle: Particle): string {
  return `${word}${particleFor(word, particle)}`;
}

// Both forms as templates and catalogues write them, either order.
const MARKERS: Record<string, Particle> = {
  '을(를)': '을/를', '를(을)': '을/를',
  '이(가)': '이/가', '가(이)': '이/가',
  '은(는)': '은/는', '는(은)': '은/는',
  '과(와)': '과/와', '와(과)': '과/와',
  '(으)로': '(으)로',
};
const MARKER = /[ \t]*(을\(를\)|를\(을\)|이\(가\)|가\(이\)|은\(는\)|는\(은\)|과\(와\)|와\(과\)|\(으\)로)/g;

/**
 * Every written pair of forms in `text` (세목을(를), {period}이(가), 서울(으)로)
 * replaced by the form that agrees with the word before it. Spaces before
 * the pair go (a particle is written against its word: an empty variable
 * left "재산세 을(를)", which reads "재산세를"). A pair at the start, or after
 * a word whose reading cannot be told, stays as written.
 */
export function resolveParticles(text: string): string {
  return text.replace(MARKER, (match, marker: string, offset: number) => {
    const before = text.slice(0, offset);
    if (before.trim() === '' || /\s$/.test(before)) return match;
    const ending = endingOf(before);
    if (ending === null) return match;
    return particleFor(before, MARKERS[marker]!);
  });
}
