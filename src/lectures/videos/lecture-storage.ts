import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

// Where lecture videos and their poster frames live: behind this interface,
// a folder on the server by default (LocalFolderStorage). An object store
// (S3-compatible, such as NCloud Object Storage) implements the same four
// calls: put = PutObject (multipart upload for large files), stat =
// HeadObject, stream = GetObject with a Range header, delete = DeleteObject.
// Keys are chosen by the code (district/lecture/random.ext), never by users.

export interface StoredObject {
  size: number;
  modified: Date;
  /** changes whenever the content does (a strong validator for ETag / If-Range) */
  etag: string;
}

export interface LectureStorage {
  /** Stores the bytes under the key (replacing what was there) and answers their size. */
  put(key: string, body: Readable): Promise<{ size: number }>;
  /** What is stored under the key; null when nothing is. */
  stat(key: string): Promise<StoredObject | null>;
  /** The bytes, or the inclusive range start..end of them. */
  stream(key: string, range?: { start: number; end: number }): Readable;
  /** Removes the key; nothing happens when it is absent. */
  delete(key: string): Promise<void>;
}

const KEY = /^[a-z0-9_-]+(?:\/[A-Za-z0-9_-]+)*(?:\.[a-z0-9]{1,5})?$/;

export class StorageKeyError extends Error {
  constructor(key: string) {
    super(`not a storage key: ${JSON.stringify(key)}`);
  }
}

/** The default: files in one folder (TAXSTATION_LECTURE_DIR, else <data dir>/lectures). */
export class LocalFolderStorage implements LectureStorage {
  readonly root: string;
  constructor(root: string) {
    this.root = resolve(root);
  }

  private path(key: string): string {
    if (!KEY.test(key)) throw new StorageKeyError(key);
    const path = resolve(join(this.root, key));
    if (!path.startsWith(this.root + sep)) throw new StorageKeyError(key);
    return path;
  }

  async put(key: string, body: Readable): Promise<{ size: number }> {
    const path = this.path(key);
    await mkdir(dirname(path), { recursive: true });
    // written beside, then renamed: a reader never sees half a file
    const part = `${path}.${process.pid}.part`;
    try {
      await pipeline(body, createWriteStream(part, { mode: 0o640 }));
      await rename(part, path);
    } catch (error) {
      await rm(part, { force: true });
      throw error;
    }
    return { size: (await stat(path)).size };
  }

  async stat(key: string): Promise<StoredObject | null> {
    try {
      const s = await stat(this.path(key));
      if (!s.isFile()) return null;
      const etag = `"${createHash('sha1').update(`${key}:${s.size}:${s.mtimeMs}`).digest('base64url').slice(0, 20)}"`;
      return { size: s.size, modified: s.mtime, etag };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
  }

  stream(key: string, range?: { start: number; end: number }): Readable {
    return createReadStream(this.path(key), range ? { start: range.start, end: range.end } : {});
  }

  async delete(key: string): Promise<void> {
    await rm(this.path(key), { force: true });
  }
}
