import rehypeParse from 'rehype-parse';
import rehypeStringify from 'rehype-stringify';
import { unified } from 'unified';
import { VFile } from 'vfile';
import { describe, expect, it } from 'vitest';
import '../../src/markdown/data.js';
import { rehypeHyphenate } from '../../src/markdown/rehype-hyphenate.js';
import { rehypeSmartPunctuation } from '../../src/markdown/rehype-smart-punctuation.js';
import { createHyphenator } from '../../src/typography/hyphenate.js';

const shown = (html: string) => html.replaceAll('\u00ad', '·');

describe('rehypeSmartPunctuation', () => {
  const smarten = (html: string, lang = 'en', frontmatter?: object) => {
    const file = new VFile(html);
    if (frontmatter) file.data.frontmatter = frontmatter;
    return String(unified().use(rehypeParse, { fragment: true }).use(rehypeSmartPunctuation, { lang }).use(rehypeStringify).processSync(file));
  };

  it('pairs quotes across inline elements and leaves code as typed', () => {
    expect(smarten('<p>"<em>Smart</em>" but <code>"raw" -- ...</code> isn\'t</p>')).toBe('<p>“<em>Smart</em>” but <code>"raw" -- ...</code> isn’t</p>');
  });

  it('follows the language of the issue, the file, and an inline span', () => {
    expect(smarten('<p>"da"</p>', 'az')).toBe('<p>«da»</p>');
    expect(smarten('<p>"да"</p>', 'en', { lang: 'ru' })).toBe('<p>«да»</p>');
    expect(smarten('<p>"yes" and <span lang="ru">"да"</span></p>')).toBe('<p>“yes” and <span lang="ru">«да»</span></p>');
  });

  it('never pairs a quote in one paragraph with a quote in the next', () => {
    expect(smarten('<p>He said "yes</p><p>" was wrong</p>')).toBe('<p>He said “yes</p><p>” was wrong</p>');
  });
});

describe('rehypeHyphenate', () => {
  const hyphenate = (html: string, lang = 'en', frontmatter?: object) => {
    const file = new VFile(html);
    if (frontmatter) file.data.frontmatter = frontmatter;
    const hyphenator = createHyphenator();
    return shown(String(unified().use(rehypeParse, { fragment: true }).use(rehypeHyphenate, { lang, hyphenator }).use(rehypeStringify).processSync(file)));
  };

  it('hyphenates running text by the language of each element', () => {
    expect(hyphenate('<p>international <span lang="ru">международный</span></p>')).toBe('<p>in·ter·na·tional <span lang="ru">меж·ду·на·род·ный</span></p>');
  });

  it('leaves code, headings, names marked translate="no" and link URLs whole', () => {
    const html =
      '<h3>International</h3><p><code>international</code> <span translate="no">Tahmasib</span> <a href="https://example.org/international">https://example.org/international</a></p>';
    expect(hyphenate(html)).toBe(html);
  });

  it('does nothing when the file turns hyphenation off, or the language has no patterns', () => {
    expect(hyphenate('<p>international</p>', 'en', { layout: { hyphenate: false } })).toBe('<p>international</p>');
    // Uzbek: no TeX patterns, and no syllable rules in bulletin.
    expect(hyphenate('<p>Munosabatlarining</p>', 'uz')).toBe('<p>Munosabatlarining</p>');
  });
});
