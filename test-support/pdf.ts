// Test support (not a test): what a PDF made by pdfkit holds, read without a PDF library.

/** The bookmarks' titles of a PDF as pdfkit writes them (literal strings, UTF-16BE with a byte-order mark). */
export function outlineTitles(pdf: Buffer): string[] {
  const text = pdf.toString('latin1');
  const titles: string[] = [];
  for (let at = text.indexOf('/Title ('); at !== -1; at = text.indexOf('/Title (', at + 1)) {
    const bytes: number[] = [];
    for (let i = at + 8; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 0x29) break; // )
      if (c !== 0x5c) { bytes.push(c); continue; }
      const next = text[++i]!;
      const escapes: Record<string, number> = { n: 10, r: 13, t: 9, b: 8, f: 12, '(': 0x28, ')': 0x29, '\\': 0x5c };
      if (next in escapes) bytes.push(escapes[next]!);
      else if (/[0-7]/.test(next)) { const oct = text.slice(i, i + 3).match(/^[0-7]{1,3}/)![0]; bytes.push(parseInt(oct, 8)); i += oct.length - 1; }
    }
    const b = Buffer.from(bytes);
    titles.push(b[0] === 0xfe && b[1] === 0xff ? Buffer.from(b.subarray(2)).swap16().toString('utf16le') : b.toString('latin1'));
  }
  return titles;
}
