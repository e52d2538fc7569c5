import { describe, expect, it } from 'vitest';
import { smartenRun, smartenText } from '../../src/typography/smart-punctuation.js';

describe('smartenText', () => {
  it('curls double and single quotes in English, nested ones included', () => {
    expect(smartenText('He said "no" and left.', 'en')).toBe('He said “no” and left.');
    expect(smartenText('"She called it \'a bridge\', not a wall"', 'en')).toBe('“She called it ‘a bridge’, not a wall”');
    expect(smartenText('("quoted")', 'en')).toBe('(“quoted”)');
  });

  it('uses guillemets, with „low-high“ quotes inside, in Russian, Azerbaijani and Armenian', () => {
    expect(smartenText('Он сказал "нет".', 'ru')).toBe('Он сказал «нет».');
    expect(smartenText('"Слово "внутри" цитаты"', 'ru')).toBe('«Слово „внутри“ цитаты»');
    expect(smartenText('"Qarabağ Azərbaycandır"', 'az')).toBe('«Qarabağ Azərbaycandır»');
    expect(smartenText('"Հայաստան"', 'hy')).toBe('«Հայաստան»');
    expect(smartenText('"Wort"', 'de-AT')).toBe('„Wort“');
  });

  it('turns apostrophes into ’, including before a year’s digits', () => {
    expect(smartenText("the country's role, don't", 'en')).toBe('the country’s role, don’t');
    expect(smartenText("in the '90s", 'en')).toBe('in the ’90s');
    expect(smartenText("the ministers' meeting", 'en')).toBe('the ministers’ meeting');
  });

  it('makes dashes and ellipses, with a no-break space before a spaced dash', () => {
    expect(smartenText('pages 10--12', 'en')).toBe('pages 10–12');
    expect(smartenText('one---two', 'en')).toBe('one—two');
    expect(smartenText('war - and peace', 'en')).toBe('war\u00a0– and peace');
    expect(smartenText('война - и мир', 'ru')).toBe('война\u00a0— и мир');
    expect(smartenText('and so on...', 'en')).toBe('and so on…');
  });

  it('leaves hyphens in words, dates and ranges, and longer runs of dots or dashes, as typed', () => {
    for (const text of ['post-conflict', '2021-05-01', 'Baku-Tbilisi-Ceyhan', '-5 degrees', 'wait....', '----']) {
      expect(smartenText(text, 'en')).toBe(text);
    }
  });

  it('leaves typographic characters that are already there untouched', () => {
    const typed = '“Done” — ‘right’ … «так» „so“ – don’t';
    expect(smartenText(typed, 'en')).toBe(typed);
    expect(smartenText(typed, 'ru')).toBe(typed);
  });
});

describe('smartenRun', () => {
  it('pairs quotes across inline markup, and treats code between them as a word', () => {
    // <p>"<em>Energy</em>" is `"literal"`'s neighbour</p>
    const run = smartenRun([{ text: '"', lang: 'en' }, { text: 'Energy', lang: 'en' }, { text: '" is ', lang: 'en' }, null, { text: "'s neighbour", lang: 'en' }]);
    expect(run).toEqual(['“', 'Energy', '” is ', null, '’s neighbour']);
  });

  it('closes a quotation with the marks of the language it was opened in', () => {
    const run = smartenRun([{ text: 'He wrote ', lang: 'en' }, { text: '"мир', lang: 'ru' }, { text: '" today', lang: 'en' }]);
    expect(run).toEqual(['He wrote ', '«мир', '» today']);
  });
});
