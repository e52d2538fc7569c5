import { decodePdfString, encodePdfTextString, pdfStringBytes, type ContentOperation } from './content-stream.js';
import { twoByteCodes } from './to-unicode.js';

/**
 * Rewrites of one page's content stream that make its text read as it looks, in
 * every engine (poppler, MuPDF, PDFium, pdf.js). Each takes operations and returns
 * new ones; nothing visible changes.
 */

const positioning = new Set(['Td', 'TD', 'Tm', 'T*']);
const showing = new Set(['Tj', 'TJ', "'", '"']);
/** Text state: a span that sets the font before its glyph keeps the setting. */
const textState = new Set(['Tf', 'Tc', 'Tw', 'Tz', 'TL', 'Ts', 'Tr']);

/** The ActualText of a `BDC` operation's property list, when it has one written inline. */
export function actualTextOf(operation: ContentOperation): string | undefined {
  if (operation.operator !== 'BDC') return undefined;
  const properties = operation.operands[1] ?? '';
  const match = /\/ActualText\s*(<[0-9a-fA-F\s]*>|\((?:\\.|[^\\)])*\))/.exec(properties);
  return match?.[1] === undefined ? undefined : decodePdfString(match[1]);
}

/** The index of the `EMC` that closes the marked-content sequence opened at `start`. */
export function closingIndex(operations: readonly ContentOperation[], start: number): number {
  let depth = 0;
  for (let index = start; index < operations.length; index++) {
    const operator = operations[index]?.operator;
    if (operator === 'BDC' || operator === 'BMC') depth++;
    else if (operator === 'EMC' && --depth === 0) return index;
  }
  return -1;
}

/**
 * Chromium writes a soft hyphen that did not end a line as an invisible glyph (the
 * space) in a span whose ActualText is U+00AD: poppler then reads U+00AD inside the
 * word, MuPDF a space, PDFium U+FFFE. The span and its glyph go; its positioning
 * stays, so every later glyph is where it was. Only the shape Chromium writes is
 * touched: positioning, text state and shown glyphs inside, and the next glyph positioned anew
 * (or the text object ended).
 */
export function dropSoftHyphenGlyphs(operations: readonly ContentOperation[]): ContentOperation[] {
  const result: ContentOperation[] = [];
  for (let index = 0; index < operations.length; index++) {
    const operation = operations[index];
    if (operation === undefined) continue;
    const end = actualTextOf(operation) === '\u00ad' ? closingIndex(operations, index) : -1;
    const inside = end < 0 ? [] : operations.slice(index + 1, end);
    const next = operations[end + 1]?.operator;
    const removable =
      end > 0 &&
      inside.every((inner) => positioning.has(inner.operator) || textState.has(inner.operator) || showing.has(inner.operator)) &&
      (next === undefined || next === 'ET' || positioning.has(next));
    if (!removable) {
      result.push(operation);
      continue;
    }
    result.push(...inside.filter((inner) => !showing.has(inner.operator)));
    index = end;
  }
  return result;
}

/** The MCID of a `BDC` operation, e.g. `/P <</MCID 3>> BDC`. */
export function mcidOf(operation: ContentOperation): number | undefined {
  if (operation.operator !== 'BDC') return undefined;
  const match = /\/MCID\s+(\d+)/.exec(operation.operands[1] ?? '');
  return match?.[1] === undefined ? undefined : Number(match[1]);
}

/** A font resource name (`/F8`) and the code of one glyph shown in it. */
export type IsHyphen = (font: string, code: number) => boolean;

/**
 * Where Chromium breaks a line at a soft hyphen, it draws the hyphen as a text object
 * of its own, a single glyph. PDFium reads a hyphen-minus that ends a line between two
 * letters as a break it may remove, and returns U+FFFE inside the word; an ActualText
 * of U+2010 HYPHEN keeps it a hyphen at the end of the line in every engine. Only
 * hyphens inside document content (marked content) are meant; artifacts are not.
 */
