import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildSite } from '../../src/site/build-site.js';
import { createPdfPrinter } from '../../src/print/pdf-printer.js';
import { useBrowser } from '../helpers/browser.js';
import { sampleIssueDir } from '../helpers/paths.js';
import { pdfText } from '../helpers/pdf.js';
import { tempDir } from '../helpers/temp.js';
import { blessing, compareWithReference, renderPage, tolerance } from '../helpers/visual.js';

/**
 * Pages of the sample issue's PDF compared with reference images in
 * tests/visual/references/. After an intended change of the print edition, look at
 * the diff images in tests/artifacts/visual/, then run `npm run bless`.
 */
describe('the sample PDF looks as it did', () => {
  const browser = useBrowser();
  let pdfPath: string;
  let pageTexts: string[];

  beforeAll(async () => {
    const outDir = await tempDir();
    const report = await buildSite({ issueDirs: [sampleIssueDir], outDir, printer: createPdfPrinter({ browser: browser(), env: {} }) });
    expect(report.ok).toBe(true);
    pdfPath = join(outDir, '2021-05', 'bulletin-2021-05.pdf');
    pageTexts = (await pdfText(pdfPath)).split('\f');
  });

  /** The first page whose text contains the marker: pages are chosen by what is on them, not by number. */
  const pageWith = (marker: string): number => {
    const index = pageTexts.findIndex((text) => text.replace(/\u00ad-?\n?/g, '').replace(/\s+/g, ' ').includes(marker));
    expect(index, `a page with "${marker}"`).toBeGreaterThanOrEqual(0);
    return index + 1;
  };

  const pages: Array<{ name: string; page: () => number }> = [
    // The contents fit on the cover, below the masthead.
    { name: 'cover-and-contents', page: () => 1 },
    { name: 'body-with-table', page: () => pageWith('Foreign delegations received') },
    { name: 'body-with-figure', page: () => pageWith('Figure 1. Freight handled') },
    { name: 'last-page-with-notes', page: () => pageWith('The central bank publishes its official exchange rates') },
  ];

  it.each(pages)(`$name matches its reference within ${tolerance.maximumDifferentPixels * 100} % of pixels`, async ({ name, page }) => {
    const comparison = await compareWithReference(name, await renderPage(pdfPath, page()));
    if (blessing()) return;
    expect(comparison.ratio, `${comparison.different} pixels differ; see ${comparison.diffPath}`).toBeLessThanOrEqual(tolerance.maximumDifferentPixels);
  });
});
