import type { Element, Root } from 'hast';
import { visit } from 'unist-util-visit';

/**
 * An image alone in its paragraph becomes a figure; its Markdown title
 * (`![alt](src "Caption")`) becomes the caption.
 */
export function rehypeFigure() {
  return (tree: Root): void => {
    visit(tree, 'element', (node, index, parent) => {
      if (node.tagName !== 'p' || parent === undefined || index === undefined) return;
      const content = node.children.filter((child) => !(child.type === 'text' && child.value.trim() === ''));
      const image = content[0];
      if (content.length !== 1 || image?.type !== 'element' || image.tagName !== 'img') return;
      const title = image.properties['title'];
      const children: Element[] = [image];
      if (typeof title === 'string' && title.trim() !== '') {
        delete image.properties['title'];
        children.push({ type: 'element', tagName: 'figcaption', properties: {}, children: [{ type: 'text', value: title }] });
      }
      parent.children[index] = { type: 'element', tagName: 'figure', properties: {}, children, position: node.position };
    });
  };
}
