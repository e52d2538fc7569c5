import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';

/**
 * What an issue's outputs depend on, as one hash: every file of its folder (names
 * and contents), its config, and what the whole build shares (the tool's version,
 * the templates, the stylesheet and fonts, whether a PDF is made). Equal keys mean
 * the outputs on disk are still right, so the issue need not be rendered again.
 */
export async function issueBuildKey(issueDir: string, configText: string, sharedKey: string): Promise<string | undefined> {
  const hash = createHash('sha256').update(sharedKey).update('\0config\0').update(configText);
  // A folder that cannot be listed has no key: the loader then says what is wrong with it.
  const entries = await readdir(issueDir, { recursive: true, withFileTypes: true }).catch(() => undefined);
  if (entries === undefined) return undefined;
  const files = entries.filter((entry) => entry.isFile() || entry.isSymbolicLink()).map((entry) => join(entry.parentPath, entry.name)).sort();
  for (const file of files) {
    hash.update('\0file\0').update(relative(issueDir, file)).update('\0');
    hash.update(await readFile(file).catch(() => Buffer.from('unreadable')));
  }
  return hash.digest('hex');
}

/** The part of every issue's key that the whole build shares. */
export function sharedBuildKey(parts: readonly string[]): string {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part).update('\0');
  return hash.digest('hex');
}
