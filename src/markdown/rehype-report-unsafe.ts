import type { Element, ElementContent, Root, Text } from 'hast';
import { sanitize } from 'hast-util-sanitize';
import { visitParents } from 'unist-util-visit-parents';
import type { VFile } from 'vfile';
import { reportProblem } from '../diagnostics/messages.js';
import { sanitizeSchema } from './sanitize-schema.js';

/** The attribute as authors write it: `className` is `class`, `onClick` is `onclick`. */
function attributeName(property: string): string {
  if (property === 'className') return 'class';
  if (property === 'htmlFor') return 'for';
  if (/^on[A-Z]/.test(property)) return property.toLowerCase();
  return property.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);
}

const marker = (label: string): Text => ({ type: 'text', value: `\u0001${label}` });

/**
 * What the sanitizer (hast-util-sanitize, with the schema the processor uses) makes of
 * `node` where it stands: the element as kept, or undefined when it is removed. The
 * element is sanitized alone, in shallow copies of its ancestors (the schema allows
 * some elements only inside others), each marked with a text of its own so that the
 * kept element is told from an ancestor of the same name.
 */
function keptBySanitizer(node: Element, ancestors: readonly Element[]): Element | undefined {
  let inner: Element = { type: 'element', tagName: node.tagName, properties: { ...node.properties }, children: [marker('node')] };
  for (const [index, ancestor] of [...ancestors].reverse().entries()) {
    inner = { type: 'element', tagName: ancestor.tagName, properties: { ...ancestor.properties }, children: [marker(String(index)), inner] };
  }
  const sanitized = sanitize({ type: 'root', children: [inner] }, sanitizeSchema);
  let found: Element | undefined;
  const search = (parent: { children: ElementContent[] | Root['children'] }): void => {
    for (const child of parent.children) {
      if (child.type !== 'element') continue;
      const markers = child.children.filter((grandchild): grandchild is Text => grandchild.type === 'text' && grandchild.value.startsWith('\u0001'));
      if (markers.length === 1 && markers[0]?.value === '\u0001node') found = child;
      search(child);
    }
  };
  search(sanitized as Root);
  return found;
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * Says, at its line, what the sanitizer is about to remove from an author's content,
 * so that nothing vanishes unexplained: elements outside the allowlist, attributes it
 * does not keep (event handlers, styles, classes), and URLs that could run code or
 * reach files of the machine that builds the bulletin. The sanitizer itself decides,
 * element by element: the report cannot drift from what it does.
 */
export function rehypeReportUnsafe() {
  return (tree: Root, file: VFile): void => {
    visitParents(tree, 'element', (node: Element, parents) => {
      const ancestors = parents.filter((parent): parent is Element => parent.type === 'element');
      const kept = keptBySanitizer(node, ancestors);
      const place = { place: node.position, severity: 'warning' as const };
      if (kept === undefined) {
        reportProblem(file, `<${node.tagName}> is not allowed in content and is removed`, { ...place, ruleId: 'unsafe-html' });
        return;
      }
      for (const [name, value] of Object.entries(node.properties)) {
        if (value === undefined || value === null || value === false || same(kept.properties[name], value)) continue;
        if ((name === 'href' || name === 'src') && typeof value === 'string') {
          reportProblem(file, `${name === 'src' ? 'Source' : 'Link'} "${value.slice(0, 60)}" is not allowed and is removed: only web, mail and relative addresses are`, { ...place, ruleId: 'unsafe-url' });
        } else {
          reportProblem(file, `The ${attributeName(name)} attribute of <${node.tagName}> is not allowed and is removed`, { ...place, ruleId: 'unsafe-html' });
        }
      }
    });
  };
}
