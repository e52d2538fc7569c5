import { join } from 'node:path';
import type { PDFDocument } from 'pdf-lib';
import type { Page } from 'puppeteer-core';
import type { IssuePrinter, KeptPrint, PrintJob } from './print-job.js';
import { documentAsPrinted, keptDocumentKey, notKept, type KeptDocument } from './kept-document.js';
import { pdfFinishedBefore, printKey, sha256 } from './finished-before.js';
import { monthStart } from '../model/month.js';
import { samePages, withPages } from '../model/toc.js';
import type { Issue, TocEntry } from '../model/types.js';
import { writeFileAtomic } from '../output/write-atomic.js';
import type { BrowserHandle } from './browser.js';
import { contentsAgree, findPrintedContents, headingsPrinted } from './contents-check.js';
import { timed } from '../progress.js';
import { BulletinError, withTimeout } from '../errors.js';
import { buildDate } from './build-date.js';
import { markBlocksTooShortToSplit } from './keep-whole.js';
import type { PrintedText } from './pdf-text-layer.js';
import { collectPrintFacts, elementMarker, type PrintFacts } from './print-facts.js';
import { keepBrokenWordsWhole, wordsBrokenAtEnds } from './page-end-words.js';
import { predictPages } from './predict-pages.js';
import { pageCall } from './in-turn.js';
import { createPageReadingMemo, type PageReadingMemo, type PageReadings } from './page-readings.js';
import { imagesRevision, loadDocument, setTocPages, type HeldDocuments } from './page-document.js';
import { renderPrintDocument, textBlockHeight, textBlockWidth, type PrintDocument } from './print-document.js';
import { fontPrefix, origin, serveIssue } from './print-server.js';
import { issueView } from '../render/views.js';

/** The printed PDF's tools (printed-pdf.ts), loaded when the first print starts. */
type PdfTools = typeof import('./printed-pdf.js');


export interface PdfPrinterOptions {
  browser: BrowserHandle;
  /** Milliseconds one issue's render may take before it is abandoned and tried again in a fresh browser. Default 60 s. */
  timeout?: number | undefined;
  /** Renders allowed for the TOC page numbers to settle. Default 5. */
  maxPasses?: number;
  /** Where SOURCE_DATE_EPOCH is read. Default: the process's environment. */
  env?: NodeJS.ProcessEnv | undefined;
  creator?: string;
  /** The pages read in earlier prints, for a printer that prints the same issue again (the preview). Default: one for this printer. */
  pageReadings?: PageReadingMemo | undefined;
  /**
   * The document each tab holds, for the next to be sent as a change of it (the preview's
   * prints of one issue). Default: one for this printer; null: none (a build, whose tabs
   * print other issues, and for which the page would be sent each document twice).
   */
  heldDocuments?: HeldDocuments | null | undefined;
}

/** The options as a printer prints with them: what it keeps from one print to the next is there. */
type Printing = PdfPrinterOptions & { pageReadings: PageReadingMemo; heldDocuments: HeldDocuments | null };

export function pdfFileName(issue: Pick<Issue, 'month' | 'edition'>): string {
  // A language version's PDF has a name of its own, so the two can be saved side by side.
  return `bulletin-${issue.month.id}${issue.edition === undefined ? '' : `-${issue.edition}`}.pdf`;
}

/** Prints issues to PDF in the given browser. */
export function createPdfPrinter(options: PdfPrinterOptions): IssuePrinter {
  const timeout = options.timeout ?? 60_000;
  const printing: Printing = { ...options, pageReadings: options.pageReadings ?? createPageReadingMemo(), heldDocuments: options.heldDocuments === undefined ? new WeakMap() : options.heldDocuments };
  const attempt = (job: PrintJob) =>
    withTimeout(printIssue(job, printing), timeout, `rendering took longer than ${timeout / 1000} s (--timeout)`);
  return async (job) => {
    let result: PrintResult;
    try {
      result = await attempt(job);
    } catch (first) {
      // A crashed or hung browser: once more, in a fresh one.
      await options.browser.restart();
      try {
        result = await attempt(job);
      } catch (second) {
        throw new BulletinError(
          `The PDF of ${job.issue.month.id} could not be rendered: ${(second as Error).message.split('\n')[0]} (first try: ${(first as Error).message.split('\n')[0]}; the second was in a fresh browser).`,
          { cause: second },
        );
      }
    }
    const { pdf, pages, contentsPages } = result;
    const fileName = pdfFileName(job.issue);
    const path = join(job.issueOutDir, fileName);
    await writeFileAtomic(path, pdf);
    return { path, fileName, bytes: pdf.byteLength, pages, contentsPages };
  };
}

