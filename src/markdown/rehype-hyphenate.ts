import type { Element, Root } from 'hast';
import type { VFile } from 'vfile';
import type { Hyphenator } from '../typography/hyphenate.js';
import { fileLanguage, fileWantsHyphenation } from './file-frontmatter.js';
import { textRuns } from './text-runs.js';

export interface HyphenateOptions {
  /** Language of the file's text when its front-matter sets none (the language). */
  lang: string;
  /** The build's hyphenator (it keeps the patterns it has loaded); none: nothing is hyphenated. */
  hyphenator: Hyphenator | undefined;
}

/** Never broken: code, headings, and names marked `translate="no"`. */
const wholeTags = new Set(['code', 'kbd', 'samp', 'pre', 'var', 'script', 'style', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6']);

function isWhole(element: Element): boolean {
  const translate = element.properties['translate'];
  return wholeTags.has(element.tagName) || translate === 'no';
}

/**
 * Soft hyphens in the words of every element, by the patterns of its language.
 * URLs, numbers, code, headings and marked names stay whole (see `Hyphenator`).
 */
export function rehypeHyphenate(options: HyphenateOptions) {
  return (tree: Root, file: VFile): void => {
    const { hyphenator } = options;
    if (hyphenator === undefined || !fileWantsHyphenation(file)) return;
    const lang = fileLanguage(file) ?? options.lang;
    for (const run of textRuns(tree, { lang, isOpaque: isWhole })) {
      for (const piece of run) {
        if (piece !== null) piece.node.value = hyphenator.hyphenate(piece.node.value, piece.lang);
      }
    }
  };
}
