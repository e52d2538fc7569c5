import { timed } from '../progress.js';
import type { BrowserHandle, LaunchOptions } from './browser.js';
import { findBrowser } from './find-browser.js';
import type { EarlierPrint, IssuePrinter } from './print-job.js';
import { createPageReadingMemo } from './page-readings.js';
import { printFontConfig } from './print-fontconfig.js';
import type { HeldDocuments } from './page-document.js';

export interface PrintingOptions {
  /** `--chromium`: the browser to print with, before the usual places. */
  chromium?: string | undefined;
  /** Where the browser's path and SOURCE_DATE_EPOCH are read. */
  env: NodeJS.ProcessEnv;
  /** Milliseconds one issue's PDF may take (see `createPdfPrinter`). */
  timeout?: number | undefined;
  /** `--keep-browser`: print in this user's kept browser (kept-browser.ts), starting it if need be. */
  keepBrowser?: boolean | undefined;
  /** The preview: each tab keeps the document it printed, and the next print of the issue is sent as a change of it (document-change.ts). */
  holdDocuments?: boolean | undefined;
}

/** A printer with the browser it starts on demand, for a build or a preview. */
export interface Printing {
  /** Prints an issue; the browser starts at the first call, or at `warmUp`. */
  printer: IssuePrinter;
  /** Starts the browser (and loads the printer's code) now, e.g. while an issue is checked. */
  warmUp(): void;
  /** Ends the browser, if it started: killed, since its renders are done or abandoned and its profile is temporary. Once: a later call waits for the first. */
  close(): Promise<void>;
}

/**
 * The one place where printing is set up, for `build` and `preview` alike: finds the
 * browser (undefined, with advice, when there is none) and gives a printer that starts
 * it when an issue first needs it, so that up-to-date issues cost no browser at all.
 */
export async function setUpPrinting(options: PrintingOptions): Promise<{ printing: Printing | undefined; advice: string | undefined }> {
  const found = await findBrowser({ explicitPath: options.chromium, env: options.env });
  const executablePath = found.path;
  if (executablePath === undefined) return { printing: undefined, advice: found.advice };
  let browser: Promise<BrowserHandle> | undefined;
  let closing: Promise<void> | undefined;
  // Kept with the browser: a preview prints the same issue again after each save.
  const pageReadings = createPageReadingMemo();
  const heldDocuments: HeldDocuments | null = options.holdDocuments === true ? new WeakMap() : null;
  const launch = { executablePath, timeout: options.timeout, env: options.env };
  // Not before an issue is known to need the browser: a build of issues all up to date starts nothing.
  const startBrowser = () =>
    (browser ??= options.keepBrowser === true
      ? import('./kept-browser.js').then(({ keptBrowserHandle }) => keptBrowserHandle(launch))
      : startOwnBrowser(launch, printFontConfig()));
  // What each print keeps for the next is made partly by the page (the document as printed,
  // serialized after the PDF is out): the browser is not ended before that is done.
  const keeping = new Set<Promise<unknown>>();
  const printer: IssuePrinter = async (job) => {
    const { createPdfPrinter } = await import('./pdf-printer.js');
    // Shown by --verbose: how long the issue waited for the browser to be up.
    const handle = await timed(job.progress, job.issue.month.id, 'pdf browser', startBrowser);
    return createPdfPrinter({ browser: handle, timeout: options.timeout, env: options.env, pageReadings, heldDocuments })({ ...job, earlierPrint: job.earlierPrint && trackedKeeping(job.earlierPrint, keeping) });
  };
  const printing: Printing = {
    printer,
    warmUp: () => {
      startBrowser().catch(() => {});
      // The printer's code: loaded while Chromium starts.
      import('./pdf-printer.js').catch(() => {});
    },
    close: () =>
      (closing ??= (async () => {
        await Promise.all(keeping);
        (await browser?.catch(() => undefined))?.kill();
      })()),
  };
  return { printing, advice: undefined };
}

/** `earlierPrint`, whose kept prints are in `keeping` until they are made (or fail). */
function trackedKeeping(earlierPrint: EarlierPrint, keeping: Set<Promise<unknown>>): EarlierPrint {
  return {
    read: () => earlierPrint.read(),
    keep(print) {
      const made = Promise.resolve(print).catch(() => undefined);
      keeping.add(made);
      void made.then(() => keeping.delete(made));
      earlierPrint.keep(print);
    },
  };
}

/**
 * Starts Chromium as soon as its fonts' configuration is there (a microtask after the
 * call, at the latest), then loads Puppeteer and connects while it starts: loading
 * Puppeteer first, and the build's own work meanwhile, delayed the start by 0.1-0.25 s.
 */
async function startOwnBrowser(launch: LaunchOptions, fontConfig: Promise<string>): Promise<BrowserHandle> {
  // Loaded with the fonts' configuration, not with the build: child_process (and net) is 5 ms to load.
  const [{ spawnChromium, killChromium }, configPath] = await Promise.all([import('./chromium-process.js'), fontConfig]);
  const started = spawnChromium(launch.executablePath, configPath);
  try {
    const { launchBrowser } = await import('./browser.js');
    return await launchBrowser({ ...launch, started });
  } catch (error) {
    await killChromium(started);
    throw error;
  }
}
