import GithubSlugger from 'github-slugger';
import rehypeParse from 'rehype-parse';
import rehypeStringify from 'rehype-stringify';
import { unified } from 'unified';
import { VFile } from 'vfile';
import { describe, expect, it } from 'vitest';
import '../../src/markdown/data.js';
import { rehypeCollectHeadings } from '../../src/markdown/rehype-collect-headings.js';
import { rehypeCollectImages } from '../../src/markdown/rehype-collect-images.js';
import { rehypeFigure } from '../../src/markdown/rehype-figure.js';
import { rehypeFootnotes } from '../../src/markdown/rehype-footnotes.js';
import { rehypeHeadingIds } from '../../src/markdown/rehype-heading-ids.js';
import { rehypeTableAlignment } from '../../src/markdown/rehype-table-alignment.js';

const parse = unified().use(rehypeParse, { fragment: true });

describe('rehypeHeadingIds', () => {
  it('slugs headings without an id and keeps ids unique across files through the shared slugger', () => {
    const slugger = new GithubSlugger();
    const processor = unified().use(rehypeParse, { fragment: true }).use(rehypeHeadingIds, { slugger }).use(rehypeStringify);
    expect(String(processor.processSync('<h3>Energy policy</h3><h4 id="kept">X</h4>'))).toBe('<h3 id="energy-policy">Energy policy</h3><h4 id="kept">X</h4>');
    expect(String(processor.processSync('<h3>Energy policy</h3>'))).toBe('<h3 id="energy-policy-1">Energy policy</h3>');
  });
});

describe('rehypeFigure', () => {
  const processor = unified().use(rehypeParse, { fragment: true }).use(rehypeFigure).use(rehypeStringify);
  it('turns an image alone in its paragraph into a figure captioned by its title', () => {
    expect(String(processor.processSync('<p><img src="a.png" alt="A chart" title="Figure 1. Trade"></p>'))).toBe(
      '<figure><img src="a.png" alt="A chart"><figcaption>Figure 1. Trade</figcaption></figure>',
    );
  });
  it('makes a figure without caption when there is no title', () => {
    expect(String(processor.processSync('<p><img src="a.png" alt="A"></p>'))).toBe('<figure><img src="a.png" alt="A"></figure>');
  });
  it('takes the caption from the line after the image, with its markup, before the title', () => {
    expect(String(processor.processSync('<p><img src="a.png" alt="A chart" title="Title">\nFigure 1. <em>Trade</em> in 2021</p>'))).toBe(
      '<figure><img src="a.png" alt="A chart" title="Title"><figcaption>Figure 1. <em>Trade</em> in 2021</figcaption></figure>',
    );
    expect(String(processor.processSync('<p><img src="a.png" alt="A"><br>\nSource: ministry</p>'))).toBe(
      '<figure><img src="a.png" alt="A"><figcaption>Source: ministry</figcaption></figure>',
    );
  });
  it('leaves an image inside running text alone', () => {
    const html = '<p>See <img src="a.png" alt="A"> here</p>';
    expect(String(processor.processSync(html))).toBe(html);
  });
});

describe('rehypeCollectHeadings', () => {
  it('records level, id and text of every heading with an id', () => {
    const file = new VFile('<h3 id="a">Alpha <em>one</em></h3><p>x</p><h4 id="b">Beta</h4><h5>no id</h5>');
    const processor = unified().use(rehypeCollectHeadings);
    processor.runSync(parse.parse(file), file);
    expect(file.data.headings).toEqual([
      { depth: 3, id: 'a', text: 'Alpha one' },
      { depth: 4, id: 'b', text: 'Beta' },
    ]);
  });
});

describe('rehypeCollectImages', () => {
  it('records relative image sources and skips remote and data URLs', () => {
    const file = new VFile('<img src="images/a.png"><img src="https://x.test/b.png"><img src="data:image/png;base64,AA"><img src="../c.png">');
    const processor = unified().use(rehypeCollectImages);
    processor.runSync(parse.parse(file), file);
    expect(file.data.images?.map((image) => image.url)).toEqual(['images/a.png', '../c.png']);
  });
});

describe('rehypeTableAlignment', () => {
  it('turns the align attribute of cells into a class', () => {
    const processor = unified().use(rehypeParse, { fragment: true }).use(rehypeTableAlignment).use(rehypeStringify);
    expect(String(processor.processSync('<table><tr><th align="right" class="x">A</th><td>B</td><td align="center">C</td></tr></table>'))).toBe(
      '<table><tbody><tr><th class="x align-right">A</th><td>B</td><td class="align-center">C</td></tr></tbody></table>',
    );
  });
});

describe('rehypeFootnotes', () => {
  it('prefixes the footnote label’s id, updates the references to it, and draws the back arrows', () => {
    const processor = unified().use(rehypeParse, { fragment: true }).use(rehypeFootnotes, { idPrefix: 'energy-' }).use(rehypeStringify);
    const html = '<p>A<sup><a href="#energy-fn-1" aria-describedby="footnote-label" data-footnote-ref>1</a></sup></p><section data-footnotes><p id="footnote-label">Notes</p><ol><li id="energy-fn-1"><p>N <a href="#energy-fnref-1" data-footnote-backref>↩</a></p></li></ol></section>';
    const out = String(processor.processSync(html));
    expect(out).toContain('aria-describedby="energy-footnote-label"');
    expect(out).toContain('<p id="energy-footnote-label">Notes</p>');
    expect(out).not.toContain('↩');
    expect(out).toMatch(/data-footnote-backref=""><svg class="footnote-back-arrow"/);
  });
});

describe('the processor on a fenced code block', () => {
  it('keeps its language class and reports nothing', async () => {
    const { createMarkdownProcessor } = await import('../../src/markdown/processor.js');
    const { sectionFrontmatterSchema } = await import('../../src/content/schema.js');
    const processor = createMarkdownProcessor({ frontmatterSchema: sectionFrontmatterSchema, slugger: new GithubSlugger(), idPrefix: 'code-', lang: 'en' });
    const file = new VFile({ path: '01-code.md', value: '---\ntitle: Code\n---\n\n```js\nconst answer = 42;\n```\n' });
    const html = String(await processor.process(file));
    expect(html).toContain('<code class="language-js">');
    expect(file.messages.map((message) => message.reason)).toEqual([]);
  });
});
