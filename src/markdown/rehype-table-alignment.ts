import type { Root } from 'hast';
import { visit } from 'unist-util-visit';

/**
 * GFM writes column alignment as the `align` attribute, which HTML no longer
 * has. Turns it into a class (`align-right`) that both stylesheets style.
 */
export function rehypeTableAlignment() {
  return (tree: Root): void => {
    visit(tree, 'element', (node) => {
      const align = node.properties['align'];
      if ((node.tagName === 'td' || node.tagName === 'th') && typeof align === 'string') {
        delete node.properties['align'];
        const classes = Array.isArray(node.properties['className']) ? node.properties['className'] : [];
        node.properties['className'] = [...classes, `align-${align}`];
      }
    });
  };
}
