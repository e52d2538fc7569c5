import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { copyFileAtomic, writeFileAtomic } from '../output/write-atomic.js';
import type { SiteFile } from '../web/site-assets.js';

/**
 * Writes files of the site under `root`, each atomically; with `keepExisting`, a file
 * already there is left (content-hashed names: it has these contents). Returns the paths written.
 */
export async function writeSiteFiles(root: string, files: readonly SiteFile[], options: { keepExisting?: boolean } = {}): Promise<string[]> {
  const written: string[] = [];
  for (const file of files) {
    const target = join(root, file.path);
    if (options.keepExisting && (await stat(target).catch(() => undefined))?.isFile()) continue;
    if ('contents' in file) await writeFileAtomic(target, file.contents);
    else if ('make' in file) await writeFileAtomic(target, await file.make());
    else await copyFileAtomic(file.source, target);
    written.push(target);
  }
  return written;
}
