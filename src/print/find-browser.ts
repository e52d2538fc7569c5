import { access, constants, readdir } from 'node:fs/promises';
import { homedir } from 'node:os';
import { basename, join } from 'node:path';

// Apart from browser.ts so that finding a browser does not load Puppeteer.

/**
 * Chromium's headless shell first (Debian's package chromium-headless-shell): the same
 * Blink, layout and PDF printing as the browser, without the browser's user interface
 * and services, whose start costs a second and more of CPU at every launch. Then the
 * browsers themselves.
 */
const systemPaths = [
  '/usr/lib/chromium/chromium-headless-shell',
  '/usr/bin/chromium-headless-shell',
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/snap/bin/chromium',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
];

export const browserAdvice =
  'no Chromium or Chrome was found. Install one (Debian/Ubuntu: `sudo apt-get install chromium-headless-shell`, or `chromium`; ' +
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

/** Whether the program is Chromium's headless shell (Debian's chromium-headless-shell, Puppeteer's chrome-headless-shell), started in its own mode. */
export function isHeadlessShell(executablePath: string): boolean {
  return /headless[-_]shell/i.test(basename(executablePath));
}

/**
 * Finds a browser to print with, in order: the explicit path, PUPPETEER_EXECUTABLE_PATH,
 * a headless shell or Chrome that Puppeteer downloaded earlier, then the system's
 * headless shell, Chromium or Chrome.
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

/** Headless shells, then Chrome builds, in Puppeteer's download cache (`~/.cache/puppeteer/chrome/<build>/…`), newest first. */
async function puppeteerCachedChromes(env: NodeJS.ProcessEnv): Promise<string[]> {
  const cache = env['PUPPETEER_CACHE_DIR'] ?? join(homedir(), '.cache', 'puppeteer');
  const newestFirst = async (folder: string) => (await readdir(join(cache, folder)).catch(() => [] as string[])).sort().reverse();
  const shells = (await newestFirst('chrome-headless-shell')).flatMap((build) =>
    ['linux64', 'mac-x64', 'mac-arm64'].map((platform) => join(cache, 'chrome-headless-shell', build, `chrome-headless-shell-${platform}`, 'chrome-headless-shell')),
  );
  const chromes = (await newestFirst('chrome')).flatMap((build) => [
    join(cache, 'chrome', build, 'chrome-linux64', 'chrome'),
    join(cache, 'chrome', build, 'chrome-mac-x64', 'Google Chrome for Testing.app', 'Contents', 'MacOS', 'Google Chrome for Testing'),
    join(cache, 'chrome', build, 'chrome-mac-arm64', 'Google Chrome for Testing.app', 'Contents', 'MacOS', 'Google Chrome for Testing'),
  ]);
  return [...shells, ...chromes];
}
