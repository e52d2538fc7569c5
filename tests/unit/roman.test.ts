import { describe, expect, it } from 'vitest';
import { toRoman, typedNumberingPattern } from '../../src/model/roman.js';

describe('toRoman', () => {
  it.each([
    [1, 'I'], [4, 'IV'], [7, 'VII'], [9, 'IX'], [14, 'XIV'], [40, 'XL'], [90, 'XC'], [1994, 'MCMXCIV'], [3999, 'MMMCMXCIX'],
  ])('writes %i as %s', (value, numeral) => {
    expect(toRoman(value)).toBe(numeral);
  });

  it.each([0, -1, 1.5, 4000])('refuses %s', (value) => {
    expect(() => toRoman(value)).toThrow(RangeError);
  });
});

describe('typedNumberingPattern', () => {
  it.each(['I. Introduction', 'IV) Energy', '3. Trade'])('matches numbering typed by hand: %s', (text) => {
    expect(typedNumberingPattern.test(text)).toBe(true);
  });
  it.each(['Introduction', 'In 2021. A year', 'Iran and Iraq', 'VAT rules'])('leaves ordinary headings alone: %s', (text) => {
    expect(typedNumberingPattern.test(text)).toBe(false);
  });
});
