import { basename, join } from 'node:path';
import type { VFile } from 'vfile';
import { hasErrors } from '../content/messages.js';
import type { Issue } from '../model/types.js';
import { copyFileAtomic, writeFileAtomic } from '../output/write-atomic.js';
import { loadFontFaces, type FontFace } from '../render/fonts.js';
import { loadTemplates, type Templates } from '../render/templates.js';
import { archivePage, feeds } from '../web/archive.js';
import { issuePages } from '../web/issue-pages.js';
import { issueManifest, manifestFileName, readManifests, type PdfSummary } from '../web/manifest.js';
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
  const reports: IssueReport[] = [];
  let siteUrl: string | undefined;

  for (const dir of options.issueDirs) {
    const report: IssueReport = { dir, id: undefined, files: [], written: [], failure: undefined };
    reports.push(report);
    try {
      const { issue, files } = await timed(progress, basename(dir), 'check', () => load(dir));
      report.files = files;
      if (issue === undefined) continue;
      report.id = issue.month.id;
      siteUrl ??= issue.site.url;

      const issueOutDir = join(options.outDir, issue.month.id);
      let pdf: PrintedPdf | undefined;
      const printer = options.printer;
      if (printer) {
        pdf = await printer({ issue, templates, fonts, issueOutDir, progress });
        report.written.push(pdf.path);
      }
      const web = async () => {
        const local = await issueFiles(issue);
        const pages = issuePages(issue, templates, { stylesheet: assets.stylesheet, favicon: assets.favicon, files: local.paths, pdf, siteUrl: issue.site.url });
        const manifest: SiteFile = { path: `${issue.month.id}/${manifestFileName}`, contents: `${JSON.stringify(issueManifest(issue, pdf), null, 2)}\n` };
        return writeSiteFiles(options.outDir, [...assets.files, ...local.files, ...pages, manifest]);
      };
      report.written.push(...(await timed(progress, issue.month.id, 'web', web)));
    } catch (error) {
      report.failure = error as Error;
    }
  }

  if (reports.some((report) => report.written.length > 0)) {
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

async function writeSiteFiles(root: string, files: readonly SiteFile[]): Promise<string[]> {
  const written: string[] = [];
  for (const file of files) {
    const target = join(root, file.path);
    if ('contents' in file) await writeFileAtomic(target, file.contents);
    else await copyFileAtomic(file.source, target);
    written.push(target);
  }
  return written;
}
