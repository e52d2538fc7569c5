import type { Progress } from '../progress.js';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { buildEditionSite, buildSite, createBuildCache, languagesOfSite, type BuildOptions, type BuildReport } from '../site/build-site.js';
import { issueEditions } from '../content/load-issue.js';
import { writeSearchIndex } from '../site/search-index.js';
import { discoverIssues } from '../content/discover.js';
import { readManifests } from '../web/manifest.js';
import { formatMessages } from '../diagnostics/report.js';
import { findConfigFile, loadConfig } from '../content/config.js';
import { readIssueFrontmatter } from '../authoring/new-issue.js';
import type { IssuePrinter } from '../print/print-job.js';
import { defaultTemplatesDir, loadTemplates } from '../render/templates.js';
import { createEventStream } from './events.js';
import { createRebuildQueue } from './rebuild-queue.js';
import { previewRoutes } from './routes.js';
import { BulletinError } from '../errors.js';
import { watchPaths, type Watcher } from './watch.js';
import { showingPrinted } from './printed-pdfs.js';

export interface PreviewOptions {
  issueDir: string;
  configPath?: string | undefined;
  templatesDir?: string | undefined;
  host: string;
  /** Names besides this machine's own (and `host`) under which the preview answers; see `ownRequest`. */
  allowHosts?: readonly string[] | undefined;
  /** 0 picks a free port. */
  port: number;
  /** Prints the PDF after each web edition (its browser kept warm by the caller); without one, only the web edition is shown. */
  printer: IssuePrinter | undefined;
  /** Told of every rebuild, e.g. to print its problems in the terminal. */
  onBuild?: (state: PreviewState) => void;
  /** Paths in messages are relative to this folder. */
  cwd: string;
  /** Told of each step of every rebuild and how long it took (`preview --verbose`). */
  progress?: Progress | undefined;
}

/** This machine's own names: the preview answers to them without being told. */
export const loopbackHosts = ['127.0.0.1', 'localhost', '::1'];

export interface PreviewState {
  /** Counts rebuilds; the page uses it to bust caches. */
  version: number;
  /** What the rebuild made: the web edition first (fast), then the PDF. */
  phase: 'web' | 'pdf';
  ok: boolean;
  /** `YYYY-MM`, once the issue has built. */
  issue: string | undefined;
  problems: string[];
  /** A failure that is not a content problem (a template error, the browser). */
  failure: string | undefined;
  ms: number;
  /** Version of the last rebuild that made a good web edition, and PDF: the page reloads a pane when its version moves. */
  webVersion: number | undefined;
  pdfVersion: number | undefined;
  /**
   * Where the PDF pane finds that PDF: as printed (`/printed/…`), when it was shown
   * before its build had written the web pages that name it; else at its place in the site.
   */
  pdfHref: string | undefined;
}

