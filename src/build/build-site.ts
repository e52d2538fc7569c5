import { existsSync, readFileSync } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { VFile } from 'vfile';
import { findConfigFile } from '../content/find-config.js';
import { hasErrors } from '../content/messages.js';
import { parseMonth } from '../model/month.js';
import type { Issue } from '../model/types.js';
import { copyFileAtomic, writeFileAtomic } from '../output/write-atomic.js';
import { fontSources, type FontFace } from '../render/fonts.js';
import type { Templates } from '../render/templates.js';
import type { PdfSummary } from '../web/manifest.js';
import type { SiteFile } from '../web/site-assets.js';
import { issueBuildKey, issueContentKey, readBuildRecord, sharedBuildKey } from './build-key.js';
import type { LoadedIssue } from './issue-loader.js';
import { silentProgress, timed, type Progress } from './progress.js';

export interface BuildOptions {
  /** Issue folders to build. */
  issueDirs: readonly string[];
  /** Output folder; each issue goes to `<outDir>/<YYYY-MM>/`. */
  outDir: string;
  /**
   * Called when the first issue turns out to need building, before it is read: time to
   * start what the printer needs (the browser), so that it starts while the issue is checked.
   */
  warmUp?: (() => void) | undefined;
  /** A `bulletin.config.yaml` to use instead of the nearest one above each issue. */
  configPath?: string | undefined;
  templatesDir?: string | undefined;
  /** Renders the PDF of each issue; without one, only the web edition is written. */
  printer?: IssuePrinter | undefined;
  /** Told of every step of every issue, with its duration. */
  progress?: Progress | undefined;
  /** Issues built at once. Default: the number of cores. */
  concurrency?: number | undefined;
  /** Rebuilds issues whose inputs have not changed. */
  force?: boolean | undefined;
  /**
   * Kept by a caller that builds again and again (the preview): what did not change since
   * the last build is not read, loaded or parsed again. Make one with `createBuildCache`.
   */
  cache?: BuildCache | undefined;
}

/**
 * What one build leaves for the next. Only what its key fully covers is reused: the
 * templates and fonts by the templates' contents, an issue's model by its files and
 * config. The tool's own code is read once, as it cannot change while it runs.
 */
export interface BuildCache {
  tool: Promise<string[]> | undefined;
  rendering: { key: string; value: Promise<Rendering> } | undefined;
  issues: Map<string, { contentKey: string; loaded: Promise<LoadedIssue> }>;
}

export function createBuildCache(): BuildCache {
  return { tool: undefined, rendering: undefined, issues: new Map() };
}

/** Writes the print edition of one issue; given by the caller, who owns the browser. */
export type IssuePrinter = (job: PrintJob) => Promise<PrintedPdf>;

export interface PrintJob {
  issue: Issue;
  templates: Templates;
  fonts: readonly FontFace[];
  /** `<outDir>/<YYYY-MM>/`. */
  issueOutDir: string;
  progress: Progress;
  /**
   * The contents' page numbers of the previous build of this issue, tried in the first
   * render: when the text before a section has not moved, that render is final.
   */
  contentsGuess?: readonly number[] | undefined;
  /**
   * Names this state of the issue's files (its content key): the same revision means the
   * same images, so a tab that printed it may keep what it fetched.
   */
  revision?: string | undefined;
}

export interface PrintedPdf extends PdfSummary {
  path: string;
}

export interface IssueReport {
  dir: string;
  /** `YYYY-MM`, once the issue's metadata is known. */
  id: string | undefined;
  /** Every file read, with its messages. */
  files: VFile[];
  /** Paths written. */
  written: string[];
  /** Why the issue failed after its content checked out (a render failure, …). */
  failure: Error | undefined;
  /** Its outputs were made from the same inputs by an earlier build, and nothing was done. */
  upToDate: boolean;
}

export interface BuildReport {
  issues: IssueReport[];
  ok: boolean;
}

