import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';

/**
 * The folders this test file made. Each file loads its own copy of this module, and the
 * hook below, added as the file is collected, removes them when the file ends: a hook
 * added inside a running test is never run, and left some 200 folders in the temp folder
 * at each run of the suite.
 */
const made: string[] = [];
afterAll(async () => {
  await Promise.all(made.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

/** A fresh folder under the system's temp folder, removed after the test file. */
export async function tempDir(prefix = 'bulletin-test-'): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}
