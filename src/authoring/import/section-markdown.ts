import type { Element, Root as HastRoot } from 'hast';
import { toMdast, type State } from 'hast-util-to-mdast';
import type { BlockContent, DefinitionContent, FootnoteDefinition, Root as MdastRoot } from 'mdast';
import remarkGfm from 'remark-gfm';
import remarkStringify from 'remark-stringify';
import { unified } from 'unified';
import { stringify as stringifyYaml } from 'yaml';
import type { DraftSection } from './draft-sections.js';

/**
 * How the project writes Markdown (the sample's conventions): `-` bullets, `*` and `**`,
 * fenced code, GFM tables and footnotes.
 */
const markdownStyle = {
  bullet: '-',
  emphasis: '*',
  strong: '*',
  fence: '`',
  fences: true,
  rule: '-',
  listItemIndent: 'one',
  incrementListMarker: true,
} as const;

/** A section file's text: front-matter with the title, then the body in Markdown, its notes at the end. */
export function sectionMarkdown(section: DraftSection): string {
  const body = toMarkdown(section);
  return `---\n${stringifyYaml({ title: section.title }, { lineWidth: 0 })}---\n\n${body}`;
}

function toMarkdown(section: DraftSection): string {
  const handlers = {
    // A caption's line under its image: a soft line break, which the content format reads as the caption.
    'bulletin-line-break': () => ({ type: 'text' as const, value: '\n' }),
    // The markers draft-sections.ts left where the draft refers to a note.
    'bulletin-note-ref': (_state: State, node: Element) => ({ type: 'footnoteReference' as const, identifier: String(node.properties['label']), label: String(node.properties['label']) }),
  };
  const tree = toMdast({ type: 'root', children: section.body } satisfies HastRoot, { handlers }) as MdastRoot;
  for (const note of section.notes) {
    const content = toMdast({ type: 'root', children: note.content } satisfies HastRoot, { handlers }) as MdastRoot;
    const definition: FootnoteDefinition = {
      type: 'footnoteDefinition',
      identifier: note.label,
      label: note.label,
      children: content.children as Array<BlockContent | DefinitionContent>,
    };
    tree.children.push(definition);
  }
  const processor = unified().use(remarkGfm).use(remarkStringify, markdownStyle);
  return processor.stringify(tree);
}
