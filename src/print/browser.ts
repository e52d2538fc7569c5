import { readdir, readlink, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { BulletinError, withTimeout } from '../errors.js';
import { printFontConfig } from './print-fontconfig.js';

import { launchMode } from './browser-flags.js';
import { printViewport } from './print-document.js';
import { pagePool } from './page-pool.js';

export { browserAdvice, findBrowser, isHeadlessShell, type FindBrowserOptions, type FoundBrowser } from './find-browser.js';
export { chromiumFlags, launchMode } from './browser-flags.js';

/** The one browser of a build, passed to whatever renders; closed by whoever launched it. */
export interface BrowserHandle {
  /** The running browser; a new one after `restart`. */
  readonly browser: Browser;
  /**
   * A page to render in: the blank tab the browser starts with, the first time (opening
   * a new tab in a browser that has just started takes hundreds of milliseconds), then new ones.
   */
  newPage(): Promise<Page>;
  /** Gives back a page that rendered well, for the next render to use (a new tab costs hundreds of ms). */
  releasePage(page: Page): void;
  /** Ends the browser (killing it if it does not answer) and starts a fresh one, for a retry after a crash or hang. */
  restart(): Promise<void>;
  close(): Promise<void>;
  /**
   * Ends the browser at once, without the orderly shutdown `close` waits for (a quarter
   * of a second here): for a build whose renders are all done, as its profile is a
   * temporary one that Puppeteer deletes when the process exits.
   */
  kill(): Promise<void>;
}

export interface LaunchOptions {
  executablePath: string;
  /**
   * Milliseconds the browser may take to start and to answer any one request. Default
   * 30 s. Over a pipe, Puppeteer's launch timeout does not apply (it waits for no
   * address): a browser that never answers would hang the build for ever.
   */
  timeout?: number | undefined;
}

export async function launchBrowser(options: LaunchOptions): Promise<BrowserHandle> {
  let browser = await start(options);
  let pages = pagePool(browser, firstTab(browser));
  return {
    get browser() {
      return browser;
    },
    newPage: () => pages.take(),
    releasePage: (page) => pages.give(page),
    async restart() {
      await stop(browser);
      browser = await start(options);
      pages = pagePool(browser, firstTab(browser));
    },
    close: () => stop(browser),
    kill: () => kill(browser),
  };
}

/**
 * The blank tab a browser starts with, if it has one. Never rejects: it runs unawaited
 * from the launch, and a browser closed at once (a build whose issue has errors) has
 * tabs whose frame is not there yet.
 */
async function firstTab(browser: Browser): Promise<Page | undefined> {
  try {
    const pages = await browser.pages();
    return pages.find((page) => page.url() === 'about:blank');
  } catch {
    return undefined;
  }
}

async function start(options: LaunchOptions): Promise<Browser> {
  await removeStaleProfiles();
  const fontConfig = await printFontConfig();
  try {
    const browser = await puppeteer.launch({
      executablePath: options.executablePath,
      ...launchMode(options.executablePath),
      timeout: options.timeout ?? 30_000,
      // Bounds the first request too, which is how a browser that never answers is found
      // out; Puppeteer then kills it with its process group. At least 10 s: a browser
      // starting on a loaded machine takes seconds, whatever the renders are allowed.
      protocolTimeout: answerTimeout(options),
      // The commands decide what a signal means (preview stops cleanly); they close the browser.
      handleSIGINT: false,
      handleSIGTERM: false,
      handleSIGHUP: false,
      // Talk over a pipe: when bulletin ends, even killed, the pipe closes and Chromium exits with it.
      pipe: true,
      defaultViewport: printViewport,
      // No font of the machine's in the print (print-fontconfig.ts).
      env: { ...process.env, FONTCONFIG_FILE: fontConfig },
    });
    ignoreLatePipeErrors(browser);
    return browser;
  } catch (error) {
    const reason = /timed out/i.test((error as Error).message) ? `it did not answer within ${answerTimeout(options) / 1000} s (--timeout, at least 10 s)` : (error as Error).message.split('\n')[0];
    throw new BulletinError(`Cannot start the browser at ${options.executablePath}: ${reason}. Check that it runs (\`${options.executablePath} --version\`), or name another with --chromium.`, { cause: error });
  }
}

/**
 * Puppeteer takes its listeners off the browser's pipes when it closes them. A browser
 * that ends with messages still unread (killed after a timeout) then makes the pipe
 * report ECONNRESET, which with no listener would end bulletin with a stack trace. Once
 * the browser is closed or killed, an error on its pipes says only that it is gone.
 */
function ignoreLatePipeErrors(browser: Browser): void {
  for (const stream of browser.process()?.stdio ?? []) stream?.on('error', () => {});
}

/** How long the browser may take to answer a request, its first one included. */
function answerTimeout(options: LaunchOptions): number {
  return Math.max(options.timeout ?? 30_000, 10_000);
}

/**
 * Closes the browser, and kills it when it does not close within a few seconds (a hung
 * or stopped process). Puppeteer starts Chromium as the leader of its own process
 * group, so the kill takes its helpers (zygote, renderers, GPU) too: killed alone,
 * the main process would leave them to be re-parented.
 */
async function stop(browser: Browser): Promise<void> {
  const child = browser.process();
  const closed = await withTimeout(browser.close(), 5000, 'browser did not close').then(
    () => true,
    () => false,
  );
  if (child === null || child.pid === undefined) return;
  if (!closed && child.exitCode === null && child.signalCode === null) {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    killGroup(child.pid, () => child.kill('SIGKILL'));
    await exited;
  } else {
    // Closed: helpers still shutting down are ended with their group.
    killGroup(child.pid, () => {});
  }
}

async function kill(browser: Browser): Promise<void> {
  const child = browser.process();
  if (child === null || child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  killGroup(child.pid, () => child.kill('SIGKILL'));
  await exited;
  // Settles Puppeteer's side of the connection, which has seen the pipe close.
  await browser.close().catch(() => {});
}

function killGroup(pid: number, fallback: () => void): void {
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    fallback();
  }
}

/** Where Puppeteer makes each browser's temporary profile. */
export const profilePrefix = 'puppeteer_dev_chrome_profile-';

/**
 * Removes the temporary profiles of browsers that are gone: Puppeteer deletes a profile
 * when its process ends, but a build killed with SIGKILL leaves its browser's (2.5 MB).
 * A profile is a dead browser's when the process its SingletonLock names (host-pid)
 * is not running, or, without a lock, when it is more than a day old.
 */
export async function removeStaleProfiles(dir = tmpdir()): Promise<string[]> {
  const names = (await readdir(dir).catch(() => [])).filter((name) => name.startsWith(profilePrefix));
  const removed: string[] = [];
  for (const name of names) {
    const path = join(dir, name);
    const lock = await readlink(join(path, 'SingletonLock')).catch(() => undefined);
    const pid = Number(/-(\d+)$/.exec(lock ?? '')?.[1]);
    const stale = lock === undefined ? Date.now() - ((await stat(path).catch(() => undefined))?.mtimeMs ?? Date.now()) > 86_400_000 : !(pid > 0 && running(pid));
    if (stale && (await rm(path, { recursive: true, force: true }).then(() => true, () => false))) removed.push(path);
  }
  return removed;
}

function running(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}