import { access } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';

// Apart from config.ts, so that finding the config costs no parser: an up-to-date build never parses it.
export const configFileName = 'bulletin.config.yaml';

/** The nearest `bulletin.config.yaml` in `start` or any folder above it. */
export async function findConfigFile(start: string): Promise<string | undefined> {
  let folder = resolve(start);
  for (;;) {
    const candidate = join(folder, configFileName);
    try {
      await access(candidate);
      return candidate;
    } catch {
      const parent = dirname(folder);
      if (parent === folder) return undefined;
      folder = parent;
    }
  }
}
