import { describe, expect, it } from 'vitest';
import { buildToc, samePages, withPages } from '../../src/model/toc.js';
import type { Section } from '../../src/model/types.js';

function section(ordinal: number, id: string, title: string, numeral: string): Section {
  return { ordinal, numeral, id, title, fileStem: `0${ordinal}-${id}`, sourcePath: `${id}.md`, lang: undefined, author: undefined, html: '', headings: [] };
}

const sections = [section(1, 'energy', 'Energy', 'I'), section(2, 'transport', 'Transport', 'II')];

describe('buildToc', () => {
  it('lists every section in order with its numeral, title and id', () => {
    expect(buildToc(sections)).toEqual([
      { numeral: 'I', title: 'Energy', id: 'energy' },
      { numeral: 'II', title: 'Transport', id: 'transport' },
    ]);
  });
});

describe('withPages', () => {
  it('gives each entry the page of its id', () => {
    const toc = withPages(buildToc(sections), new Map([['energy', 2], ['transport', 5]]));
    expect(toc.map((entry) => entry.page)).toEqual([2, 5]);
  });
  it('throws, naming the section, when a page is missing', () => {
    expect(() => withPages(buildToc(sections), new Map([['energy', 2]]))).toThrow(/transport/);
  });
});

describe('samePages', () => {
  const toc = buildToc(sections);
  it('is true only when every page agrees', () => {
    const a = withPages(toc, new Map([['energy', 2], ['transport', 5]]));
    const b = withPages(toc, new Map([['energy', 2], ['transport', 6]]));
    expect(samePages(a, a)).toBe(true);
    expect(samePages(a, b)).toBe(false);
    expect(samePages(toc, a)).toBe(false);
  });
});
