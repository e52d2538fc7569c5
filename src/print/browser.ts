import type { ChildProcess } from 'node:child_process';
import { readdir, readlink, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fs from 'node:fs';
import path from 'node:path';
// Its connector, not its entry: the entry loads every launcher, and with them the
// browsers' downloader and its proxies (1.7 MB of code, some 60 ms of a build's CPU),
// for a browser chromium-process.ts has started already. What the entry also sets up,
// files for a screenshot or PDF given a path, is set up here (`useNodeFiles`).
import type { Browser, Page } from 'puppeteer-core';
import { _connectToBrowser } from 'puppeteer-core/internal/common/BrowserConnector.js';
import { environment } from 'puppeteer-core/internal/environment.js';
import { BulletinError, withTimeout } from '../errors.js';
import { printFontConfig } from './print-fontconfig.js';
import { printViewport } from './print-document.js';
import { pagePool } from './page-pool.js';
import { killChromium, pipeTransport, profilePrefix, spawnChromium, type ChromiumProcess } from './chromium-process.js';

export { browserAdvice, findBrowser, isHeadlessShell, type FindBrowserOptions, type FoundBrowser } from './find-browser.js';
export { chromiumFlags, launchMode } from './browser-flags.js';

/** The one browser of a build, passed to whatever renders; closed by whoever launched it. */
export interface BrowserHandle {
  /** The running browser; a new one after `restart`. */
  readonly browser: Browser;
  /** Its process, when this build started it (not a kept browser's). */
  readonly process?: ChildProcess | undefined;
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
   * temporary one, removed when the process has ended (chromium-process.ts).
   */
  kill(): Promise<void>;
}

export interface LaunchOptions {
  executablePath: string;
  /**
   * Milliseconds the browser may take to start and to answer any one request (at least
   * 10 s). Default 30 s. Over a pipe nothing else bounds the start: a browser that never
   * answers would hang the build for ever.
   */
  timeout?: number | undefined;
  /** The browser, started already (chromium-process.ts) by a build that knew early it would print; otherwise started here. */
  started?: ChromiumProcess | undefined;
}

export async function launchBrowser(options: LaunchOptions): Promise<BrowserHandle> {
  let started = await start(options, options.started);
  let pages = pagePool(started.browser, firstTab(started.browser));
  return {
    get browser() {
      return started.browser;
    },
    get process() {
      return started.chromium.child;
    },
    newPage: () => pages.take(),
    releasePage: (page) => pages.give(page),
    async restart() {
      await stop(started);
      started = await start(options, undefined);
      pages = pagePool(started.browser, firstTab(started.browser));
    },
    close: () => stop(started),
    kill: () => kill(started),
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

/** A browser this build started, and Puppeteer's connection to it. */
interface StartedBrowser {
  browser: Browser;
  chromium: ChromiumProcess;
}

async function start(options: LaunchOptions, started: ChromiumProcess | undefined): Promise<StartedBrowser> {
  const chromium = started ?? spawnChromium(options.executablePath, await printFontConfig());
  // Profiles of browsers killed outright, removed while this one starts.
  removeStaleProfiles().catch(() => {});
  try {
    return { browser: await connectOverPipe(chromium, options), chromium };
  } catch (error) {
    await killChromium(chromium);
    const reason = /timed out/i.test((error as Error).message) ? `it did not answer within ${answerTimeout(options) / 1000} s (--timeout, at least 10 s)` : (error as Error).message.split('\n')[0];
    throw new BulletinError(`Cannot start the browser at ${options.executablePath}: ${reason}. Check that it runs (\`${options.executablePath} --version\`), or name another with --chromium.`, { cause: error });
  }
}

/** Puppeteer connected to the browser over its pipe; fails when the browser ends first, saying why. */
async function connectOverPipe(chromium: ChromiumProcess, options: LaunchOptions): Promise<Browser> {
  const ended = chromium.ended.then(() => {
    throw new Error(chromium.endReason());
  });
  ended.catch(() => {});
  useNodeFiles();
  // The same class, declared twice: in the package's public types and in its internal ones.
  const connected = _connectToBrowser({
    transport: pipeTransport(chromium),
    // Bounds the first request too, which is how a browser that never answers is found
    // out. At least 10 s: a browser starting on a loaded machine takes seconds, whatever
    // the renders are allowed.
    protocolTimeout: answerTimeout(options),
    defaultViewport: printViewport,
  }) as unknown as Promise<Browser>;
  return Promise.race([connected, ended]);
}

/** What Puppeteer's Node entry sets up and its connector does not: Node's files, for a screenshot or PDF given a path. */
function useNodeFiles(): void {
  // What else it holds (the screen recorder, when the entry was loaded; else a getter that says it is not) is kept.
  const others = Object.getOwnPropertyDescriptors(environment.value);
  environment.value = Object.defineProperties({}, { ...others, fs: { value: fs, enumerable: true }, path: { value: path, enumerable: true } }) as typeof environment.value;
}

/** How long the browser may take to answer a request, its first one included. */
function answerTimeout(options: LaunchOptions): number {
  return Math.max(options.timeout ?? 30_000, 10_000);
}

/**
 * Closes the browser, then ends its process group (Chromium leads its own: the helpers,
 * zygote, renderers and GPU, go with it), also when it does not close within a few
 * seconds (a hung or stopped process).
 */
async function stop({ browser, chromium }: StartedBrowser): Promise<void> {
  await withTimeout(browser.close(), 5000, 'browser did not close').catch(() => {});
  await killChromium(chromium);
}

async function kill({ browser, chromium }: StartedBrowser): Promise<void> {
  await killChromium(chromium);
  // Settles Puppeteer's side of the connection, which has seen the pipe close.
  await browser.disconnect().catch(() => {});
}

/**
 * Removes the temporary profiles of browsers that are gone: a build removes its
 * browser's when it ends (chromium-process.ts), but one killed with SIGKILL leaves it (2.5 MB).
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