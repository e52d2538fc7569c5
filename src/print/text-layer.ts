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
    const end = operation.operator === 'BDC' && actualTextOf(operation) === '\u00ad' ? closingIndex(operations, index) : -1;
    if (end < 0) {
      result.push(operation);
      continue;
    }
    const inside = operations.slice(index + 1, end);
    const next = operations[end + 1]?.operator;
    const removable =
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
    if (showing.has(operation.operator)) {
      current.lastShow = index;
      current.font = font;
    }
    if (operation.operator === 'ET') {
      current.end = index;
      objects.push(current);
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
  const result: ContentOperation[] = [];
  operations.forEach((operation, index) => {
    const replacement = replacements.get(index);
    if (replacement === undefined) result.push(operation);
    else result.push(...replacement);
  });
  return result;
}

/** A glyph run and where it stands: its font resource and the innermost marked-content id around it. */
export interface FontUse {
  font: string;
  mcid: number | undefined;
}

/** The fonts glyph runs are shown in, each with the innermost marked-content id around it: each pair once, in the order first met. */
export function fontUses(operations: readonly ContentOperation[]): FontUse[] {
  // A page shows thousands of glyphs in a few fonts and marked-content sequences.
  const uses = new Map<string, FontUse>();
  const marks: Array<number | undefined> = [];
  let font = '';
  for (const operation of operations) {
    if (operation.operator === 'BDC' || operation.operator === 'BMC') marks.push(mcidOf(operation) ?? marks.at(-1));
    else if (operation.operator === 'EMC') marks.pop();
    else if (operation.operator === 'Tf') font = operation.operands[0] ?? '';
    else if (showing.has(operation.operator)) {
      const mcid = marks.at(-1);
      const key = `${font} ${mcid ?? ''}`;
      if (!uses.has(key)) uses.set(key, { font, mcid });
    }
  }
  return [...uses.values()];
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

/** The text a font's glyph stands for (its ToUnicode), by the font's resource name and the glyph's code. */
export type DecodeGlyph = (font: string, code: number) => string;

/** A line being read: where its first and last glyphs stand (text space), and the size of its font. */
interface LineInProgress {
  baseline: number;
  text: string;
  firstX: number;
  lastX: number;
  size: number;
}

/**
 * The lines of document text (marked content) on a page, in content order: each
 * line with its baseline and the text of its glyphs. Chromium writes a line as a text
 * object per font file (a subset per script: "Beynəlxalq" is three), its glyphs shown
 * one `Tj` at a time, each placed by `Td`; glyphs shown otherwise (`TJ`) are left out.
 * Objects on one baseline join into one line: with a space where a gap of more than
 * about an em parts them (a contents entry's page number), as extractors read them.
 * Baselines compare within a page's body (the running header, unmarked, is not read).
 */
export function printedLines(operations: readonly ContentOperation[], decode: DecodeGlyph): Array<{ baseline: number; text: string }> {
  const depths = nestingDepths(operations);
  const lines: LineInProgress[] = [];
  let font = '';
  let size = 0;
  let x = 0;
  let line: LineInProgress | undefined;
  operations.forEach((operation, index) => {
    const [first = '', second = ''] = operation.operands;
    if (operation.operator === 'Tf') [font, size] = [first, Number(second)];
    else if (operation.operator === 'BT') line = (depths[index] ?? 0) > 0 ? { baseline: Number.NaN, text: '', firstX: Number.NaN, lastX: Number.NaN, size } : undefined;
    else if (line === undefined) return;
    else if (operation.operator === 'Tm') {
      x = Number(operation.operands[4]);
      if (Number.isNaN(line.baseline)) line.baseline = Number(operation.operands[5]);
    } else if (operation.operator === 'Td') x += Number(first);
    else if (operation.operator === 'Tj') {
      if (Number.isNaN(line.firstX)) line.firstX = x;
      line.lastX = x;
      line.size = Math.max(line.size, size);
      for (const code of twoByteCodes(pdfStringBytes(first || '()'))) line.text += decode(font, code);
    } else if (operation.operator === 'ET') {
      joinLine(lines, line);
      line = undefined;
    }
  });
  return lines.map(({ baseline, text }) => ({ baseline, text }));
}

function joinLine(lines: LineInProgress[], line: LineInProgress): void {
  if (line.text === '' || Number.isNaN(line.baseline)) return;
  const previous = lines.at(-1);
  if (previous === undefined || Math.abs(previous.baseline - line.baseline) >= 0.01) {
    lines.push(line);
    return;
  }
  const apart = line.firstX - previous.lastX > 1.2 * Math.max(previous.size, line.size) && !/\s$/.test(previous.text) && !/^\s/.test(line.text);
  lines[lines.length - 1] = { ...previous, text: `${previous.text}${apart ? ' ' : ''}${line.text}`, lastX: line.lastX, size: Math.max(previous.size, line.size) };
}
