import type { Root } from 'hast';
import { visit } from 'unist-util-visit';
import type { VFile } from 'vfile';
import { reportProblem } from '../diagnostics/messages.js';
import { missingScript, type Coverage } from '../typography/coverage.js';

export interface CheckCoverageOptions {
  /** Which characters the shipped fonts draw; without it, nothing is checked. */
  covered?: Coverage | undefined;
}

/** Characters that draw nothing of their own: spaces, controls, format characters, the soft hyphen. */
const invisible = /[\p{White_Space}\p{Cc}\p{Cf}]/u;

/**
 * Warns, at its place, of text in a script no shipped font draws: the PDF shows empty
 * boxes for it (the print uses no font of the machine, print-fontconfig.ts). One warning per
 * script and file, at its first character, naming the font package that covers it.
 */
export function rehypeCheckCoverage(options: CheckCoverageOptions = {}) {
  return (tree: Root, file: VFile): void => {
    const covered = options.covered;
    if (covered === undefined) return;
    const reported = new Set<string>();
    visit(tree, 'text', (node) => {
      // Text the pipeline made (a footnote's back-link arrow, replaced later) is not the author's.
      if (node.position === undefined) return;
      let line = node.position?.start.line;
      let column = node.position?.start.column;
      for (const character of node.value) {
        const codePoint = character.codePointAt(0) ?? 0;
        if (!invisible.test(character) && !covered(codePoint)) {
          const script = missingScript(character);
          if (!reported.has(script.name)) {
            reported.add(script.name);
            const fix = script.fontPackage === undefined ? 'no font of bulletin covers it' : `the font package ${script.fontPackage} would draw it`;
            reportProblem(file, `"${character}" (${script.name}) is in none of the fonts bulletin ships: the PDF shows an empty box for it; ${fix}`, {
              place: line === undefined || column === undefined ? undefined : { line, column },
              ruleId: 'font-coverage',
              severity: 'warning',
            });
          }
        }
        if (line !== undefined && column !== undefined) {
          if (character === '\n') {
            line++;
            column = 1;
          } else column++;
        }
      }
    });
  };
}