/**
 * Builds each issue folder into the output folder, then the site around them:
 * shared assets, the archive of every issue in the output folder, and (with
 * `site.url`) the sitemap and feed. Issues are independent: one with errors
 * writes nothing, is reported, and the others are still built.
 */
export async function buildSite(options: BuildOptions): Promise<BuildReport> {
  const progress = options.progress ?? silentProgress;
  // What every issue's key shares, from what is cheap to read: an unchanged issue is
  // recognised without loading the parser, the templates or the fonts' files.
  const cache = options.cache;
  const tool = await (cache ? (cache.tool ??= toolFingerprint()) : toolFingerprint());
  const templates = await templateFingerprint(options.templatesDir);
  const sharedKey = sharedBuildKey([...tool, ...templates, ...fontsFingerprint(), options.printer ? 'pdf' : 'web']);
  // Issues share their parent folder, and so their config: looked up and read once.
  const configPaths = new Map<string, Promise<string | undefined>>();
  const configTexts = new Map<string, Promise<string>>();
  // Loaded once, by the first issue that needs building.
  let rendering: Promise<Rendering> | undefined;
  const renderer = () => (rendering ??= cachedRendering(cache, sharedBuildKey([options.templatesDir ?? '', ...templates]), options));
  // A loader per build: it keeps the config it read, which may change between builds.
  let loader: Promise<(dir: string) => Promise<LoadedIssue>> | undefined;
  const loadIssue = (dir: string, contentKey: string | undefined): Promise<LoadedIssue> => {
    loader ??= import('./issue-loader.js').then(({ createIssueLoader }) => createIssueLoader({ configPath: options.configPath }));
    const load = async () => (await loader!)(dir);
    if (cache === undefined || contentKey === undefined) return load();
    const known = cache.issues.get(dir);
    if (known?.contentKey === contentKey) return known.loaded;
    const loaded = load();
    cache.issues.set(dir, { contentKey, loaded });
    loaded.catch(() => {
      if (cache.issues.get(dir)?.loaded === loaded) cache.issues.delete(dir);
    });
    return loaded;
  };
  // Content-hashed names: a file already there has these contents, so it is written once.
  let assetsWritten: Promise<string[]> | undefined;
  const writeAssets = (files: readonly SiteFile[]) => (assetsWritten ??= writeSiteFiles(options.outDir, files, { keepExisting: true }));
  let siteUrl: string | undefined;

  /** The issue's key, and its month when its outputs are already up to date. */
  const keyOf = async (dir: string): Promise<IssueKey> => {
    const parent = join(dir, '..');
    if (!configPaths.has(parent)) configPaths.set(parent, findConfigFile(parent));
    const configPath = options.configPath ?? (await configPaths.get(parent));
    const configKey = configPath ?? '';
    if (!configTexts.has(configKey)) configTexts.set(configKey, configPath === undefined ? Promise.resolve('') : readFile(configPath, 'utf8').catch(() => ''));
    const contentKey = issueContentKey(dir, (await configTexts.get(configKey)) ?? '');
    const buildKey = contentKey === undefined ? undefined : issueBuildKey(contentKey, sharedKey);
    const previous = options.force || buildKey === undefined ? undefined : await upToDate(options.outDir, dir, buildKey);
    // Work to do: the printer may start its browser while the issue is read.
    if (previous === undefined) options.warmUp?.();
    return { contentKey, buildKey, upToDate: previous };
  };

  const buildOne = async (dir: string, key: IssueKey): Promise<IssueReport> => {
    const report: IssueReport = { dir, id: undefined, files: [], written: [], failure: undefined, upToDate: false };
    const { buildKey } = key;
    try {
      if (key.upToDate !== undefined) {
        report.id = key.upToDate;
        report.upToDate = true;
        return report;
      }
      const r = await renderer().catch((error: unknown) => {
        // Templates or fonts that cannot be loaded fail the whole build, not this issue.
        throw new SetupFailure(error);
      });
      const { issue, files } = await timed(progress, basename(dir), 'check', () => loadIssue(dir, key.contentKey));
      report.files = files;
      if (issue === undefined) return report;
      report.id = issue.month.id;
      siteUrl ??= issue.site.url;

      const issueOutDir = join(options.outDir, issue.month.id);
      let pdf: PrintedPdf | undefined;
      if (options.printer) {
        const contentsGuess = (await readBuildRecord(issueOutDir))?.contentsPages;
        pdf = await options.printer({ issue, templates: r.templates, fonts: r.fonts, issueOutDir, progress, contentsGuess, revision: key.contentKey });
        report.written.push(pdf.path);
      }
      const web = async () => {
        const local = await r.issueFiles(issue);
        const pages = r.issuePages(issue, r.templates, { stylesheet: r.assets.stylesheet, favicon: r.assets.favicon, files: local.paths, pdf, siteUrl: issue.site.url });
        // The manifest goes last: it vouches for the outputs written before it.
        const manifest: SiteFile = { path: `${issue.month.id}/${r.manifestFileName}`, contents: `${JSON.stringify(r.issueManifest(issue, pdf, buildKey), null, 2)}\n` };
        return [...(await writeAssets(r.assets.files)), ...(await writeSiteFiles(options.outDir, [...local.files, ...pages])), ...(await writeSiteFiles(options.outDir, [manifest]))];
      };
      report.written.push(...(await timed(progress, issue.month.id, 'web', web)));
    } catch (error) {
      if (error instanceof SetupFailure) throw error.cause;
      report.failure = error as Error;
    }
    return report;
  };

  // First every issue's key: reading files waits on the disk, so many at once. An issue
  // whose key cannot be made is built, and says why.
  const keys = await mapConcurrently(options.issueDirs, keyConcurrency, (dir) =>
    keyOf(dir).catch((): IssueKey => ({ contentKey: undefined, buildKey: undefined, upToDate: undefined })),
  );
  // Then the issues to build, side by side as many as the cores allow; the PDFs share one browser.
  const reports = await mapConcurrently(
    options.issueDirs.map((dir, index) => ({ dir, key: keys[index]! })),
    options.concurrency ?? availableParallelism(),
    ({ dir, key }) => buildOne(dir, key),
  );

  const archiveMissing = !(await stat(join(options.outDir, 'index.html')).then(() => true, () => false));
  if (reports.some((report) => report.written.length > 0) || (archiveMissing && reports.some((report) => report.upToDate))) {
    await timed(progress, 'site', 'archive', async () => {
      const r = await renderer();
      const manifests = await r.readManifests(options.outDir);
      const siteFiles = [r.archivePage(manifests, r.templates, { stylesheet: r.assets.stylesheet, favicon: r.assets.favicon, siteUrl })];
      if (siteUrl !== undefined) siteFiles.push(...r.feeds(manifests, r.templates, siteUrl));
      await writeSiteFiles(options.outDir, siteFiles);
    });
  }
  const ok = reports.every((report) => report.failure === undefined && !hasErrors(report.files));
  return { issues: reports, ok };
}

