import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { access, copyFile, mkdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { BulletinError } from '../errors.js';

/**
 * Writes a file so that readers only ever see the old or the new contents: the
 * data goes to a temporary file beside the target, which is then renamed over it.
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  const temporary = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await makeFolder(dirname(path));
    await writeFile(temporary, data);
    await rename(temporary, path);
  } catch (error) {
    await removeQuietly(temporary);
    throw new BulletinError(`Cannot write ${path}: ${describeFsError(error)}. Check that the folder is writable and the disk has space.`, { cause: error });
  }
}

/** Copies a file into place the same way: a temporary copy, then a rename. */
export async function copyFileAtomic(source: string, path: string): Promise<void> {
  const temporary = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await makeFolder(dirname(path));
    await copyFile(source, temporary);
    await rename(temporary, path);
  } catch (error) {
    await removeQuietly(temporary);
    throw new BulletinError(`Cannot copy ${source} to ${path}: ${describeFsError(error)}.`, { cause: error });
  }
}

/**
 * Makes a folder and its parents. Node reports a folder it could not make on a
 * read-only file system as ENOENT; the first folder that exists then says why (EROFS,
 * EACCES), which is what the user must hear.
 */
async function makeFolder(folder: string): Promise<void> {
  try {
    await mkdir(folder, { recursive: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    let existing = dirname(folder);
    while (!(await stat(existing).then(() => true, () => false)) && dirname(existing) !== existing) existing = dirname(existing);
    await access(existing, constants.W_OK);
    throw error;
  }
}

/**
 * Removes a temporary file after a failed write. The failure is what the user must
 * hear of: removing in a folder that is a file (ENOTDIR) or on a read-only file system
 * fails too, and must not take its place.
 */
async function removeQuietly(path: string): Promise<void> {
  await rm(path, { force: true }).catch(() => {});
}

const fsErrors: Record<string, string> = {
  ENOSPC: 'the disk is full',
  EDQUOT: 'the disk quota is used up',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EROFS: 'the file system is read-only',
  ENOTDIR: 'a part of the path is a file, not a folder',
  ENOENT: 'no such file or folder',
  EISDIR: 'a folder is in the way',
  EEXIST: 'a file is in the way, where a folder should be',
};

/** "the disk is full (ENOSPC)": what a file-system error means to a reader. */
export function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  return code === undefined ? (error as Error).message : `${fsErrors[code] ?? 'failed'} (${code})`;
}
