import { PDFArray, PDFDict, PDFName, PDFRef, PDFString, PDFHexString, type PDFDocument, type PDFObject } from 'pdf-lib';

/**
 * Reads where elements landed in a PDF printed by Chromium: for each element id
 * that a link points at, Chromium writes a named destination on the page where the
 * element's box starts. Returns id → 1-based page number, for the ids found.
 */
export function destinationPages(document: PDFDocument, ids: readonly string[]): Map<string, number> {
  const pageIndex = new Map<string, number>();
  document.getPages().forEach((page, index) => pageIndex.set(page.ref.toString(), index + 1));

  const destinations = namedDestinations(document);
  const pages = new Map<string, number>();
  for (const id of ids) {
    const destination = destinations.get(id);
    const target = destination instanceof PDFArray ? destination.get(0) : undefined;
    const page = target instanceof PDFRef ? pageIndex.get(target.toString()) : undefined;
    if (page !== undefined) pages.set(id, page);
  }
  return pages;
}

/** Named destinations from the catalog's /Dests dictionary and the /Names /Dests name tree. */
function namedDestinations(document: PDFDocument): Map<string, PDFObject> {
  const found = new Map<string, PDFObject>();
  const context = document.context;
  const resolve = (object: PDFObject | undefined): PDFObject | undefined => (object === undefined ? undefined : context.lookup(object));

  // A destination is an array, or a dictionary holding it under /D.
  const remember = (name: string, value: PDFObject | undefined): void => {
    const destination = value instanceof PDFDict ? resolve(value.get(PDFName.of('D'))) : value;
    if (destination !== undefined) found.set(name, destination);
  };

  const dests = resolve(document.catalog.get(PDFName.of('Dests')));
  if (dests instanceof PDFDict) {
    for (const [name, value] of dests.entries()) remember(name.decodeText(), resolve(value));
  }

  const names = resolve(document.catalog.get(PDFName.of('Names')));
  const tree = names instanceof PDFDict ? resolve(names.get(PDFName.of('Dests'))) : undefined;
  const walk = (node: PDFObject | undefined): void => {
    if (!(node instanceof PDFDict)) return;
    const leaves = resolve(node.get(PDFName.of('Names')));
    if (leaves instanceof PDFArray) {
      for (let index = 0; index + 1 < leaves.size(); index += 2) {
        const key = resolve(leaves.get(index));
        if (key instanceof PDFString || key instanceof PDFHexString) {
          remember(key.decodeText(), resolve(leaves.get(index + 1)));
        }
      }
    }
    const kids = resolve(node.get(PDFName.of('Kids')));
    if (kids instanceof PDFArray) for (const kid of kids.asArray()) walk(resolve(kid));
  };
  walk(tree);
  return found;
}
