import type { TocEntry } from '../model/types.js';

/**
 * Where the contents numbers are verified. The printer's loop settles the numbers with
 * the PDF's named destinations, which Chromium writes where each section heading's
 * id is; an element that takes a section's id, or a template that puts the id
 * elsewhere, moves them. So the printed PDF is read once more as a reader reads it:
 * the number printed after each contents entry must be the page on which that
 * section's heading is printed, both found in the text of the printed pages (the
 * glyphs Chromium drew and their ToUnicode maps, as `readPrintedText` decodes them),
 * not in anything this program told Chromium.
 */
export interface PrintedContents {
  /** The number printed after each entry, in contents order; undefined where the entry was not found. */
  printed: Array<number | undefined>;
  /** The page (1-based) on which each section's heading is printed; undefined where none was found. */
  headings: Array<number | undefined>;
}

/** A pattern for text as it may be laid out: any white space between characters (line breaks, spaces lost or added). */
function laidOut(text: string): string {
  return [...text.replace(/\s+/g, '')].map((character) => character.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('\\s*');
}

/** A section's numeral and title as a pattern; `findFrom` takes it whole only: "I. Subject 1" is not the start of "XI. Subject 10". */
function headingPattern(entry: TocEntry): string {
  return laidOut(`${entry.numeral}. ${entry.title}`);
}

/**
 * A letter or digit: text that goes on across a match's edge. Tested beside a match,
 * not as a look-around in each pattern: V8 builds the classes of \p{L} and \p{N} for
 * every pattern that holds them (measured: 49 ms for the sample's seven entries on a
 * build's first check, 0.4 ms without), and a pattern that starts with a look-behind
 * is tried at every position.
 */
const wordCharacter = /[\p{L}\p{N}]/u;

/** Whether a letter or digit stands just before `start`, or at `end` (when given): the match is then part of a longer word. */
function inWord(text: string, start: number, end: number | undefined): boolean {
  // The code point before: two code units, when they are a surrogate pair.
  const before = Array.from(text.slice(Math.max(0, start - 2), start)).at(-1) ?? '';
  const after = end === undefined || end >= text.length ? '' : String.fromCodePoint(text.codePointAt(end) ?? 0);
  return wordCharacter.test(before) || wordCharacter.test(after);
}

/** Page text as compared: soft hyphens gone, a hyphen drawn at a line break (U+2010) joined. */
function comparable(page: string): string {
  return page.replace(/\u00ad/g, '').replace(/\u2010\s*\n\s*/g, '');
}

/**
 * Finds the contents entries ("IV. Title … 10") and the section headings ("IV. Title")
 * in the text of the pages. An entry is the first occurrence of its numeral and title
 * followed by a number, after the entry before it; the heading is the first other
 * occurrence after the entry.
 */
export function findPrintedContents(pageTexts: readonly string[], toc: readonly TocEntry[]): PrintedContents {
  const pages = pageTexts.map(comparable);
  const printed: Array<number | undefined> = [];
  const headings: Array<number | undefined> = [];
  let cursor = { page: 0, offset: 0 };
  for (const entry of toc) {
    const heading = headingPattern(entry);
    const found = findFrom(pages, new RegExp(`${heading}\\s+(\\d+)(?!\\d)`, 'gu'), cursor, 'start');
    printed.push(found === undefined ? undefined : Number(found.match[1]));
    if (found === undefined) {
      headings.push(undefined);
      continue;
    }
    cursor = { page: found.page, offset: found.match.index + found.match[0].length };
    const other = findFrom(pages, new RegExp(heading, 'gu'), cursor);
    headings.push(other === undefined ? undefined : other.page + 1);
  }
  return { printed, headings };
}

/**
 * The first match from `from` that is whole: no letter or digit just before it, nor
 * after it unless the pattern goes on past its heading (`edges` 'start').
 */
function findFrom(pages: readonly string[], pattern: RegExp, from: { page: number; offset: number }, edges: 'start' | 'both' = 'both'): { page: number; match: RegExpExecArray } | undefined {
  for (let page = from.page; page < pages.length; page++) {
    const text = pages[page] ?? '';
    pattern.lastIndex = page === from.page ? from.offset : 0;
    for (let match = pattern.exec(text); match !== null; match = pattern.exec(text)) {
      if (!inWord(text, match.index, edges === 'both' ? match.index + match[0].length : undefined)) return { page, match };
      pattern.lastIndex = match.index + 1;
    }
  }
  return undefined;
}

/** Whether every entry was found and shows its heading's page. */
export function contentsAgree(contents: PrintedContents): boolean {
  return contents.printed.every((page, index) => page !== undefined && page === contents.headings[index]);
}

/**
 * Whether every section's numeral and title ("IV. Title") is in the pages' text, in the
 * contents or as its heading: a template that prints no contents numbers still prints
 * those. When not even they are found, the text could not be read, and nothing was checked.
 */
export function headingsPrinted(pageTexts: readonly string[], toc: readonly TocEntry[]): boolean {
  const text = pageTexts.map(comparable).join('\n');
  return toc.every((entry) => findFrom([text], new RegExp(headingPattern(entry), 'gu'), { page: 0, offset: 0 }) !== undefined);
}
