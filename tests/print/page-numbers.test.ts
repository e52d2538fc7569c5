import { cp, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildSite } from '../../src/site/build-site.js';
import { createPdfPrinter } from '../../src/print/pdf-printer.js';
import { useBrowser } from '../helpers/browser.js';
import { marginText, readPdf, type ReadPdf } from '../helpers/pdf.js';
import { headingPages, printedToc, type PrintedTocEntry } from '../helpers/print-checks.js';
import { repoRoot } from '../helpers/paths.js';
import { tempDir } from '../helpers/temp.js';
import { paragraph, writeIssue, type IssueInput } from '../helpers/write-issue.js';
import type { BrowserHandle } from '../../src/print/browser.js';

async function printAndRead(browser: BrowserHandle, input: IssueInput, templatesDir?: string): Promise<ReadPdf> {
  const root = await tempDir();
  const issueDir = await writeIssue(join(root, 'content'), input);
  const outDir = join(root, 'out');
  const report = await buildSite({ issueDirs: [issueDir], outDir, templatesDir, printer: createPdfPrinter({ browser, env: {} }) });
  expect(report.issues[0]?.failure).toBeUndefined();
  expect(report.ok).toBe(true);
  return readPdf(join(outDir, '2021-05', 'bulletin-2021-05.pdf'));
}

function expectTocMatchesHeadings(pdf: ReadPdf, sections: number): PrintedTocEntry[] {
  const toc = printedToc(pdf, sections);
  expect(toc).toHaveLength(sections);
  expect(toc.map((entry) => entry.page)).toEqual(headingPages(pdf, toc));
  return toc;
}

describe('contents page numbers', () => {
  const browser = useBrowser();

  it('move by one when the section before grows by a paragraph across a page boundary', async () => {
    const issue = (paragraphs: number): IssueInput => ({
      sections: [
        { title: 'Growing section', body: Array.from({ length: paragraphs }, (_, index) => paragraph(index)).join('\n\n') },
        { title: 'Second section', body: paragraph(100, 30) },
        { title: 'Third section', body: paragraph(101, 30) },
      ],
    });
    let previous: PrintedTocEntry[] | undefined;
    let moved = false;
    for (let paragraphs = 8; paragraphs <= 30 && !moved; paragraphs++) {
      const toc = expectTocMatchesHeadings(await printAndRead(browser(), issue(paragraphs)), 3);
      if (previous !== undefined && toc[1]!.page !== previous[1]!.page) {
        expect(toc[0]!.page).toBe(previous[0]!.page);
        expect(toc[1]!.page).toBe(previous[1]!.page + 1);
        // The third section may move too, or already share the page the second moves onto.
        expect([previous[2]!.page, previous[2]!.page + 1]).toContain(toc[2]!.page);
        moved = true;
      }
      previous = toc;
    }
    expect(moved, 'the second section never moved to the next page').toBe(true);
  });

  it('stay right when the contents are too long for the cover and continue on page 2', async () => {
    const sections = Array.from({ length: 40 }, (_, index) => ({ title: `Section on subject ${index + 1}`, body: paragraph(index, 120) }));
    const pdf = await printAndRead(browser(), { sections });
    const toc = expectTocMatchesHeadings(pdf, 40);
    expect(toc[39]?.numeral).toBe('XL');
    // Page 2 holds the rest of the contents, under the running header.
    expect(pdf.pages[1]!.runs.some((run) => run.text.startsWith('Section on subject 40'))).toBe(true);
    expect(marginText(pdf.pages[1]!).header).toContain('Test Organization');
    expect(toc[0]!.page).toBeGreaterThanOrEqual(3);
  });

  it('stay right when the pages are not the ones the printer predicts with (a custom page template)', async () => {
    // The printer predicts pages for the shipped page size; a template with deeper
    // margins prints fewer lines per page, so the numbers come from the printed PDF.
    const templatesDir = join(await tempDir(), 'templates');
    await cp(join(repoRoot, 'templates'), templatesDir, { recursive: true });
    const pageCss = join(templatesDir, 'print', 'page.css.hbs');
    await writeFile(pageCss, (await readFile(pageCss, 'utf8')).replace('margin: {{page.margin.top}}mm', 'margin: 90mm'));
    const sections = Array.from({ length: 6 }, (_, index) => ({ title: `Section ${index + 1}`, body: paragraph(index, 500) }));
    expectTocMatchesHeadings(await printAndRead(browser(), { sections }, templatesDir), 6);
  });
});
