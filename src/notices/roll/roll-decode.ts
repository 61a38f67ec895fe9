import { createHash } from 'node:crypto';
import iconv from 'iconv-lite';

// Reads the roll's bytes and yields text, detecting the encoding from the
// first 64 KiB: UTF-8 with a BOM, UTF-8, or else CP949 (what Excel on Korean
// Windows writes). A file that is neither, binary data, or more bytes than
// allowed stops the import with a RollFileError.

export type RollEncoding = 'utf-8' | 'utf-8-bom' | 'cp949';

export type RollFileErrorCode =
  | 'file_too_large'
  | 'file_empty'
  | 'file_not_csv'
  | 'encoding_unknown'
  | 'encoding_invalid'
  | 'encoding_utf16';

export class RollFileError extends Error {
  constructor(
    readonly code: RollFileErrorCode,
    readonly reason: string,
    readonly reasonKo: string,
    readonly line = 0,
  ) {
    super(reason);
    this.name = 'RollFileError';
  }
}

const SNIFF_BYTES = 64 * 1024;
export const DEFAULT_ROLL_MAX_BYTES = 1024 ** 3;

export const tooLarge = (maxBytes: number) =>
  new RollFileError(
    'file_too_large',
    `the file is larger than the limit of ${maxBytes.toLocaleString('en')} bytes; split the roll into smaller files`,
    `파일이 한도(${maxBytes.toLocaleString('en')}바이트)보다 큽니다. 명부를 나누어 올리세요.`,
  );

// C0 controls other than tab, LF, CR (and form feed, which some exports pad with) mean binary data
// eslint-disable-next-line no-control-regex
const CONTROL = /[\x00-\x08\x0b\x0e-\x1f\x7f]/;

export interface DecodedRoll {
  encoding(): RollEncoding | null;
  sha256(): string;
  bytesRead(): number;
  text: AsyncGenerator<string>;
}

export function decodeRoll(input: AsyncIterable<Buffer | string>, maxBytes: number): DecodedRoll {
  let encoding: RollEncoding | null = null;
  let bytes = 0;
  let linesSoFar = 1;
  const hash = createHash('sha256');

  const countLines = (text: string) => {
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) linesSoFar++;
    return text;
  };

  async function* text(): AsyncGenerator<string> {
    const head: Buffer[] = [];
    let headBytes = 0;
    let decode: ((chunk: Buffer, final: boolean) => string) | null = null;

    // the line of the first undecodable byte of this chunk
    const invalid = (chunk?: Buffer) => {
      if (chunk) {
        const loose = encoding === 'cp949' ? iconv.decode(chunk, 'cp949') : new TextDecoder('utf-8').decode(chunk);
        const at = loose.indexOf('\ufffd');
        if (at > 0) countLines(loose.slice(0, at));
      }
      return new RollFileError(
        'encoding_invalid',
        `the text is not valid ${encoding === 'cp949' ? 'CP949' : 'UTF-8'} near line ${linesSoFar}; save the whole file in one encoding (UTF-8 or CP949)`,
        `${linesSoFar}번째 줄 근처의 글자가 ${encoding === 'cp949' ? 'CP949' : 'UTF-8'} 인코딩이 아닙니다. 파일 전체를 한 가지 인코딩(UTF-8 또는 CP949)으로 저장하세요.`,
        linesSoFar,
      );
    };

    const start = (sample: Buffer): Buffer => {
      if (sample.length === 0) throw new RollFileError('file_empty', 'the file is empty', '빈 파일입니다.');
      if ((sample[0] === 0xff && sample[1] === 0xfe) || (sample[0] === 0xfe && sample[1] === 0xff)) {
        throw new RollFileError('encoding_utf16', 'the file is UTF-16; save it as UTF-8 or CP949 (CSV)', '파일이 UTF-16입니다. UTF-8 또는 CP949 CSV로 저장하세요.');
      }
      if (sample.includes(0)) {
        throw new RollFileError('file_not_csv', 'the file holds binary data, not CSV text (is it an Excel .xlsx file? save it as CSV)', '이진 파일이며 CSV 텍스트가 아닙니다. 엑셀 파일이라면 CSV로 저장하세요.');
      }
      let body = sample;
      if (sample[0] === 0xef && sample[1] === 0xbb && sample[2] === 0xbf) {
        encoding = 'utf-8-bom';
        body = sample.subarray(3);
      }
      const utf8 = new TextDecoder('utf-8', { fatal: true });
      const probe = new TextDecoder('utf-8', { fatal: true });
      let utf8Ok = true;
      try {
        probe.decode(body, { stream: true });
      } catch {
        utf8Ok = false;
      }
      if (encoding === 'utf-8-bom' || utf8Ok) {
        encoding ??= 'utf-8';
        decode = (chunk, final) => {
          try {
            return utf8.decode(chunk, { stream: !final });
          } catch {
            throw invalid(chunk);
          }
        };
      } else {
        const probeKo = iconv.getDecoder('cp949');
        if (probeKo.write(body).includes('\ufffd')) {
          throw new RollFileError(
            'encoding_unknown',
            'the file is neither UTF-8 nor CP949 (EUC-KR) text; save it as CSV in UTF-8 or CP949',
            '파일이 UTF-8도 CP949(EUC-KR)도 아닙니다. UTF-8 또는 CP949 CSV로 저장하세요.',
          );
        }
        encoding = 'cp949';
        const ko = iconv.getDecoder('cp949');
        decode = (chunk, final) => {
          const out = ko.write(chunk) + (final ? (ko.end() ?? '') : '');
          if (out.includes('\ufffd')) throw invalid(chunk);
          return out;
        };
      }
      return body;
    };

    const emit = (chunk: Buffer, final: boolean): string => {
      const out = decode!(chunk, final);
      if (CONTROL.test(out)) {
        throw new RollFileError('file_not_csv', `the file holds binary data near line ${linesSoFar}, not CSV text`, `${linesSoFar}번째 줄 근처에 CSV 텍스트가 아닌 이진 데이터가 있습니다.`, linesSoFar);
      }
      return countLines(out);
    };

    for await (const piece of input) {
      const chunk = typeof piece === 'string' ? Buffer.from(piece) : piece;
      bytes += chunk.length;
      if (bytes > maxBytes) throw tooLarge(maxBytes);
      hash.update(chunk);
      if (decode === null) {
        head.push(chunk);
        headBytes += chunk.length;
        if (headBytes < SNIFF_BYTES) continue;
        const body = start(Buffer.concat(head));
        head.length = 0;
        yield emit(body, false);
        continue;
      }
      const out = emit(chunk, false);
      if (out) yield out;
    }
    if (decode === null) {
      const body = start(Buffer.concat(head));
      yield emit(body, true);
    } else {
      const out = emit(Buffer.alloc(0), true);
      if (out) yield out;
    }
  }

  return { encoding: () => encoding, sha256: () => hash.digest('hex'), bytesRead: () => bytes, text: text() };
}

/** Encodes text back to the file's encoding, for the rejects file. */
export function encodeLike(encoding: RollEncoding, text: string): Buffer {
  return encoding === 'cp949' ? iconv.encode(text, 'cp949') : Buffer.from(text, 'utf8');
}
