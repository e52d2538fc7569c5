import { copyFile, link, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { IssuePrinter } from '../print/print-job.js';

/** A PDF shown as soon as it was printed: its issue, and its address under `/printed/`. */
export interface PrintedPdf {
  issue: string;
  href: string;
}

/**
 * The printer, telling of each PDF as soon as it is written. The build writes it in the
 * edition's staged folder, then the web pages that name its size, then puts the edition
 * in place (staged-folder.ts): a link to it in `printedDir` lets the PDF pane show it
 * meanwhile. Only the last two are kept: the pane may still be reading the one before.
 */
export function showingPrinted(printer: IssuePrinter, printedDir: string, shown: (pdf: PrintedPdf) => void): IssuePrinter {
  const kept: string[] = [];
  let count = 0;
  return async (job) => {
    const printed = await printer(job);
    const name = `${++count}-${printed.fileName}`;
    const path = join(printedDir, name);
    // A hard link: the staged file, renamed into place with its folder, stays this one.
    await link(printed.path, path).catch(() => copyFile(printed.path, path));
    kept.push(path);
    for (const old of kept.splice(0, Math.max(0, kept.length - 2))) await rm(old, { force: true });
    shown({ issue: job.issue.month.id, href: `/printed/${encodeURIComponent(name)}` });
    return printed;
  };
}
