import { readFile } from 'node:fs/promises';
import { PDFArray, PDFDict, PDFDocument, PDFHexString, PDFName, PDFNumber, PDFRef, PDFString, type PDFObject } from 'pdf-lib';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

/** A line of an element's text on a page: baseline (points from the bottom) and text. */
export interface PrintedLine {
  y: number;
  text: string;
  x: number;
  right: number;
}

/** The part of a structure element printed on one page. */
export interface ElementPart {
  page: number;
  lines: PrintedLine[];
}

/**
 * An element of the tagged PDF's structure tree (P, H2, Table, TR, Figure, BlockQuote …)
 * with where its content is printed, page by page, in reading order.
 */
export interface PrintedElement {
  role: string;
  /** The element's own /Lang, where it has one. */
  lang?: string | undefined;
  parts: ElementPart[];
  children: PrintedElement[];
}

interface ContentRef {
  page: number;
  mcid: number;
}

interface RawElement {
  role: string;
  lang: string | undefined;
  contents: ContentRef[];
  children: RawElement[];
}

interface TextItem {
  text: string;
  x: number;
  y: number;
  width: number;
  size: number;
}

/**
 * Reads the structure tree that Chromium writes for a tagged PDF (pdf-lib), and the
 * text of each marked-content sequence it points to (pdf.js): so a test can ask on
 * which pages, and on how many lines, each paragraph, heading, figure or row is printed.
 */
export async function readStructure(path: string): Promise<PrintedElement> {
  const bytes = await readFile(path);
  const document = await PDFDocument.load(bytes, { updateMetadata: false });
  const pageNumbers = new Map(document.getPages().map((page, index) => [page.ref.toString(), index + 1]));
  const lookup = (object: PDFObject | undefined): PDFObject | undefined => (object instanceof PDFRef ? document.context.lookup(object) : object);
  const pageOf = (dict: PDFDict, inherited: number | undefined): number | undefined => {
    const reference = dict.get(PDFName.of('Pg'));
    return reference instanceof PDFRef ? pageNumbers.get(reference.toString()) : inherited;
  };

  const readElement = (dict: PDFDict, inheritedPage: number | undefined): RawElement => {
    const role = String(dict.get(PDFName.of('S')) ?? '/?').slice(1);
    const page = pageOf(dict, inheritedPage);
    const lang = dict.get(PDFName.of('Lang'));
    const element: RawElement = { role, lang: lang instanceof PDFString || lang instanceof PDFHexString ? lang.decodeText() : undefined, contents: [], children: [] };
    const kids = lookup(dict.get(PDFName.of('K')));
    for (const kid of kids instanceof PDFArray ? kids.asArray() : kids === undefined ? [] : [kids]) {
      const value = lookup(kid);
      if (value instanceof PDFNumber && page !== undefined) element.contents.push({ page, mcid: value.asNumber() });
      else if (value instanceof PDFDict) {
        const type = String(value.get(PDFName.of('Type')) ?? '');
        if (type === '/MCR') {
          const mcid = value.get(PDFName.of('MCID'));
          const mcrPage = pageOf(value, page);
          if (mcid instanceof PDFNumber && mcrPage !== undefined) element.contents.push({ page: mcrPage, mcid: mcid.asNumber() });
        } else if (type !== '/OBJR') element.children.push(readElement(value, page));
      }
    }
    return element;
  };
  const treeRoot = lookup(document.catalog.get(PDFName.of('StructTreeRoot')));
  if (!(treeRoot instanceof PDFDict)) throw new Error(`${path} is not tagged: it has no structure tree`);
  const root = readElement(treeRoot, undefined);

  // The text of every marked-content sequence, by page and MCID.
  const pdf = await getDocument({ data: new Uint8Array(bytes), verbosity: 0, useSystemFonts: false, isEvalSupported: false }).promise;
  const texts = new Map<string, TextItem[]>();
  for (let number = 1; number <= pdf.numPages; number++) {
    const page = await pdf.getPage(number);
    const stack: Array<string | undefined> = [];
    for (const item of (await page.getTextContent({ includeMarkedContent: true })).items) {
      if ('type' in item) {
        if (item.type === 'beginMarkedContentProps' || item.type === 'beginMarkedContent') {
          const mcid = /_mc(\d+)$/.exec(item.id ?? '')?.[1];
          stack.push(mcid === undefined ? stack.at(-1) : `${number}:${mcid}`);
        } else if (item.type === 'endMarkedContent') stack.pop();
        continue;
      }
      const key = stack.at(-1);
      if (key === undefined || item.str.trim() === '') continue;
      const [, , , scaleY = 0, x = 0, y = 0] = item.transform as number[];
      const list = texts.get(key) ?? [];
      list.push({ text: item.str, x, y, width: item.width, size: Math.abs(scaleY) });
      texts.set(key, list);
    }
  }
  await pdf.destroy();

  const finish = (raw: RawElement): PrintedElement => {
    const children = raw.children.map(finish);
    const own: Array<{ page: number; items: TextItem[] }> = raw.contents.map((content) => ({ page: content.page, items: texts.get(`${content.page}:${content.mcid}`) ?? [] }));
    const parts = groupByPage([...own, ...children.flatMap((child) => child.parts.map((part) => ({ page: part.page, items: [], lines: part.lines })))]);
    return { role: raw.role, lang: raw.lang, parts, children };
  };
  return finish(root);
}

/** Groups content by page, in page order, and the text items of each page into lines. */
function groupByPage(pieces: Array<{ page: number; items: TextItem[]; lines?: PrintedLine[] }>): ElementPart[] {
  const pages = new Map<number, { items: TextItem[]; lines: PrintedLine[] }>();
  for (const piece of pieces) {
    const entry = pages.get(piece.page) ?? { items: [], lines: [] };
    entry.items.push(...piece.items);
    entry.lines.push(...(piece.lines ?? []));
    pages.set(piece.page, entry);
  }
  return [...pages.entries()]
    .sort(([a], [b]) => a - b)
    .map(([page, { items, lines }]) => ({ page, lines: mergeLines([...lines, ...toLines(items)]) }));
}

/** Text items on one baseline form a line; superscripts (footnote marks) stay with theirs. */
function toLines(items: TextItem[]): PrintedLine[] {
  return mergeLines(items.map((item) => ({ y: item.y, text: item.text, x: item.x, right: item.x + item.width })));
}

function mergeLines(lines: PrintedLine[]): PrintedLine[] {
  const merged: PrintedLine[] = [];
  for (const line of [...lines].sort((a, b) => b.y - a.y || a.x - b.x)) {
    const last = merged.at(-1);
    // Lines of body text are 16 pt apart; a superscript sits about 3 pt higher.
    if (last !== undefined && Math.abs(last.y - line.y) < 5) {
      last.text += line.x > last.right + 1 ? ` ${line.text}` : line.text;
      last.x = Math.min(last.x, line.x);
      last.right = Math.max(last.right, line.right);
    } else merged.push({ ...line });
  }
  return merged;
}

/** Every element of the tree, in reading order. */
export function allElements(root: PrintedElement): PrintedElement[] {
  return [root, ...root.children.flatMap(allElements)];
}

/** The pages an element is printed on. */
export function pagesOf(element: PrintedElement): number[] {
  return element.parts.map((part) => part.page);
}

/** The element's text, page by page, lines joined. */
export function textOf(element: PrintedElement): string {
  return element.parts.flatMap((part) => part.lines.map((line) => line.text)).join(' ');
}
