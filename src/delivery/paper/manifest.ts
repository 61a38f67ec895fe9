import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import { csvHeaderLine, csvLine } from '../../platform/csv.ts';

// The mail house's manifest of a paper batch, written by the one CSV writer
// of every export (platform/csv.ts: RFC 4180, UTF-8 with a byte-order mark
// so that Excel opens the Korean addresses correctly, and no cell that a
// spreadsheet would run as a formula: an address comes from the levy
// system's roll and is not ours to trust).

export const MANIFEST_COLUMNS = ['postal_code', 'address', 'notice_no', 'pages'] as const;

export interface ManifestRow {
  postal_code: string;
  address: string;
  notice_no: string;
  pages: number;
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
  out.write(csvHeaderLine(MANIFEST_COLUMNS));
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
