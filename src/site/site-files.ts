import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { copyFileAtomic, writeFileAtomic } from '../output/write-atomic.js';
import type { SiteFile } from '../web/site-assets.js';
import { mapConcurrently } from './concurrency.js';

/**
 * Writes files of the site under `root`, each atomically, several at once (each write
 * waits on the disk more than on Node); with `keepExisting`, a file already there is
 * left (content-hashed names: it has these contents). Returns the paths written, in the
 * order of `files`. A file that must come after others (a manifest that vouches for
 * them) is written by a call of its own.
 */
export async function writeSiteFiles(root: string, files: readonly SiteFile[], options: { keepExisting?: boolean } = {}): Promise<string[]> {
  const written = await mapConcurrently(files, concurrentWrites, async (file) => {
    const target = join(root, file.path);
    if (options.keepExisting && (await stat(target).catch(() => undefined))?.isFile()) return undefined;
    if ('contents' in file) await writeFileAtomic(target, file.contents);
    else if ('make' in file) await writeFileAtomic(target, await file.make());
    else await copyFileAtomic(file.source, target);
    return target;
  });
  return written.filter((path): path is string => path !== undefined);
}

/** Node's file system work runs on four threads: a few more writes queued keep them busy. */
const concurrentWrites = 8;
