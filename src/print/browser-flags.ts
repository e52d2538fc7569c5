import { isHeadlessShell } from './find-browser.js';

/**
 * How bulletin starts Chromium, apart from Puppeteer (browser.ts): a build that prints in
 * the kept browser (kept-browser.ts) needs the flags, to name the browser it wants, but
 * not the launcher.
 */

/** Flags that let Chromium run as root in a container with no network and no GPU. */
export const chromiumFlags = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-dev-shm-usage',
  // Chromium 15x's headless mode still starts the omnibox popup's WebUI in a renderer of
  // its own, for a window that is never shown: a second of CPU at every launch.
  '--disable-features=PreloadTopChromeWebUI,WebUIOmniboxPopup,WebUIOmniboxAimPopup',
  // The headless shell's default is full font hinting, which rounds each glyph's advance
  // to whole pixels: lines break elsewhere and readers find gaps inside words ("CO
  // NTENTS"). Without hinting it sets text as the browser does (the same pages, pixel for
  // pixel, and the same text layer); the browser takes the flag and prints as before.
  // Given to both, so that no guess about which program this is can change the print.
  '--font-render-hinting=none',
];

/** How bulletin starts the program: Puppeteer's headless mode for it (the shell's own, or the browser's), with bulletin's flags. */
export function launchMode(executablePath: string): { headless: true | 'shell'; args: string[] } {
  // A copy: Puppeteer takes the --disable-features switch out of the array it is given.
  return { headless: isHeadlessShell(executablePath) ? 'shell' : true, args: [...chromiumFlags] };
}

/**
 * Puppeteer's own switches for Chrome (puppeteer-core's `defaultArgs`, in the version
 * pinned in package.json), with bulletin's merged in as Puppeteer merges them: what
 * Chromium is started with as soon as a build knows it will print, before Puppeteer is
 * loaded (chromium-process.ts). A test holds the two to the same list.
 */
const puppeteerSwitches = [
  '--allow-pre-commit-input',
  '--disable-background-networking',
  '--disable-background-timer-throttling',
  '--disable-backgrounding-occluded-windows',
  '--disable-breakpad',
  '--disable-client-side-phishing-detection',
  '--disable-component-extensions-with-background-pages',
  '--disable-crash-reporter',
  '--disable-default-apps',
  '--disable-dev-shm-usage',
  '--disable-hang-monitor',
  '--disable-infobars',
  '--disable-ipc-flooding-protection',
  '--disable-popup-blocking',
  '--disable-prompt-on-repost',
  '--disable-renderer-backgrounding',
  '--disable-search-engine-choice-screen',
  '--disable-sync',
  '--enable-automation',
  '--export-tagged-pdf',
  '--force-color-profile=srgb',
  '--generate-pdf-document-outline',
  '--metrics-recording-only',
  '--no-first-run',
  '--password-store=basic',
  '--use-mock-keychain',
];
const puppeteerDisabledFeatures = ['Translate', 'AcceptCHFrame', 'MediaRouter', 'OptimizationHints', 'WebUIReloadButton', 'ProcessPerSiteUpToMainFrameThreshold', 'IsolateSandboxedIframes'];
const puppeteerEnabledFeatures = ['PdfOopif'];

/** Every switch Chromium is started with, for a profile in `userDataDir`, spoken to over its pipe. */
export function chromiumArguments(executablePath: string, userDataDir: string): string[] {
  const { headless, args } = launchMode(executablePath);
  const features = (name: string) => args.filter((arg) => arg.startsWith(`${name}=`)).flatMap((arg) => arg.slice(name.length + 1).split(','));
  const own = args.filter((arg) => !arg.startsWith('--disable-features=') && !arg.startsWith('--enable-features='));
  return [
    ...puppeteerSwitches,
    `--disable-features=${[...puppeteerDisabledFeatures, ...features('--disable-features')].filter((feature) => feature !== '').join(',')}`,
    `--enable-features=${[...puppeteerEnabledFeatures, ...features('--enable-features')].filter((feature) => feature !== '').join(',')}`,
    `--user-data-dir=${userDataDir}`,
    headless === 'shell' ? '--headless' : '--headless=new',
    '--hide-scrollbars',
    '--mute-audio',
    '--disable-extensions',
    'about:blank',
    ...own,
    '--remote-debugging-pipe',
  ];
}