interface IssueKey {
  contentKey: string | undefined;
  buildKey: string | undefined;
  /** The issue's month, when its outputs are already up to date. */
  upToDate: string | undefined;
}

/** Issues whose key is worked out at once: the work is reading files. */
const keyConcurrency = 16;

class SetupFailure extends Error {
  constructor(override readonly cause: unknown) {
    super('the build could not be set up');
  }
}

/** The cache's rendering when it was made from the same templates, else a new one, which the cache keeps. */
function cachedRendering(cache: BuildCache | undefined, key: string, options: BuildOptions): Promise<Rendering> {
  if (cache?.rendering?.key === key) return cache.rendering.value;
  const value = loadRendering(options);
  if (cache !== undefined) {
    cache.rendering = { key, value };
    // A failure (a template that does not compile) is not kept: the next build tries again.
    value.catch(() => {
      if (cache.rendering?.value === value) cache.rendering = undefined;
    });
  }
  return value;
}

/** What building needs beyond the keys: loaded on demand, since an unchanged site needs none of it. */
async function loadRendering(options: BuildOptions) {
  const [{ loadTemplates }, { loadFontFaces }, site, { issuePages }, manifest, archive] = await Promise.all([
    import('../render/templates.js'),
    import('../render/fonts.js'),
    import('../web/site-assets.js'),
    import('../web/issue-pages.js'),
    import('../web/manifest.js'),
    import('../web/archive.js'),
  ]);
  const templates = await loadTemplates(options.templatesDir);
  const fonts = await loadFontFaces();
  return {
    templates,
    fonts,
    assets: await site.siteAssets(templates, fonts),
    issueFiles: site.issueFiles,
    issuePages,
    issueManifest: manifest.issueManifest,
    manifestFileName: manifest.manifestFileName,
    readManifests: manifest.readManifests,
    archivePage: archive.archivePage,
    feeds: archive.feeds,
  };
}

