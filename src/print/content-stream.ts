/**
 * A PDF content stream as a list of operations (PDF 1.7, 7.8.2): each operator with
 * the raw text of its operands, so that a stream can be rewritten operation by
 * operation and every untouched operation keeps its bytes. Streams are handled as
 * latin1 strings, one character per byte.
 */
export interface ContentOperation {
  operator: string;
  operands: readonly string[];
}

const whitespace = new Set(['\0', '\t', '\n', '\f', '\r', ' ']);
const delimiters = new Set(['(', ')', '<', '>', '[', ']', '{', '}', '/', '%']);

/** Thrown for content this reader does not rewrite (inline images); the caller leaves such a stream as it is. */
export class UnsupportedContentError extends Error {}

/** Character classes of PDF syntax (7.2.2): 1 white space, 2 delimiter. */
const classes = new Uint8Array(256);
for (const code of [0, 9, 10, 12, 13, 32]) classes[code] = 1;
for (const character of '()<>[]{}/%') classes[character.charCodeAt(0)] = 2;
/** The class of a character code; a content stream is read as latin1, so every code is below 256. */
const classOf = (code: number): number => (code < 256 ? (classes[code] ?? 0) : 0);

/** Operators without operands (BT, ET, EMC, q, Q) share one list: a page has thousands. */
const noOperands: readonly string[] = Object.freeze([]);

/**
 * Reads a content stream into operations. A hand-written scanner that allocates only
 * the operations and their operands' text: a page of Chromium's holds thousands of
 * glyphs, two operations each, and this runs on every page of every print (measured on
 * the sample's 1.7 MB of content: a regular expression per number and an operand list
 * per operator cost three times the time, most of it in the garbage collector).
 */
export function parseContentStream(source: string): ContentOperation[] {
  const operations: ContentOperation[] = [];
  let operands: string[] = [];
  const length = source.length;
  let index = 0;
  while (index < length) {
    const code = source.charCodeAt(index);
    const kind = classOf(code);
    if (kind === 1) {
      index++;
      continue;
    }
    if (code === 37 /* % */) {
      while (index < length && source.charCodeAt(index) !== 10 && source.charCodeAt(index) !== 13) index++;
      continue;
    }
    if (kind === 2) {
      const end = delimitedTokenEnd(source, index, code);
      operands.push(source.slice(index, end));
      index = end;
      continue;
    }
    let end = index + 1;
    while (end < length && classOf(source.charCodeAt(end)) === 0) end++;
    if (isNumberToken(source, index, end)) operands.push(source.slice(index, end));
    else {
      const word = source.slice(index, end);
      if (word === 'true' || word === 'false' || word === 'null') operands.push(word);
      else if (word === 'BI') throw new UnsupportedContentError('inline image');
      else {
        operations.push({ operator: word, operands: operands.length === 0 ? noOperands : operands });
        if (operands.length > 0) operands = [];
      }
    }
    index = end;
  }
  if (operands.length > 0) throw new UnsupportedContentError(`operands without an operator at the end: ${operands.join(' ')}`);
  return operations;
}

/** Where a token that starts with a delimiter ends: strings, hex strings, dictionaries, arrays and names whole. */
function delimitedTokenEnd(source: string, start: number, code: number): number {
  if (code === 60 /* < */ && source.charCodeAt(start + 1) !== 60) return indexAfter(source, '>', start);
  if (code === 40 /* ( */ || code === 60 || code === 91 /* [ */) return tokenEnd(source, start);
  if (code !== 47 /* / */) throw new UnsupportedContentError(`unbalanced "${source[start]}" at byte ${start}`);
  let end = start + 1;
  while (end < source.length && classOf(source.charCodeAt(end)) === 0) end++;
  return end;
}

/** Whether `source[start, end)` is a number (PDF 1.7, 7.3.3): a sign, digits and at most one point, with a digit somewhere. */
function isNumberToken(source: string, start: number, end: number): boolean {
  let index = start;
  const first = source.charCodeAt(index);
  if (first === 43 /* + */ || first === 45 /* - */) index++;
  let digits = 0;
  let points = 0;
  for (; index < end; index++) {
    const code = source.charCodeAt(index);
    if (code >= 48 && code <= 57) digits++;
    else if (code === 46 /* . */ && points === 0) points++;
    else return false;
  }
  return digits > 0;
}

export function serializeContentStream(operations: readonly ContentOperation[]): string {
  let text = '';
  for (const { operands, operator } of operations) {
    for (const operand of operands) text += `${operand} `;
    text += `${operator}\n`;
  }
  return text.slice(0, -1);
}

