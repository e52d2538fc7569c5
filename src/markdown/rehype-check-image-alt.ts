import type { Root } from 'hast';
import { visit } from 'unist-util-visit';
import type { VFile } from 'vfile';
import { reportProblem } from '../diagnostics/messages.js';

/**
 * Every image needs alt text: it is what screen readers say, what the tagged PDF
 * carries, and what shows when the image cannot load. A missing or blank `alt`
 * is an error at the image's place, with the fix in the message.
 */
export function rehypeCheckImageAlt() {
  return (tree: Root, file: VFile): void => {
    visit(tree, 'element', (node) => {
      if (node.tagName !== 'img') return;
      const alt = node.properties['alt'];
      if (typeof alt === 'string' && alt.trim() !== '') return;
      const src = typeof node.properties['src'] === 'string' ? node.properties['src'] : '';
      reportProblem(file, `Image "${src.slice(0, 60)}" has no alt text; describe it: ![what the image shows](${src.slice(0, 60)})`, {
        place: node.position,
        ruleId: 'image-alt',
      });
    });
  };
}
