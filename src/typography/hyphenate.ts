import { createRequire } from 'node:module';
import type hyphen from 'hyphen';
import { hyphenateAzerbaijaniWord } from './azerbaijani-syllables.js';

/**
 * Build-time hyphenation with TeX patterns (Liang's algorithm, from the `hyphen`
 * package): soft hyphens (U+00AD) are inserted where a word may break. Browsers show
 * them only at the end of a line, so both editions hyphenate alike, and Chromium
 * prints them even where it cannot hyphenate by itself (headless Linux).
 */

export const softHyphen = '\u00ad';

/** Pattern files of `hyphen` for languages whose code differs from the file name. */
const patternAliases: Readonly<Record<string, string>> = {
  en: 'en-us',
  'en-us': 'en-us',
  'en-gb': 'en-gb',
  de: 'de-1996',
  el: 'el-monoton',
  mn: 'mn-cyrl',
  sr: 'sr-cyrl',
};

/** Languages TeX has no patterns for, hyphenated from their syllable rules. */
const ruleBased: Readonly<Record<string, hyphen.HyphenationFunctionSync>> = {
  az: (word) => hyphenateAzerbaijaniWord(word, softHyphen),
};

/** Fewest letters kept before and after a break (TeX's \lefthyphenmin and \righthyphenmin for English). */
const minimumBefore = 2;
const minimumAfter = 3;
/** Shorter words are never broken: the saving is too small to be worth a hyphen. */
const minimumWordLength = 5;

export interface Hyphenator {
  /** The text with soft hyphens inside its words, or unchanged when `lang` has no patterns. */
  hyphenate(text: string, lang: string): string;
  /** Whether `lang` has patterns. */
  supports(lang: string): boolean;
}

/** A hyphenator that loads each language's patterns on first use. What it remembers depends on the word and the language only, so one may serve many builds (a preview keeps one). */
export function createHyphenator(): Hyphenator {
  const require = createRequire(import.meta.url);
  const loaded = new Map<string, hyphen.HyphenationFunctionSync | undefined>();
  // Words recur through an issue (and a build): each is worked out once per language.
  const known = new Map<hyphen.HyphenationFunctionSync, Map<string, string>>();
  const hyphenateWith = (hyphenateWord: hyphen.HyphenationFunctionSync, word: string): string => {
    let words = known.get(hyphenateWord);
    if (words === undefined) known.set(hyphenateWord, (words = new Map()));
    let result = words.get(word);
    if (result === undefined) words.set(word, (result = hyphenateOne(word, hyphenateWord)));
    return result;
  };

  const functionFor = (lang: string): hyphen.HyphenationFunctionSync | undefined => {
    const code = lang.toLowerCase();
    if (loaded.has(code)) return loaded.get(code);
    const primary = code.split('-')[0] ?? code;
    const file = patternAliases[code] ?? patternAliases[primary] ?? primary;
    let hyphenateSync: hyphen.HyphenationFunctionSync | undefined = ruleBased[primary];
    try {
      hyphenateSync ??= (require(`hyphen/${file}`) as { hyphenateSync: hyphen.HyphenationFunctionSync }).hyphenateSync;
    } catch {
      // No patterns and no rules for this language: its words stay whole.
      hyphenateSync = undefined;
    }
    loaded.set(code, hyphenateSync);
    return hyphenateSync;
  };

  return {
    supports: (lang) => functionFor(lang) !== undefined,
    hyphenate(text, lang) {
      const hyphenateWord = functionFor(lang);
      if (hyphenateWord === undefined) return text;
      // Whole white-space separated tokens are judged first: a URL, an address or a
      // token with digits is left alone, and so is any word inside it.
      return text.replace(/\S+/gu, (token) =>
        isLiteralToken(token) ? token : token.replace(/[\p{L}\p{M}]+/gu, (word) => hyphenateWith(hyphenateWord, word)),
      );
    },
  };
}

function hyphenateOne(word: string, hyphenateWord: hyphen.HyphenationFunctionSync): string {
  if (word.length < minimumWordLength || !isOrdinaryWord(word)) return word;
  const pieces = joinLigatures(hyphenateWord(word).split(softHyphen));
  // A break must leave enough letters on both sides: short end pieces join their neighbour.
  while (pieces.length > 1 && pieces[0]!.length < minimumBefore) pieces.splice(0, 2, `${pieces[0]!}${pieces[1]!}`);
  while (pieces.length > 1 && pieces.at(-1)!.length < minimumAfter) {
    const last = pieces.pop()!;
    pieces.push(`${pieces.pop()!}${last}`);
  }
  return pieces.join(softHyphen);
}

/**
 * No break between letters the fonts join into one glyph (f·f, f·i, f·l): a soft hyphen
 * inside a ligature spoils the text that PDF readers copy out (pdf.js reads `O\0cials`
 * for `Of·fi·cials`), and TeX does not break there either.
 */
function joinLigatures(pieces: string[]): string[] {
  const joined: string[] = [];
  for (const piece of pieces) {
    const previous = joined.at(-1);
    if (previous !== undefined && /f$/i.test(previous) && /^[fil]/i.test(piece)) joined[joined.length - 1] = `${previous}${piece}`;
    else joined.push(piece);
  }
  return joined;
}

/** URLs, e-mail addresses, paths, file names, and tokens with digits or underscores. */
function isLiteralToken(token: string): boolean {
  return /[\p{N}_@/\\:=#<>]|\.\p{L}|www\./u.test(token);
}

/**
 * Lower-case words and capitalized ones. All-capital words (acronyms: NATO, OSCE) and
 * words with capitals inside (iPhone, McKinsey) are names and stay whole.
 */
function isOrdinaryWord(word: string): boolean {
  const rest = word.slice(1);
  return rest === rest.toLowerCase() && word !== word.toUpperCase();
}
