import { readFile } from 'node:fs/promises';
import type { Root } from 'mdast';
import { toString } from 'mdast-util-to-string';
import remarkFrontmatter from 'remark-frontmatter';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { visit } from 'unist-util-visit';

/**
 * The text of every paragraph of a Markdown file, read independently of the
 * build's pipeline (footnote references and definitions left out), to check
 * that outputs keep every paragraph of their sources.
 */
export async function sourceParagraphs(path: string): Promise<string[]> {
  const tree = unified().use(remarkParse).use(remarkFrontmatter).use(remarkGfm).parse(await readFile(path, 'utf8')) as Root;
  const paragraphs: string[] = [];
  visit(tree, (node, _index, parent) => {
    if (node.type === 'footnoteDefinition') return 'skip';
    if (node.type === 'paragraph' && parent?.type !== 'listItem') {
      const text = toString(node, { includeImageAlt: false, includeHtml: false }).replace(/\s+/g, ' ').trim();
      if (text !== '') paragraphs.push(text);
    }
    return undefined;
  });
  return paragraphs;
}
