import { describe, expect, it } from 'vitest';
import { coverageOf, missingScript, parseUnicodeRange } from '../../src/typography/coverage.js';

describe('font coverage', () => {
  it('reads unicode-ranges with single points, ranges and wildcards', () => {
    expect(parseUnicodeRange('U+0000-00FF, U+0131, U+1E??')).toEqual([
      [0, 0xff],
      [0x131, 0x131],
      [0x1e00, 0x1eff],
    ]);
    const covered = coverageOf(['U+0000-00FF, U+0131', 'U+0400-045F']);
    expect(['A', 'ı', 'ж', 'ə'].map((character) => covered(character.codePointAt(0)!))).toEqual([true, true, true, false]);
  });

  it('names the script of a character and the package that draws it', () => {
    expect(missingScript('ს')).toEqual(expect.objectContaining({ name: 'Georgian', fontPackage: '@fontsource/noto-sans-georgian' }));
    expect(missingScript('中').name).toBe('Chinese');
    expect(missingScript('\u{2603}')).toEqual(expect.objectContaining({ name: 'emoji' }));
    expect(missingScript('\u{10FFFD}')).toEqual({ name: 'U+10FFFD', fontPackage: undefined });
  });
});
