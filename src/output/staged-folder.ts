import { randomBytes } from 'node:crypto';
import { copyFile, link, mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { BulletinError } from '../errors.js';
import { describeFsError } from './write-atomic.js';

/** Hidden folders beside the outputs, one per folder being staged; a killed build leaves them, the next removes them. */
const stagingPrefix = '.bulletin-staging-';
const oldSuffix = '.old';

/**
 * A folder written beside the one it replaces: its files are written under `path`, then
 * `commit` puts them in place of the old folder at once, so that a reader, or a build
 * killed at any moment, sees the old folder or the new one, never a mix.
 */
export interface StagedFolder {
  /** Where the new contents are written: `<parent>/.bulletin-staging-…/<name>`. */
  path: string;
  /** The final folder. */
  target: string;
  /** Moves the staged folder into place and removes the old one; returns the final folder. */
  commit: () => Promise<string>;
  /** Removes the staged folder (after a failure); the old folder is left as it was. */
  discard: () => Promise<void>;
}

/**
 * Starts a staged replacement of `target`. Files of the old folder that `carryOver`
 * accepts are kept: linked (or copied) into the new one, to be overwritten or not.
 */
export async function stageFolder(target: string, carryOver: (fileName: string) => boolean = () => false): Promise<StagedFolder> {
  const staging = join(dirname(target), `${stagingPrefix}${process.pid}-${randomBytes(4).toString('hex')}`);
  const path = join(staging, basename(target));
  try {
    await mkdir(path, { recursive: true });
    for (const entry of await readdir(target, { withFileTypes: true }).catch(() => [])) {
      if (!entry.isFile() || !carryOver(entry.name)) continue;
      await link(join(target, entry.name), join(path, entry.name)).catch(() => copyFile(join(target, entry.name), join(path, entry.name)));
    }
  } catch (error) {
    await rm(staging, { recursive: true, force: true }).catch(() => {});
    throw new BulletinError(`Cannot write in ${dirname(target)}: ${describeFsError(error)}. Check that the folder is writable.`, { cause: error });
  }
  const old = `${path}${oldSuffix}`;
  const commit = async (): Promise<string> => {
    const hadOld = await rename(target, old).then(
      () => true,
      (error: NodeJS.ErrnoException) => {
        if (error.code === 'ENOENT') return false;
        throw new BulletinError(`Cannot replace ${target}: ${describeFsError(error)}.`, { cause: error });
      },
    );
    // The window: between these two renames the folder is absent (microseconds); a build
    // killed in it leaves the old folder in the staging folder, put back by `recoverStagedFolders`.
    try {
      await rename(path, target);
    } catch (error) {
      if (hadOld) await rename(old, target).catch(() => {});
      throw new BulletinError(`Cannot move the new ${basename(target)} into place: ${describeFsError(error)}.`, { cause: error });
    }
    await rm(staging, { recursive: true, force: true }).catch(() => {});
    return target;
  };
  const discard = async (): Promise<void> => {
    await rm(staging, { recursive: true, force: true }).catch(() => {});
  };
  return { path, target, commit, discard };
}

/**
 * After a killed build: puts back an old folder that was moved aside but not replaced,
 * and removes every staging folder in `parent`. Call it holding the output's lock.
 */
export async function recoverStagedFolders(parent: string): Promise<void> {
  const entries = await readdir(parent, { withFileTypes: true }).catch(() => []);
  for (const entry of entries) {
    if (!entry.isDirectory() || !entry.name.startsWith(stagingPrefix)) continue;
    const staging = join(parent, entry.name);
    for (const name of await readdir(staging).catch((): string[] => [])) {
      if (!name.endsWith(oldSuffix)) continue;
      const folderName = name.slice(0, -oldSuffix.length);
      const target = join(parent, folderName);
      if (await stat(target).then(() => true, () => false)) continue;
      // Killed between the renames: the new folder was whole (it is committed only then), else the old one.
      await rename(join(staging, folderName), target).catch(() => rename(join(staging, name), target)).catch(() => {});
    }
    await rm(staging, { recursive: true, force: true }).catch(() => {});
  }
}
