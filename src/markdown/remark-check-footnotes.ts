import type { Root } from 'mdast';
import { visit } from 'unist-util-visit';
import type { VFile } from 'vfile';
import { reportProblem } from '../diagnostics/messages.js';

/** `[^note]` left as text: GFM only makes a reference of a label that has a definition. */
const orphanReference = /\[\^([^\]\s]+)\]/g;

/**
 * Footnotes that cannot work: a reference with no definition (GFM prints it as
 * literal "[^1]") and a definition that nothing refers to (GFM drops it silently).
 */
export function remarkCheckFootnotes() {
  return (tree: Root, file: VFile): void => {
    const referenced = new Set<string>();
    visit(tree, 'footnoteReference', (node) => {
      referenced.add(node.identifier);
    });
    visit(tree, 'footnoteDefinition', (node) => {
      if (!referenced.has(node.identifier)) {
        reportProblem(file, `Footnote [^${node.label ?? node.identifier}] is defined but never referred to`, {
          place: node.position,
          ruleId: 'footnote-unused',
          severity: 'warning',
        });
      }
    });
    visit(tree, 'text', (node) => {
      for (const match of node.value.matchAll(orphanReference)) {
        const start = node.position?.start;
        // Text nodes hold one line or more; the place is exact when the match is on the node's first line.
        const before = node.value.slice(0, match.index);
        const line = (start?.line ?? 1) + (before.match(/\n/g)?.length ?? 0);
        const column = before.includes('\n') ? before.length - before.lastIndexOf('\n') : (start?.column ?? 1) + before.length;
        reportProblem(file, `Footnote [^${match[1]}] has no definition; add a line \`[^${match[1]}]: …\``, {
          place: { line, column },
          ruleId: 'footnote-undefined',
        });
      }
    });
  };
}