/** Where the token that starts at `start` ends: strings, hex strings, dictionaries and arrays whole. */
function tokenEnd(source: string, start: number): number {
  const character = source[start];
  if (character === '(') return literalStringEnd(source, start);
  if (character === '<') return source[start + 1] === '<' ? nestedEnd(source, start, '<<', '>>') : indexAfter(source, '>', start);
  if (character === '[') return nestedEnd(source, start, '[', ']');
  let index = start + 1;
  if (character === '/' || !delimiters.has(character ?? '')) {
    while (index < source.length && !whitespace.has(source[index] ?? '') && !delimiters.has(source[index] ?? '')) index++;
  }
  return index;
}

function indexAfter(source: string, text: string, from: number): number {
  const at = source.indexOf(text, from);
  if (at < 0) throw new UnsupportedContentError(`unterminated token at byte ${from}`);
  return at + text.length;
}

function literalStringEnd(source: string, start: number): number {
  let depth = 0;
  for (let index = start; index < source.length; index++) {
    const character = source[index];
    if (character === '\\') index++;
    else if (character === '(') depth++;
    else if (character === ')' && --depth === 0) return index + 1;
  }
  throw new UnsupportedContentError(`unterminated string at byte ${start}`);
}

/** The end of a dictionary or array, skipping strings and nested ones inside it. */
function nestedEnd(source: string, start: number, open: string, close: string): number {
  let depth = 0;
  let index = start;
  while (index < source.length) {
    if (source.startsWith(open, index)) {
      depth++;
      index += open.length;
    } else if (source.startsWith(close, index)) {
      index += close.length;
      if (--depth === 0) return index;
    } else if (source[index] === '(') index = literalStringEnd(source, index);
    else if (source[index] === '<' && source[index + 1] !== '<') index = indexAfter(source, '>', index);
    else if (source[index] === '%') index = source.indexOf('\n', index) < 0 ? source.length : source.indexOf('\n', index);
    else index++;
  }
  throw new UnsupportedContentError(`unterminated ${open} at byte ${start}`);
}

/** The text of a PDF string token, `(…)` or `<…>`, as UTF-16BE with a byte-order mark or as bytes. */
export function decodePdfString(token: string): string {
  const bytes = pdfStringBytes(token);
  if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    let text = '';
    for (let index = 2; index + 1 < bytes.length; index += 2) text += String.fromCharCode(((bytes[index] ?? 0) << 8) | (bytes[index + 1] ?? 0));
    return text;
  }
  return String.fromCharCode(...bytes);
}

/** The bytes of a PDF string token, `(…)` or `<…>`. */
export function pdfStringBytes(token: string): number[] {
  return token.startsWith('<') ? hexBytes(token.slice(1, -1)) : literalBytes(token.slice(1, -1));
}

/** A text string for a content stream: UTF-16BE with its byte-order mark, in hex. */
export function encodePdfTextString(text: string): string {
  let hex = 'FEFF';
  for (let index = 0; index < text.length; index++) hex += text.charCodeAt(index).toString(16).padStart(4, '0').toUpperCase();
  return `<${hex}>`;
}

/**
 * The bytes of a hex string's body: white space (and any other character) skipped, an
 * odd last digit taken as followed by 0 (PDF 1.7, 7.3.4.3). Read character by character:
 * every glyph Chromium shows is one of these.
 */
function hexBytes(hex: string): number[] {
  const bytes: number[] = [];
  let high = -1;
  for (let index = 0; index < hex.length; index++) {
    const digit = hexDigit(hex.charCodeAt(index));
    if (digit < 0) continue;
    if (high < 0) high = digit;
    else {
      bytes.push(high * 16 + digit);
      high = -1;
    }
  }
  if (high >= 0) bytes.push(high * 16);
  return bytes;
}

/** The value of a hex digit's character code, or -1. */
function hexDigit(code: number): number {
  if (code >= 48 && code <= 57) return code - 48;
  if (code >= 65 && code <= 70) return code - 55;
  if (code >= 97 && code <= 102) return code - 87;
  return -1;
}

const escapes: Record<string, number> = { n: 10, r: 13, t: 9, b: 8, f: 12, '(': 40, ')': 41, '\\': 92 };

function literalBytes(body: string): number[] {
  const bytes: number[] = [];
  for (let index = 0; index < body.length; index++) {
    const character = body[index] ?? '';
    if (character !== '\\') {
      bytes.push(character.charCodeAt(0) & 0xff);
      continue;
    }
    const next = body[++index] ?? '';
    const octal = /^[0-7]{1,3}/.exec(body.slice(index, index + 3));
    if (octal !== null) {
      bytes.push(Number.parseInt(octal[0], 8) & 0xff);
      index += octal[0].length - 1;
    } else if (next === '\r' || next === '\n') {
      if (next === '\r' && body[index + 1] === '\n') index++;
    } else bytes.push(escapes[next] ?? next.charCodeAt(0));
  }
  return bytes;
}
