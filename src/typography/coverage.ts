/**
 * Which characters the shipped fonts can draw, from their faces' `unicode-range`s
 * (fontsource splits each font into subsets whose ranges are what the files cover).
 */
export type Coverage = (codePoint: number) => boolean;

/** `U+0000-00FF, U+0131, U+1E??` as ranges of code points. */
export function parseUnicodeRange(text: string): Array<[number, number]> {
  const ranges: Array<[number, number]> = [];
  for (const part of text.split(',')) {
    const match = /^\s*U\+([0-9A-F?]+)(?:-([0-9A-F]+))?\s*$/i.exec(part);
    if (match?.[1] === undefined) continue;
    if (match[1].includes('?')) ranges.push([Number.parseInt(match[1].replace(/\?/g, '0'), 16), Number.parseInt(match[1].replace(/\?/g, 'F'), 16)]);
    else ranges.push([Number.parseInt(match[1], 16), Number.parseInt(match[2] ?? match[1], 16)]);
  }
  return ranges;
}

export function coverageOf(unicodeRanges: readonly string[]): Coverage {
  const ranges = unicodeRanges.flatMap(parseUnicodeRange).sort((a, b) => a[0] - b[0]);
  return (codePoint) => ranges.some(([low, high]) => codePoint >= low && codePoint <= high);
}

/** Scripts an author may quote, each with the font package that draws it. */
const scripts: Array<{ name: string; pattern: RegExp; fontPackage: string }> = [
  { name: 'emoji', pattern: /\p{Extended_Pictographic}/u, fontPackage: '@fontsource/noto-color-emoji' },
  { name: 'Chinese', pattern: /\p{Script=Han}/u, fontPackage: '@fontsource/noto-sans-sc' },
  { name: 'Japanese', pattern: /[\p{Script=Hiragana}\p{Script=Katakana}]/u, fontPackage: '@fontsource/noto-sans-jp' },
  { name: 'Korean', pattern: /\p{Script=Hangul}/u, fontPackage: '@fontsource/noto-sans-kr' },
  { name: 'Arabic', pattern: /\p{Script=Arabic}/u, fontPackage: '@fontsource/noto-sans-arabic' },
  { name: 'Hebrew', pattern: /\p{Script=Hebrew}/u, fontPackage: '@fontsource/noto-sans-hebrew' },
  { name: 'Georgian', pattern: /\p{Script=Georgian}/u, fontPackage: '@fontsource/noto-sans-georgian' },
  { name: 'Persian or Urdu', pattern: /[\u06A9\u06AF\u06CC]/u, fontPackage: '@fontsource/noto-sans-arabic' },
  { name: 'Devanagari', pattern: /\p{Script=Devanagari}/u, fontPackage: '@fontsource/noto-sans-devanagari' },
  { name: 'Thai', pattern: /\p{Script=Thai}/u, fontPackage: '@fontsource/noto-sans-thai' },
];

/** The script of a character no shipped font draws, and the font package that would. */
export function missingScript(character: string): { name: string; fontPackage: string | undefined } {
  const found = scripts.find((script) => script.pattern.test(character));
  return found === undefined ? { name: `U+${(character.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`, fontPackage: undefined } : found;
}
