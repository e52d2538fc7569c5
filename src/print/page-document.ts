import { createHash, randomBytes } from 'node:crypto';
import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Page } from 'puppeteer-core';
import type { PrintDocument } from './print-document.js';
import { origin } from './print-server.js';
import { documentChange, type DocumentChange } from './document-change.js';
import { withTwinFonts } from './print-facts.js';

/**
 * Loads the document into the page. The font faces are fetched and decoded once per tab:
 * a new tab loads the document as it is, and each later issue's document is swapped into
 * it, replacing the one the tab printed before but keeping the style element of the
 * faces (`swapDocument`). The issue's images are asked for with its revision, so a
 * document never shows an image it kept from an earlier state of the same issue (a
 * preview's rebuild); without a revision, the same issue is loaded afresh. A document
 * that cannot be swapped (a custom template without the fonts' own style element, or
 * with scripts) is loaded as it is. Either way the print gives the same bytes
 * (tests/print/tab-reuse.test.ts). A tab that loads afresh loads the document as the
 * issue's last print left it, when there is one made from this one: returns which.
 */
export async function loadDocument(page: Page, url: string, printDocument: PrintDocument, served: { current: string }, revision: string | undefined, timeout: number, held: HeldDocuments | null): Promise<'printed before' | 'given'> {
  const current = page.url();
  const before = held?.get(page);
  held?.delete(page);
  // A tab with no document of the printer's (a new one), or the same issue's without a
  // revision: the document is loaded as it is, and its fonts stay for the next swap.
  const swapped = !current.startsWith(`${origin}/`) || (current === url && revision === undefined) ? 'not swapped' : await swapInto(page, printDocument.html, before, url, revision, held);
  let loaded: 'printed before' | 'given' = 'given';
  if (swapped === 'swapped') {
    await page.evaluate(imagesSettled);
  } else {
    // The document as the issue's last print left it, when made from this one
    // (kept-document.ts); else with the twins of tracked fonts that print made (print-facts.ts).
    const printedBefore = await printDocument.printedBefore;
    if (printedBefore !== undefined) loaded = 'printed before';
    const html = printedBefore ?? withTwinFonts(printDocument.html, await printDocument.twinFonts);
    served.current = html;
    await page.goto(url, { waitUntil: 'load', timeout });
    // For the next document to be sent as a change of this one (a preview's next print).
    // Not waited for: the page takes it before anything asked of it later.
    const token = randomBytes(8).toString('hex');
    if (held !== null) page.evaluate(holdDocument, { token, html }).then(() => held.set(page, { token, html }), () => {});
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
  return loaded;
}

/**
 * Swaps the document into the page (`swapDocument`): as the change from the one the tab
 * holds, when it holds the one this printer gave it; else whole. Keeps what it holds then.
 */
async function swapInto(page: Page, html: string, before: HeldDocument | undefined, url: string, revision: string | undefined, held: HeldDocuments | null): Promise<'swapped' | 'not swapped'> {
  const token = randomBytes(8).toString('hex');
  let swapped = before === undefined ? 'unknown' : await page.evaluate(swapDocument, { token, base: before.token, change: documentChange(before.html, html) }, url, revision ?? '');
  if (swapped === 'unknown') swapped = await page.evaluate(swapDocument, { token, html }, url, revision ?? '');
  if (swapped !== 'swapped') return 'not swapped';
  held?.set(page, { token, html });
  return 'swapped';
}

/**
 * The document each tab holds, as the printer swapped it in (`loadDocument`): the next
 * one is sent as a change of it (document-change.ts). The page keeps the same text
 * beside the same token; a tab that was loaded since has neither.
 */
export type HeldDocuments = WeakMap<Page, HeldDocument>;

interface HeldDocument {
  token: string;
  html: string;
}

/** Runs in the page: keeps the source of the document it loaded, as `swapDocument` keeps what it swapped in. */
function holdDocument(document: HeldDocument): void {
  (window as unknown as { bulletinDocument?: HeldDocument }).bulletinDocument = document;
}

/** A document for `swapDocument`: whole, or as a change of the one the page holds under `base`. */
type DocumentSource = { token: string; html: string } | { token: string; base: string; change: DocumentChange };

/**
 * Names the state of an issue's images, for `loadDocument`: each one's size, times
 * and inode (its change time too, which no tool sets back), as the up-to-date check
 * trusts them. A preview's rebuild after an edit of the text keeps the images'
 * addresses, and the tab the images it decoded; an image saved since has a new one.
 */
export async function imagesRevision(sourceDir: string, images: readonly string[]): Promise<string> {
  const hash = createHash('sha256');
  for (const image of images) {
    const stats = await stat(resolve(sourceDir, image)).catch(() => undefined);
    hash.update(`${image}\0${stats === undefined ? 'missing' : `${stats.size} ${stats.mtimeMs} ${stats.ctimeMs} ${stats.ino}`}\0`);
  }
  return hash.digest('base64url');
}

/**
 * Runs in the page: replaces the document with the one `source` gives in place, keeping
 * the font faces' style element when both documents have the same one
 * (`data-print-fonts`). A change applies to the document the page holds under its base
 * token, else nothing happens ('unknown'). Changes nothing and returns 'not swapped'
 * when the swap would not give what a load gives: other fonts,
 * or scripts, linked style sheets or embedded documents (custom templates), which load
 * and run differently when moved in. With a revision, the issue's images are asked for
 * as `images/x.png?revision=…` (the printer serves the path, whatever the query): at
 * the same revision, the tab has them in its memory cache. An image address with a query
 * or fragment of its own, or a responsive image, is loaded the ordinary way instead.
 */
function swapDocument(source: DocumentSource, url: string, revision: string): 'swapped' | 'not swapped' | 'unknown' {
  const holder = window as unknown as { bulletinDocument?: { token: string; html: string } };
  const held = holder.bulletinDocument;
  delete holder.bulletinDocument;
  let html: string;
  if ('html' in source) html = source.html;
  else if (held?.token === source.base) html = held.html.slice(0, source.change.start) + source.change.text + held.html.slice(held.html.length - source.change.end);
  else return 'unknown';
  const next = new DOMParser().parseFromString(html, 'text/html');
  const fonts = document.head.querySelector('style[data-print-fonts]');
  const nextFonts = next.head.querySelector('style[data-print-fonts]');
  if (fonts === null || nextFonts === null || fonts.textContent?.trim() !== nextFonts.textContent?.trim()) return 'not swapped';
  if (next.querySelector('script, link, iframe, object, embed, base, img[srcset], source') !== null) return 'not swapped';
  if (revision !== '') {
    // The document is inert until adopted: nothing is fetched before the addresses change.
    for (const image of next.images) {
      const src = image.getAttribute('src') ?? '';
      if (/^(?:[a-z][a-z\d+.-]*:|\/\/)/i.test(src)) continue;
      if (/[?#]/.test(src)) return 'not swapped';
      image.setAttribute('src', `${src}?revision=${encodeURIComponent(revision)}`);
    }
  }
  // Relative addresses (the issue's images) resolve against the new issue's folder.
  history.replaceState(null, '', url);
  const root = document.documentElement;
  for (const name of root.getAttributeNames()) root.removeAttribute(name);
  for (const name of next.documentElement.getAttributeNames()) root.setAttribute(name, next.documentElement.getAttribute(name) ?? '');
  // The twins of tracked fonts (print-facts.ts) stay too, loaded, for the next document's tracked text.
  const twins = document.head.querySelector('style[data-print-twin-fonts]');
  for (const child of [...document.head.childNodes]) if (child !== fonts && child !== twins) child.remove();
  const nextHead = [...next.head.childNodes];
  const at = nextHead.indexOf(nextFonts);
  fonts.before(...nextHead.slice(0, at).map((node) => document.adoptNode(node)));
  fonts.after(...nextHead.slice(at + 1).map((node) => document.adoptNode(node)));
  document.body.replaceWith(document.adoptNode(next.body));
  holder.bulletinDocument = { token: source.token, html };
  return 'swapped';
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
export function setTocPages(pages: string[]): void {
  document.querySelectorAll('.toc-page').forEach((element, index) => {
    element.textContent = pages[index] ?? '';
  });
}
