/**
 * Words broken at the end of a page or a column, found in the printed PDF, and kept
 * whole in the document for the next print. The paged layout that predicts the pages
 * (predict-pages.ts) keeps most such words whole before the first print; where it
 * differs from the print by a line, the printed page has the last word.
 */

/** A line of document text as printed: its baseline (growing down the page) and its text. */
export interface PrintedLine {
  baseline: number;
  text: string;
}

/** A word broken where a page or column ends: the text of its line before the hyphen, and of the line it goes on in. */
export interface BrokenWord {
  before: string;
  after: string;
}

/** A line that ends in a word broken at a hyphen: a letter, then the hyphen. */
const endsBroken = /\p{L}-$/u;
const startsWithLetter = /^\p{L}/u;

/**
 * Each page's lines in the order they are read; a line that ends in a hyphen after a
 * letter, where the text goes on higher up (the next column) or on the next page, is a
 * word broken at a page or column end. A line that goes on below it is an ordinary
 * line end. Whether the hyphen was a soft one is for the document to tell
 * (`keepBrokenWordsWhole`): one the author typed is never taken out.
 */
export function wordsBrokenAtEnds(pages: ReadonlyArray<readonly PrintedLine[]>): BrokenWord[] {
  const broken: BrokenWord[] = [];
  pages.forEach((lines, pageIndex) => {
    lines.forEach((line, index) => {
      const text = line.text.trimEnd();
      if (!endsBroken.test(text)) return;
      const below = lines[index + 1];
      // On the page, the text goes on in the next column when its next line stands higher up.
      const next = below === undefined ? pages.slice(pageIndex + 1).find((page) => page.length > 0)?.[0] : below.baseline < line.baseline - 0.5 ? below : undefined;
      const after = next?.text.trimStart() ?? '';
      if (next === undefined || !startsWithLetter.test(after)) return;
      broken.push({ before: text.slice(0, -1), after });
    });
  });
  return broken;
}

/**
 * Runs in the page (no imports: puppeteer sends its source). Finds each broken word by
 * the text around its break (the end of its line and the start of the next, with soft
 * hyphens anywhere and any white space between words) and takes out the word's soft
 * hyphens, so that it moves whole. Only a break at a soft hyphen is meant: a hyphen the
 * author typed stays. Text found more than once is left alone. Returns how many words
 * were kept whole.
 */
export function keepBrokenWordsWhole(broken: ReadonlyArray<{ before: string; after: string }>): number {
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const nodes: Text[] = [];
  const starts: number[] = [];
  let text = '';
  for (let node = walker.nextNode() as Text | null; node !== null; node = walker.nextNode() as Text | null) {
    nodes.push(node);
    starts.push(text.length);
    text += node.data;
  }
  const laidOut = (part: string) =>
    [...part.trim()].map((character) => (/\s/.test(character) ? '\\s+' : `${character.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}\u00ad*`)).join('').replace(/(?:\\s\+)+/g, '\\s+');
  // Offsets in `text` of the soft hyphens to take out, taken out last to first, as each cut moves the offsets after it.
  const cuts = new Set<number>();
  let kept = 0;
  for (const { before, after } of broken) {
    const pattern = new RegExp(`(${laidOut(before.slice(-24))})(\u00ad)(?=${laidOut(after.slice(0, 16))})`, 'gu');
    const found = [...text.matchAll(pattern)];
    const match = found[0];
    if (found.length !== 1 || match === undefined || match[1] === undefined) continue;
    let start = match.index + match[1].length;
    let end = start;
    while (start > 0 && /[\p{L}\u00ad]/u.test(text[start - 1] ?? '')) start--;
    while (end < text.length && /[\p{L}\u00ad]/u.test(text[end] ?? '')) end++;
    for (let index = start; index < end; index++) if (text[index] === '\u00ad') cuts.add(index);
    kept++;
  }
  for (const offset of [...cuts].sort((a, b) => b - a)) {
    let at = nodes.length - 1;
    while (at > 0 && (starts[at] ?? 0) > offset) at--;
    nodes[at]?.deleteData(offset - (starts[at] ?? 0), 1);
  }
  return kept;
}
