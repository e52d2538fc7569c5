import { readFile, stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { basename, dirname, join } from 'node:path';
import type { VFile } from 'vfile';
import { findConfigFile } from '../content/find-config.js';
import { issueEditions } from '../content/load-issue.js';
import { hasErrors } from '../diagnostics/messages.js';
import type { Issue } from '../model/types.js';
import type { IssuePrinter, PrintedPdf } from '../print/print-job.js';
import { silentProgress, timed, type Progress } from '../progress.js';
import type { IssueFiles, SiteFile } from '../web/site-assets.js';
import type { IssuePagesWithPdf, RewritesBefore } from '../web/issue-pages.js';
import { cachedIssueLoader, cachedRendering, type BuildCache, type Rendering } from './build-cache.js';
import { modelStore, type ModelStore } from './model-store.js';
import { reportSharedMonths } from '../issue/check-months.js';
import { eachSettling, mapConcurrently } from './concurrency.js';
import { writeSiteFiles } from './site-files.js';
import { archiveKey, catalogueFingerprint, fontsFingerprint, issueKeys, readBuildRecord, readKnownInputs, saveKnownInputs, sharedBuildKey, templateFingerprint, toolFingerprint, type IssueKey } from './up-to-date.js';
import { lockOutput } from './build-lock.js';
import { absoluteUrl } from '../web/format.js';
import { removeSearchIndex, searchIndexMarker, writeSearchIndex } from './search-index.js';
import { recoverStagedFolders, stageFolder } from '../output/staged-folder.js';

export { createBuildCache, type BuildCache } from './build-cache.js';

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
  /**
   * Called once no issue of this build will be printed again, before the last web
   * editions are written: time to end the browser while they are.
   */
  printsDone?: (() => void) | undefined;
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
   * Builds this language version of each issue (`az`: issue.az.md and NN-slug.az.md)
   * instead of the issue itself; `outDir` is then that language's site (dist/az/).
   */
  edition?: string | undefined;
  /** Every language the site has (its main language and each edition's), for the archive's language switch. */
  siteLanguages?: ReadonlyArray<{ edition: string | undefined; lang: string }> | undefined;
  /**
   * Writes the site's search index when the archive changes (default). The preview says
   * false, and writes it itself once both editions are shown: it takes seconds on a large site.
   */
  searchIndex?: boolean | undefined;
  /** Where SOURCE_DATE_EPOCH is read, as the printer reads it. Default: the process's environment. */
  env?: NodeJS.ProcessEnv | undefined;
  /**
   * Kept by a caller that builds again and again (the preview): what did not change since
   * the last build is not read, loaded or parsed again. Make one with `createBuildCache`.
   */
  cache?: BuildCache | undefined;
}

