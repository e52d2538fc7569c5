import { describe, expect, it } from 'vitest';
import { createHyphenator, softHyphen } from '../../src/typography/hyphenate.js';

/** Soft hyphens shown as `·`, to read the break points. */
const shown = (text: string) => text.replaceAll(softHyphen, '·');

describe('createHyphenator', () => {
  const hyphenator = createHyphenator();

  it('breaks English words at the TeX patterns’ points', () => {
    expect(shown(hyphenator.hyphenate('international cooperation', 'en'))).toBe('in·ter·na·tional co·op·er·a·tion');
    // British patterns break by derivation, American ones by pronunciation.
    expect(shown(hyphenator.hyphenate('diversification', 'en'))).toBe('di·ver·si·fi·ca·tion');
    expect(shown(hyphenator.hyphenate('diversification', 'en-GB'))).toBe('di·ver·si·fic·a·tion');
  });

  it('hyphenates Russian and Armenian by their own patterns, and leaves Azerbaijani whole (TeX has no patterns for it)', () => {
    expect(shown(hyphenator.hyphenate('Министерство иностранных', 'ru'))).toBe('Ми·ни·стер·ство ино·стран·ных');
    expect(hyphenator.hyphenate('Հանրապետության', 'hy')).toContain(softHyphen);
    expect(hyphenator.supports('az')).toBe(false);
    expect(hyphenator.hyphenate('Beynəlxalq Münasibətlərin', 'az')).toBe('Beynəlxalq Münasibətlərin');
  });

  it('keeps at least two letters before a break and three after it', () => {
    for (const word of ['uneventful', 'aluminum', 'information', 'hyphenation', 'transportation']) {
      const pieces = hyphenator.hyphenate(word, 'en').split(softHyphen);
      expect(pieces[0]!.length, word).toBeGreaterThanOrEqual(2);
      expect(pieces.at(-1)!.length, word).toBeGreaterThanOrEqual(3);
      expect(pieces.join('')).toBe(word);
    }
  });

  it('never breaks URLs, addresses, numbers, acronyms or mixed-case names', () => {
    const literal = 'https://example.org/infrastructure press@ministry.example.org www.president.az 1,250,000 COVID-19 UNESCO McKinsey file_name.md';
    expect(hyphenator.hyphenate(literal, 'en')).toBe(literal);
  });

  it('leaves short words and the parts of hyphenated compounds readable', () => {
    expect(hyphenator.hyphenate('the war and peace', 'en')).toBe('the war and peace');
    expect(shown(hyphenator.hyphenate('post-conflict', 'en'))).toBe('post-con·flict');
  });
});
