import type { Element, Root, RootContent, Text } from 'hast';

/** A text node and the language it is written in (its nearest `lang`). */
export interface RunPiece {
  node: Text;
  lang: string;
}

/**
 * The text of one block (a paragraph, a list item, a cell, a caption) in reading order.
 * `null` stands for an opaque inline element (code, or whatever the caller skips):
 * its text is not to be changed, but it is there between its neighbours.
 */
export type TextRun = Array<RunPiece | null>;

export interface TextRunOptions {
  /** Language of text outside any element with `lang`. */
  lang: string;
  /** Elements whose text is left alone, with all they contain. */
  isOpaque: (element: Element) => boolean;
}

/** Elements that start a new block of text; everything else flows inline. */
const blockTags = new Set([
  'address', 'article', 'aside', 'blockquote', 'caption', 'dd', 'details', 'div', 'dl', 'dt', 'figcaption', 'figure',
  'footer', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hr', 'li', 'main', 'nav', 'ol', 'p', 'pre', 'section',
  'summary', 'table', 'tbody', 'td', 'tfoot', 'th', 'thead', 'tr', 'ul',
]);

/**
 * Splits a tree into runs of text, one per block: quotation marks pair up and words
 * are judged inside a run, never across blocks.
 */
export function textRuns(tree: Root, options: TextRunOptions): TextRun[] {
  const runs: TextRun[] = [];
  const visitBlock = (children: readonly RootContent[], lang: string): void => {
    const run: TextRun = [];
    runs.push(run);
    const visitInline = (nodes: readonly RootContent[], inlineLang: string): void => {
      for (const node of nodes) {
        if (node.type === 'text') run.push({ node, lang: inlineLang });
        else if (node.type !== 'element') continue;
        else if (options.isOpaque(node)) run.push(null);
        else if (blockTags.has(node.tagName)) visitBlock(node.children, languageOf(node, inlineLang));
        else visitInline(node.children, languageOf(node, inlineLang));
      }
    };
    visitInline(children, lang);
  };
  visitBlock(tree.children, options.lang);
  return runs.filter((run) => run.some((piece) => piece !== null));
}

function languageOf(element: Element, inherited: string): string {
  const lang = element.properties['lang'];
  return typeof lang === 'string' && lang.trim() !== '' ? lang.trim() : inherited;
}
