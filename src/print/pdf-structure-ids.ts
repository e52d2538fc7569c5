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
  const places: Array<{ id: string; put: (renamed: PDFString) => void }> = [];
  for (const [, object] of document.context.enumerateIndirectObjects()) findIds(object, places);
  if (places.length === 0) return;
  const ordered = [...new Set(places.map((place) => place.id))].sort((a, b) => Number(nodeId.exec(a)?.[1]) - Number(nodeId.exec(b)?.[1]));
  const width = Math.max(8, String(ordered.length).length);
  const renamed = new Map(ordered.map((id, index) => [id, PDFString.of(`node${String(index + 1).padStart(width, '0')}`)]));
  for (const { id, put } of places) put(renamed.get(id)!);
}

/**
 * Every string in the object (through dictionaries, arrays and streams' dictionaries)
 * that is a structure element's id, with where to put its new one. A literal string is
 * tested as it is written (an id has nothing to escape), and only a string that may spell
 * one is decoded: decoding each of the strings of a tagged PDF (its texts, titles and
 * alternatives) took most of the 20–30 ms this took in a build.
 */
function findIds(object: PDFObject, places: Array<{ id: string; put: (renamed: PDFString) => void }>): void {
  const found = (value: PDFObject): string | undefined => {
    if (!(value instanceof PDFString || value instanceof PDFHexString)) {
      findIds(value, places);
      return undefined;
    }
    const written = value.asString();
    if (value instanceof PDFString && nodeId.test(written)) return written;
    // Decoded only where it may spell an id: in hex, or in UTF-16 or UTF-8 (a byte order mark first).
    if (!(value instanceof PDFHexString ? /^(6e6f6465|feff006e|efbbbf6e)/i : /^(\\376\\377|\\357\\273\\277|\u00fe\u00ff|\u00ef\u00bb\u00bf)/).test(written)) return undefined;
    const text = value.decodeText();
    return nodeId.test(text) ? text : undefined;
  };
  if (object instanceof PDFDict) {
    for (const [key, value] of object.entries()) {
      const id = found(value);
      if (id !== undefined) places.push({ id, put: (renamed) => object.set(key, renamed) });
    }
  } else if (object instanceof PDFArray) {
    for (let index = 0; index < object.size(); index++) {
      const id = found(object.get(index));
      if (id !== undefined) places.push({ id, put: (renamed) => object.set(index, renamed) });
    }
  } else if (object instanceof PDFStream) findIds(object.dict, places);
}
