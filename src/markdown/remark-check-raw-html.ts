import type { Root } from 'mdast';
import { visit } from 'unist-util-visit';
import type { VFile } from 'vfile';
import { reportProblem } from '../content/messages.js';

/** Raw HTML is not rendered in either edition: say so where it stands, so nothing vanishes unnoticed. */
export function remarkCheckRawHtml() {
  return (tree: Root, file: VFile): void => {
    visit(tree, 'html', (node) => {
      // Comments are an author's notes to themselves; they are meant not to show.
      if (/^\s*<!--[\s\S]*-->\s*$/.test(node.value)) return;
      reportProblem(file, `Raw HTML is left out of both editions: ${node.value.trim().slice(0, 40)}`, {
        place: node.position,
        ruleId: 'raw-html',
        severity: 'warning',
      });
    });
  };
}
