import { PDFArray, PDFDict, PDFHexString, PDFName, PDFNumber, PDFRef, PDFString, type PDFDocument, type PDFObject } from 'pdf-lib';
import { elementMarker } from './print-facts.js';

/** A structure element of a tagged PDF, with the page its content is on by default. */
interface StructureElement {
  dict: PDFDict;
  page: PDFRef | undefined;
}

/** Every structure element under the StructTreeRoot, in document order. */
export function structureElements(document: PDFDocument): StructureElement[] {
  const root = document.context.lookup(document.catalog.get(PDFName.of('StructTreeRoot')));
  if (!(root instanceof PDFDict)) return [];
  const found: StructureElement[] = [];
  const walk = (object: PDFObject | undefined, page: PDFRef | undefined): void => {
    const value = object === undefined ? undefined : document.context.lookup(object);
    if (value instanceof PDFArray) for (const kid of value.asArray()) walk(kid, page);
    if (!(value instanceof PDFDict) || value.get(PDFName.of('S')) === undefined) return;
    const own = value.get(PDFName.of('Pg'));
    const element = { dict: value, page: own instanceof PDFRef ? own : page };
    found.push(element);
    walk(value.get(PDFName.of('K')), element.page);
  };
  walk(root.get(PDFName.of('K')), undefined);
  return found;
}

/** The marked-content ids under an element, in order, with the page each is on. */
function markedContent(document: PDFDocument, element: StructureElement): Array<{ mcid: number; page: PDFRef | undefined }> {
  const found: Array<{ mcid: number; page: PDFRef | undefined }> = [];
  const walk = (object: PDFObject | undefined, page: PDFRef | undefined): void => {
    const value = object === undefined ? undefined : document.context.lookup(object);
    if (value instanceof PDFNumber) found.push({ mcid: value.asNumber(), page });
    else if (value instanceof PDFArray) for (const kid of value.asArray()) walk(kid, page);
    else if (value instanceof PDFDict) {
      const own = value.get(PDFName.of('Pg'));
      const where = own instanceof PDFRef ? own : page;
      const mcid = value.get(PDFName.of('MCID'));
      if (mcid instanceof PDFNumber) found.push({ mcid: mcid.asNumber(), page: where });
      else if (value.get(PDFName.of('S')) !== undefined) walk(value.get(PDFName.of('K')), where);
    }
  };
  walk(element.dict.get(PDFName.of('K')), element.page);
  return found;
}

function textOf(object: PDFObject | undefined): string | undefined {
  return object instanceof PDFString || object instanceof PDFHexString ? object.decodeText() : undefined;
}

const markedLanguage = new RegExp(`^(.*?)-x-${elementMarker}(\\d+)$`);

/** An element the page marked, with its marked content by page. */
export interface MarkedElement {
  index: number;
  /** Page reference (as text) → the marked-content ids of the element on that page. */
  mcids: Map<string, Set<number>>;
}

/**
 * Finds the elements the page marked (their language tag carries their number), gives
 * them back their language, and returns where their content is.
 */
export function takeMarkedElements(document: PDFDocument): MarkedElement[] {
  const found: MarkedElement[] = [];
  for (const element of structureElements(document)) {
    const match = markedLanguage.exec(textOf(element.dict.get(PDFName.of('Lang'))) ?? '');
    if (match === null) continue;
    if (match[1] === undefined || match[1] === 'und') element.dict.delete(PDFName.of('Lang'));
    else element.dict.set(PDFName.of('Lang'), PDFString.of(match[1]));
    const mcids = new Map<string, Set<number>>();
    for (const { mcid, page } of markedContent(document, element)) {
      if (page === undefined) continue;
      const onPage = mcids.get(page.toString()) ?? new Set<number>();
      mcids.set(page.toString(), onPage.add(mcid));
    }
    found.push({ index: Number(match[2]), mcids });
  }
  return found;
}

/** The standard structure types of PDF 1.7 (ISO 32000-1, 14.8.4), which need no role map. */
const standardTypes = new Set(
  'Document Part Art Sect Div BlockQuote Caption TOC TOCI Index NonStruct Private P H H1 H2 H3 H4 H5 H6 L LI Lbl LBody Table TR TH TD THead TBody TFoot Span Quote Note Reference BibEntry Code Link Annot Ruby RB RT RP Warichu WT WP Figure Formula Form'.split(' '),
);

/** Types Chromium writes from PDF 2.0 or its own, and the PDF 1.7 type each stands for. */
const roleOf: Record<string, string> = { Em: 'Span', Strong: 'Span', Sub: 'Span', Title: 'H1', FENote: 'Note', Aside: 'Div', DocumentFragment: 'Div', Artifact: 'NonStruct' };

/**
 * Adds a RoleMap entry for every structure type outside PDF 1.7, so that readers of
 * PDF 1.7 and PDF/UA-1 (poppler says "StructElem object is wrong type (Em)") know
 * what each one is. The types stay as Chromium wrote them.
 */
export function mapNonStandardRoles(document: PDFDocument): string[] {
  const root = document.context.lookup(document.catalog.get(PDFName.of('StructTreeRoot')));
  if (!(root instanceof PDFDict)) return [];
  const types = new Set<string>();
  for (const element of structureElements(document)) {
    const type = element.dict.get(PDFName.of('S'));
    if (type instanceof PDFName && !standardTypes.has(type.decodeText())) types.add(type.decodeText());
  }
  if (types.size === 0) return [];
  const existing = document.context.lookup(root.get(PDFName.of('RoleMap')));
  const roleMap = existing instanceof PDFDict ? existing : document.context.obj({});
  for (const type of [...types].sort()) roleMap.set(PDFName.of(type), PDFName.of(roleOf[type] ?? 'Span'));
  root.set(PDFName.of('RoleMap'), roleMap);
  return [...types].sort();
}
