import { access } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { VFile } from 'vfile';
import { readTextFile } from './read-text-file.js';
import { configSchema, type ProjectConfig } from './schema.js';
import { readYamlData } from './yaml-data.js';

export const configFileName = 'bulletin.config.yaml';

export interface LoadedConfig {
  /** The config file, carrying its problems; undefined when there is none. */
  file: VFile | undefined;
  /** Validated settings; empty when there is no file or it has errors. */
  config: ProjectConfig;
}

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

export async function loadConfig(path: string | undefined): Promise<LoadedConfig> {
  if (path === undefined) return { file: undefined, config: {} };
  const file = await readTextFile(path);
  const config = readYamlData(file, { text: String(file.value), offset: 0 }, configSchema, {
    rulePrefix: 'config',
    label: configFileName,
  });
  return { file, config: config ?? {} };
}
