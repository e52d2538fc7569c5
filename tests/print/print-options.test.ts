import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildSite } from '../../src/site/build-site.js';
import type { BrowserHandle } from '../../src/print/browser.js';
import { createPdfPrinter } from '../../src/print/pdf-printer.js';
import { useBrowser } from '../helpers/browser.js';
import { bodyText, marginText, pageLines, readPdf, withoutSpace, type ReadPdf } from '../helpers/pdf.js';
import { headingPages, printedToc } from '../helpers/print-checks.js';
import { tempDir } from '../helpers/temp.js';
import { paragraph, writeIssue, type IssueInput } from '../helpers/write-issue.js';
import { printComparable } from '../helpers/text.js';

async function printAndRead(browser: BrowserHandle, input: IssueInput): Promise<ReadPdf> {
  const root = await tempDir();
  const issueDir = await writeIssue(join(root, 'content'), input);
  const outDir = join(root, 'out');
  const report = await buildSite({ issueDirs: [issueDir], outDir, printer: createPdfPrinter({ browser, env: {} }) });
  expect(report.ok).toBe(true);
  return readPdf(join(outDir, '2021-05', 'bulletin-2021-05.pdf'));
}

const sections = (count: number, paragraphs: number) =>
  Array.from({ length: count }, (_, index) => ({
    title: `Section ${index + 1}`,
    body: Array.from({ length: paragraphs }, (_, number) => paragraph(index * 100 + number, 90)).join('\n\n'),
  }));

describe('print options', () => {
  const browser = useBrowser();

  it('layout.columns: 2 sets the body in two columns with section headings spanning both', async () => {
    const pdf = await printAndRead(browser(), { meta: { layout: { columns: 2 } }, sections: sections(4, 8) });
    const toc = printedToc(pdf, 4);
    expect(toc.map((entry) => entry.page)).toEqual(headingPages(pdf, toc));
    const middle = pdf.pages[0]!.runs.reduce((width, run) => Math.max(width, run.x + run.width), 0) / 2 + 20;
    const bodyPages = pdf.pages.slice(1);
    expect(bodyPages.some((page) => page.runs.some((run) => run.x > middle && run.size < 13)), 'text in a right-hand column').toBe(true);
    let checked = 0;
    for (const page of bodyPages) {
      for (const heading of pageLines(page).filter((line) => line.size >= 14)) {
        const run = page.runs.find((candidate) => Math.abs(candidate.y - heading.y) < 1)!;
        expect(run.x, 'a heading starts at the left margin').toBeLessThan(middle / 2);
        const beside = page.runs.filter((candidate) => candidate.x > middle && Math.abs(candidate.y - heading.y) < heading.size);
        expect(beside, 'no column text beside a spanning heading').toEqual([]);
        checked++;
      }
    }
    expect(checked).toBe(4);
  });

  it('layout.pageNumbers: page-of-total prints "N / total"', async () => {
    const pdf = await printAndRead(browser(), { meta: { layout: { pageNumbers: 'page-of-total' } }, sections: sections(3, 6) });
    const total = pdf.pages.length;
    expect(total).toBeGreaterThan(2);
    for (const page of pdf.pages.slice(1)) expect(marginText(page).footer).toBe(`${page.number} / ${total}`);
    expect(marginText(pdf.pages[0]!).footer).toBe('');
  });

  it('layout.header chooses the names in the running header', async () => {
    const pdf = await printAndRead(browser(), { meta: { layout: { header: ['az'] } }, sections: sections(2, 6) });
    const { header } = marginText(pdf.pages[1]!);
    expect(header).toBe('Sınaq Təşkilatı');
  });
});

describe('an unseen issue of 7 sections and about 9,500 words', () => {
  const browser = useBrowser();

  it('comes out near 20 pages with every paragraph and the right contents numbers', async () => {
    // Paragraphs of varied length, as editors write them: 40 to 190 words.
    const input: IssueInput = {
      sections: Array.from({ length: 7 }, (_, index) => ({
        title: `Chapter about subject number ${index + 1}`,
        body: Array.from({ length: 12 }, (_, number) => {
          const words = 40 + ((index * 12 + number) * 37) % 150;
          return `${number % 4 === 3 ? '### A sub-heading\n\n' : ''}${paragraph(index * 1000 + number, words)}`;
        }).join('\n\n'),
      })),
    };
    const words = input.sections.reduce((sum, section) => sum + section.body.split(/\s+/).length, 0);
    expect(words).toBeGreaterThan(8500);
    expect(words).toBeLessThan(10500);

    const pdf = await printAndRead(browser(), input);
    expect(pdf.pages.length).toBeGreaterThanOrEqual(16);
    expect(pdf.pages.length).toBeLessThanOrEqual(24);
    const toc = printedToc(pdf, 7);
    expect(toc.map((entry) => entry.page)).toEqual(headingPages(pdf, toc));

    const body = printComparable(bodyText(pdf.pages));
    let from = 0;
    for (const section of input.sections) {
      for (const block of section.body.split('\n\n').filter((text) => !text.startsWith('###'))) {
        const at = body.indexOf(printComparable(block), from);
        expect(at, block.slice(0, 40)).toBeGreaterThanOrEqual(from);
        from = at;
      }
    }
  });
});
