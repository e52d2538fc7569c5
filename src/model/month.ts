import type { IssueMonth } from './types.js';

const monthPattern = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** Parses `YYYY-MM`; undefined when it is not a real month. */
export function parseMonth(text: string): IssueMonth | undefined {
  const match = monthPattern.exec(text);
  if (!match) return undefined;
  return { id: text, year: Number(match[1]), month: Number(match[2]) };
}

/** "May 2021" in the given language. */
export function formatMonth(month: IssueMonth, lang: string): string {
  const date = new Date(Date.UTC(month.year, month.month - 1, 1));
  return new Intl.DateTimeFormat(lang, { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(date);
}

/** Midnight UTC on the first day of the month: the issue's publication date. */
export function monthStart(month: IssueMonth): Date {
  return new Date(Date.UTC(month.year, month.month - 1, 1));
}
