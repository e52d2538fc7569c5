import type { Element, ElementContent, Root } from 'hast';
import { visit } from 'unist-util-visit';

/**
 * An image that stands at the start of its own paragraph becomes a figure. Its
 * caption is the paragraph's next line, when there is one:
 *
 *     ![A bar chart of freight volumes](images/freight.png)
 *     Figure 1. Freight handled at the port of Baku, *in thousand tonnes*.
 *
 * or else the image's Markdown title (`![alt](src "Caption")`).
 */
export function rehypeFigure() {
  return (tree: Root): void => {
    visit(tree, 'element', (node, index, parent) => {
      if (node.tagName !== 'p' || parent === undefined || index === undefined) return;
      const content = trimStart(node.children);
      const image = content[0];
      if (image?.type !== 'element' || image.tagName !== 'img') return;
      const captionLine = captionAfterImage(content.slice(1));
      if (captionLine === undefined) return;
      const title = image.properties['title'];
      const children: Element[] = [image];
      if (captionLine.length > 0) {
        children.push({ type: 'element', tagName: 'figcaption', properties: {}, children: captionLine });
      } else if (typeof title === 'string' && title.trim() !== '') {
        delete image.properties['title'];
        children.push({ type: 'element', tagName: 'figcaption', properties: {}, children: [{ type: 'text', value: title }] });
      }
      parent.children[index] = { type: 'element', tagName: 'figure', properties: {}, children, position: node.position };
    });
  };
}

/**
 * What follows the image in its paragraph, as a caption: nothing (an empty caption),
 * or the content after a line break. Undefined when the image is followed by more
 * text on its own line: then it is an image inside running text.
 */
function captionAfterImage(rest: ElementContent[]): ElementContent[] | undefined {
  const first = rest[0];
  if (first === undefined || rest.every((child) => child.type === 'text' && child.value.trim() === '')) return [];
  if (first.type === 'element' && first.tagName === 'br') return trimStart(rest.slice(1));
  if (first.type === 'text' && /^[^\S\n]*\n/.test(first.value)) {
    return trimStart(rest);
  }
  return undefined;
}

/** Children without the white space they start with. */
function trimStart(children: ElementContent[]): ElementContent[] {
  const start = children.findIndex((child) => !(child.type === 'text' && child.value.trim() === ''));
  if (start === -1) return [];
  const [first, ...rest] = children.slice(start);
  return first?.type === 'text' ? [{ ...first, value: first.value.trimStart() }, ...rest] : [first!, ...rest];
}
