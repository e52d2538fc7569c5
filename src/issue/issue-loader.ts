import { join } from 'node:path';
import type { VFile } from 'vfile';
import { findConfigFile, loadConfig, type LoadedConfig } from '../content/config.js';
import { loadIssueSource } from '../content/load-issue.js';
import { hasErrors } from '../diagnostics/messages.js';
import { compileIssue } from './compile-issue.js';
import type { CompiledFiles } from './compiled-files.js';
import { loadCatalogues } from '../content/catalogues.js';
import type { Catalogues } from '../model/messages.js';
import { loadFontFaces } from '../fonts.js';
import { coverageOf, type Coverage } from '../typography/coverage.js';
import type { Issue } from '../model/types.js';
import { createHyphenator, type Hyphenator } from '../typography/hyphenate.js';

export interface LoadedIssue {
  dir: string;
  /** Undefined when any file has an error. */
  issue: Issue | undefined;
  /** The config and every file of the issue, each with its messages. */
  files: VFile[];
}

export interface IssueLoaderOptions {
  /** A `bulletin.config.yaml` to use instead of the nearest one above each issue. */
  configPath?: string | undefined;
  /** Whose catalogues (locales/) give the interface's words; default: the shipped templates. */
  templatesDir?: string | undefined;
  /** One that has divided words before (a preview's, kept between rebuilds); default: one for this loader. */
  hyphenator?: Hyphenator | undefined;
  /** What earlier loads made of the Markdown files (a preview's, kept between rebuilds); default: none kept. */
  compiledFiles?: CompiledFiles | undefined;
  /** The catalogues and the fonts' coverage, loaded before (a preview's, kept while their key holds); default: loaded once for this loader. */
  settings?: IssueSettings | undefined;
}

/** What every issue's check reads besides its files and config: the interface's catalogues, and what the shipped fonts draw. */
export interface IssueSettings {
  catalogues: Promise<Catalogues>;
  coverage: Promise<Coverage | undefined>;
}

/** Starts loading the settings of `templatesDir`'s catalogues (about 10 ms of YAML and font faces). */
export function loadIssueSettings(templatesDir: string | undefined): IssueSettings {
  // What the shipped fonts draw, read from their faces' unicode-ranges.
  const coverage = loadFontFaces().then((faces) => coverageOf(faces.map((face) => face.unicodeRange)), () => undefined);
  const catalogues = loadCatalogues(templatesDir);
  // Awaited by the first issue; a build with none (all kept) leaves them unawaited, and that is no error.
  catalogues.catch(() => {});
  return { catalogues, coverage };
}

/**
 * Reads issue folders into issue models: the checks that `check` reports and
 * `build` runs before rendering. Config files are read once per loader.
 */
export function createIssueLoader(options: IssueLoaderOptions = {}): (dir: string, edition?: string) => Promise<LoadedIssue> {
  const configs = new Map<string, Promise<LoadedConfig>>();
  let settings = options.settings;
  // Words recur across issues too: each is divided once per loader.
  const hyphenator = options.hyphenator ?? createHyphenator();
  return async (dir, edition) => {
    settings ??= loadIssueSettings(options.templatesDir);
    const { catalogues, coverage } = settings;
    const configPath = options.configPath ?? (await findConfigFile(join(dir, '..')));
    const key = configPath ?? '';
    let config = configs.get(key);
    if (config === undefined) {
      config = loadConfig(configPath);
      configs.set(key, config);
    }
    const loaded = await config;
    const { issue, files } = await compileIssue(await loadIssueSource(dir, edition), loaded.config, { coverage: await coverage, catalogues: await catalogues, hyphenator, compiledFiles: options.compiledFiles });
    const all = loaded.file ? [loaded.file, ...files] : files;
    return { dir, issue: hasErrors(all) ? undefined : issue, files: all };
  };
}
