import type { Issue, PdfSummary } from '../model/types.js';
import type { Progress } from '../progress.js';
import type { FontFace } from '../fonts.js';
import type { Templates } from '../render/templates.js';
import type { PageReading } from './page-readings.js';
import type { TwinFonts } from './print-facts.js';
import type { KeptDocument } from './kept-document.js';
import type { FinishedBefore } from './finished-before.js';

/** Writes the print edition of one issue; given by the caller, who owns the browser. */
export type IssuePrinter = (job: PrintJob) => Promise<PrintedPdf>;

export interface PrintJob {
  issue: Issue;
  templates: Templates;
  fonts: readonly FontFace[];
  /** `<outDir>/<YYYY-MM>/`. */
  issueOutDir: string;
  progress: Progress;
  /**
   * The contents' page numbers of the previous build of this issue, tried in the first
   * render: when the text before a section has not moved, that render is final.
   */
  contentsGuess?: readonly number[] | undefined;
  /**
   * Names this state of the issue's files (its content key): the same revision means the
   * same images, so a tab that printed it may keep what it fetched.
   */
  revision?: string | undefined;
  /**
   * Called once, as the browser starts printing: work that does not need the PDF (the
   * web edition's HTML) is done then, on Node's side, while the browser works on its own.
   */
  whilePrinting?: (() => void) | undefined;
  /**
   * What an earlier build's print of the issue left for the next, kept by the build
   * between processes: a page printed to the same bytes is not read again
   * (page-readings.ts), the twins of tracked fonts come with the document (print-facts.ts),
   * and the document made from the same source is loaded as that print left it (kept-document.ts).
   */
  earlierPrint?: EarlierPrint | undefined;
  /**
   * The folder the issue's editions were last put in (`<outDir>/<YYYY-MM>/`): the PDF a
   * build finished there from a print of the same bytes is taken (finished-before.ts).
   */
  publishedDir?: string | undefined;
}

/** What a print leaves for the next print of its issue. */
export interface KeptPrint {
  pages: ReadonlyMap<string, PageReading>;
  twinFonts: TwinFonts | undefined;
  /** The document as the print left it (kept-document.ts); none for one with scripts. */
  document: KeptDocument | undefined;
  /** What the build finished from the print (finished-before.ts). */
  finished: FinishedBefore | undefined;
}

export interface EarlierPrint {
  /** What was kept for the issue; no pages, twins or document when nothing was (a first build, another version of bulletin). */
  read(): Promise<KeptPrint>;
  /** Keeps this print's pages, twins, document and finished PDF, once known (the build's save waits for them), for the next build. */
  keep(print: KeptPrint | Promise<KeptPrint>): void;
}

export interface PrintedPdf extends PdfSummary {
  path: string;
}
