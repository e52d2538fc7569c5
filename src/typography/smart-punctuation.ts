/**
 * Smart punctuation: straight quotes, apostrophes, dashes and ellipses as authors type
 * them, turned into the marks of the text's language. Characters that are already
 * typographic are left exactly as they are.
 */

export interface QuoteMarks {
  /** Marks for `"…"` at the outer level, then inside another quotation. */
  double: readonly [outer: QuotePair, inner: QuotePair];
  /** Marks for `'…'` used as quotation marks (not as an apostrophe). */
  single: QuotePair;
  /** What ` - ` between words becomes (after a no-break space). */
  spacedDash: string;
}

export type QuotePair = readonly [open: string, close: string];

const english: QuoteMarks = { double: [['“', '”'], ['‘', '’']], single: ['‘', '’'], spacedDash: '–' };
const guillemets: QuoteMarks = { double: [['«', '»'], ['„', '“']], single: ['‘', '’'], spacedDash: '—' };

/**
 * Marks by primary language subtag. Russian, Ukrainian, Belarusian, Azerbaijani and
 * Armenian quote «so», with „so“ inside, and set a spaced em dash; English and every
 * language not listed use “so” and ‘so’, and a spaced en dash.
 */
const marksByLanguage: Readonly<Record<string, QuoteMarks>> = {
  ru: guillemets,
  uk: guillemets,
  be: guillemets,
  az: guillemets,
  hy: guillemets,
  de: { double: [['„', '“'], ['‚', '‘']], single: ['‚', '‘'], spacedDash: '–' },
};

export function quoteMarks(lang: string): QuoteMarks {
  const primary = lang.toLowerCase().split('-')[0] ?? '';
  return marksByLanguage[primary] ?? english;
}

const letterOrDigit = /[\p{L}\p{N}]/u;
const opensAfter = /[\s([{\u2014\u2013\-/«„“‘‚]/u;

interface OpenQuote {
  typed: '"' | "'";
  close: string;
}

/** A piece of text in a run, in its own language (an inline `lang` may differ from the paragraph's). */
export interface TextPiece {
  text: string;
  lang: string;
}

/**
 * Smartens a run of text pieces that read as one (the text nodes of one paragraph,
 * split by inline markup): quote state and context carry over from piece to piece,
 * and a quotation opened in one language closes with that language's mark.
 * Returns the texts in the same order; `null` pieces are opaque (code) and only
 * count as a word character for the context of their neighbours.
 */
export function smartenRun(pieces: ReadonlyArray<TextPiece | null>, fallbackLang = 'en'): Array<string | null> {
  const open: OpenQuote[] = [];
  let previous = '';
  return pieces.map((piece, index) => {
    if (piece === null) {
      previous = 'x';
      return null;
    }
    const marks = quoteMarks(piece.lang || fallbackLang);
    const nextPiece = pieces[index + 1];
    const following = nextPiece === null ? 'x' : (nextPiece?.text[0] ?? '');
    const text = replaceDashesAndEllipses(piece.text, marks, previous);
    let out = '';
    for (let i = 0; i < text.length; i++) {
      const char = text[i]!;
      const before = i > 0 ? text[i - 1]! : previous;
      const after = i + 1 < text.length ? text[i + 1]! : following;
      if (char === '"') out += doubleQuote(before, after, open, marks);
      else if (char === "'") out += singleQuote(before, after, open, marks);
      else out += char;
    }
    if (out !== '') previous = out.at(-1)!;
    return out;
  });
}

/** One piece of text on its own: a title, a caption. */
export function smartenText(text: string, lang: string): string {
  return smartenRun([{ text, lang }])[0] ?? text;
}

function isOpeningContext(before: string, after: string): boolean {
  return (before === '' || opensAfter.test(before)) && after !== '' && !/\s/u.test(after);
}

function doubleQuote(before: string, after: string, open: OpenQuote[], marks: QuoteMarks): string {
  if (isOpeningContext(before, after)) {
    const depth = open.filter((quote) => quote.typed === '"').length;
    const [openMark, closeMark] = marks.double[depth % 2 === 0 ? 0 : 1];
    open.push({ typed: '"', close: closeMark });
    return openMark;
  }
  const index = findLast(open, '"');
  if (index === -1) return marks.double[0][1];
  const { close } = open[index]!;
  open.splice(index);
  return close;
}

function singleQuote(before: string, after: string, open: OpenQuote[], marks: QuoteMarks): string {
  // Between letters (don't, l'état) or before a year's digits ('90s): an apostrophe.
  if (letterOrDigit.test(before) && letterOrDigit.test(after)) return '’';
  if ((before === '' || /\s/u.test(before)) && /\p{N}/u.test(after) && findLast(open, "'") === -1) return '’';
  if (isOpeningContext(before, after)) {
    open.push({ typed: "'", close: marks.single[1] });
    return marks.single[0];
  }
  const index = findLast(open, "'");
  if (index === -1) return '’';
  const { close } = open[index]!;
  open.splice(index);
  return close;
}

function findLast(open: readonly OpenQuote[], typed: OpenQuote['typed']): number {
  for (let i = open.length - 1; i >= 0; i--) if (open[i]!.typed === typed) return i;
  return -1;
}

function replaceDashesAndEllipses(text: string, marks: QuoteMarks, previous: string): string {
  return (
    text
      .replace(/(?<!\.)\.\.\.(?!\.)/g, '…')
      .replace(/(?<!-)---(?!-)/g, '—')
      .replace(/(?<!-)--(?!-)/g, '–')
      // A hyphen standing between spaces is a dash; the space before it never breaks,
      // so a line does not start with the dash.
      .replace(/(^|[^\S\n])-(?=[^\S\n])/g, (match, space: string, offset: number) => {
        const atStart = offset === 0 && space === '';
        if (atStart && !/\s/u.test(previous)) return match;
        return `${space === '' ? '' : '\u00a0'}${marks.spacedDash}`;
      })
  );
}
