import type { Element, Root } from 'hast';
import type { VFile } from 'vfile';
import { smartenRun } from '../typography/smart-punctuation.js';
import { fileLanguage } from './file-frontmatter.js';
import { textRuns } from './text-runs.js';

export interface SmartPunctuationOptions {
  /** Language of the file's text when its front-matter sets none (the language). */
  lang: string;
}

/** Code is quoted exactly as typed. */
const literalTags = new Set(['code', 'kbd', 'samp', 'pre', 'var', 'script', 'style']);

/**
 * Typographic quotes, apostrophes, dashes and ellipses in the author's text, in the
 * marks of each element's language. Code and text that is already typographic are kept.
 */
export function rehypeSmartPunctuation(options: SmartPunctuationOptions) {
  return (tree: Root, file: VFile): void => {
    const lang = fileLanguage(file) ?? options.lang;
    for (const run of textRuns(tree, { lang, isOpaque: (element: Element) => literalTags.has(element.tagName) })) {
      const texts = smartenRun(run.map((piece) => (piece === null ? null : { text: piece.node.value, lang: piece.lang })));
      run.forEach((piece, index) => {
        const text = texts[index];
        if (piece !== null && typeof text === 'string') piece.node.value = text;
      });
    }
  };
}