interface PrintResult {
  pdf: Uint8Array;
  pages: number;
  contentsPages: number[];
}

/**
 * Renders one issue in a tab: loads its document, prepares it for the PDF's readers
 * (print-facts.ts), predicts the contents' pages, prints until the contents show the
 * pages their headings are printed on (`printSettled`), then finishes the PDF's text
 * layer, structure and metadata.
 */
export async function printIssue(job: PrintJob, options: Printing): Promise<PrintResult> {
  const { issue } = job;
  // Read from disk while the tab is got.
  const earlierPrint = job.earlierPrint?.read();
  earlierPrint?.catch(() => {});
  const gettingPage = timed(job.progress, issue.month.id, 'pdf page', () => options.browser.newPage());
  // The tab, once got: released or closed at the end.
  let tab: Page | undefined;
  let stopServing = () => {};
  let rendered = false;
  try {
    // Made while the browser gets the tab (it is still starting, in a cold build).
    const { printDocument, revision } = documentToLoad(job);
    const page = await gettingPage;
    tab = page;
    // Not waited for here: only a tab that loads the document afresh needs the twins, or the document as printed before.
    const kept = earlierPrint?.catch(() => undefined);
    const keyed = keyedDocument(page, printDocument.html, revision, kept);
    const timeout = options.timeout ?? 60_000;
    page.setDefaultTimeout(timeout);
    const documentHtml = { current: '' };
    // Each issue has a folder of its own on the origin: its images' addresses never
    // name another issue's files, in a tab that printed that issue before.
    const documentUrl = `${origin}/${encodeURIComponent(issue.month.id)}/issue.html`;
    stopServing = await servedInPrintMedia(page, issue, job, documentUrl, documentHtml);
    const loading = { ...printDocument, twinFonts: kept?.then((print) => print?.twinFonts), printedBefore: keyed.then(({ document }) => document?.html) };
    const loaded = await timed(job.progress, issue.month.id, 'pdf load', async () => loadDocument(page, documentUrl, loading, documentHtml, await revision, timeout, options.heldDocuments));
    const asPrinted = loaded === 'printed before' ? (await keyed).document : undefined;
    const { facts, toc } = asPrinted === undefined ? await preparedDocument(page, job, printDocument.toc) : { facts: asPrinted.facts, toc: withGuess(issue.toc, asPrinted.tocPages) };
    const result = await printedAndKept(page, job, options, { kept: await kept, keyed: await keyed, asPrinted, facts, toc });
    rendered = true;
    return result;
  } finally {
    stopServing();
    // A page that rendered well serves the next issue; one that failed may be in any state.
    if (tab === undefined) await gettingPage.then((unused) => unused.close()).catch(() => {});
    else if (rendered) options.browser.releasePage(tab);
    else await tab.close().catch(() => {});
  }
}

/** What a print starts from: what the last build kept, and the document as loaded and prepared. */
interface Prepared {
  kept: KeptPrint | undefined;
  keyed: { key: string | undefined; document: KeptDocument | undefined };
  /** The kept document, when it is the one loaded. */
  asPrinted: KeptDocument | undefined;
  facts: PrintFacts;
  toc: readonly TocEntry[];
}

/**
 * Prints the prepared document until it is settled, finishes the PDF (or takes the one
 * the last build finished from a print of the same bytes: finished-before.ts), and
 * keeps for the next build what this print leaves.
 */