export function markLineEndHyphens(operations: readonly ContentOperation[], isHyphen: IsHyphen): ContentOperation[] {
  const result: ContentOperation[] = [];
  const depths = nestingDepths(operations);
  let font = '';
  for (let index = 0; index < operations.length; index++) {
    const operation = operations[index];
    if (operation === undefined) continue;
    if (operation.operator === 'Tf') font = operation.operands[0] ?? '';
    if (operation.operator !== 'BT' || (depths[index] ?? 0) === 0) {
      result.push(operation);
      continue;
    }
    const end = operations.findIndex((candidate, at) => at > index && candidate.operator === 'ET');
    const object = operations.slice(index, end + 1);
    const shows = object.filter((inner) => showing.has(inner.operator));
    const fontInside = object.findLast((inner) => inner.operator === 'Tf')?.operands[0] ?? font;
    const [show] = shows;
    const codes = show?.operator === 'Tj' ? twoByteCodes(pdfStringBytes(show.operands[0] ?? '()')) : [];
    if (end < 0 || shows.length !== 1 || codes.length !== 1 || !isHyphen(fontInside, codes[0] ?? -1)) {
      result.push(operation);
      continue;
    }
    for (const inner of object) {
      if (inner !== show) result.push(inner);
      else result.push({ operator: 'BDC', operands: ['/Span', `<</ActualText ${encodePdfTextString('\u2010')}>>`] }, inner, { operator: 'EMC', operands: [] });
    }
    font = fontInside;
    index = end;
  }
  return result;
}

/** A glyph run and where it stands: its font resource and the innermost marked-content id around it. */
export interface FontUse {
  font: string;
  mcid: number | undefined;
}

/** Every shown glyph run's font and marked-content id, in content order. */
export function fontUses(operations: readonly ContentOperation[]): FontUse[] {
  const uses: FontUse[] = [];
  const marks: Array<number | undefined> = [];
  let font = '';
  for (const operation of operations) {
    if (operation.operator === 'BDC' || operation.operator === 'BMC') marks.push(mcidOf(operation) ?? marks.at(-1));
    else if (operation.operator === 'EMC') marks.pop();
    else if (operation.operator === 'Tf') font = operation.operands[0] ?? '';
    else if (showing.has(operation.operator)) uses.push({ font, mcid: marks.at(-1) });
  }
  return uses;
}

/** The marked-content depth before each operation. */
function nestingDepths(operations: readonly ContentOperation[]): number[] {
  let depth = 0;
  return operations.map((operation) => {
    const before = depth;
    if (operation.operator === 'BDC' || operation.operator === 'BMC') depth++;
    else if (operation.operator === 'EMC') depth--;
    return before;
  });
}

const pathConstruction = new Set(['m', 'l', 'c', 'v', 'y', 'h', 're']);
const pathPainting = new Set(['S', 's', 'f', 'F', 'f*', 'B', 'B*', 'b', 'b*', 'n']);

/**
 * Marks what is painted outside any marked-content sequence as an artifact (PDF 1.7,
 * 14.8.2.2): in Chromium's tagged output that is the running header, the folios and
 * decoration (rules, leaders, backgrounds), which screen readers are to skip. Each text
 * object, painted path and drawn object is wrapped on its own, so no sequence crosses
 * a text object or a saved graphics state.
 */
export function markArtifacts(operations: readonly ContentOperation[]): ContentOperation[] {
  const result: ContentOperation[] = [];
  const depths = nestingDepths(operations);
  const artifact = (from: number, to: number) => {
    result.push({ operator: 'BMC', operands: ['/Artifact'] }, ...operations.slice(from, to + 1), { operator: 'EMC', operands: [] });
  };
  for (let index = 0; index < operations.length; index++) {
    const operation = operations[index];
    if (operation === undefined) continue;
    const end = depths[index] === 0 ? unmarkedPaintEnd(operations, index) : -1;
    if (end < 0) result.push(operation);
    else {
      artifact(index, end);
      index = end;
    }
  }
  return result;
}

/** Where the painting that starts at `start` ends, when it is a whole text object, painted path or drawn object with no marked content inside; else -1. */
function unmarkedPaintEnd(operations: readonly ContentOperation[], start: number): number {
  const operator = operations[start]?.operator ?? '';
  if (operator === 'Do' || operator === 'sh') return start;
  let end = -1;
  if (operator === 'BT') end = operations.findIndex((operation, index) => index > start && operation.operator === 'ET');
  else if (pathConstruction.has(operator)) {
    end = operations.findIndex((operation, index) => index > start && pathPainting.has(operation.operator));
    if (end >= 0 && operations[end]?.operator === 'n') return -1;
  }
  if (end < 0) return -1;
  const marked = operations.slice(start, end + 1).some((operation) => operation.operator === 'BDC' || operation.operator === 'BMC');
  return marked ? -1 : end;
}
