/**
 * Azerbaijani (Latin script) hyphenation from its syllable rules: TeX has no patterns
 * for it. A syllable has one vowel, and starts with at most one consonant:
 *
 * - between two vowels with no consonant, a break (sa-at, mü-əl-lim, şa-ir);
 * - one or more consonants between two vowels: the break falls before the last of them
 *   (a-na, qar-daş, dost-luq, Azər-bay-can, sent-yabr, elekt-rik);
 * - never leaving one letter alone at either end (a line never ends in "A-" or starts with "-n").
 *
 * The nine vowels: a e ə ı i o ö u ü (and their capitals, with İ and I as two letters).
 * Every other letter of the alphabet is a consonant, y included.
 */

const vowels = new Set([...'aeəıioöuüAEƏIİOÖUÜ']);
const alphabet = /^[a-zA-ZçÇəƏğĞıIİöÖşŞüÜ]+$/u;

/** Fewest letters kept before and after a break. */
const minimumBefore = 2;
const minimumAfter = 2;

/** Where a word may break, as the number of letters before each break. */
export function azerbaijaniBreaks(word: string): number[] {
  const letters = [...word];
  if (!alphabet.test(word)) return [];
  const vowelAt = letters.flatMap((letter, index) => (vowels.has(letter) ? [index] : []));
  const breaks: number[] = [];
  for (let index = 1; index < vowelAt.length; index++) {
    const previous = vowelAt[index - 1]!;
    const next = vowelAt[index]!;
    // Adjacent vowels part; otherwise the last consonant before the vowel starts its syllable.
    const at = next - previous === 1 ? next : next - 1;
    if (at >= minimumBefore && letters.length - at >= minimumAfter) breaks.push(at);
  }
  return breaks;
}

/** The word with a soft hyphen at each place it may break. */
export function hyphenateAzerbaijaniWord(word: string, softHyphen = '\u00ad'): string {
  const letters = [...word];
  const breaks = new Set(azerbaijaniBreaks(word));
  return letters.map((letter, index) => (breaks.has(index) ? `${softHyphen}${letter}` : letter)).join('');
}
