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
  return { headless: isHeadlessShell(executablePath) ? 'shell' : true, args: chromiumFlags };
}
