import { createHash } from 'node:crypto';
import type { OutlineEntry } from './pdf-outline.js';
import { isTwinFonts, type PrintFacts } from './print-facts.js';

/**
 * The document as an issue's last print left it, kept with its printed pages
 * (site/model-store.ts) for the next build of the same issue. Before a print the
 * printer's steps change the loaded document (print-facts.ts: roles, language tags,
 * letter-spaced text set in twin fonts, blocks too short to split; predict-pages.ts:
 * words kept whole across pages, the contents' numbers) and read what it needs from
 * it; each lays the whole document out. A document made from the same source, with
 * the same images, in the same browser, comes out of them the same: a tab that loads
 * it afresh loads the kept one, and takes the facts read from it, instead of running
 * the steps again. The print is read back and checked all the same.
 */
export interface KeptDocument {
  /** What it was made from (`keptDocumentKey`). */
  key: string;
  /** As the page serialized it after its last print (`documentAsPrinted`). */
  html: string;
  facts: PrintFacts;
  /** The page numbers its contents show, in order (0: none). */
  tocPages: number[];
}

/** Names what a document's preparation depends on besides the tool: its source as rendered, its images' revision, the browser. */
export function keptDocumentKey(html: string, imagesRevision: string, browserVersion: string): string {
  return createHash('sha256').update(html).update('\0').update(imagesRevision).update('\0').update(browserVersion).digest('hex');
}

/**
 * Runs in the page: the document as it stands, to be kept; null for one with scripts
 * or embedded documents, whose own work a load would do again on top of what it did.
 */
export function documentAsPrinted(notKept: string): string | null {
  if (document.querySelector(notKept) !== null) return null;
  const doctype = document.doctype === null ? '' : new XMLSerializer().serializeToString(document.doctype);
  return doctype + document.documentElement.outerHTML;
}

/** Elements that run or load something of their own: a document with one is neither kept nor loaded as kept. */
const runningElements = ['script', 'iframe', 'frame', 'object', 'embed', 'base'];

/** The elements for which `documentAsPrinted` keeps no document (a selector, sent to the page with it). */
export const notKept = [...runningElements, 'meta[http-equiv]'].join(', ');

/** The same elements in markup read back from disk. */
const runningMarkup = new RegExp(`<(?:${runningElements.join('|')}|meta\\s[^>]*http-equiv)\\b`, 'i');

/** The most a kept document may hold: the sample issue's is 0.12 MB. */
const maxDocumentLength = 64 * 2 ** 20;

/**
 * Whether a value read back from disk can be loaded as a kept document: the shape the
 * printer writes, and markup with nothing that runs or loads another document (as
 * `documentAsPrinted` keeps none). It is as trusted as the model kept beside it.
 */
export function isKeptDocument(value: unknown): value is KeptDocument {
  if (typeof value !== 'object' || value === null) return false;
  const { key, html, facts, tocPages } = value as Partial<Record<keyof KeptDocument, unknown>>;
  return (
    typeof key === 'string' &&
    /^[0-9a-f]{64}$/.test(key) &&
    typeof html === 'string' &&
    html.length <= maxDocumentLength &&
    !runningMarkup.test(html) &&
    !/\son[a-z]+\s*=/i.test(html) &&
    isPrintFacts(facts) &&
    Array.isArray(tocPages) &&
    tocPages.every((page) => Number.isInteger(page) && page >= 0)
  );
}

function isPrintFacts(value: unknown): value is PrintFacts {
  if (typeof value !== 'object' || value === null) return false;
  const { outline, tracking, twinFonts } = value as Partial<Record<keyof PrintFacts, unknown>>;
  const isOutlineEntry = (entry: unknown): entry is OutlineEntry =>
    typeof entry === 'object' && entry !== null && typeof (entry as OutlineEntry).title === 'string' && Number.isInteger((entry as OutlineEntry).depth);
  return Array.isArray(outline) && outline.every(isOutlineEntry) && Array.isArray(tracking) && tracking.every(Number.isFinite) && (twinFonts === undefined || isTwinFonts(twinFonts));
}
