import type { Element, Nodes } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import { sniffImageType } from './image-type.js';

/**
 * What a file linked from an issue may be, by its extension and, whatever that says,
 * by its first bytes: documents, spreadsheets, presentations, images, data and
 * archives. A page (HTML, XHTML), a script or a program would run on the site's own
 * address when opened from it, so it is never published.
 */
const kinds: Array<{ name: string; extensions: string[]; matches: (bytes: Uint8Array) => boolean }> = [
  { name: 'PDF', extensions: ['pdf'], matches: (bytes) => ascii(bytes, 0, '%PDF-') },
  // Office Open XML and OpenDocument files are ZIP archives.
  { name: 'ZIP', extensions: ['docx', 'xlsx', 'pptx', 'odt', 'ods', 'odp', 'zip'], matches: (bytes) => starts(bytes, 0x50, 0x4b, 0x03, 0x04) },
  { name: 'Office 97–2003', extensions: ['doc', 'xls', 'ppt'], matches: (bytes) => starts(bytes, 0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1) },
  { name: 'RTF', extensions: ['rtf'], matches: (bytes) => ascii(bytes, 0, '{\\rtf') },
  { name: '7z', extensions: ['7z'], matches: (bytes) => starts(bytes, 0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c) },
  { name: 'gzip', extensions: ['gz', 'tgz'], matches: (bytes) => starts(bytes, 0x1f, 0x8b) },
  { name: 'text', extensions: ['txt', 'csv', 'tsv', 'md'], matches: (bytes) => plainText(bytes) },
  { name: 'image', extensions: ['png', 'jpg', 'jpeg', 'gif', 'webp', 'avif', 'svg'], matches: (bytes) => sniffImageType(bytes) !== undefined },
];

function starts(bytes: Uint8Array, ...signature: number[]): boolean {
  return signature.every((byte, index) => bytes[index] === byte);
}

function ascii(bytes: Uint8Array, offset: number, text: string): boolean {
  return [...text].every((char, index) => bytes[offset + index] === char.charCodeAt(0));
}

/** UTF-8 text (the first bytes of it) with no NUL and no markup a browser would take for a page. */
function plainText(bytes: Uint8Array): boolean {
  if (bytes.includes(0)) return false;
  const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
  return !/^\s*<(?:!doctype|html|\?xml|svg|script)/i.test(text);
}

/** Why a linked file cannot be published, or undefined when it can. */
export function attachmentProblem(name: string, firstBytes: Uint8Array): string | undefined {
  const extension = /\.([a-z0-9]+)$/i.exec(name)?.[1]?.toLowerCase() ?? '';
  const kind = kinds.find((candidate) => candidate.extensions.includes(extension));
  const allowed = 'PDF, Word, Excel, PowerPoint, OpenDocument, RTF, images, CSV or plain text, and ZIP, 7z or gzip archives';
  if (kind === undefined) return `Linked file "${name}" is not a kind of file that is published (${allowed}): a page or a program would run on the site's own address`;
  if (!kind.matches(firstBytes)) return `Linked file "${name}" is not the ${kind.name} file its name says: its contents are something else`;
  return undefined;
}

/**
 * What in an SVG image could run or reach out when the image is opened on its own from
 * the site: scripts, event handlers, embedded HTML (`foreignObject`) and references to
 * other files or addresses (only `#fragments` and embedded raster `data:` images are
 * kept). Returns a description of each kind found.
 */
export function svgProblems(svg: string): string[] {
  const found = new Set<string>();
  const visit = (node: Nodes): void => {
    if (node.type === 'element') inspect(node, found);
    if ('children' in node) for (const child of node.children) visit(child);
  };
  visit(fromHtml(svg, { fragment: true }));
  return [...found].sort();
}

function inspect(element: Element, found: Set<string>): void {
  const name = element.tagName.toLowerCase();
  if (name === 'script') found.add('a <script>');
  if (name === 'foreignobject') found.add('a <foreignObject>');
  if (['iframe', 'embed', 'object'].includes(name)) found.add(`an <${name}>`);
  for (const [property, value] of Object.entries(element.properties)) {
    if (/^on/i.test(property)) found.add('an event handler');
    const text = Array.isArray(value) ? value.join(' ') : String(value);
    if (/^(?:href|xLinkHref|src)$/i.test(property) && !/^(?:#|data:image\/(?:png|jpeg|gif|webp);)/i.test(text.trim())) found.add('a reference to another file or address');
  }
  const style = name === 'style' ? element.children.map((child) => ('value' in child ? child.value : '')).join('') : String(element.properties['style'] ?? '');
  if (/@import|url\(\s*['"]?(?!#|data:image\/)/i.test(style)) found.add('a reference to another file or address');
}
