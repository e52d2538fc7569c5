import type { Element, Root } from 'hast';
import { visit } from 'unist-util-visit';
import type { VFile } from 'vfile';
import { reportProblem } from '../content/messages.js';
import { allowedProtocol, sanitizeSchema } from './sanitize-schema.js';

const allowedTags = new Set(sanitizeSchema.tagNames ?? []);

/**
 * Whether the sanitizer keeps an attribute: named for the element or for all
 * elements, and, where the schema lists values (`['className', 'footnotes']`),
 * one of those values.
 */
function allowedAttribute(tagName: string, name: string, value: unknown): boolean {
  const entries = [...(sanitizeSchema.attributes?.[tagName] ?? []), ...(sanitizeSchema.attributes?.['*'] ?? [])];
  return entries.some((entry) => {
    if (typeof entry === 'string') return entry === name;
    const [entryName, ...values] = entry;
    if (entryName !== name) return false;
    if (values.length === 0) return true;
    const given = Array.isArray(value) ? value : [value];
    return given.every((item) => values.includes(item as string | number | boolean));
  });
}

/** The attribute as authors write it: `className` is `class`, `onClick` is `onclick`. */
function attributeName(property: string): string {
  if (property === 'className') return 'class';
  if (property === 'htmlFor') return 'for';
  if (/^on[A-Z]/.test(property)) return property.toLowerCase();
  return property.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);
}

/**
 * Says, at its line, what the sanitizer is about to remove from an author's
 * content, so that nothing vanishes unexplained: elements outside the allowlist,
 * attributes it does not keep (event handlers, styles, classes), and URLs that could run code or reach files of the
 * machine that builds the bulletin.
 */
export function rehypeReportUnsafe() {
  return (tree: Root, file: VFile): void => {
    visit(tree, 'element', (node: Element) => {
      if (!allowedTags.has(node.tagName)) {
        reportProblem(file, `<${node.tagName}> is not allowed in content and is removed`, { place: node.position, ruleId: 'unsafe-html', severity: 'warning' });
        return;
      }
      for (const [name, value] of Object.entries(node.properties)) {
        if (value === undefined || value === null || value === false) continue;
        if (!allowedAttribute(node.tagName, name, value)) {
          reportProblem(file, `The ${attributeName(name)} attribute of <${node.tagName}> is not allowed and is removed`, {
            place: node.position,
            ruleId: 'unsafe-html',
            severity: 'warning',
          });
        }
      }
      for (const property of ['href', 'src'] as const) {
        const url = node.properties[property];
        if (typeof url === 'string' && !allowedProtocol(property, url)) {
          reportProblem(file, `${property === 'src' ? 'Source' : 'Link'} "${url.slice(0, 60)}" is not allowed and is removed: only web, mail and relative addresses are`, {
            place: node.position,
            ruleId: 'unsafe-url',
            severity: 'warning',
          });
        }
      }
    });
  };
}
