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

/** How one language's words are hyphenated: by TeX patterns, many words in one call, or by rules, a word at a time. */
interface WordBreaker {
  hyphenate: hyphen.HyphenationFunctionSync;
  /** Whether `hyphenate` takes a text of many words (the patterns do). */
  takesText: boolean;
  /** What it made of each word already seen, with the breaks bulletin allows. */
  known: Map<string, string>;
}

/** A hyphenator that loads each language's patterns on first use. What it remembers depends on the word and the language only, so one may serve many builds (a preview keeps one). */
export function createHyphenator(): Hyphenator {
  const require = createRequire(import.meta.url);
  const loaded = new Map<string, WordBreaker | undefined>();
  const byPatterns = new Map<string, WordBreaker>();
  const breakerFor = (lang: string): WordBreaker | undefined => {
    const code = lang.toLowerCase();
    if (loaded.has(code)) return loaded.get(code);
    const primary = code.split('-')[0] ?? code;
    const file = patternAliases[code] ?? patternAliases[primary] ?? primary;
    let breaker: WordBreaker | undefined;
    const rules = ruleBased[primary];
    try {
      // Two codes of one language (en, en-US) share their patterns, and what was learnt.
      breaker = rules
        ? { hyphenate: rules, takesText: false, known: new Map() }
        : (byPatterns.get(file) ?? { hyphenate: (require(`hyphen/${file}`) as { hyphenateSync: hyphen.HyphenationFunctionSync }).hyphenateSync, takesText: true, known: new Map() });
      if (!rules) byPatterns.set(file, breaker);
    } catch {
      // No patterns and no rules for this language: its words stay whole.
      breaker = undefined;
    }
    loaded.set(code, breaker);
    return breaker;
  };

  return {
    supports: (lang) => breakerFor(lang) !== undefined,
    hyphenate(text, lang) {
      const breaker = breakerFor(lang);
      if (breaker === undefined) return text;
      // Whole white-space separated tokens are judged first: a URL, an address or a
      // token with digits is left alone, and so is any word inside it.
      const tokens = text.match(/\S+/gu)?.filter((token) => !isLiteralToken(token)) ?? [];
      learnWords(breaker, tokens.flatMap((token) => token.match(/[\p{L}\p{M}]+/gu) ?? []));
      return text.replace(/\S+/gu, (token) => (isLiteralToken(token) ? token : token.replace(/[\p{L}\p{M}]+/gu, (word) => breaker.known.get(word) ?? word)));
    },
  };
}

/**
 * Works out the words the breaker has not seen. The patterns are given them in one
 * text: `hyphen` costs far more per call than per word (measured on the sample's 1,551
 * words: 72 ms a word at a time, 9 ms in one text, the same breaks).
 */
function learnWords(breaker: WordBreaker, words: readonly string[]): void {
  const fresh = [...new Set(words.filter((word) => !breaker.known.has(word)))];
  const breakable = fresh.filter((word) => word.length >= minimumWordLength && isOrdinaryWord(word));
  for (const word of fresh) breaker.known.set(word, word);
  if (breakable.length === 0) return;
  let marked = breaker.takesText ? breaker.hyphenate(breakable.join(' ')).split(' ') : [];
  // Words given one by one when the text did not come back as many words as it went.
  if (marked.length !== breakable.length) marked = breakable.map((word) => breaker.hyphenate(word));
  breakable.forEach((word, index) => breaker.known.set(word, allowedBreaks(marked[index] ?? word)));
}

/** A word as the patterns or rules broke it, with only the breaks bulletin allows. */
function allowedBreaks(marked: string): string {
  const pieces = joinLigatures(marked.split(softHyphen));
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
