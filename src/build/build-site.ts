import { readFileSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { basename, join } from 'node:path';
import { findConfigFile } from '../content/config.js';
import { parseMonth } from '../model/month.js';
import { issueBuildKey, sharedBuildKey } from './build-key.js';
import type { VFile } from 'vfile';
import { hasErrors } from '../content/messages.js';
import type { Issue } from '../model/types.js';
import { copyFileAtomic, writeFileAtomic } from '../output/write-atomic.js';
import { loadFontFaces, type FontFace } from '../render/fonts.js';
import { loadTemplates, type Templates } from '../render/templates.js';
import { archivePage, feeds } from '../web/archive.js';
import { issuePages } from '../web/issue-pages.js';
import { issueManifest, manifestFileName, readManifest, readManifests, type PdfSummary } from '../web/manifest.js';
import { issueFiles, siteAssets, type SiteFile } from '../web/site-assets.js';
import { createIssueLoader } from './issue-loader.js';
import { silentProgress, timed, type Progress } from './progress.js';

export interface BuildOptions {
  /** Issue folders to build. */
  issueDirs: readonly string[];
  /** Output folder; each issue goes to `<outDir>/<YYYY-MM>/`. */
  outDir: string;
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
  const templates = await loadTemplates(options.templatesDir);
  const fonts = await loadFontFaces();
  const assets = await siteAssets(templates, fonts);
  const load = createIssueLoader({ configPath: options.configPath });
  const templateTexts = await Promise.all(templates.files.map((file) => readFile(file, 'utf8')));
  const sharedKey = sharedBuildKey([toolVersion(), assets.stylesheet, assets.favicon, options.printer ? 'pdf' : 'web', ...templateTexts]);
  const configTexts = new Map<string, Promise<string>>();
  // Content-hashed names: a file already there has these contents, so it is written once.
  let assetsWritten: Promise<string[]> | undefined;
  const writeAssets = () => (assetsWritten ??= writeSiteFiles(options.outDir, assets.files, { keepExisting: true }));
  let siteUrl: string | undefined;

  const buildOne = async (dir: string): Promise<IssueReport> => {
    const report: IssueReport = { dir, id: undefined, files: [], written: [], failure: undefined, upToDate: false };
    try {
      const configPath = options.configPath ?? (await findConfigFile(join(dir, '..')));
      const configKey = configPath ?? '';
      if (!configTexts.has(configKey)) configTexts.set(configKey, configPath === undefined ? Promise.resolve('') : readFile(configPath, 'utf8').catch(() => ''));
      const buildKey = await issueBuildKey(dir, (await configTexts.get(configKey)) ?? '', sharedKey);
      const previous = options.force || buildKey === undefined ? undefined : await upToDate(options.outDir, dir, buildKey);
      if (previous !== undefined) {
        report.id = previous;
        report.upToDate = true;
        return report;
      }

      const { issue, files } = await timed(progress, basename(dir), 'check', () => load(dir));
      report.files = files;
      if (issue === undefined) return report;
      report.id = issue.month.id;
      siteUrl ??= issue.site.url;

      const issueOutDir = join(options.outDir, issue.month.id);
      let pdf: PrintedPdf | undefined;
      if (options.printer) {
        pdf = await options.printer({ issue, templates, fonts, issueOutDir, progress });
        report.written.push(pdf.path);
      }
      const web = async () => {
        const local = await issueFiles(issue);
        const pages = issuePages(issue, templates, { stylesheet: assets.stylesheet, favicon: assets.favicon, files: local.paths, pdf, siteUrl: issue.site.url });
        // The manifest goes last: it vouches for the outputs written before it.
        const manifest: SiteFile = { path: `${issue.month.id}/${manifestFileName}`, contents: `${JSON.stringify(issueManifest(issue, pdf, buildKey), null, 2)}\n` };
        return [...(await writeAssets()), ...(await writeSiteFiles(options.outDir, [...local.files, ...pages])), ...(await writeSiteFiles(options.outDir, [manifest]))];
      };
      report.written.push(...(await timed(progress, issue.month.id, 'web', web)));
    } catch (error) {
      report.failure = error as Error;
    }
    return report;
  };

  // Issues are built side by side, as many as the cores allow; the PDFs share one browser.
  const reports = await mapConcurrently(options.issueDirs, options.concurrency ?? availableParallelism(), buildOne);

  const archiveMissing = !(await stat(join(options.outDir, 'index.html')).then(() => true, () => false));
  if (reports.some((report) => report.written.length > 0) || (archiveMissing && reports.some((report) => report.upToDate))) {
    await timed(progress, 'site', 'archive', async () => {
      const manifests = await readManifests(options.outDir);
      const siteFiles = [archivePage(manifests, templates, { stylesheet: assets.stylesheet, favicon: assets.favicon, siteUrl })];
      if (siteUrl !== undefined) siteFiles.push(...feeds(manifests, templates, siteUrl));
      await writeSiteFiles(options.outDir, siteFiles);
    });
  }
  const ok = reports.every((report) => report.failure === undefined && !hasErrors(report.files));
  return { issues: reports, ok };
}

/**
 * The issue's month when its outputs in the output folder were made from exactly
 * these inputs and are all there; otherwise undefined. Only folders named by their
 * month are recognised before parsing, which is the content format's rule.
 */
async function upToDate(outDir: string, issueDir: string, buildKey: string): Promise<string | undefined> {
  const id = basename(issueDir);
  if (parseMonth(id) === undefined) return undefined;
  const manifest = await readManifest(join(outDir, id));
  if (manifest?.buildKey !== buildKey) return undefined;
  const expected = ['index.html', 'all.html', ...manifest.sections.map((section) => section.href), ...(manifest.pdf ? [manifest.pdf.href] : [])];
  const present = await Promise.all(expected.map((file) => stat(join(outDir, id, file)).then(() => true, () => false)));
  return present.every(Boolean) ? id : undefined;
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
