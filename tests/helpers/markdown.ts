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

/**
 * The words an issue's readers can search its PDF for, read from the Markdown
 * sources independently of the build: every text of every file (titles and subtitle
 * from the front-matter, the body with its footnotes, tables and captions), without
 * markup, URLs or image descriptions (which the PDF carries as alternative text).
 */
export async function sourceText(issueDir: string, edition?: string): Promise<string> {
  const { readdir } = await import('node:fs/promises');
  const { parse } = await import('yaml');
  const texts: string[] = [];
  // The issue's own files (01-overview.md), or one language version's (01-overview.az.md).
  const ofVersion = (file: string) => (edition === undefined ? /^[^.]+\.md$/.test(file) : file.endsWith(`.${edition}.md`));
  for (const name of (await readdir(issueDir)).filter(ofVersion).sort()) {
    const tree = unified().use(remarkParse).use(remarkFrontmatter).use(remarkGfm).parse(await readFile(`${issueDir}/${name}`, 'utf8')) as Root;
    visit(tree, 'yaml', (node) => {
      const data = (parse(node.value) ?? {}) as Record<string, unknown>;
      for (const key of ['title', 'subtitle', 'author']) if (typeof data[key] === 'string') texts.push(data[key]);
    });
    // Block by block: the text of one block runs on, blocks are apart.
    visit(tree, (node) => {
      if (!['paragraph', 'heading', 'tableCell', 'code'].includes(node.type)) return undefined;
      texts.push(toString(node, { includeImageAlt: false, includeHtml: false }));
      return 'skip';
    });
  }
  return texts.join('\n');
}
