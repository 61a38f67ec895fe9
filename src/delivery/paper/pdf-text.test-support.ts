import { readFileSync } from 'node:fs';
import { inflateSync } from 'node:zlib';

// Test support (not a test): the text a paper batch's PDF shows, read back
// without a PDF tool (none is installed with Node): pdfkit writes each font's
// glyph codes with a ToUnicode map, so the content streams' TJ strings are
// turned back into characters through it. Whitespace is dropped (a wrapped
// line loses its space, and pdfkit may space words by positioning): compare
// with textOf(needle) too.

/** The characters of every text a PDF draws, in drawing order, without whitespace. */
export function pdfText(file: string): string {
  const pdf = readFileSync(file);
  const raw = pdf.toString('latin1');
  const streams: string[] = [];
  for (const m of raw.matchAll(/stream\r?\n/g)) {
    const start = m.index + m[0].length;
    const end = raw.indexOf('endstream', start);
    try {
      streams.push(inflateSync(pdf.subarray(start, end)).toString('latin1'));
    } catch {
      // not a deflated stream (the embedded font is deflated too, but holds no text operators)
    }
  }
  const unicode = new Map<number, string>();
  for (const cmap of streams.filter((s) => s.includes('beginbfrange'))) {
    for (const range of cmap.matchAll(/<([0-9a-f]{4})> <([0-9a-f]{4})> \[([^\]]*)\]/gi)) {
      const first = parseInt(range[1]!, 16);
      [...range[3]!.matchAll(/<([0-9a-f]+)>/gi)].forEach((u, i) => unicode.set(first + i, String.fromCodePoint(parseInt(u[1]!, 16))));
    }
  }
  let text = '';
  for (const content of streams.filter((s) => s.includes(' TJ'))) {
    for (const tj of content.matchAll(/\[([^\]]*)\] TJ/g)) {
      for (const hex of tj[1]!.matchAll(/<([0-9a-f]+)>/gi)) {
        for (let i = 0; i + 4 <= hex[1]!.length; i += 4) text += unicode.get(parseInt(hex[1]!.slice(i, i + 4), 16)) ?? '\uFFFD';
      }
    }
  }
  return textOf(text);
}

/** A text without whitespace, as pdfText() gives it. */
export const textOf = (text: string): string => text.replace(/\s+/g, '');
