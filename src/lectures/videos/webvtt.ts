// WebVTT captions (https://www.w3.org/TR/webvtt1/), read strictly enough that
// what a lecturer uploads is what every browser shows: the "WEBVTT" header,
// then blocks separated by blank lines — NOTE comments, STYLE and REGION
// blocks (kept out of the cues) and cues: an optional identifier line, a
// timing line "[hh:]mm:ss.ttt --> [hh:]mm:ss.ttt [settings]", and the cue
// text. A file that does not parse is refused with the 1-based line of the
// first problem and a reason code (videos.messages.ts words it). Pure: no
// I/O, so it is property-tested (webvtt.test.ts).

export interface Cue {
  /** the optional identifier line */
  id?: string;
  /** milliseconds from the start of the video */
  startMs: number;
  endMs: number;
  /** cue settings after the end time (position, line, align …), as written */
  settings?: string;
  /** the cue text, lines joined with \n (may hold WebVTT tags such as <v Name>) */
  text: string;
}

export type VttProblem =
  | 'header_missing'
  | 'timing_expected'
  | 'timestamp_invalid'
  | 'end_not_after_start'
  | 'arrow_in_text'
  | 'no_cues';

export type VttResult = { ok: true; cues: Cue[] } | { ok: false; line: number; problem: VttProblem };

const TIMESTAMP = /^(?:(\d{2,}):)?([0-5]\d):([0-5]\d)\.(\d{3})$/;

/** "01:02.345" or "1:01:02.345" (hours of two digits or more) → milliseconds; null when it is not one. */
export function parseTimestamp(text: string): number | null {
  const m = TIMESTAMP.exec(text);
  if (!m) return null;
  const hours = m[1] === undefined ? 0 : Number(m[1]);
  return ((hours * 60 + Number(m[2])) * 60 + Number(m[3])) * 1000 + Number(m[4]);
}

/** Milliseconds → "hh:mm:ss.ttt". */
export function formatTimestamp(ms: number): string {
  const whole = Math.max(0, Math.round(ms));
  const h = Math.floor(whole / 3_600_000);
  const m = Math.floor((whole % 3_600_000) / 60_000);
  const s = Math.floor((whole % 60_000) / 1000);
  const t = whole % 1000;
  return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}.${String(t).padStart(3, '0')}`;
}

const TIMING = /^(\S+)[ \t]+-->[ \t]+(\S+)(?:[ \t]+(.*))?$/;

export function parseWebVtt(source: string): VttResult {
  const lines = source.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  if (!/^WEBVTT(?:[ \t].*)?$/.test(lines[0] ?? '')) return { ok: false, line: 1, problem: 'header_missing' };
  let i = 1;
  // header text lines until the first blank line
  while (i < lines.length && lines[i] !== '') {
    if (lines[i]!.includes('-->')) return { ok: false, line: i + 1, problem: 'timing_expected' };
    i++;
  }
  const cues: Cue[] = [];
  while (i < lines.length) {
    while (i < lines.length && lines[i]!.trim() === '') i++;
    if (i >= lines.length) break;
    const first = lines[i]!;
    if (/^(NOTE|STYLE|REGION)(?:[ \t]|$)/.test(first) && !first.includes('-->')) {
      while (i < lines.length && lines[i] !== '') i++;
      continue;
    }
    let id: string | undefined;
    let timingLine = i;
    if (!first.includes('-->')) {
      id = first;
      timingLine = i + 1;
      // a block with no timing line at all: its first line is where the timing was expected (a broken one, or an identifier without it)
      if (timingLine >= lines.length || !lines[timingLine]!.includes('-->')) return { ok: false, line: i + 1, problem: 'timing_expected' };
    }
    const timing = TIMING.exec(lines[timingLine]!);
    if (!timing) return { ok: false, line: timingLine + 1, problem: 'timing_expected' };
    const startMs = parseTimestamp(timing[1]!);
    const endMs = parseTimestamp(timing[2]!);
    if (startMs === null || endMs === null) return { ok: false, line: timingLine + 1, problem: 'timestamp_invalid' };
    if (endMs <= startMs) return { ok: false, line: timingLine + 1, problem: 'end_not_after_start' };
    const settings = timing[3]?.trim();
    const text: string[] = [];
    i = timingLine + 1;
    while (i < lines.length && lines[i] !== '') {
      if (lines[i]!.includes('-->')) return { ok: false, line: i + 1, problem: 'arrow_in_text' };
      text.push(lines[i]!);
      i++;
    }
    cues.push({ ...(id !== undefined ? { id } : {}), startMs, endMs, ...(settings ? { settings } : {}), text: text.join('\n') });
  }
  if (cues.length === 0) return { ok: false, line: lines.length, problem: 'no_cues' };
  return { ok: true, cues };
}

/** Cues → a WebVTT file that parseWebVtt reads back to the same cues. */
export function serializeWebVtt(cues: readonly Cue[]): string {
  const blocks = cues.map((c) => {
    const timing = `${formatTimestamp(c.startMs)} --> ${formatTimestamp(c.endMs)}${c.settings ? ` ${c.settings}` : ''}`;
    return [...(c.id !== undefined ? [c.id] : []), timing, ...(c.text === '' ? [] : [c.text])].join('\n');
  });
  return `WEBVTT\n\n${blocks.join('\n\n')}\n`;
}

/** The words of a cue without WebVTT markup (<v Speaker>, <b>, <00:01.000> …) and with its character references read. */
export function cuePlainText(text: string): string {
  return text
    .replace(/<[^>]*>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&nbsp;/g, ' ')
    .replace(/&lrm;|&rlm;/g, '')
    .replace(/&amp;/g, '&')
    .replace(/[ \t]*\n[ \t]*/g, ' ')
    .trim();
}
