import type { Root } from 'mdast';
import { visit } from 'unist-util-visit';
import type { VFile } from 'vfile';
import { reportProblem } from '../content/messages.js';

/**
 * Raw HTML is kept only as far as the sanitizer's allowlist goes: say where it
 * stands, so that an author who expects it to print as written looks.
 */
export function remarkCheckRawHtml() {
  return (tree: Root, file: VFile): void => {
    visit(tree, 'html', (node) => {
      // Comments are an author's notes to themselves; they are meant not to show.
      if (/^\s*<!--[\s\S]*-->\s*$/.test(node.value)) return;
      // One warning an element: its closing tag adds nothing.
      if (/^\s*<\//.test(node.value)) return;
      reportProblem(file, `Raw HTML is sanitized; only allowed elements and attributes are kept: ${node.value.trim().slice(0, 40)}`, {
        place: node.position,
        ruleId: 'raw-html',
        severity: 'warning',
      });
    });
  };
}