async function printedAndKept(page: Page, job: PrintJob, options: Printing, { kept, keyed, asPrinted, facts, toc }: Prepared): Promise<PrintResult> {
  const { issue } = job;
  const readings = options.pageReadings.forPrint(pdfFileName(issue), kept?.pages);
  const metadata = pdfMetadata(issue, options);
  const finishing = { facts, contents: issue.toc, metadata };
  const published = job.publishedDir === undefined ? undefined : join(job.publishedDir, pdfFileName(issue));
  // A print's key, worked out once: the first print is usually also the last, whose key is kept.
  let lastKey: { printed: Uint8Array; key: string } | undefined;
  const keyOf = (printed: Uint8Array) => (lastKey?.printed === printed ? lastKey.key : (lastKey = { printed, key: printKey(printed, finishing) }).key);
  const finishedBefore = kept?.finished;
  const takeFinished: TakeFinished = {
    take: async (printed) => (finishedBefore === undefined ? undefined : timed(job.progress, issue.month.id, 'pdf compared with the last build', () => pdfFinishedBefore(finishedBefore, keyOf(printed), published))),
    likely: asPrinted !== undefined && finishedBefore !== undefined,
  };
  const settled = await printFinished(page, job, options, readings, toc, facts, takeFinished);
  // The document as printed, serialized by the page while the PDF is finished: kept unless it is the one loaded.
  const printedNow = asPrinted !== undefined && settled.passes === 1 ? Promise.resolve(asPrinted.html) : page.evaluate(documentAsPrinted, notKept).catch(() => null);
  let result: { pdf: Uint8Array; pages: number };
  if ('taken' in settled) {
    result = settled.taken;
    // Not read again: the pages read before stay kept.
    for (const [key, reading] of kept?.pages ?? []) readings.keep(key, reading);
  } else {
    result = await timed(job.progress, issue.month.id, 'pdf metadata', () => settled.tools.applyPdfMetadata(settled.pdfDocument, metadata));
  }
  const finished = { printKey: keyOf(settled.printed), sha256: sha256(result.pdf), pages: result.pages, contentsPages: settled.contentsPages };
  const pages = readings.finished();
  // Kept once the page has serialized the document: the PDF is not kept waiting for it.
  const keptDocument = printedNow.then((html) => (keyed.key === undefined || html === null ? undefined : { key: keyed.key, html, facts, tocPages: settled.printedToc.map((entry) => entry.page ?? 0) }));
  job.earlierPrint?.keep(keptDocument.then((document) => ({ pages, twinFonts: facts.twinFonts, document, finished })));
  return { ...result, contentsPages: settled.contentsPages };
}

/**
 * The key of the document to load (kept-document.ts), and the document kept by the
 * issue's last print when it was made from the same; no key without the images' revision.
 */
async function keyedDocument(page: Page, html: string, revision: Promise<string> | undefined, kept: Promise<KeptPrint | undefined> | undefined): Promise<{ key: string | undefined; document: KeptDocument | undefined }> {
  if (revision === undefined) return { key: undefined, document: undefined };
  try {
    const [images, browserVersion, print] = await Promise.all([revision, page.browser().version(), kept]);
    const key = keptDocumentKey(html, images, browserVersion);
    return { key, document: print?.document?.key === key ? print.document : undefined };
  } catch {
    // A browser that ended (the print fails on its own, and is tried again), images that
    // cannot be stat'ed: nothing is kept or taken. Never a rejection waiting for a handler.
    return { key: undefined, document: undefined };
  }
}

/**
 * Prepares the loaded document for the PDF's readers (print-facts.ts) and predicts the
 * contents' pages in it; returns the facts read and the contents the document shows.
 */
async function preparedDocument(page: Page, job: PrintJob, guessed: readonly TocEntry[]): Promise<{ facts: PrintFacts; toc: readonly TocEntry[] }> {
  const { issue } = job;
  // orphans + widows (print.css): a shorter block cannot be split by the rules.
  const facts = await timed(job.progress, issue.month.id, 'pdf facts', () => collectPrintFacts(page, elementMarker, [pageCall(markBlocksTooShortToSplit, textBlockWidth, 4)]));
  // The pages predicted from a paged layout of this text win over the last build's,
  // which an edit may have moved: the first print is then usually the last. Either
  // way the printed pages are read back and checked.
  const ids = issue.toc.map((entry) => entry.id);
  const { pages: predicted } = await timed(job.progress, issue.month.id, 'pdf predict', () => predictPages(page, ids, { width: textBlockWidth, height: textBlockHeight }));
  if (predicted.every((number) => number > 0) && !samePages(withGuess(issue.toc, predicted), guessed)) {
    const toc = withGuess(issue.toc, predicted);
    await page.evaluate(setTocPages, toc.map((entry) => String(entry.page ?? '')));
    return { facts, toc };
  }
  return { facts, toc: guessed };
}

