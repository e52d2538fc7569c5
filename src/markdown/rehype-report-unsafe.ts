import type { Element, Root } from 'hast';
import { visit } from 'unist-util-visit';
import type { VFile } from 'vfile';
import { reportProblem } from '../content/messages.js';
import { allowedProtocol, sanitizeSchema } from './sanitize-schema.js';

const allowedTags = new Set(sanitizeSchema.tagNames ?? []);

/**
 * Says, at its line, what the sanitizer is about to remove from an author's
 * content, so that nothing vanishes unexplained: elements outside the allowlist,
 * event handlers and styles, and URLs that could run code or reach files of the
 * machine that builds the bulletin.
 */
export function rehypeReportUnsafe() {
  return (tree: Root, file: VFile): void => {
    visit(tree, 'element', (node: Element) => {
      if (!allowedTags.has(node.tagName)) {
        reportProblem(file, `<${node.tagName}> is not allowed in content and is removed`, { place: node.position, ruleId: 'unsafe-html', severity: 'warning' });
        return;
      }
      for (const name of Object.keys(node.properties)) {
        if (/^on/i.test(name) || name === 'style') {
          reportProblem(file, `The ${name} attribute of <${node.tagName}> is not allowed and is removed`, { place: node.position, ruleId: 'unsafe-html', severity: 'warning' });
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
