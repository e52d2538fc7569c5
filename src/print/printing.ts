import { timed } from '../progress.js';
import type { BrowserHandle } from './browser.js';
import { findBrowser } from './find-browser.js';
import type { IssuePrinter } from './print-job.js';
import { createPageReadingMemo } from './page-readings.js';
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
}

/** A printer with the browser it starts on demand, for a build or a preview. */
export interface Printing {
  /** Prints an issue; the browser starts at the first call, or at `warmUp`. */
  printer: IssuePrinter;
  /** Starts the browser (and loads the printer's code) now, e.g. while an issue is checked. */
  warmUp(): void;
  /** Ends the browser, if it started: killed, since its renders are done or abandoned and its profile is temporary. */
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
  // Kept with the browser: a preview prints the same issue again after each save.
  const pageReadings = createPageReadingMemo();
  const heldDocuments: HeldDocuments = new WeakMap();
  const launch = { executablePath, timeout: options.timeout, env: options.env };
  const startBrowser = () =>
    (browser ??= options.keepBrowser === true
      ? import('./kept-browser.js').then(({ keptBrowserHandle }) => keptBrowserHandle(launch))
      : import('./browser.js').then(({ launchBrowser }) => launchBrowser(launch)));
  const printer: IssuePrinter = async (job) => {
    const { createPdfPrinter } = await import('./pdf-printer.js');
    // Shown by --verbose: how long the issue waited for the browser to be up.
    const handle = await timed(job.progress, job.issue.month.id, 'pdf browser', startBrowser);
    return createPdfPrinter({ browser: handle, timeout: options.timeout, env: options.env, pageReadings, heldDocuments })(job);
  };
  const printing: Printing = {
    printer,
    warmUp: () => {
      startBrowser().catch(() => {});
      // The printer's code: loaded while Chromium starts.
      import('./pdf-printer.js').catch(() => {});
    },
    close: async () => (await browser?.catch(() => undefined))?.kill(),
  };
  return { printing, advice: undefined };
}
