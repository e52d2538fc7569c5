import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Element } from 'hast';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildSite, type BuildReport } from '../../src/site/build-site.js';
import { attribute, foldSpace, readHtml, select, selectAll, toString } from '../helpers/html.js';
import { sourceParagraphs } from '../helpers/markdown.js';
import { fixtureIssue, sampleIssueDir } from '../helpers/paths.js';
import { tempDir } from '../helpers/temp.js';
import { foldTypography, withoutSoftHyphens } from '../helpers/text.js';

const numerals = ['I', 'II', 'III', 'IV', 'V', 'VI', 'VII'];

/** Checks one issue's single-page HTML against its source folder. */
function describeIssuePage(name: string, issueDir: string) {
  describe(name, () => {
    let outDir: string;
    let report: BuildReport;
    beforeAll(async () => {
      outDir = await tempDir();
      report = await buildSite({ issueDirs: [issueDir], outDir });
    });

    it('builds without errors', () => {
      expect(report.issues[0]?.failure).toBeUndefined();
      expect(report.issues[0]?.files.flatMap((file) => file.messages.filter((message) => message.fatal))).toEqual([]);
      expect(report.ok).toBe(true);
    });

    it('has every section in order, numbered I to VII, with the text of every paragraph', async () => {
      const tree = await readHtml(join(outDir, '2021-05', 'all.html'));
      const sections = selectAll('main section.section', tree);
      const sourceFiles = (await readdir(issueDir)).filter((file) => /^\d\d-.*\.md$/.test(file)).sort();
      expect(sections).toHaveLength(sourceFiles.length);
      expect(sections.map((section) => toString(select('.section-numeral', section)!))).toEqual(numerals.map((numeral) => `${numeral}.`));

      for (const [index, section] of sections.entries()) {
        // Footnote reference marks are generated; the source has none in its text.
        for (const mark of selectAll('sup', section)) mark.children = [];
        const text = foldTypography(foldSpace(toString(section)));
        let from = 0;
        const paragraphs = await sourceParagraphs(join(issueDir, sourceFiles[index]!));
        expect(paragraphs.length).toBeGreaterThan(2);
        for (const typed of paragraphs) {
          const paragraph = foldTypography(typed);
          const at = text.indexOf(paragraph, from);
          expect(at, `${sourceFiles[index]}: "${paragraph.slice(0, 60)}…"`).toBeGreaterThanOrEqual(from);
          from = at + paragraph.length;
        }
      }
    });

    it('has a numbered TOC whose every link resolves to a section heading', async () => {
      const tree = await readHtml(join(outDir, '2021-05', 'all.html'));
      const links = selectAll('nav.toc a', tree);
      expect(links.map((link) => toString(select('.toc-numeral', link)!))).toEqual(numerals.map((numeral) => `${numeral}.`));
      const headingIds = selectAll('main section.section > h2', tree).map((heading) => attribute(heading, 'id'));
      expect(links.map((link) => attribute(link, 'href'))).toEqual(headingIds.map((id) => `#${id}`));
      for (const link of links) {
        const id = attribute(link, 'href')!.slice(1);
        const target = select(`#${CSS.escape(id)}`, tree);
        expect(target?.tagName, id).toBe('h2');
      }
    });

    it('has unique ids, and every in-page link resolves', async () => {
      const tree = await readHtml(join(outDir, '2021-05', 'all.html'));
      const ids = selectAll('[id]', tree).map((element) => attribute(element, 'id'));
      expect(new Set(ids).size).toBe(ids.length);
      for (const link of selectAll('a[href^="#"]', tree)) {
        expect(ids, attribute(link, 'href')).toContain(attribute(link, 'href')!.slice(1));
      }
    });

    it('marks the languages: the page, and each organization name', async () => {
      const tree = await readHtml(join(outDir, '2021-05', 'all.html'));
      expect(attribute(select('html', tree), 'lang')).toBe('en');
      const names = selectAll('.masthead .organization-name', tree) as Element[];
      expect(names.map((name) => attribute(name, 'lang'))).toEqual(['en', 'az']);
    });

    it('loads nothing from the network: stylesheet, fonts and images are local files', async () => {
      const tree = await readHtml(join(outDir, '2021-05', 'all.html'));
      const references = [
        ...selectAll('link[rel="stylesheet"], link[rel="icon"]', tree).map((element) => attribute(element, 'href')!),
        ...selectAll('script[src], img[src]', tree).map((element) => attribute(element, 'src')!),
      ];
      expect(references.length).toBeGreaterThan(0);
      for (const reference of references) {
        expect(reference).not.toMatch(/^(?:[a-z]+:)?\/\//i);
        expect((await stat(join(outDir, '2021-05', reference))).isFile(), reference).toBe(true);
      }
    });
  });
}

// `CSS.escape` is a browser global; ids here are slugs, so a plain fallback is enough.
const CSS = { escape: (text: string) => text.replace(/[^\w-]/g, (char) => `\\${char}`) };

describeIssuePage('the sample issue', sampleIssueDir);
describeIssuePage('an issue written by someone else, with its own masthead', fixtureIssue('other-author'));

describe('the sample issue’s masthead and figure', () => {
  it('shows both organization names, the title, the month and the subtitle, and copies the image', async () => {
    const outDir = await tempDir();
    await buildSite({ issueDirs: [sampleIssueDir], outDir });
    const tree = await readHtml(join(outDir, '2021-05', 'all.html'));
    const masthead = foldSpace(toString(select('header.masthead', tree)!));
    expect(masthead).toContain('Center of Analysis of International Relations');
    expect(masthead).toContain('Beynəlxalq Münasibətlərin Təhlili Mərkəzi');
    expect(masthead).toContain('Bulletin');
    expect(masthead).toContain('May 2021');
    expect(masthead).toContain('Highlight of the foreign policy of Azerbaijan in May 2021');
    const figure = select('figure', tree)!;
    expect(withoutSoftHyphens(toString(select('figcaption', figure)!))).toMatch(/^Figure 1\./);
    expect((await readdir(join(outDir, 'assets', 'images'))).some((name) => /^freight-volumes\.[0-9a-f]{10}\.png$/.test(name))).toBe(true);
  });
});
