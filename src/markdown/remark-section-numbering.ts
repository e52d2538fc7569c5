import type { Root } from 'mdast';
import { toString } from 'mdast-util-to-string';
import { visit } from 'unist-util-visit';
import type { VFile } from 'vfile';
import { reportProblem } from '../diagnostics/messages.js';
import { toRoman, typedNumberingPattern } from '../model/roman.js';

export interface SectionNumberingOptions {
  /** 1-based place of the section in the issue, from its file's `NN-` prefix order. */
  ordinal: number;
}

/**
 * Section numbers are generated, never typed: records the section's number and
 * Roman numeral on the file, and warns about headings that carry numbering typed
 * by hand ("I. Introduction"), which would print twice.
 */
export function remarkSectionNumbering(options: SectionNumberingOptions) {
  return (tree: Root, file: VFile): void => {
    file.data.section = { ordinal: options.ordinal, numeral: toRoman(options.ordinal) };
    visit(tree, 'heading', (node) => {
      if (typedNumberingPattern.test(toString(node))) {
        reportProblem(file, 'Heading starts with numbering typed by hand; sections are numbered automatically', {
          place: node.position,
          ruleId: 'typed-numbering',
          severity: 'warning',
        });
      }
    });
  };
}
