import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { BulletinError } from '../errors.js';

const monthFolder = /^\d{4}-(0[1-9]|1[0-2])$/;

/** Every issue folder (named `YYYY-MM`) directly under the content folder, oldest first. */
export async function discoverIssues(contentDir: string): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(contentDir, { withFileTypes: true });
  } catch {
    throw new BulletinError(`No content folder at ${contentDir}. Run bulletin from the project root, or name issue folders: bulletin build content/2021-05`);
  }
  return entries
    .filter((entry) => entry.isDirectory() && monthFolder.test(entry.name))
    .map((entry) => join(contentDir, entry.name))
    .sort();
}
