import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

// The source files of src/ that the house-rule tests read (imports, SQL,
// inline locale branches): the product's code, not its tests.

/** Tests and their helpers: *.test.ts, and a feature's *.test-support.ts / *.test-client.ts. */
export const isTestFile = (path: string) => /\.test\.ts$|\.test-support\.ts$|\.test-client\.ts$/.test(path);

/** Every file under dir whose name ends in one of the extensions, skipping folders with the given names. */
export function filesUnder(dir: string, extensions: readonly string[], skipFolders: readonly string[] = []): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) {
      if (!skipFolders.includes(entry)) out.push(...filesUnder(path, extensions, skipFolders));
    } else if (extensions.some((ext) => entry.endsWith(ext))) out.push(path);
  }
  return out;
}
