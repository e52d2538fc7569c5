import type { VFile } from 'vfile';
import { reportProblem } from '../diagnostics/messages.js';

/** A title longer than this runs the cover and the contents over pages. */
const longestTitle = 300;
/** A word longer than this (no space, no hyphen) fits no line: headings are not hyphenated, and it would be clipped. */
const longestWord = 40;

/** Where a front-matter key is written, for a message at its line. */
function keyPlace(source: string, key: string): { line: number; column: number } {
  const lines = source.split('\n');
  const index = lines.findIndex((line) => line.startsWith(`${key}:`));
  return { line: index < 0 ? 1 : index + 1, column: 1 };
}

/**
 * Warns of a title the page cannot set well: too long for the cover and the contents,
 * or with a word too long for any line (a pasted URL, a word run together). `source`
 * is the file's text as read (processing replaces the file's value with its HTML).
 */
export function reportUnsettableTitle(file: VFile, source: string, key: string, title: string): void {
  const place = keyPlace(source, key);
  if (title.length > longestTitle) {
    reportProblem(file, `The ${key} is ${title.length} characters long; keep it under ${longestTitle}, or the cover and the contents run over pages`, {
      place,
      ruleId: 'title-length',
      severity: 'warning',
    });
  }
  const word = title.split(/[\s\-‐–—]+/).reduce((longest, candidate) => ([...candidate].length > [...longest].length ? candidate : longest), '');
  if ([...word].length > longestWord) {
    reportProblem(file, `The ${key} has a word of ${[...word].length} characters ("${word.slice(0, 24)}…"), longer than a line can hold; it would be cut off`, {
      place,
      ruleId: 'title-length',
      severity: 'warning',
    });
  }
}
