import { copyFile, mkdir, mkdtemp, rename, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { IssuePrinter, PrintedPdf, PrintJob } from '../print/print-job.js';

/**
 * The preview's PDF, started as soon as its web edition's build has checked the issue
 * (`printAhead` of the build options) rather than after that edition is written and
 * shown: the browser lays the issue out while Node writes the web pages. The PDF's
 * build then takes that print (`printer`) when it is of the same issue model, templates,
 * fonts and images, which is what decides the PDF's bytes; else it prints its own.
 * One print at a time: a print started for an issue saved over since is waited for
 * and left.
 */
export interface PrintAhead {
  start(job: PrintJob): void;
  printer: IssuePrinter;
  /** Waits for the last print and removes the folder the prints went to. */
  close(): Promise<void>;
}

export function createPrintAhead(printer: IssuePrinter): PrintAhead {
  const folder = mkdtemp(join(tmpdir(), 'bulletin-print-ahead-'));
  let ahead: { job: PrintJob; printed: Promise<PrintedPdf> } | undefined;
  let count = 0;
  // Settles when no print runs.
  let last: Promise<unknown> = Promise.resolve();
  const print = (job: () => Promise<PrintJob>): Promise<PrintedPdf> => {
    const printed = last.then(async () => printer(await job()));
    last = printed.catch(() => undefined);
    return printed;
  };
  return {
    start(job) {
      const printed = print(async () => {
        const issueOutDir = join(await folder, String(++count));
        await mkdir(issueOutDir);
        // The web edition is the build's that started this print: nothing to prepare meanwhile.
        return { ...job, issueOutDir, whilePrinting: undefined };
      });
      // A print nobody takes (a newer save came) fails unseen.
      printed.catch(() => {});
      discard(ahead);
      ahead = { job, printed };
    },
    printer: async (job) => {
      const taken = ahead;
      ahead = undefined;
      if (taken === undefined || !sameOutput(taken.job, job)) {
        discard(taken);
        return print(async () => job);
      }
      job.whilePrinting?.();
      const printed = await taken.printed;
      const path = join(job.issueOutDir, printed.fileName);
      await rename(printed.path, path).catch(async () => {
        await copyFile(printed.path, path);
        await rm(printed.path, { force: true });
      });
      return { ...printed, path };
    },
    async close() {
      await last;
      await rm(await folder, { recursive: true, force: true });
    },
  };
}

/** Whether two jobs print the same PDF: the same model (a kept one, by identity), templates, fonts and images (the revision). */
/** Removes the PDF of a print nobody took, once it is written. */
function discard(print: { printed: Promise<PrintedPdf> } | undefined): void {
  print?.printed.then(
    (printed) => rm(printed.path, { force: true }).catch(() => {}),
    () => {},
  );
}

function sameOutput(started: PrintJob, asked: PrintJob): boolean {
  return started.issue === asked.issue && started.templates === asked.templates && started.fonts === asked.fonts && started.revision === asked.revision;
}
