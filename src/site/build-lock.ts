import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import lockfile from 'proper-lockfile';
import { BulletinError } from '../errors.js';
import { describeFsError } from '../output/write-atomic.js';

/** The lock's name in the output folder. */
export const lockName = '.bulletin.lock';

/**
 * Holds the output folder for one build: a second build into the same folder waits
 * for the first (up to `wait` ms), so the two never write the archive from half of
 * each other's issues. The lock is a folder that proper-lockfile keeps fresh while the
 * build runs; a lock not refreshed for 10 s belongs to a build that was killed, and
 * is taken over. Returns the function that releases it.
 */
export async function lockOutput(outDir: string, wait = 120_000): Promise<() => Promise<void>> {
  const options = (retries: number) => ({
    lockfilePath: join(outDir, lockName),
    stale: 10_000,
    update: 2_000,
    realpath: false,
    retries: { retries, factor: 1, minTimeout: 500, maxTimeout: 500 },
    // A lock lost while building (the folder deleted under it) ends nothing: the build finishes.
    onCompromised: () => {},
  });
  try {
    await mkdir(outDir, { recursive: true });
    // Once at first: a folder that cannot be written is said at once, not waited on.
    return await lockfile.lock(outDir, options(0));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ELOCKED') {
      throw new BulletinError(`Cannot write to ${outDir}: ${describeFsError(error)}. Check that --out names a folder that can be written.`, { cause: error });
    }
  }
  try {
    return await lockfile.lock(outDir, options(Math.max(1, Math.ceil(wait / 500))));
  } catch (error) {
    throw new BulletinError(`Another build is writing to ${outDir} and did not finish within ${Math.round(wait / 1000)} s; wait for it, or remove ${join(outDir, lockName)} if no build is running.`, { cause: error });
  }
}
