import { Buffer } from 'node:buffer';
import { deflateSync } from 'node:zlib';
import { PDFArray, PDFDict, PDFName, PDFNumber, PDFRawStream, decodePDFRawStream, type PDFDocument, type PDFRef } from 'pdf-lib';

/**
 * Adds letter-spacing to the advance widths of an embedded font, in its /W and /DW
 * and in the font program's hmtx table (MuPDF before 1.24 reads advances from the
 * program). Text extractors find word breaks where a glyph stands further from the
 * one before than that one's advance: letter-spaced text set in an ordinary font reads
 * "M A Y  2 0 2 1". Chromium positions every glyph itself, so the page looks the same.
 * Only for a font that the letter-spaced text has to itself (see the printer's twin
 * font faces). `tracking` is in thousandths of an em.
 */
export function widenFont(document: PDFDocument, fontRef: PDFRef, tracking: number): boolean {
  const font = document.context.lookup(fontRef);
  const descendants = font instanceof PDFDict ? font.lookup(PDFName.of('DescendantFonts')) : undefined;
  const cidFont = descendants instanceof PDFArray ? descendants.lookup(0) : undefined;
  if (!(cidFont instanceof PDFDict) || cidFont.get(PDFName.of('Subtype'))?.toString() !== '/CIDFontType2') return false;
  const widths = cidFont.lookup(PDFName.of('W'));
  if (widths instanceof PDFArray) widenWidths(widths, tracking);
  const defaultWidth = cidFont.lookup(PDFName.of('DW'));
  cidFont.set(PDFName.of('DW'), PDFNumber.of((defaultWidth instanceof PDFNumber ? defaultWidth.asNumber() : 1000) + tracking));
  const descriptor = cidFont.lookup(PDFName.of('FontDescriptor'));
  const programRef = descriptor instanceof PDFDict ? descriptor.get(PDFName.of('FontFile2')) : undefined;
  const program = programRef === undefined ? undefined : document.context.lookup(programRef);
  if (programRef === undefined || !(program instanceof PDFRawStream)) return true;
  const bytes = Buffer.from(decodePDFRawStream(program).decode());
  if (!widenAdvances(bytes, tracking)) return true;
  // Node's zlib, not pdf-lib's deflate in JavaScript (as the content streams are written).
  document.context.assign(programRef as PDFRef, document.context.stream(deflateSync(bytes), { Filter: 'FlateDecode', Length1: bytes.length }));
  return true;
}

/** /W is `c [w1 w2 …]` or `cFirst cLast w`, widths in thousandths of an em. */
function widenWidths(widths: PDFArray, tracking: number): void {
  let index = 0;
  while (index < widths.size()) {
    const next = widths.lookup(index + 1);
    if (next instanceof PDFArray) {
      for (let at = 0; at < next.size(); at++) {
        const width = next.lookup(at);
        if (width instanceof PDFNumber) next.set(at, PDFNumber.of(width.asNumber() + tracking));
      }
      index += 2;
    } else {
      const width = widths.lookup(index + 2);
      if (width instanceof PDFNumber) widths.set(index + 2, PDFNumber.of(width.asNumber() + tracking));
      index += 3;
    }
  }
}

/** Adds the tracking to every advance in a TrueType program's hmtx table, in place. */
export function widenAdvances(program: Buffer, tracking: number): boolean {
  const tables = new Map<string, number>();
  if (program.length < 12) return false;
  const count = program.readUInt16BE(4);
  for (let index = 0; index < count; index++) {
    const record = 12 + 16 * index;
    if (record + 16 > program.length) return false;
    tables.set(program.toString('latin1', record, record + 4), program.readUInt32BE(record + 8));
  }
  const head = tables.get('head');
  const hhea = tables.get('hhea');
  const hmtx = tables.get('hmtx');
  if (head === undefined || hhea === undefined || hmtx === undefined) return false;
  const unitsPerEm = program.readUInt16BE(head + 18);
  const metrics = program.readUInt16BE(hhea + 34);
  const added = Math.round((tracking * unitsPerEm) / 1000);
  for (let glyph = 0; glyph < metrics; glyph++) {
    const at = hmtx + 4 * glyph;
    if (at + 2 > program.length) return false;
    program.writeUInt16BE(Math.min(0xffff, program.readUInt16BE(at) + added), at);
  }
  return true;
}
