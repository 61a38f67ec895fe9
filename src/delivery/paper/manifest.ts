import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { once } from 'node:events';
import { finished } from 'node:stream/promises';

// The mail house's manifest of a paper batch: RFC 4180 CSV (CRLF line ends,
// fields quoted when they hold a comma, quote or line break), UTF-8 with a
// byte-order mark so that Excel opens the Korean addresses correctly.

export const MANIFEST_COLUMNS = ['postal_code', 'address', 'notice_no', 'pages'] as const;

export interface ManifestRow {
  postal_code: string;
  address: string;
  notice_no: string;
  pages: number;
}

export function csvField(value: string | number): string {
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function csvLine(values: readonly (string | number)[]): string {
  return values.map(csvField).join(',') + '\r\n';
}

export interface ManifestWriter {
  addRow(row: ManifestRow): Promise<void>;
  finish(): Promise<{ rows: number }>;
  abort(): Promise<void>;
}

export function openManifest(file: string): ManifestWriter {
  const out = createWriteStream(file, { flags: 'wx', encoding: 'utf8' });
  let failure: unknown;
  out.on('error', (error) => {
    failure ??= error;
  });
  out.write('\uFEFF' + csvLine(MANIFEST_COLUMNS));
  let rows = 0;
  return {
    async addRow(row) {
      if (failure) throw failure;
      rows += 1;
      if (!out.write(csvLine(MANIFEST_COLUMNS.map((c) => row[c])))) await once(out, 'drain');
    },
    async finish() {
      out.end();
      await finished(out);
      if (failure) throw failure;
      return { rows };
    },
    async abort() {
      out.destroy();
      await finished(out).catch(() => {});
      await rm(file, { force: true });
    },
  };
}
