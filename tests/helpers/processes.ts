import { readdir, readFile } from 'node:fs/promises';

/**
 * Processes whose environment carries `BULLETIN_TEST_MARKER=<marker>`: a bulletin
 * started with that marker, and every browser process it started, which inherit it.
 * Finds leftovers even after they were re-parented (Linux /proc).
 */
export async function processesWithMarker(marker: string): Promise<number[]> {
  const found: number[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const environ = await readFile(`/proc/${entry}/environ`).catch(() => undefined);
    if (environ?.includes(`BULLETIN_TEST_MARKER=${marker}\0`)) found.push(Number(entry));
  }
  return found;
}
