import { access, constants, readdir } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import puppeteer, { type Browser } from 'puppeteer-core';
import { BulletinError, withTimeout } from '../errors.js';

/** Flags that let Chromium run as root in a container with no network and no GPU. */
export const chromiumFlags = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-dev-shm-usage',
];

const systemPaths = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/snap/bin/chromium',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
];

export const browserAdvice =
  'no Chromium or Chrome was found. Install one (Debian/Ubuntu: `sudo apt-get install chromium`; ' +
  'macOS: install Google Chrome) or name it with --chromium PATH or PUPPETEER_EXECUTABLE_PATH. ' +
  'To build only the web edition, pass --no-pdf.';

export interface FindBrowserOptions {
  /** `--chromium PATH`: used as given, never replaced by another. */
  explicitPath?: string | undefined;
  env: NodeJS.ProcessEnv;
  /** Candidates after the explicit and environment paths; default: Puppeteer's cache, then the usual system paths. */
  candidates?: string[] | undefined;
}

export type FoundBrowser = { path: string; advice?: undefined } | { path: undefined; advice: string };

/**
 * Finds a browser to print with, in order: the explicit path, PUPPETEER_EXECUTABLE_PATH,
 * a Chrome that Puppeteer downloaded earlier, then the system's Chromium or Chrome.
 */
export async function findBrowser(options: FindBrowserOptions): Promise<FoundBrowser> {
  for (const [path, origin] of [
    [options.explicitPath, '--chromium'],
    [options.env['PUPPETEER_EXECUTABLE_PATH'], 'PUPPETEER_EXECUTABLE_PATH'],
  ] as const) {
    if (path === undefined || path === '') continue;
    if (await isExecutable(path)) return { path };
    return { path: undefined, advice: `${origin} names ${path}, which is not an executable file.` };
  }
  const candidates = options.candidates ?? [...(await puppeteerCachedChromes(options.env)), ...systemPaths];
  for (const path of candidates) {
    if (await isExecutable(path)) return { path };
  }
  return { path: undefined, advice: browserAdvice };
}

async function isExecutable(path: string): Promise<boolean> {
  try {
    await access(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Chrome builds in Puppeteer's download cache (`~/.cache/puppeteer/chrome/<build>/…`), newest first. */
async function puppeteerCachedChromes(env: NodeJS.ProcessEnv): Promise<string[]> {
  const cache = env['PUPPETEER_CACHE_DIR'] ?? join(homedir(), '.cache', 'puppeteer');
  const builds = await readdir(join(cache, 'chrome')).catch(() => [] as string[]);
  return builds
    .sort()
    .reverse()
    .flatMap((build) => [
      join(cache, 'chrome', build, 'chrome-linux64', 'chrome'),
      join(cache, 'chrome', build, 'chrome-mac-x64', 'Google Chrome for Testing.app', 'Contents', 'MacOS', 'Google Chrome for Testing'),
      join(cache, 'chrome', build, 'chrome-mac-arm64', 'Google Chrome for Testing.app', 'Contents', 'MacOS', 'Google Chrome for Testing'),
    ]);
}

/** The one browser of a build, passed to whatever renders; closed by whoever launched it. */
export interface BrowserHandle {
  /** The running browser; a new one after `restart`. */
  readonly browser: Browser;
  /** Ends the browser (killing it if it does not answer) and starts a fresh one, for a retry after a crash or hang. */
  restart(): Promise<void>;
  close(): Promise<void>;
}

export interface LaunchOptions {
  executablePath: string;
  /** Milliseconds to wait for the browser to start. Default 30 s. */
  timeout?: number;
}

export async function launchBrowser(options: LaunchOptions): Promise<BrowserHandle> {
  let browser = await start(options);
  return {
    get browser() {
      return browser;
    },
    async restart() {
      await stop(browser);
      browser = await start(options);
    },
    close: () => stop(browser),
  };
}

async function start(options: LaunchOptions): Promise<Browser> {
  try {
    return await puppeteer.launch({
      executablePath: options.executablePath,
      headless: true,
      args: chromiumFlags,
      timeout: options.timeout ?? 30_000,
      // The commands decide what a signal means (preview stops cleanly); they close the browser.
      handleSIGINT: false,
      handleSIGTERM: false,
      handleSIGHUP: false,
      // Talk over a pipe: when bulletin ends, even killed, the pipe closes and Chromium exits with it.
      pipe: true,
    });
  } catch (error) {
    throw new BulletinError(`Cannot start the browser at ${options.executablePath}: ${(error as Error).message.split('\n')[0]}. Check that it runs (\`${options.executablePath} --version\`), or name another with --chromium.`, { cause: error });
  }
}

/** Closes the browser, and kills it when it does not close within a few seconds (a hung or stopped process). */
async function stop(browser: Browser): Promise<void> {
  const process = browser.process();
  const closed = await withTimeout(browser.close(), 5000, 'browser did not close').then(
    () => true,
    () => false,
  );
  if (!closed && process !== null && process.exitCode === null) {
    process.kill('SIGKILL');
    await new Promise((resolve) => process.once('exit', resolve));
  }
}
