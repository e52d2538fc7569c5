import type { VFile } from 'vfile';
import { readTextFile } from './read-text-file.js';
import { configSchema, type ProjectConfig } from './schema.js';
import { readYamlData } from './yaml-data.js';

import { configFileName } from './find-config.js';

export { configFileName, findConfigFile } from './find-config.js';

export interface LoadedConfig {
  /** The config file, carrying its problems; undefined when there is none. */
  file: VFile | undefined;
  /** Validated settings; empty when there is no file or it has errors. */
  config: ProjectConfig;
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