/** The PDF's document information and language, from the issue. */
function pdfMetadata(issue: Issue, options: Printing): Parameters<PdfTools['applyPdfMetadata']>[1] {
  const view = issueView(issue);
  return {
    title: view.documentTitle,
    author: issue.author ?? issue.organization.map((name) => name.name).join(' / '),
    subject: issue.subtitle,
    keywords: issue.keywords,
    lang: issue.lang,
    creator: options.creator ?? 'bulletin',
    date: buildDate(options.env ?? process.env, monthStart(issue.month)),
  };
}

/**
 * The issue's print document, with the last build's contents numbers when there are as
 * many (else placeholders), and the revision of its images: an edit of its text leaves
 * them where they are.
 */
function documentToLoad(job: PrintJob): { printDocument: PrintDocument & { toc: readonly TocEntry[] }; revision: Promise<string> | undefined } {
  const { issue } = job;
  const guess = job.contentsGuess?.length === issue.toc.length ? job.contentsGuess : undefined;
  const toc = withGuess(issue.toc, guess);
  const revision = job.revision === undefined ? undefined : imagesRevision(issue.sourceDir, issue.images);
  revision?.catch(() => {});
  return { printDocument: { ...renderPrintDocument(issue, job.templates, { fonts: job.fonts, fontBase: fontPrefix, toc }), toc }, revision };
}

/**
 * Serves the issue to the page (print-server.ts) and lays it out in print media, both
 * asked of the browser at once; returns the function that stops serving.
 */
async function servedInPrintMedia(page: Page, issue: Issue, job: PrintJob, documentUrl: string, documentHtml: { current: string }): Promise<() => void> {
  const serving = serveIssue(page, issue, job, documentUrl, documentHtml);
  try {
    const [stopServing] = await Promise.all([serving, page.emulateMediaType('print')]);
    return stopServing;
  } catch (error) {
    (await serving.catch(() => undefined))?.();
    throw error;
  }
}

/** Prints again to keep whole the words found broken at a page or column end, at most this often. */
const maxWordRounds = 2;

/**
 * Prints until the contents are right and no page or column ends in a word the
 * document can keep whole (`printSettled`), then finishes the text layer with the
 * content read for that.
 */
async function printFinished(page: Page, job: PrintJob, options: Printing, readings: PageReadings, first: readonly TocEntry[], facts: PrintFacts, takeFinished: TakeFinished): Promise<SettledPrint> {
  const settled = await printSettled(page, job, options, readings, first, takeFinished);
  if (!('taken' in settled)) await timed(job.progress, job.issue.month.id, 'pdf text layer', async () => settled.tools.finishTextLayer(settled.pdfDocument, facts, settled.text));
  return settled;
}

/** The PDF a build before finished from a print of these bytes (finished-before.ts), if it can be taken. */
interface TakeFinished {
  take(printed: Uint8Array): Promise<{ pdf: Uint8Array; pages: number; contentsPages: number[] } | undefined>;
  /**
   * Whether the first print is likely to be taken: the document loaded is the one the
   * last print left, whose PDF was finished. The PDF library (some 50 ms of CPU to load)
   * is then loaded only if it is not, rather than while the browser prints.
   */
  likely: boolean;
}

type SettledPrint = {
  contentsPages: number[];
  /** How many times the issue was printed. */
  passes: number;
  /** The contents as the document shows them in the last print. */
  printedToc: readonly TocEntry[];
  /** Chromium's bytes of the last print. */
  printed: Uint8Array;
} & ({ pdfDocument: PDFDocument; text: PrintedText; tools: PdfTools } | { taken: { pdf: Uint8Array; pages: number } });

/**
 * Prints until every contents entry shows the page its section's heading is printed
 * on. The named destinations (where Chromium put each heading's id) settle the numbers
 * quickly. Then the printed pages are read: a word broken at a page or column end,
 * which the paged layout that predicted the pages did not see, is kept whole in the
 * document and the issue printed again (item 7 of the text layer: no page ends in half
 * a word, where it can be helped). Last, the printed text has the last word on the
 * numbers (`contents-check.ts`): when it disagrees, an id stood elsewhere than its
 * heading, and from then on the pages are taken from the text. Later passes only write
 * the numbers into the loaded document: loading it again would fetch and decode every
 * font anew.
 */
