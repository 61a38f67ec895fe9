// HTTP range requests (RFC 9110 §14) for lecture videos, as a pure function
// of the Range header and the file's size. What this server decides:
//   - one range "bytes=a-b", "bytes=a-" or "bytes=-n" that overlaps the file:
//     206 with that part (an end past the file is cut to the last byte;
//     a suffix longer than the file is the whole file);
//   - one range that starts at or past the end, or "bytes=-0": 416 with
//     Content-Range "bytes */size";
//   - several ranges ("bytes=0-1,5-9"): the whole file with 200 — browsers'
//     players never ask for several, and RFC 9110 lets a server ignore Range
//     rather than build a multipart/byteranges answer;
//   - a header that is not a valid byte range (another unit, "bytes=100-99",
//     garbage): ignored, the whole file with 200 (RFC 9110 §14.2).

export type RangeDecision =
  | { kind: 'whole' }
  | { kind: 'partial'; start: number; end: number }
  | { kind: 'unsatisfiable' };

const SPEC = /^(\d*)-(\d*)$/;

export function decideRange(header: string | undefined, size: number): RangeDecision {
  if (header === undefined) return { kind: 'whole' };
  const m = /^\s*bytes\s*=\s*(.+)$/i.exec(header);
  if (!m) return { kind: 'whole' };
  const specs = m[1]!.split(',').map((s) => s.trim());
  if (specs.length !== 1) return { kind: 'whole' };
  const spec = SPEC.exec(specs[0]!);
  if (!spec) return { kind: 'whole' };
  const [, first, last] = spec as unknown as [string, string, string];
  if (first === '' && last === '') return { kind: 'whole' };
  if (first === '') {
    // suffix: the last n bytes
    const n = Number(last);
    if (!Number.isSafeInteger(n)) return { kind: 'whole' };
    if (n === 0 || size === 0) return { kind: 'unsatisfiable' };
    return { kind: 'partial', start: Math.max(0, size - n), end: size - 1 };
  }
  const start = Number(first);
  const end = last === '' ? size - 1 : Number(last);
  if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end)) return { kind: 'whole' };
  if (last !== '' && end < start) return { kind: 'whole' };
  if (start >= size) return { kind: 'unsatisfiable' };
  return { kind: 'partial', start, end: Math.min(end, size - 1) };
}
