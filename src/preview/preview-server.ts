import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { buildSite, createBuildCache, type BuildReport } from '../site/build-site.js';
import { formatMessages } from '../diagnostics/report.js';
import { findConfigFile } from '../content/config.js';
import type { BrowserHandle } from '../print/browser.js';
import { createPdfPrinter } from '../print/pdf-printer.js';
import { defaultTemplatesDir, loadTemplates } from '../render/templates.js';
import { serveStaticFile } from './static-files.js';
import { BulletinError } from '../errors.js';
import { watchPaths, type Watcher } from './watch.js';

export interface PreviewOptions {
  issueDir: string;
  configPath?: string | undefined;
  templatesDir?: string | undefined;
  host: string;
  /** 0 picks a free port. */
  port: number;
  /** The warm browser for the PDF, kept for every rebuild; without one, only the web edition is shown. */
  browser: BrowserHandle | undefined;
  env?: NodeJS.ProcessEnv;
  /** Told of every rebuild, e.g. to print its problems in the terminal. */
  onBuild?: (state: PreviewState) => void;
  /** Paths in messages are relative to this folder. */
  cwd: string;
}

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
}

export interface Preview {
  url: string;
  state(): PreviewState | undefined;
  /** Settles when the first build (web edition, then PDF) is done. */
  firstBuild: Promise<void>;
  /** Rebuilds now; resolves when this rebuild (and any that queued behind it) is done. */
  rebuild(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Serves an issue's two editions side by side on a local address and rebuilds
 * them on every save in the issue, the config or the templates. The web edition
 * is rebuilt and shown first; the PDF follows in the same warm browser. Problems
 * are shown over the page and the server keeps running.
 */
export async function startPreview(options: PreviewOptions): Promise<Preview> {
  const issueDir = resolve(options.issueDir);
  const outDir = await mkdtemp(join(tmpdir(), 'bulletin-preview-'));
  const configPath = options.configPath ?? (await findConfigFile(join(issueDir, '..')));
  const templatesDir = options.templatesDir ?? defaultTemplatesDir;
  const clients = new Set<ServerResponse>();
  let current: PreviewState | undefined;
  let version = 0;

  const publish = (report: BuildReport | undefined, phase: PreviewState['phase'], started: number, failure?: Error): void => {
    const issue = report?.issues[0];
    const ok = failure === undefined && report?.ok === true;
    version++;
    current = {
      version,
      phase,
      ok,
      issue: issue?.id,
      problems: issue ? formatMessages(issue.files, { cwd: options.cwd }) : [],
      failure: failure?.message ?? issue?.failure?.message,
      ms: Math.round(performance.now() - started),
      webVersion: ok && phase === 'web' ? version : current?.webVersion,
      pdfVersion: ok && phase === 'pdf' ? version : current?.pdfVersion,
    };
    const event = `event: build\ndata: ${JSON.stringify(current)}\n\n`;
    for (const client of clients) client.write(event);
    options.onBuild?.(current);
  };

  // The PDF follows the web edition from the same parse, and a rebuild reloads only what changed.
  const cache = createBuildCache();
  let running: Promise<void> | undefined;
  let pending = false;
  const buildOnce = async (): Promise<void> => {
    const started = performance.now();
    const common = { issueDirs: [issueDir], outDir, configPath, templatesDir, cache };
    let web: BuildReport;
    try {
      web = await buildSite(common);
    } catch (error) {
      publish(undefined, 'web', started, error as Error);
      return;
    }
    publish(web, 'web', started);
    // A newer save is waiting: its rebuild will print the PDF.
    if (!web.ok || options.browser === undefined || pending) return;
    const pdfStarted = performance.now();
    try {
      publish(await buildSite({ ...common, printer: createPdfPrinter({ browser: options.browser, env: options.env }) }), 'pdf', pdfStarted);
    } catch (error) {
      publish(undefined, 'pdf', pdfStarted, error as Error);
    }
  };
  const rebuild = (): Promise<void> => {
    if (running) {
      pending = true;
      return running;
    }
    running = (async () => {
      do {
        pending = false;
        await buildOnce();
      } while (pending);
    })().finally(() => {
      running = undefined;
    });
    return running;
  };

  const shellTemplates = await loadTemplates(templatesDir);
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://preview');
    if (url.pathname === '/') {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
      response.end(shellTemplates.previewShell({ issueName: basename(issueDir) }));
    } else if (url.pathname === '/events') {
      response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
      response.write(': connected\n\n');
      if (current) response.write(`event: build\ndata: ${JSON.stringify(current)}\n\n`);
      clients.add(response);
      request.on('close', () => clients.delete(response));
    } else if (url.pathname === '/status') {
      response.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      response.end(JSON.stringify(current ?? null));
    } else if (url.pathname.startsWith('/site/')) {
      void serveStaticFile(outDir, url.pathname.slice('/site'.length), request, response);
    } else {
      response.writeHead(404).end();
    }
  });
  await new Promise<void>((resolveListen, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(error.code === 'EADDRINUSE' ? new BulletinError(`Port ${options.port} is in use; pass another with --port, or 0 for a free one.`) : error),
    );
    server.listen(options.port, options.host, resolveListen);
  });
  const { port } = server.address() as AddressInfo;

  const watcher: Watcher = watchPaths([issueDir, templatesDir, ...(configPath ? [configPath] : [])], () => void rebuild());
  // The address is usable at once: the page shows "building…" until the first build is published.
  const firstBuild = rebuild();

  return {
    url: `http://${options.host}:${port}/`,
    state: () => current,
    firstBuild,
    rebuild,
    async close() {
      watcher.close();
      for (const client of clients) client.end();
      server.closeAllConnections();
      await new Promise<void>((resolveClose) => server.close(() => resolveClose()));
      await running?.catch(() => {});
      await rm(outDir, { recursive: true, force: true });
    },
  };
}
