import { PDFArray, PDFDict, PDFHexString, PDFStream, PDFString, type PDFDocument, type PDFObject } from 'pdf-lib';

/** How Chromium names structure elements: the accessibility node's number in its renderer. */
const nodeId = /^node(\d+)$/;

/**
 * Renumbers the ids of the tagged PDF's structure elements 1, 2, 3 … in the order they
 * had. Chromium takes them from its accessibility tree, whose numbers keep counting up
 * in a tab that rendered before, so the same input would give other bytes in a reused
 * tab. The order is kept, so the /IDTree (a name tree, sorted by id) stays sorted, and
 * every place that names an id (/ID, table cells' /Headers, the tree's /Names and
 * /Limits) gets the new one.
 */
export function renumberStructureIds(document: PDFDocument): void {
  const found = new Set<string>();
  const visit = (object: PDFObject, replace: (value: string) => PDFObject | undefined): PDFObject | undefined => {
    if (object instanceof PDFString || object instanceof PDFHexString) {
      const text = object.decodeText();
      return nodeId.test(text) ? replace(text) : undefined;
    }
    if (object instanceof PDFDict) {
      for (const [key, value] of object.entries()) {
        const replacement = visit(value, replace);
        if (replacement !== undefined) object.set(key, replacement);
      }
    } else if (object instanceof PDFArray) {
      for (let index = 0; index < object.size(); index++) {
        const replacement = visit(object.get(index), replace);
        if (replacement !== undefined) object.set(index, replacement);
      }
    } else if (object instanceof PDFStream) visit(object.dict, replace);
    return undefined;
  };
  const objects = document.context.enumerateIndirectObjects().map(([, object]) => object);
  for (const object of objects) visit(object, (text) => (found.add(text), undefined));
  if (found.size === 0) return;
  const ordered = [...found].sort((a, b) => Number(nodeId.exec(a)?.[1]) - Number(nodeId.exec(b)?.[1]));
  const width = Math.max(8, String(ordered.length).length);
  const renamed = new Map(ordered.map((text, index) => [text, `node${String(index + 1).padStart(width, '0')}`]));
  for (const object of objects) visit(object, (text) => PDFString.of(renamed.get(text) ?? text));
}
