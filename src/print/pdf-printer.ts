import { readFile, realpath } from 'node:fs/promises';
import { extname, join, resolve } from 'node:path';
import { isInside } from '../paths.js';
import { PDFDocument } from 'pdf-lib';
import type { HTTPRequest, Page } from 'puppeteer-core';
import type { IssuePrinter, PrintJob } from './print-job.js';
import { monthStart } from '../model/month.js';
import { samePages, withPages } from '../model/toc.js';
import type { Issue, TocEntry } from '../model/types.js';
import { writeFileAtomic } from '../output/write-atomic.js';
import type { BrowserHandle } from './browser.js';
import { destinationPages } from './pdf-destinations.js';
import { contentsAgree, findPrintedContents, readPageTexts } from './contents-check.js';
import { timed } from '../progress.js';
import { BulletinError, withTimeout } from '../errors.js';
import { applyPdfMetadata, buildDate } from './pdf-metadata.js';
import { markBlocksTooShortToSplit } from './keep-whole.js';
import { elementMarker } from './pdf-structure-tree.js';
import { finishTextLayer } from './pdf-text-layer.js';
import { collectPrintFacts } from './print-facts.js';
import { predictPages } from './predict-pages.js';
import { printShell, renderPrintDocument, textBlockHeight, textBlockWidth, type PrintDocument } from './print-document.js';
import { issueView } from '../render/views.js';

/** The print document is served from this origin, which no network can answer. */
const origin = 'http://bulletin.invalid';
const fontPrefix = '/_fonts/';

export interface PdfPrinterOptions {
  browser: BrowserHandle;
  /** Milliseconds one issue's render may take before it is abandoned and tried again in a fresh browser. Default 60 s. */
  timeout?: number | undefined;
  /** Renders allowed for the TOC page numbers to settle. Default 5. */
  maxPasses?: number;
  /** Where SOURCE_DATE_EPOCH is read. Default: the process's environment. */
  env?: NodeJS.ProcessEnv | undefined;
  creator?: string;
}

export function pdfFileName(issue: Pick<Issue, 'month'>): string {
  return `bulletin-${issue.month.id}.pdf`;
}

