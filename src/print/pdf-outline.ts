import { PDFDict, PDFHexString, PDFName, PDFNumber, PDFRef, type PDFDocument, type PDFObject } from 'pdf-lib';
import { BulletinError } from '../errors.js';

/** A bookmark to write: its title and how deep it is nested (0 is the top). */
export interface OutlineEntry {
  title: string;
  depth: number;
}

interface OutlineItem {
  ref: PDFRef;
  dict: PDFDict;
}

/** Chromium's outline items in reading order. */
function outlineItems(document: PDFDocument, outlines: PDFDict): OutlineItem[] {
  const items: OutlineItem[] = [];
  const walk = (reference: PDFObject | undefined): void => {
    while (reference instanceof PDFRef) {
      const dict = document.context.lookup(reference, PDFDict);
      items.push({ ref: reference, dict });
      walk(dict.get(PDFName.of('First')));
      reference = dict.get(PDFName.of('Next'));
    }
  };
  walk(outlines.get(PDFName.of('First')));
  return items;
}

const links = ['Parent', 'First', 'Last', 'Next', 'Prev', 'Count'].map((key) => PDFName.of(key));

/**
 * Gives the outline the headings' titles as written and their nesting, keeping where
 * each item leads. Chromium makes one item per heading, in document order, titled
 * with the text as laid out (words at a line break run together); `entries` are the
 * same headings from the document. The items and their destinations stay Chromium's,
 * which are where the headings were printed.
 */
export function rewriteOutline(document: PDFDocument, entries: readonly OutlineEntry[]): void {
  const outlines = document.context.lookup(document.catalog.get(PDFName.of('Outlines')));
  if (!(outlines instanceof PDFDict)) {
    if (entries.length === 0) return;
    throw new BulletinError(`The PDF has no bookmarks for its ${entries.length} headings; Chromium wrote no outline.`);
  }
  const items = outlineItems(document, outlines);
  if (items.length !== entries.length) {
    throw new BulletinError(`The PDF has ${items.length} bookmarks for ${entries.length} headings; the print template's headings and Chromium's outline disagree.`);
  }
  for (const key of links) outlines.delete(key);
  const outlinesRef = document.catalog.get(PDFName.of('Outlines'));
  if (!(outlinesRef instanceof PDFRef)) throw new BulletinError('The PDF\'s outline is not an indirect object, as Chromium writes it.');
  // The open parent at each depth; depth 0 hangs from the outline's root.
  const parents: Array<OutlineItem & { last?: OutlineItem }> = [{ ref: outlinesRef, dict: outlines }];
  entries.forEach((entry, index) => {
    const item = items[index];
    parents.length = Math.min(Math.max(entry.depth, 0), parents.length - 1) + 1;
    const parent = parents.at(-1);
    if (item === undefined || parent === undefined) return;
    for (const key of links) item.dict.delete(key);
    item.dict.set(PDFName.of('Title'), PDFHexString.fromText(entry.title));
    item.dict.set(PDFName.of('Parent'), parent.ref);
    if (parent.last === undefined) parent.dict.set(PDFName.of('First'), item.ref);
    else {
      parent.last.dict.set(PDFName.of('Next'), item.ref);
      item.dict.set(PDFName.of('Prev'), parent.last.ref);
    }
    parent.last = item;
    parent.dict.set(PDFName.of('Last'), item.ref);
    parents.push(item);
  });
  setCounts(outlines, document);
}

/** /Count of every item: its descendants, shown open (positive), as Chromium writes them. */
function setCounts(item: PDFDict, document: PDFDocument): number {
  let count = 0;
  let child = item.get(PDFName.of('First'));
  while (child !== undefined) {
    const dict = document.context.lookup(child, PDFDict);
    count += 1 + setCounts(dict, document);
    child = dict.get(PDFName.of('Next'));
  }
  if (count > 0) item.set(PDFName.of('Count'), PDFNumber.of(count));
  return count;
}
