import { access, constants, readdir } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';

// Apart from browser.ts so that finding a browser does not load Puppeteer.

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
