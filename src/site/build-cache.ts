import type { LoadedIssue } from '../issue/issue-loader.js';
import type { ModelStore } from './model-store.js';
import { createHyphenator, type Hyphenator } from '../typography/hyphenate.js';
import { createCompiledFiles, type CompiledFiles } from '../issue/compiled-files.js';
import type { RewrittenSections } from '../web/issue-pages.js';
import type { IssueSettings } from '../issue/issue-loader.js';

/**
 * What one build leaves for the next. Only what its key fully covers is reused: the
 * templates and fonts by the templates' contents, an issue's model by its files and
 * config. The tool's own code is read once, as it cannot change while it runs.
 */
export interface BuildCache {
  tool: Promise<string[]> | undefined;
  rendering: { key: string; value: Promise<Rendering> } | undefined;
  issues: Map<string, { contentKey: string; loaded: Promise<LoadedIssue> }>;
  /** The words divided so far: hyphenation depends on the word and its language only. */
  hyphenator: Hyphenator;
  /** What the Markdown pipeline made of each file: a save in one section parses that section only. */
  compiledFiles: CompiledFiles;
  /** Each issue's sections as rewritten for its web pages: a save in one section rewrites that one. */
  rewrittenSections: RewrittenSections;
  /** The catalogues and the fonts' coverage every check reads, by the key of what they are read from. */
  issueSettings: { key: string; value: IssueSettings } | undefined;
}

export function createBuildCache(): BuildCache {
  return { tool: undefined, rendering: undefined, issues: new Map(), hyphenator: createHyphenator(), compiledFiles: createCompiledFiles(), rewrittenSections: new Map(), issueSettings: undefined };
}

/** What building needs beyond the keys: loaded on demand, since an unchanged site needs none of it. */
export async function loadRendering(templatesDir: string | undefined) {
  const [{ loadTemplates }, { loadFontFaces }, site, manifest, archive] = await Promise.all([
    import('../render/templates.js'),
    import('../fonts.js'),
    import('../web/site-assets.js'),
    import('../web/manifest.js'),
    import('../web/archive.js'),
  ]);
  // The web pages' code (and the HTML parser it brings) is loaded by the first issue's
  // web edition, which is worked out while the browser prints (build-site.ts), not before
  // the print can start.
  let issuePagesCode: Promise<typeof import('../web/issue-pages.js')> | undefined;
  const templates = await loadTemplates(templatesDir);
  const fonts = await loadFontFaces();
  return {
    templates,
    fonts,
    assets: await site.siteAssets(templates, fonts),
    issueFiles: site.issueFiles,
    issuePages: async (...args: Parameters<typeof import('../web/issue-pages.js').issuePages>) => (await (issuePagesCode ??= import('../web/issue-pages.js'))).issuePages(...args),
    issueManifest: manifest.issueManifest,
    manifestFileName: manifest.manifestFileName,
    readManifests: manifest.readManifests,
    archivePage: archive.archivePage,
    feeds: archive.feeds,
  };
}

export type Rendering = Awaited<ReturnType<typeof loadRendering>>;

/** The cache's rendering when it was made from the same templates, else a new one, which the cache keeps. */
export function cachedRendering(cache: BuildCache | undefined, key: string, templatesDir: string | undefined): Promise<Rendering> {
  if (cache?.rendering?.key === key) return cache.rendering.value;
  const value = loadRendering(templatesDir);
  if (cache !== undefined) {
    cache.rendering = { key, value };
    // A failure (a template that does not compile) is not kept: the next build tries again.
    value.catch(() => {
      if (cache.rendering?.value === value) cache.rendering = undefined;
    });
  }
  return value;
}

/**
 * Loads issues for one build (a loader per build: it keeps the config it read, which
 * may change between builds); with a cache, an issue whose content key is unchanged is
 * not parsed again; with a store, an issue whose model key is that of the model the
 * store kept is not parsed either, and a model made anew is kept.
 */
export function cachedIssueLoader({ cache, configPath, templatesDir, edition, store, settingsKey }: IssueLoading): (dir: string, keys: IssueKeys) => Promise<LoadedIssue> {
  let loader: Promise<(dir: string, edition?: string) => Promise<LoadedIssue>> | undefined;
  return (dir, { contentKey, modelKey, contentKeyNow }) => {
    // The parser is loaded only for an issue to compile: a kept model needs none of it.
    const compile = async () => {
      loader ??= import('../issue/issue-loader.js').then(({ createIssueLoader, loadIssueSettings }) => {
        const key = `${templatesDir ?? ''}\0${settingsKey ?? ''}`;
        if (cache !== undefined && settingsKey !== undefined && cache.issueSettings?.key !== key) cache.issueSettings = { key, value: loadIssueSettings(templatesDir) };
        const settings = settingsKey === undefined ? undefined : cache?.issueSettings?.value;
        return createIssueLoader({ configPath, templatesDir, hyphenator: cache?.hyphenator, compiledFiles: cache?.compiledFiles, settings });
      });
      return (await loader)(dir, edition);
    };
    // A model is kept only when its files are still those the key was made from.
    let savedWhileCompiled = false;
    const unchanged = () => {
      const same = contentKey !== undefined && contentKeyNow !== undefined && contentKeyNow() === contentKey;
      savedWhileCompiled ||= !same;
      return same;
    };
    const load = store === undefined || modelKey === undefined ? compile : () => storedOrCompiled(store, dir, modelKey, compile, unchanged);
    if (cache === undefined || contentKey === undefined) return load();
    // One folder holds an issue and its language versions: each is loaded on its own.
    const cacheKey = edition === undefined ? dir : `${dir}\0${edition}`;
    const known = cache.issues.get(cacheKey);
    // The issue's files, and what its check reads besides (a catalogue's notes label is in the model).
    const reuseKey = `${contentKey}\0${settingsKey ?? ''}`;
    if (known?.contentKey === reuseKey) return known.loaded;
    const loaded = load();
    cache.issues.set(cacheKey, { contentKey: reuseKey, loaded });
    // Nor is a model the next build would take for that of files saved over since.
    const forget = () => {
      if (cache.issues.get(cacheKey)?.loaded === loaded) cache.issues.delete(cacheKey);
    };
    loaded.then(() => savedWhileCompiled && forget(), forget);
    return loaded;
  };
}

async function storedOrCompiled(store: ModelStore, dir: string, modelKey: string, compile: () => Promise<LoadedIssue>, unchanged: () => boolean): Promise<LoadedIssue> {
  const stored = await store.read(dir, modelKey);
  if (stored !== undefined) return stored;
  const loaded = await compile();
  if (unchanged()) store.keep(dir, modelKey, loaded);
  return loaded;
}

/** How one build loads its issues: the cache kept between builds (a preview's), the config and templates to use, the edition, the store of kept models. */
export interface IssueLoading {
  cache?: BuildCache | undefined;
  configPath?: string | undefined;
  templatesDir?: string | undefined;
  edition?: string | undefined;
  store?: ModelStore | undefined;
  /** What the catalogues and the fonts' coverage are read from (the models' shared key): while it holds, the cache's are used. */
  settingsKey?: string | undefined;
}

/** What the loader is told of an issue's keys (up-to-date.ts). */
export interface IssueKeys {
  contentKey: string | undefined;
  modelKey: string | undefined;
  contentKeyNow?: (() => string | undefined) | undefined;
}