async function printSettled(page: Page, job: PrintJob, options: Printing, readings: PageReadings, first: readonly TocEntry[], takeFinished: TakeFinished): Promise<SettledPrint> {
  const { issue } = job;
  const ids = issue.toc.map((entry) => entry.id);
  const maxPasses = options.maxPasses ?? 5;
  let toc = first;
  let trustDestinations = true;
  let wordRounds = 0;
  let loadingTools: Promise<PdfTools> | undefined;
  for (let pass = 1; pass <= maxPasses; pass++) {
    if (pass > 1) await page.evaluate(setTocPages, toc.map((entry) => String(entry.page ?? '')));
    const pdf = await timed(job.progress, issue.month.id, `pdf pass ${pass}`, () => {
      const printed = page.pdf({ ...pdfOptions, timeout: options.timeout ?? 60_000 });
      // Node's own work, done while the browser prints.
      if (!(pass === 1 && takeFinished.likely)) loadingTools ??= import('./printed-pdf.js');
      if (pass === 1) job.whilePrinting?.();
      return printed;
    });
    const taken = pass === 1 ? await takeFinished.take(pdf) : undefined;
    if (taken !== undefined) return { taken, contentsPages: taken.contentsPages, passes: 1, printedToc: toc, printed: pdf };
    const tools = await (loadingTools ??= import('./printed-pdf.js'));
    const pdfDocument = await tools.loadPrintedPdf(pdf);
    const destinations = tools.destinationPages(pdfDocument, ids);
    if (trustDestinations && destinations.size === ids.length && !samePages(withPages(issue.toc, destinations), toc)) {
      toc = withPages(issue.toc, destinations);
      continue;
    }
    const text = await timed(job.progress, issue.month.id, 'pdf read text', async () => tools.readPrintedText(pdfDocument, readings));
    // A pass is kept for the numbers: the words get the passes the numbers do not need.
    if (wordRounds < maxWordRounds && pass < maxPasses - 1 && (await keepPageEndWordsWhole(page, job, text)) > 0) {
      wordRounds++;
      continue;
    }
    const pageTexts = text.lines.map((lines) => lines.map((line) => line.text).join('\n'));
    const contents = await timed(job.progress, issue.month.id, 'pdf verify', async () => findPrintedContents(pageTexts, issue.toc));
    // A template that prints no contents numbers (but the headings) has none to get wrong.
    if (contentsAgree(contents) || (contents.printed.every((number) => number === undefined) && headingsPrinted(pageTexts, issue.toc))) {
      return { pdfDocument, text, tools, passes: pass, printedToc: toc, printed: pdf, contentsPages: contents.headings.map((number, index) => number ?? destinations.get(ids[index] ?? '') ?? 0) };
    }
    const missing = issue.toc.find((_entry, index) => contents.printed[index] === undefined || contents.headings[index] === undefined);
    if (missing !== undefined) {
      throw new BulletinError(`The contents of ${issue.month.id} could not be checked: "${missing.numeral}. ${missing.title}" was not found in the printed text, in the contents with its page number and as a heading. A custom print template must print both.`);
    }
    trustDestinations = false;
    toc = issue.toc.map((entry, index) => ({ ...entry, page: contents.headings[index] ?? 0 }));
  }
  throw new BulletinError(`The contents page numbers of ${issue.month.id} did not settle after ${maxPasses} renders; the layout oscillates. Check the print stylesheet for content that depends on the numbers' width.`);
}

/** Keeps whole, in the loaded document, the words the print broke at a page or column end (page-end-words.ts); returns how many. */
async function keepPageEndWordsWhole(page: Page, job: PrintJob, text: PrintedText): Promise<number> {
  const broken = wordsBrokenAtEnds(text.lines);
  if (broken.length === 0) return 0;
  return timed(job.progress, job.issue.month.id, 'pdf words kept whole', () => page.evaluate(keepBrokenWordsWhole, broken));
}

function withGuess(toc: readonly TocEntry[], guess: readonly number[] | undefined): readonly TocEntry[] {
  if (guess === undefined || guess.length !== toc.length) return toc;
  return toc.map((entry, index) => ({ ...entry, page: guess[index] ?? 0 }));
}

const pdfOptions = { preferCSSPageSize: true, printBackground: true, outline: true, tagged: true } as const;
