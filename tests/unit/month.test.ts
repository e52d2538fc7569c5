import { describe, expect, it } from 'vitest';
import { formatMonth, monthStart, parseMonth } from '../../src/model/month.js';

describe('parseMonth', () => {
  it('reads YYYY-MM', () => {
    expect(parseMonth('2021-05')).toEqual({ id: '2021-05', year: 2021, month: 5 });
  });
  it.each(['2021-13', '2021-5', '21-05', '2021-05-01', 'May 2021'])('refuses %s', (text) => {
    expect(parseMonth(text)).toBeUndefined();
  });
});

describe('formatMonth', () => {
  it('names the month in the issue language', () => {
    const month = { id: '2021-05', year: 2021, month: 5 };
    expect(formatMonth(month, 'en')).toBe('May 2021');
    expect(formatMonth(month, 'az')).toMatch(/^may 2021$/i);
  });
});

describe('monthStart', () => {
  it('is midnight UTC on the first day', () => {
    expect(monthStart({ id: '2021-05', year: 2021, month: 5 }).toISOString()).toBe('2021-05-01T00:00:00.000Z');
  });
});
