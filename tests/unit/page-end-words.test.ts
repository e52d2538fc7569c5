import { describe, expect, it } from 'vitest';
import { wordsBrokenAtEnds } from '../../src/print/page-end-words.js';

const line = (baseline: number, text: string) => ({ baseline, text });

describe('words broken at a page or column end, from the printed lines', () => {
  it('finds a word broken at the last line of a page, going on at the top of the next', () => {
    const pages = [
      [line(100, 'The outlook for the year'), line(120, 'is good. The bud-')],
      [line(100, 'get, drafted on the assumption'), line(120, 'of lower prices.')],
    ];
    expect(wordsBrokenAtEnds(pages)).toEqual([{ before: 'is good. The bud', after: 'get, drafted on the assumption' }]);
  });

  it('finds a word broken at the foot of a column, going on higher up in the next', () => {
    const pages = [[line(100, 'first column, first line'), line(700, 'the end of the col-'), line(100, 'umn goes on here'), line(120, 'and ends here.')]];
    expect(wordsBrokenAtEnds(pages)).toEqual([{ before: 'the end of the col', after: 'umn goes on here' }]);
  });

  it('leaves ordinary line ends, a page that ends a paragraph and a dash alone', () => {
    const pages = [
      [line(100, 'a word broken at an ordi-'), line(120, 'nary line end, and a range 1990-'), line(140, '2000 at the foot -')],
      [line(100, 'The next page'), line(120, 'ends here.')],
      [],
      [line(100, '“quoted” text')],
    ];
    expect(wordsBrokenAtEnds(pages)).toEqual([]);
  });

  it('skips pages without document text to find where the word goes on', () => {
    const pages = [[line(700, 'a long negoti-')], [], [line(100, 'ation ends here')]];
    expect(wordsBrokenAtEnds(pages)).toEqual([{ before: 'a long negoti', after: 'ation ends here' }]);
  });
});
