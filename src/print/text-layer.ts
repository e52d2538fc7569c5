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

/** A text object: its `BT` and `ET`, the baseline its `Tm` sets, its last glyph run and that run's font. */
interface TextObject {
  begin: number;
  end: number;
  baseline: string | undefined;
  lastShow: number | undefined;
  font: string;
}

function textObjects(operations: readonly ContentOperation[]): TextObject[] {
  const objects: TextObject[] = [];
  let font = '';
  let current: TextObject | undefined;
  operations.forEach((operation, index) => {
    if (operation.operator === 'Tf') font = operation.operands[0] ?? '';
    if (operation.operator === 'BT') current = { begin: index, end: -1, baseline: undefined, lastShow: undefined, font };
    if (current === undefined) return;
    if (operation.operator === 'Tm' && current.baseline === undefined) current.baseline = operation.operands[5];
    if (showing.has(operation.operator)) current = { ...current, lastShow: index, font };
    if (operation.operator === 'ET') {
      objects.push({ ...current, end: index });
      current = undefined;
    }
  });
  return objects;
}

const hex = (codes: readonly number[]): string => `<${codes.map((code) => code.toString(16).padStart(4, '0')).join('')}>`;

/**
 * A hyphen-minus that ends a line (where Chromium broke at a soft hyphen, or after a
 * hyphen the author typed) is read by PDFium as a break it may remove: it returns
 * U+FFFE inside the word and joins the lines. An ActualText of U+2010 HYPHEN keeps it a
 * hyphen at the end of the line in every engine. A line ends where the next text object
 * starts on another baseline. Only document content (marked content) is meant.
 */
export function markLineEndHyphens(operations: readonly ContentOperation[], isHyphen: IsHyphen): ContentOperation[] {
  const depths = nestingDepths(operations);
  const replacements = new Map<number, ContentOperation[]>();
  const objects = textObjects(operations);
  objects.forEach((object, index) => {
    const next = objects[index + 1];
    const show = object.lastShow === undefined ? undefined : operations[object.lastShow];
    if (object.lastShow === undefined || show?.operator !== 'Tj' || (depths[object.begin] ?? 0) === 0) return;
    if (next !== undefined && (next.baseline === undefined || next.baseline === object.baseline)) return;
    const codes = twoByteCodes(pdfStringBytes(show.operands[0] ?? '()'));
    const last = codes.at(-1);
    if (last === undefined || !isHyphen(object.font, last)) return;
    const span = [
      { operator: 'BDC', operands: ['/Span', `<</ActualText ${encodePdfTextString('\u2010')}>>`] },
      { operator: 'Tj', operands: [hex([last])] },
      { operator: 'EMC', operands: [] },
    ];
    replacements.set(object.lastShow, codes.length > 1 ? [{ operator: 'Tj', operands: [hex(codes.slice(0, -1))] }, ...span] : span);
  });
  return operations.flatMap((operation, index) => replacements.get(index) ?? [operation]);
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
  const next = (found: (operator: string) => boolean): number => {
    for (let index = start + 1; index < operations.length; index++) if (found(operations[index]?.operator ?? '')) return index;
    return -1;
  };
  if (operator === 'BT') end = next((candidate) => candidate === 'ET');
  else if (pathConstruction.has(operator)) {
    end = next((candidate) => pathPainting.has(candidate));
    if (end >= 0 && operations[end]?.operator === 'n') return -1;
  }
  if (end < 0) return -1;
  const marked = operations.slice(start, end + 1).some((operation) => operation.operator === 'BDC' || operation.operator === 'BMC');
  return marked ? -1 : end;
}