export interface IssueReport {
  dir: string;
  /** The language version built (`az`), undefined for the issue itself. */
  edition: string | undefined;
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

/** What one build shares between its issues. */
interface Build {
  options: BuildOptions;
  progress: Progress;
  /** Loaded once, by the first issue that needs building. */
  rendering: () => Promise<Rendering>;
  loadIssue: ReturnType<typeof cachedIssueLoader>;
  /** Content-hashed names: a file already there has these contents, so it is written once. */
  writeAssets: (files: readonly SiteFile[]) => Promise<string[]>;
  /** Issue models and printed pages kept between builds. */
  models: ModelStore;
}

/**
 * Builds every language version of the issues: the issues themselves into the output
 * folder (the main site), and each language version found beside them (`issue.az.md`,
 * `01-overview.az.md`) into its own site in a folder of the main one (`dist/az/`), with
 * its own archive, feed, sitemap and search. Each site's archive links the others'.
 * With `edition` set, builds that one site only (`buildEditionSite`).
 */
export async function buildSite(options: BuildOptions): Promise<BuildReport> {
  if (options.edition !== undefined) return buildEditionSite(options);
  const editionsOf = new Map(await Promise.all(options.issueDirs.map(async (dir) => [dir, await issueEditions(dir)] as const)));
  const editions = [...new Set([...editionsOf.values()].flat())].sort();
  const siteLanguages = options.siteLanguages ?? (await languagesOfSite(options, editions));
  // The sites are built one after another: the last one's prints are the build's last.
  const printsDoneAfter = (index: number) => (index === editions.length ? options.printsDone : undefined);
  const reports = [await buildEditionSite({ ...options, siteLanguages, printsDone: printsDoneAfter(0) })];
  for (const [index, edition] of editions.entries()) {
    const issueDirs = options.issueDirs.filter((dir) => editionsOf.get(dir)?.includes(edition));
    reports.push(await buildEditionSite({ ...options, issueDirs, outDir: join(options.outDir, edition), edition, siteLanguages, printsDone: printsDoneAfter(index + 1) }));
  }
  return { issues: reports.flatMap((report) => report.issues), ok: reports.every((report) => report.ok) };
}

/**
 * The languages of a site whose issues have these language versions: the main one first.
 * One language needs no list (nor the config read for it): the archive has no switch then.
 */
export async function languagesOfSite(options: Pick<BuildOptions, 'issueDirs' | 'configPath'>, editions: readonly string[]): Promise<BuildOptions['siteLanguages']> {
  if (editions.length === 0) return undefined;
  return [{ edition: undefined, lang: await mainLanguage(options) }, ...editions.map((edition) => ({ edition, lang: edition }))];
}

/** The main site's language: the config's `lang` (each issue may say otherwise), English by default. */
async function mainLanguage(options: Pick<BuildOptions, 'issueDirs' | 'configPath'>): Promise<string> {
  const [first] = options.issueDirs;
  const path = options.configPath ?? (first === undefined ? undefined : await findConfigFile(join(first, '..')));
  return (await readConfig(path))?.lang ?? 'en';
}

/**
 * Builds each issue folder (or each one's language version `edition`) into the output
 * folder, then the site around them:
 * shared assets, the archive of every issue in the output folder, and (with
 * `site.url`) the sitemap and feed. Issues are independent: one with errors
 * writes nothing, is reported, and the others are still built.
 */
export async function buildEditionSite(options: BuildOptions): Promise<BuildReport> {
  const release = await lockOutput(options.outDir);
  try {
    return await buildLocked(options);
  } finally {
    await release().catch(() => {});
  }
}

async function buildLocked(options: BuildOptions): Promise<BuildReport> {
  const { cache } = options;
  // A build killed while replacing an edition: whole editions back in place, staging removed.
  await recoverStagedFolders(options.outDir);
  const inputs = readKnownInputs(options.outDir);
  const tool = await (cache ? (cache.tool ??= toolFingerprint(undefined, inputs)) : toolFingerprint(undefined, inputs));
  const templates = await templateFingerprint(options.templatesDir);
  const { sharedKey, modelSharedKey } = await sharedKeys(options, tool, templates);
  const models = modelStore(options.outDir, options.edition, sharedBuildKey(tool));
  let rendering: Promise<Rendering> | undefined;
  let assetsWritten: Promise<string[]> | undefined;
  const build: Build = {
    options,
    progress: options.progress ?? silentProgress,
    rendering: () => (rendering ??= cachedRendering(cache, sharedBuildKey([options.templatesDir ?? '', ...templates]), options.templatesDir)),
    loadIssue: cachedIssueLoader({ cache, configPath: options.configPath, templatesDir: options.templatesDir, edition: options.edition, store: models, settingsKey: modelSharedKey }),
    writeAssets: (files) => (assetsWritten ??= writeSiteFiles(options.outDir, files, { keepExisting: true })),
    models,
  };
  // First every issue's key: reading files waits on the disk, so many at once. An issue
  // whose key cannot be made is built, and says why.
  const unchangedManifests = new Map<string, Buffer>();
  const keyOf = issueKeys({ ...options, inputs, modelSharedKey, unchangedManifests }, sharedKey);
  const keys = await mapConcurrently(options.issueDirs, keyConcurrency, (dir) =>
    keyOf(dir).catch((): IssueKey => ({ contentKey: undefined, buildKey: undefined, modelKey: undefined, upToDate: undefined })),
  );
  // Then every issue to build is checked, and rendered as soon as it is: the checks of
  // the next issues (Node's work) run while the browser prints the first (its own), side
  // by side as many as the cores allow; the PDFs share one browser. One month is one
  // folder, whichever folders say it: that is known when every issue is checked, and an
  // issue in clash, rendered by then, is not written (`renderIssue`).
  const jobs = options.issueDirs.map((dir, index) => ({ dir, key: keys[index]! }));
  const concurrency = options.concurrency ?? availableParallelism();
  const checking = eachSettling(jobs, concurrency, ({ dir, key }) => checkIssue(build, dir, key));
  const monthsChecked = Promise.all(checking).then((checked) => {
    reportSharedMonths(
      checked.map((entry) => ({ dir: entry.report.dir, month: entry.report.id, file: entry.report.files.find((file) => file.path === join(entry.report.dir, 'issue.md')) })),
      process.cwd(),
    );
  });
  // Each issue says once when it will print no more (`printed`): printed, failed or not to be printed.
  let unprinted = jobs.length;
  const printed = () => {
    unprinted--;
    if (unprinted === 0) options.printsDone?.();
  };
  if (jobs.length === 0) options.printsDone?.();
  const reports = await mapConcurrently(checking, concurrency, async (checked) => {
    const once = onlyOnce(printed);
    return renderIssue(build, await checked, monthsChecked, once).finally(once);
  });
  // A folder into which nothing was ever built stays empty, without even this record.
  if (await writeArchive(build, unchangedManifests)) await Promise.all([saveKnownInputs(options.outDir, inputs), models.save()]);
  const ok = reports.every((report) => report.failure === undefined && !hasErrors(report.files));
  return { issues: reports, ok };
}

/** What every issue's outputs, and every issue's model, are made from besides the issue's own inputs. */
async function sharedKeys(options: BuildOptions, tool: string[], templates: string[]): Promise<{ sharedKey: string; modelSharedKey: string }> {
  // SOURCE_DATE_EPOCH sets the PDF's dates: another value, other bytes.
  const epoch = options.printer ? `epoch:${(options.env ?? process.env)['SOURCE_DATE_EPOCH'] ?? ''}` : 'web';
  const fonts = fontsFingerprint();
  const sharedKey = sharedBuildKey([...tool, ...templates, ...fonts, options.printer ? 'pdf' : 'web', epoch, `edition:${options.edition ?? ''}`]);
  // A model depends on neither the PDF nor its dates, nor on the templates but their
  // catalogues: a web-only build's models serve the next full build, and a new layout rebuilds every issue without parsing one.
  const modelSharedKey = sharedBuildKey([...tool, ...(await catalogueFingerprint(options.templatesDir, templates)), ...fonts, `edition:${options.edition ?? ''}`]);
  return { sharedKey, modelSharedKey };
}

/** The function, to be called once: later calls do nothing. */
function onlyOnce(run: () => void): () => void {
  let called = false;
  return () => {
    if (called) return;
    called = true;
    run();
  };
}

/** Issues whose key is worked out at once: the work is reading files. */
const keyConcurrency = 16;

class SetupFailure extends Error {
  constructor(override readonly cause: unknown) {
    super('the build could not be set up');
  }
}

/** An issue checked: its report so far, and the model to render when it has no errors. */
interface CheckedIssue {
  report: IssueReport;
  issue: Issue | undefined;
  key: IssueKey;
}

async function checkIssue(build: Build, dir: string, key: IssueKey): Promise<CheckedIssue> {
  const report: IssueReport = { dir, edition: build.options.edition, id: undefined, files: [], written: [], failure: undefined, upToDate: false };
  if (key.upToDate !== undefined) return { report: { ...report, id: key.upToDate, upToDate: true }, issue: undefined, key };
  try {
    // A language version shows as `2021-04/az` in the progress.
    const label = `${basename(dir)}${build.options.edition === undefined ? '' : `/${build.options.edition}`}`;
    const { issue, files } = await timed(build.progress, label, 'check', () => build.loadIssue(dir, key));
    return { report: { ...report, files, id: issue?.month.id }, issue, key };
  } catch (error) {
    return { report: { ...report, failure: error as Error }, issue: undefined, key };
  }
}

/**
 * Renders a checked issue into a staged folder, and puts it in place once every issue is
 * checked (`monthsChecked`) and this one shares its month with no other folder. Calls
 * `printed` as soon as its PDF is printed (or fails).
 */
async function renderIssue(build: Build, { report, issue, key }: CheckedIssue, monthsChecked: Promise<void>, printed: () => void): Promise<IssueReport> {
  // An issue that does not check out is not rendered.
  if (issue === undefined || report.upToDate || report.failure !== undefined || hasErrors(report.files)) return report;
  try {
    // Templates, fonts and the site's assets: loaded once, by the first issue to render.
    const rendering = await timed(build.progress, issue.month.id, 'templates', () => build.rendering()).catch((error: unknown) => {
      // Templates or fonts that cannot be loaded fail the whole build, not this issue.
      throw new SetupFailure(error);
    });
    // The edition is written beside the old one and replaces it as a whole (staged-folder.ts).
    // A web-only build (`--no-pdf`, the preview's first pass) leaves the print edition it does not make.
    const keepPdf = build.options.printer === undefined ? (name: string) => name.endsWith('.pdf') : undefined;
    const edition = await stageFolder(join(build.options.outDir, issue.month.id), keepPdf);
    try {
      // The web edition's HTML is worked out while the browser prints (`whilePrinting`):
      // the PDF's size, on every page, is known only after.
      let web: Promise<PreparedWebEdition> | undefined;
      const prepareWeb = () => {
        if (web === undefined) {
          web = prepareWebEdition(rendering, issue, rewritesBefore(build, report.dir, issue));
          // Awaited below; a print that fails first leaves it unawaited, and that is no error.
          web.catch(() => {});
        }
        return web;
      };
      const pdf = await printIssue(build, { dir: report.dir, issue, key }, rendering, edition.path, prepareWeb).finally(printed);
      // Errors found after the check (a month two folders share) keep the issue out, its
      // shared files (images, fonts) too: the PDF, in the staged folder, goes with it.
      await monthsChecked;
      if (hasErrors(report.files)) return report;
      const written = await timed(build.progress, issue.month.id, 'web', async () => writeWebEdition(build, issue, rendering, await prepareWeb(), pdf, key, dirname(edition.path)));
      await edition.commit();
      const final = (path: string) => (path.startsWith(edition.path) ? edition.target + path.slice(edition.path.length) : path);
      report.written.push(...[...(pdf === undefined ? [] : [pdf.path]), ...written].map(final));
    } finally {
      await edition.discard();
    }
  } catch (error) {
    if (error instanceof SetupFailure) throw error.cause;
    report.failure = error as Error;
  }
  return report;
}

async function printIssue(build: Build, { dir, issue, key }: { dir: string; issue: Issue; key: IssueKey }, rendering: Rendering, stagedDir: string, whilePrinting: () => void): Promise<PrintedPdf | undefined> {
  const { printer } = build.options;
  if (printer === undefined) return undefined;
  const contentsGuess = (await readBuildRecord(join(build.options.outDir, issue.month.id)))?.contentsPages;
  const { templates, fonts } = rendering;
  const publishedDir = join(build.options.outDir, issue.month.id);
  return printer({ issue, templates, fonts, issueOutDir: stagedDir, progress: build.progress, contentsGuess, revision: key.contentKey, whilePrinting, earlierPrint: build.models.earlierPrint(dir), publishedDir });
}

/** An issue's web edition before its PDF is known: its files, and its pages waiting for the PDF's summary. */
interface PreparedWebEdition {
  local: IssueFiles;
  pages: IssuePagesWithPdf;
}

async function prepareWebEdition(rendering: Rendering, issue: Issue, rewritten: Promise<RewritesBefore>): Promise<PreparedWebEdition> {
  const local = await rendering.issueFiles(issue);
  const { stylesheet, favicon } = rendering.assets;
  const pages = await rendering.issuePages(issue, rendering.templates, { stylesheet, favicon, files: local.paths, images: local.images, siteUrl: issue.site.url, searchScript: issue.site.search ? rendering.assets.searchScript : undefined, rewritten: await rewritten });
  return { local, pages };
}

/**
 * The issue's sections as its last build rewrote them: the preview's cache, else the
 * store beside the model. What this build rewrites goes to the cache, or to the store
 * when it differs from what was read there. A preview's store is in its own temporary
 * folder, which no later build reads: it is not written after every save.
 */
async function rewritesBefore(build: Build, dir: string, issue: Issue): Promise<RewritesBefore> {
  const memo = build.options.cache?.rewrittenSections;
  const memoKey = `${issue.month.id}\0${issue.edition ?? ''}`;
  const store = build.models.rewrittenSections(dir);
  const last = memo?.get(memoKey) ?? (await store.read());
  return {
    last,
    keep(rewrites) {
      if (memo !== undefined) memo.set(memoKey, rewrites);
      else if (last === undefined || rewrites.size !== last.size || [...rewrites.keys()].some((key) => !last.has(key))) store.keep(rewrites);
    },
  };
}

/** Shared assets go to the output folder; the issue's own pages to `stagedRoot`/<YYYY-MM>/. */
async function writeWebEdition(build: Build, issue: Issue, rendering: Rendering, prepared: PreparedWebEdition, pdf: PrintedPdf | undefined, key: IssueKey, stagedRoot: string): Promise<string[]> {
  const { outDir } = build.options;
  const { local } = prepared;
  const pages = prepared.pages(pdf);
  // The manifest goes last: it vouches for the outputs written before it.
  const assets = [...rendering.assets.files, ...local.files].map((file) => file.path);
  // The record vouches for the files the outputs were made from (a save may have come between the key and the compile).
  const vouchedKey = key.vouchedBuildKey === undefined ? key.buildKey : key.vouchedBuildKey();
  const manifest: SiteFile = { path: `${issue.month.id}/${rendering.manifestFileName}`, contents: `${JSON.stringify(rendering.issueManifest(issue, pdf, vouchedKey, assets), null, 2)}\n` };
  const written = await Promise.all([
    build.writeAssets(rendering.assets.files),
    // Content-hashed names: a file already there has these contents, and is not made again (image copies).
    writeSiteFiles(outDir, local.files, { keepExisting: true }),
    writeSiteFiles(stagedRoot, pages),
  ]);
  return [...written.flat(), ...(await writeSiteFiles(stagedRoot, [manifest]))];
}

/** Beside the archive: the key it was made from and the files it wrote. */
const archiveRecordName = '.bulletin-archive.json';

/**
 * The archive, and with the site's address the sitemap and feed, from every issue in
 * the output folder as it is at the end of the build: written again whenever the
 * issues on disk differ from those it was made from, or one of its files is missing,
 * whatever happened before (a build that died, one issue built alone). The address
 * comes from the config, read only then: an unchanged site is recognised without it.
 * Returns whether the folder holds a site (at least one issue).
 */
async function writeArchive(build: Build, unchangedManifests: ReadonlyMap<string, Buffer>): Promise<boolean> {
  const { outDir, edition, siteLanguages } = build.options;
  const issuesKey = archiveKey(outDir, unchangedManifests);
  if (issuesKey === '') return false;
  // The languages are part of what the archive was made from: a new edition puts a new link on it.
  const key = `${issuesKey}\0${JSON.stringify(siteLanguages ?? [])}`;
  const record = await readFile(join(outDir, archiveRecordName), 'utf8').then((text) => JSON.parse(text) as { key?: unknown; files?: unknown }, () => undefined);
  const files = Array.isArray(record?.files) ? record.files.filter((file): file is string => typeof file === 'string') : [];
  const present = (await Promise.all(files.map((name) => stat(join(outDir, name)).then(() => true, () => false)))).every(Boolean);
  // The same manifests (an issue rebuilt to the same bytes, `--force` on unchanged
  // files), the same archive, feeds and search index: they are kept.
  if (record?.key === key && files.length > 0 && present) return true;
  const mainSiteUrl = await configuredSiteUrl(build.options);
  // A language version's site is a folder of the main one: https://…/az/.
  const siteUrl = mainSiteUrl === undefined || edition === undefined ? mainSiteUrl : absoluteUrl(mainSiteUrl, `${edition}/`);
  const rendering = await build.rendering();
  const manifests = await rendering.readManifests(outDir);
  // The newest issue says whether the site has search: its pages were made with the config as it is now.
  const search = manifests[0]?.search !== false;
  const siteFiles = await timed(build.progress, 'site', 'archive', async () => {
    const { stylesheet, favicon, searchScript } = rendering.assets;
    const languages = { editions: siteLanguages ?? [], current: edition, mainSiteUrl };
    const files = [rendering.archivePage(manifests, rendering.templates, { stylesheet, favicon, siteUrl, searchScript: search ? searchScript : undefined, languages })];
    if (siteUrl !== undefined && mainSiteUrl !== undefined) files.push(...rendering.feeds(manifests, rendering.templates, siteUrl, mainSiteUrl));
    // The archive links the stylesheet and icon: there when no issue was built this time too.
    await build.writeAssets(rendering.assets.files);
    await writeSiteFiles(outDir, files);
    return files;
  });
  const indexed = search && build.options.searchIndex !== false;
  if (indexed) await timed(build.progress, 'site', 'search index', () => writeSearchIndex(outDir));
  else if (!search) await removeSearchIndex(outDir);
  // Last: it vouches for the files before it, the search index's included.
  const written = { key, files: [...siteFiles.map((file) => file.path), ...(indexed ? [searchIndexMarker] : [])] };
  await writeSiteFiles(outDir, [{ path: archiveRecordName, contents: `${JSON.stringify(written)}\n` }]);
  return true;
}

/** `site.url` of the config the issues are built with (`--config`, or the nearest above the first issue). */
async function configuredSiteUrl(options: BuildOptions): Promise<string | undefined> {
  const [first] = options.issueDirs;
  const path = options.configPath ?? (first === undefined ? undefined : await findConfigFile(join(first, '..')));
  return (await readConfig(path))?.site?.url;
}

/**
 * The project config, or undefined when it cannot be read (the issues' check says why).
 * Loaded on demand: its schema and YAML parser are most of what an unchanged site would load.
 */
async function readConfig(path: string | undefined) {
  const { loadConfig } = await import('../content/config.js');
  return (await loadConfig(path).catch(() => undefined))?.config;
}