type Rendering = Awaited<ReturnType<typeof loadRendering>>;

/** The tool itself: its version and every file of its code (a changed build gives new outputs). */
async function toolFingerprint(): Promise<string[]> {
  const codeDir = fileURLToPath(new URL('..', import.meta.url));
  const entries = await readdir(codeDir, { recursive: true, withFileTypes: true });
  const files = entries.filter((entry) => entry.isFile() && /\.[jt]s$/.test(entry.name)).map((entry) => join(entry.parentPath, entry.name)).sort();
  return [toolVersion(), ...(await Promise.all(files.map((file) => readFile(file, 'utf8'))))];
}

/** Every template file, by name and contents. */
async function templateFingerprint(templatesDir: string | undefined): Promise<string[]> {
  const dir = templatesDir ?? fileURLToPath(new URL('../../templates', import.meta.url));
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  const files = entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name)).sort();
  return (await Promise.all(files.map(async (file) => `${file.slice(dir.length)}\0${await readFile(file, 'utf8')}`)));
}

/** The font packages, by name and version: their files change only with their version. */
function fontsFingerprint(): string[] {
  return fontSources.map((source) => {
    try {
      const path = createRequire(import.meta.url).resolve(`${source.npmPackage}/package.json`);
      return `${source.npmPackage}@${(JSON.parse(readFileSync(path, 'utf8')) as { version: string }).version}`;
    } catch {
      return `${source.npmPackage}@missing`;
    }
  });
}

/**
 * The issue's month when its outputs in the output folder were made from exactly
 * these inputs and are all there; otherwise undefined. Only folders named by their
 * month are recognised before parsing, which is the content format's rule.
 */
async function upToDate(outDir: string, issueDir: string, buildKey: string): Promise<string | undefined> {
  const id = basename(issueDir);
  if (parseMonth(id) === undefined) return undefined;
  const record = await readBuildRecord(join(outDir, id));
  if (record?.buildKey !== buildKey) return undefined;
  return record.outputs.every((file) => existsSync(join(outDir, id, file))) ? id : undefined;
}

/** Runs `work` on every item, at most `limit` at a time; results keep the items' order. */
export async function mapConcurrently<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return results;
}

function toolVersion(): string {
  return (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
}

async function writeSiteFiles(root: string, files: readonly SiteFile[], options: { keepExisting?: boolean } = {}): Promise<string[]> {
  const written: string[] = [];
  for (const file of files) {
    const target = join(root, file.path);
    if (options.keepExisting && (await stat(target).catch(() => undefined))?.isFile()) continue;
    if ('contents' in file) await writeFileAtomic(target, file.contents);
    else await copyFileAtomic(file.source, target);
    written.push(target);
  }
  return written;
}