export interface Preview {
  url: string;
  /** The folder the site is built in: a temporary one, removed on close. */
  siteDir: string;
  state(): PreviewState | undefined;
  /** Settles when the first build (web edition, then PDF) is done and every save from then on is seen. */
  firstBuild: Promise<void>;
  /** Rebuilds now; resolves when this rebuild (and any that queued behind it) is done. */
  rebuild(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Serves an issue's two editions side by side on a local address and rebuilds
 * them on every save in the issue, the config or the templates. The web edition
 * is rebuilt and shown first; the PDF follows with the printer given (its browser kept
 * warm). Problems are shown over the page and the server keeps running.
 */
export async function startPreview(options: PreviewOptions): Promise<Preview> {
  const issueDir = resolve(options.issueDir);
  const outDir = await mkdtemp(join(tmpdir(), 'bulletin-preview-'));
  const printedDir = await mkdtemp(join(tmpdir(), 'bulletin-preview-printed-'));
  const configPath = options.configPath ?? (await findConfigFile(join(issueDir, '..')));
  const templatesDir = options.templatesDir ?? defaultTemplatesDir;
  const events = createEventStream<PreviewState>('build');
  let current: PreviewState | undefined;
  const publish = (state: PreviewState) => {
    current = state;
    events.send(state);
    options.onBuild?.(state);
  };
  const queue = createRebuildQueue(rebuilder({ ...options, issueDir, outDir, printedDir, configPath, templatesDir }, () => current, publish, () => queue.pending()));
  const shellTemplates = await loadTemplates(templatesDir);
  // The issue's language when the preview starts: its own words (the bar, the status) are in it.
  const lang = await issueLanguage(issueDir, configPath);
  let allowedHosts = new Set<string>();
  const server = createServer(
    previewRoutes({ shell: () => shellTemplates.previewShell({ issueName: basename(issueDir), lang }), events, state: () => current, outDir, printedDir, allowedHosts: () => allowedHosts }),
  );
  await listen(server, options);
  const { port } = server.address() as AddressInfo;
  allowedHosts = new Set([...loopbackHosts, options.host, ...(options.allowHosts ?? [])].map((name) => `${name.includes(':') && !name.startsWith('[') ? `[${name}]` : name}:${port}`.toLowerCase()));
  const watcher: Watcher = watchPaths([issueDir, templatesDir, ...(configPath ? [configPath] : [])], () => void queue.rebuild());
  // The address is usable at once: the page shows "building…" until the first build is published.
  const firstBuild = queue.rebuild().then(() => watcher.ready);
  return {
    url: `http://${options.host}:${port}/`,
    siteDir: outDir,
    state: () => current,
    firstBuild,
    rebuild: () => queue.rebuild(),
    async close() {
      await watcher.close();
      events.closeAll();
      server.closeAllConnections();
      await new Promise<void>((resolveClose) => server.close(() => resolveClose()));
      await queue.idle();
      await rm(outDir, { recursive: true, force: true });
      await rm(printedDir, { recursive: true, force: true });
    },
  };
}

/** `lang` of the issue's front-matter, else of the config, else English. */
async function issueLanguage(issueDir: string, configPath: string | undefined): Promise<string> {
  const own = (await readIssueFrontmatter(issueDir))?.['lang'];
  if (typeof own === 'string') return own;
  return (await loadConfig(configPath).catch(() => undefined))?.config.lang ?? 'en';
}

function listen(server: Server, options: Pick<PreviewOptions, 'host' | 'port'>): Promise<void> {
  return new Promise<void>((resolveListen, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(error.code === 'EADDRINUSE' ? new BulletinError(`Port ${options.port} is in use; pass another with --port, or 0 for a free one.`) : error),
    );
    server.listen(options.port, options.host, resolveListen);
  });
}

/**
 * One rebuild: the web edition, published at once, then the PDF from the same parse
 * (the cache), unless a newer save is waiting, whose rebuild will print it. A rebuilt
 * PDF is shown as soon as it is printed (printed-pdfs.ts); the build then writes the
 * web pages that name its size, which the editor does not wait for.
 */
function rebuilder(
  options: PreviewOptions & { outDir: string; printedDir: string; configPath: string | undefined; templatesDir: string },
  last: () => PreviewState | undefined,
  publish: (state: PreviewState) => void,
  newerSaveWaiting: () => boolean,
): () => Promise<void> {
  const cache = createBuildCache();
  let version = 0;
  let phaseStarted = 0;
  // Whether this rebuild's PDF was shown as soon as it was printed.
  let shownPrinted = false;
  const report = (built: BuildReport | undefined, phase: PreviewState['phase'], started: number, failure?: Error): boolean => {
    const state = previewState(built, phase, started, failure, ++version, last(), options.cwd);
    // The PDF shown stands: its build's end is told only when it failed after the print.
    if (!(phase === 'pdf' && shownPrinted && state.ok)) publish(state);
    return state.ok;
  };
  const printer =
    options.printer &&
    showingPrinted(options.printer, options.printedDir, ({ issue, href }) => {
      const previous = last();
      // The first PDF is shown from its place in the site, which the build is about to fill.
      if (previous?.pdfVersion === undefined) return;
      shownPrinted = true;
      version++;
      publish({ ...previous, version, phase: 'pdf', ok: true, issue, failure: undefined, ms: Math.round(performance.now() - phaseStarted), pdfVersion: version, pdfHref: href });
    });
  const site = previewSite(options);
  return async () => {
    shownPrinted = false;
    // The search index is written after both editions, when no save is waiting (previewSite).
    // The site's languages once known, so that the archive keeps its language switch.
    const common = { issueDirs: [options.issueDir], outDir: options.outDir, configPath: options.configPath, templatesDir: options.templatesDir, cache, searchIndex: false, siteLanguages: site.languages(), progress: options.progress };
    for (const phase of ['web', 'pdf'] as const) {
      if (phase === 'pdf' && (printer === undefined || newerSaveWaiting())) break;
      const started = performance.now();
      phaseStarted = started;
      const built = await buildEditionSite(phase === 'pdf' ? { ...common, printer } : common).catch((error: Error) => error);
      if (!(built instanceof Error ? report(undefined, phase, started, built) : report(built, phase, started))) return;
    }
    if (!newerSaveWaiting()) await site.finish();
  };
}

/**
 * The rest of the site around the previewed issue: the web editions of the other issues
 * beside it, built once, so that the archive and its search cover the whole site; then
 * the search index, written again after every rebuild (Pagefind builds it whole).
 * Neither is what the editor is waiting for: a failure here leaves the preview as it is.
 */
function previewSite(options: { issueDir: string; outDir: string; configPath: string | undefined; templatesDir: string }): {
  finish: () => Promise<void>;
  languages: () => BuildOptions['siteLanguages'];
} {
  // The site's languages, found with the first build of the whole site.
  let siteLanguages: BuildOptions['siteLanguages'] | null = null;
  return {
    languages: () => siteLanguages ?? undefined,
    async finish() {
      const { outDir, configPath, templatesDir, issueDir } = options;
      if (siteLanguages === null) {
        // The other issues, language versions included. Not the previewed issue's main
        // edition: just built with its PDF, it is up to date, and a web-only build (another
        // key) would replace its folder while the PDF pane may be reading from it.
        const issueDirs = await discoverIssues(dirname(issueDir)).catch((): string[] => [issueDir]);
        siteLanguages = await languagesOfSite({ issueDirs, configPath }, [...new Set((await Promise.all(issueDirs.map(issueEditions))).flat())].sort());
        const others = issueDirs.filter((dir) => resolve(dir) !== issueDir);
        if (others.length > 0) await buildSite({ issueDirs: others, outDir, configPath, templatesDir, searchIndex: false, siteLanguages }).catch(() => undefined);
      }
      // The previewed issue's language versions (web editions): a save to 01-overview.az.md shows there.
      for (const edition of await issueEditions(issueDir)) {
        await buildEditionSite({ issueDirs: [issueDir], outDir: join(outDir, edition), edition, configPath, templatesDir, searchIndex: false, siteLanguages }).catch(() => undefined);
      }
      const search = (await readManifests(options.outDir))[0]?.search !== false;
      if (search) await writeSearchIndex(options.outDir).catch(() => undefined);
    },
  };
}

function previewState(report: BuildReport | undefined, phase: PreviewState['phase'], started: number, failure: Error | undefined, version: number, last: PreviewState | undefined, cwd: string): PreviewState {
  const issue = report?.issues[0];
  const ok = failure === undefined && report?.ok === true;
  return {
    version,
    phase,
    ok,
    issue: issue?.id,
    problems: issue ? formatMessages(issue.files, { cwd }) : [],
    failure: failure?.message ?? issue?.failure?.message,
    ms: Math.round(performance.now() - started),
    webVersion: ok && phase === 'web' ? version : last?.webVersion,
    pdfVersion: ok && phase === 'pdf' ? version : last?.pdfVersion,
    pdfHref: ok && phase === 'pdf' ? undefined : last?.pdfHref,
  };
}
