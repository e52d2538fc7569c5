import { describe, expect, it } from 'vitest';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { azerbaijaniBreaks } from '../../src/typography/azerbaijani-syllables.js';
import { createHyphenator, softHyphen } from '../../src/typography/hyphenate.js';
import { repoRoot } from '../helpers/paths.js';

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

  it('breaks each word of a text as it breaks that word alone (the patterns are given many words at once)', async () => {
    const folder = join(repoRoot, 'content', '2021-05');
    const names = (await readdir(folder)).filter((name) => name.endsWith('.md'));
    const sample = (await Promise.all(names.map((name) => readFile(join(folder, name), 'utf8')))).join('\n');
    const inText = createHyphenator().hyphenate(sample, 'en');
    const alone = createHyphenator();
    const wordByWord = sample.replace(/\S+/gu, (token) => alone.hyphenate(token, 'en'));
    expect(inText).toBe(wordByWord);
    expect(inText.split(softHyphen).length).toBeGreaterThan(500);
  });

  it('hyphenates Russian and Armenian by their own patterns, and Azerbaijani by its syllables (TeX has no patterns for it)', () => {
    expect(shown(hyphenator.hyphenate('Министерство иностранных', 'ru'))).toBe('Ми·ни·стер·ство ино·стран·ных');
    expect(hyphenator.hyphenate('Հանրապետության', 'hy')).toContain(softHyphen);
    expect(hyphenator.supports('az')).toBe(true);
    expect(shown(hyphenator.hyphenate('Beynəlxalq Münasibətlərin Təhlili Mərkəzi', 'az'))).toBe('Bey·nəl·xalq Mü·na·si·bət·lə·rin Təh·lili Mər·kəzi');
  });

  it('breaks Azerbaijani words only between their syllables, at every break that leaves two letters on each side', async () => {
    const list = (await readFile(join(repoRoot, 'tests', 'fixtures', 'hyphenation', 'azerbaijani-syllables.txt'), 'utf8')).split('\n').filter((line) => line !== '' && !line.startsWith('#'));
    expect(list.length).toBeGreaterThanOrEqual(200);
    for (const syllables of list) {
      const word = syllables.replaceAll('-', '');
      const known: number[] = [];
      let length = 0;
      for (const syllable of syllables.split('-').slice(0, -1)) known.push((length += [...syllable].length));
      const letters = [...word].length;
      expect(azerbaijaniBreaks(word), syllables).toEqual(known.filter((at) => at >= 2 && letters - at >= 2));
      // Through the build's hyphenator (which keeps three letters after a break): only known breaks.
      const pieces = hyphenator.hyphenate(word, 'az').split(softHyphen);
      let at = 0;
      for (const piece of pieces.slice(0, -1)) expect(known, `${syllables} broken as ${pieces.join('·')}`).toContain((at += [...piece].length));
    }
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