/** Prints issues to PDF in the given browser. */
export function createPdfPrinter(options: PdfPrinterOptions): IssuePrinter {
  const timeout = options.timeout ?? 60_000;
  const attempt = (job: PrintJob) =>
    withTimeout(printIssue(job, options), timeout, `rendering took longer than ${timeout / 1000} s (--timeout)`);
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

/**
 * Renders the issue until every TOC entry shows the page its section's heading
 * is printed on. Chromium has no `target-counter()`, so each pass prints, reads
 * the pages back from the PDF's named destinations, and prints again with them;
 * the TOC can reflow when its numbers change, hence a loop rather than two passes.
 */
interface PrintResult {
  pdf: Uint8Array;
  pages: number;
  contentsPages: number[];
}

export async function printIssue(job: PrintJob, options: PdfPrinterOptions): Promise<PrintResult> {
  const { issue } = job;
  const page = await timed(job.progress, issue.month.id, 'pdf page', () => options.browser.newPage());
  let stopServing = () => {};
  let rendered = false;
  try {
    const timeout = options.timeout ?? 60_000;
    page.setDefaultTimeout(timeout);
    const documentHtml = { current: '' };
    // Each issue has a folder of its own on the origin: its images' addresses never
    // name another issue's files, in a tab that printed that issue before.
    const documentUrl = `${origin}/${encodeURIComponent(issue.month.id)}/issue.html`;
    stopServing = await serveIssue(page, issue, job, documentUrl, documentHtml);
    await page.emulateMediaType('print');

    // The document is loaded with the last build's numbers when there are as many, else placeholders.
    const guess = job.contentsGuess?.length === issue.toc.length ? job.contentsGuess : undefined;
    let toc: readonly TocEntry[] = withGuess(issue.toc, guess);
    const ids = issue.toc.map((entry) => entry.id);
    const printDocument = renderPrintDocument(issue, job.templates, { fonts: job.fonts, fontBase: fontPrefix, toc });
    await timed(job.progress, issue.month.id, 'pdf load', () => loadDocument(page, documentUrl, printDocument, documentHtml, job.revision, timeout));
    // orphans + widows (print.css): a shorter block cannot be split by the rules.
    await page.evaluate(markBlocksTooShortToSplit, textBlockWidth, 4);
    const facts = await collectPrintFacts(page, elementMarker);
    // The pages predicted from a paged layout of this text win over the last build's,
    // which an edit may have moved: the first print is then usually the last. Either
    // way the printed pages are read back and checked.
    const { pages: predicted } = await timed(job.progress, issue.month.id, 'pdf predict', () => predictPages(page, ids, { width: textBlockWidth, height: textBlockHeight }));
    if (predicted.every((number) => number > 0) && !samePages(withGuess(issue.toc, predicted), toc)) {
      toc = withGuess(issue.toc, predicted);
      await page.evaluate(setTocPages, toc.map((entry) => String(entry.page ?? '')));
    }
    const { pdfDocument, contentsPages } = await printSettled(page, job, options, toc);
    const view = issueView(issue);
    finishTextLayer(pdfDocument, facts);
    const result = await timed(job.progress, issue.month.id, 'pdf metadata', () =>
      applyPdfMetadata(pdfDocument, {
        title: view.documentTitle,
        author: issue.author ?? issue.organization.map((name) => name.name).join(' / '),
        subject: issue.subtitle,
        keywords: issue.keywords,
        lang: issue.lang,
        creator: options.creator ?? 'bulletin',
        date: buildDate(options.env ?? process.env, monthStart(issue.month)),
      }),
    );
    rendered = true;
    return { ...result, contentsPages };
  } finally {
    stopServing();
    // A page that rendered well serves the next issue; one that failed may be in any state.
    if (rendered) options.browser.releasePage(page);
    else await page.close().catch(() => {});
  }
}

/**
 * Prints until every contents entry shows the page its section's heading is printed
 * on. The named destinations (where Chromium put each heading's id) settle the numbers
 * quickly; then the printed text has the last word (`contents-check.ts`): when it
 * disagrees, an id stood elsewhere than its heading, and from then on the pages are
 * taken from the text. Later passes only write the numbers into the loaded document:
 * loading it again would fetch and decode every font anew.
 */
async function printSettled(page: Page, job: PrintJob, options: PdfPrinterOptions, first: readonly TocEntry[]): Promise<{ pdfDocument: PDFDocument; contentsPages: number[] }> {
  const { issue } = job;
  const ids = issue.toc.map((entry) => entry.id);
  const timeout = options.timeout ?? 60_000;
  let toc = first;
  let trustDestinations = true;
  for (let pass = 1; pass <= (options.maxPasses ?? 5); pass++) {
    if (pass > 1) await page.evaluate(setTocPages, toc.map((entry) => String(entry.page ?? '')));
    const pdf = await timed(job.progress, issue.month.id, `pdf pass ${pass}`, () => page.pdf({ ...pdfOptions, timeout }));
    const pdfDocument = await PDFDocument.load(pdf, { updateMetadata: false });
    const destinations = destinationPages(pdfDocument, ids);
    if (trustDestinations && destinations.size === ids.length && !samePages(withPages(issue.toc, destinations), toc)) {
      toc = withPages(issue.toc, destinations);
      continue;
    }
    const contents = findPrintedContents(await timed(job.progress, issue.month.id, 'pdf verify', () => readPageTexts(pdf)), issue.toc);
    // A template that prints no contents numbers has none to get wrong.
    if (contentsAgree(contents) || contents.printed.every((number) => number === undefined)) {
      return { pdfDocument, contentsPages: contents.headings.map((number, index) => number ?? destinations.get(ids[index] ?? '') ?? 0) };
    }
    const missing = issue.toc.find((_entry, index) => contents.printed[index] === undefined || contents.headings[index] === undefined);
    if (missing !== undefined) {
      throw new BulletinError(`The contents of ${issue.month.id} could not be checked: "${missing.numeral}. ${missing.title}" was not found in the printed text, in the contents with its page number and as a heading. A custom print template must print both.`);
    }
    trustDestinations = false;
    toc = issue.toc.map((entry, index) => ({ ...entry, page: contents.headings[index] ?? 0 }));
  }
  throw new BulletinError(`The contents page numbers of ${issue.month.id} did not settle after ${options.maxPasses ?? 5} renders; the layout oscillates. Check the print stylesheet for content that depends on the numbers' width.`);
}

function withGuess(toc: readonly TocEntry[], guess: readonly number[] | undefined): readonly TocEntry[] {
  if (guess === undefined || guess.length !== toc.length) return toc;
  return toc.map((entry, index) => ({ ...entry, page: guess[index] ?? 0 }));
}

const pdfOptions = { preferCSSPageSize: true, printBackground: true, outline: true, tagged: true } as const;

/**
 * Loads the document into the page. The font faces are fetched and decoded once per tab:
 * the page is an empty shell holding them (`printShell`), and each issue's document is
 * swapped into it, replacing the document the tab printed before. The issue's images
 * are asked for with its revision, so a document never shows an image it kept from an
 * earlier state of the same issue (a preview's rebuild); without a revision, the same
 * issue gets a fresh shell. A document that cannot be swapped (a custom template without
 * the fonts' own style element, or with scripts) is loaded as it is.
 */
async function loadDocument(page: Page, url: string, printDocument: PrintDocument, served: { current: string }, revision: string | undefined, timeout: number): Promise<void> {
  const current = page.url();
  if (!current.startsWith(`${origin}/`) || (current === url && revision === undefined)) {
    served.current = printShell(printDocument.fontsCss);
    await page.goto(url, { waitUntil: 'load', timeout });
  }
  if (await page.evaluate(swapDocument, printDocument.html, url, revision ?? '')) await page.evaluate(imagesSettled);
  else {
    served.current = printDocument.html;
    await page.goto(url, { waitUntil: 'load', timeout });
  }
  // Web fonts load when text needing them is laid out. The page is laid out in
  // print media (set in printIssue), so every face the PDF uses has been requested
  // by now; printing before they arrive would set text in a fallback font.
  const pending = await page.evaluate(async () => {
    document.body.getBoundingClientRect();
    await document.fonts.ready;
    return [...document.fonts].filter((face) => face.status === 'loading').length;
  });
  if (pending > 0) throw new Error(`${pending} fonts were still loading when the page was printed.`);
}

/**
 * Runs in the page: replaces the document with `html` in place, keeping the font faces'
 * style element when both documents have the same one (`data-print-fonts`). Returns
 * false, changing nothing, when the swap would not give what a load gives: other fonts,
 * or scripts, linked style sheets or embedded documents (custom templates), which load
 * and run differently when moved in. With a revision, the issue's images are asked for
 * as `images/x.png?revision=…` (the printer serves the path, whatever the query); an
 * image address with a query or fragment of its own, or a responsive image, is loaded
 * the ordinary way instead.
 */
function swapDocument(html: string, url: string, revision: string): boolean {
  const next = new DOMParser().parseFromString(html, 'text/html');
  const fonts = document.head.querySelector('style[data-print-fonts]');
  const nextFonts = next.head.querySelector('style[data-print-fonts]');
  if (fonts === null || nextFonts === null || fonts.textContent?.trim() !== nextFonts.textContent?.trim()) return false;
  if (next.querySelector('script, link, iframe, object, embed, base, img[srcset], source') !== null) return false;
  if (revision !== '') {
    // The document is inert until adopted: nothing is fetched before the addresses change.
    for (const image of next.images) {
      const src = image.getAttribute('src') ?? '';
      if (/^(?:[a-z][a-z\d+.-]*:|\/\/)/i.test(src)) continue;
      if (/[?#]/.test(src)) return false;
      image.setAttribute('src', `${src}?revision=${encodeURIComponent(revision)}`);
    }
  }
  // Relative addresses (the issue's images) resolve against the new issue's folder.
  history.replaceState(null, '', url);
  const root = document.documentElement;
  for (const name of root.getAttributeNames()) root.removeAttribute(name);
  for (const name of next.documentElement.getAttributeNames()) root.setAttribute(name, next.documentElement.getAttribute(name) ?? '');
  for (const child of [...document.head.childNodes]) if (child !== fonts) child.remove();
  const nextHead = [...next.head.childNodes];
  const at = nextHead.indexOf(nextFonts);
  fonts.before(...nextHead.slice(0, at).map((node) => document.adoptNode(node)));
  fonts.after(...nextHead.slice(at + 1).map((node) => document.adoptNode(node)));
  document.body.replaceWith(document.adoptNode(next.body));
  return true;
}

/** Runs in the page: resolves when every image has loaded or failed, as the load event would. */
async function imagesSettled(): Promise<void> {
  await Promise.all(
    [...document.images].map((image) =>
      image.complete
        ? undefined
        : new Promise((settle) => {
            image.addEventListener('load', settle, { once: true });
            image.addEventListener('error', settle, { once: true });
          }),
    ),
  );
}

/** Runs in the page: writes each contents entry's page number, in order. */
function setTocPages(pages: string[]): void {
  document.querySelectorAll('.toc-page').forEach((element, index) => {
    element.textContent = pages[index] ?? '';
  });
}

const contentTypes: Record<string, string> = {
  '.woff2': 'font/woff2',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.svg': 'image/svg+xml',
  '.avif': 'image/avif',
};

/**
 * Answers every request of the page from memory and the issue folder: the
 * document, the fonts, and the issue's images. Anything else (the network, other
 * files on the machine) is refused, so content cannot reach outside its folder.
 */
/** Serves the issue to the page until the returned function is called. */
async function serveIssue(page: Page, issue: Issue, job: PrintJob, documentUrl: string, documentHtml: { current: string }): Promise<() => void> {
  const documentPath = new URL(documentUrl).pathname;
  const issuePrefix = documentPath.slice(0, documentPath.lastIndexOf('/') + 1);
  const fonts = new Map(job.fonts.map((font) => [font.fileName, font.path]));
  const issueDir = resolve(issue.sourceDir);
  const realIssueDir = realpath(issueDir);
  await page.setRequestInterception(true);
  const onRequest = (request: HTTPRequest) => {
    void answer(request).catch(() => request.abort('failed').catch(() => {}));
  };
  page.on('request', onRequest);
  async function answer(request: HTTPRequest): Promise<void> {
    const url = new URL(request.url());
    if (url.origin !== origin) {
      await request.abort('blockedbyclient');
      return;
    }
    if (url.pathname === documentPath) {
      await request.respond({ status: 200, contentType: 'text/html; charset=utf-8', body: documentHtml.current });
      return;
    }
    const path = decodeURIComponent(url.pathname);
    let file: string | undefined;
    if (path.startsWith(fontPrefix)) file = fonts.get(path.slice(fontPrefix.length));
    else if (url.pathname.startsWith(issuePrefix)) {
      // Only the issue's own files, followed through symbolic links: `check` reports
      // the rest, and here they are simply not served.
      const candidate = await realpath(resolve(issueDir, `./${decodeURIComponent(url.pathname.slice(issuePrefix.length))}`)).catch(() => undefined);
      if (candidate !== undefined && isInside(await realIssueDir, candidate)) file = candidate;
    }
    if (file === undefined) {
      await request.respond({ status: 404, body: '' });
      return;
    }
    const body = await readFile(file).catch(() => undefined);
    if (body === undefined) await request.respond({ status: 404, body: '' });
    else await request.respond({ status: 200, contentType: contentTypes[extname(file).toLowerCase()] ?? 'application/octet-stream', body });
  }
  return () => page.off('request', onRequest);
}
