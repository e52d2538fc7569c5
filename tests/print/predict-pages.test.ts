import { PDFDocument } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { destinationPages } from '../../src/print/pdf-destinations.js';
import { predictPages } from '../../src/print/predict-pages.js';
import { printPage, textBlockHeight, textBlockWidth } from '../../src/print/print-document.js';
import { useBrowser } from '../helpers/browser.js';
import { tempDir } from '../helpers/temp.js';

const textBlock = { width: textBlockWidth, height: textBlockHeight };
const { margin } = printPage;

/**
 * A document whose pages are known: a cover that ends its page, then blocks of fixed
 * heights, a heading that starts a page of its own, and a paragraph long enough to
 * break across pages. Links make Chromium write a destination for every id.
 */
function documentWithKnownPages(): string {
  const block = (id: string, height: number) => `<div id="${id}" style="height: ${height}mm; margin: 0; break-inside: avoid">${id}</div>`;
  const long = `<p id="long">${'Words of a long paragraph that runs over several pages. '.repeat(400)}</p>`;
  const ids = ['cover-end', 'a', 'b', 'c', 'forced', 'long', 'after-long'];
  return `<!DOCTYPE html><html><head><style>
    @page { size: ${printPage.width}mm ${printPage.height}mm; margin: ${margin.top}mm ${margin.right}mm ${margin.bottom}mm ${margin.left}mm; }
    body { margin: 0; font: 11pt/1.4 serif; }
    .cover { break-after: page; }
    h2 { break-before: page; margin: 0; }
  </style></head><body>
    <div class="cover">${ids.map((id) => `<a href="#${id}">${id}</a>`).join(' ')}<div id="cover-end">end of cover</div></div>
    ${block('a', 100)}${block('b', 100)}${block('c', 100)}
    <h2 id="forced">A heading on a page of its own</h2>
    ${long}
    <p id="after-long">After.</p>
  </body></html>`;
}

describe('predicting printed pages from a column layout', () => {
  const browser = useBrowser();

  it('gives the pages Chromium prints on, and leaves the document as it was', async () => {
    const page = await browser().browser.newPage();
    try {
      await page.emulateMediaType('print');
      await page.setContent(documentWithKnownPages());
      const ids = ['cover-end', 'a', 'b', 'c', 'forced', 'long', 'after-long'];
      const before = await page.evaluate(() => document.documentElement.outerHTML);

      const { pages: predicted, wordsKeptWhole } = await predictPages(page, ids, textBlock);
      expect(wordsKeptWhole).toBe(0);

      expect(await page.evaluate(() => document.documentElement.outerHTML)).toBe(before);
      // Worked out by hand: two unbreakable 100 mm blocks fill a 255 mm page; the heading forces page 4.
      expect(predicted.slice(0, 5)).toEqual([1, 2, 2, 3, 4]);
      const pdf = await PDFDocument.load(await page.pdf({ preferCSSPageSize: true, printBackground: true }));
      const printed = destinationPages(pdf, ids);
      expect(predicted).toEqual(ids.map((id) => printed.get(id)));
      expect(predicted.at(-1)).toBeGreaterThan(5);
    } finally {
      await page.close();
    }
  });

  // The print lays its page area out on whole pixels (643 × 964 px for 170 × 255 mm):
  // a line a hair wider than 170 mm, or a page a hair taller than 255 mm, still fits.
  it.each([
    { case: 'a line as wide as the printed text block', filler: 'calc(255mm - 10px)', widths: [300, 342.9] },
    { case: 'a page as tall as the printed text block', filler: '954px', widths: [300, 300] },
  ])('gives the printed page for $case, not for its exact millimetres', async ({ filler, widths }) => {
    const page = await browser().browser.newPage();
    try {
      await page.emulateMediaType('print');
      const spans = widths.map((width, index) => `<span id="span-${index}" style="display: inline-block; vertical-align: top; height: 10px; width: ${width}px"></span>`);
      await page.setContent(`<!DOCTYPE html><html><head><style>
        @page { size: ${printPage.width}mm ${printPage.height}mm; margin: ${margin.top}mm ${margin.right}mm ${margin.bottom}mm ${margin.left}mm; }
        body { margin: 0; line-height: 0; } a { display: none; }
      </style></head><body><a href="#span-1">span</a>
        <div style="height: ${filler}"></div><div>${spans.join('')}</div>
      </body></html>`);
      const { pages: predicted } = await predictPages(page, ['span-1'], textBlock);
      const printed = destinationPages(await PDFDocument.load(await page.pdf({ preferCSSPageSize: true })), ['span-1']);
      expect(printed.get('span-1'), 'the print fits the second box on the first page').toBe(1);
      expect(predicted).toEqual([1]);
    } finally {
      await page.close();
    }
  });

  it('gives 0 for an id that is not in the document', async () => {
    const page = await browser().browser.newPage();
    try {
      await page.setContent('<p id="here">Here.</p>');
      expect((await predictPages(page, ['here', 'missing'], textBlock)).pages).toEqual([1, 0]);
    } finally {
      await page.close();
    }
  });

  it('keeps whole a word that a page or a column would break: the rest of it moves with it', async () => {
    const page = await browser().browser.newPage();
    try {
      await page.emulateMediaType('print');
      // Long words with soft hyphens in every paragraph, in two columns: most lines end in a break.
      const word = 'in\u00adter\u00adna\u00adtion\u00adal\u00adi\u00adza\u00adtion';
      const paragraph = `<p>${Array.from({ length: 40 }, (_, index) => `a${'a'.repeat(index % 5)} ${word}`).join(' ')}</p>`;
      await page.setContent(`<!DOCTYPE html><html><head><style>
        @page { size: ${printPage.width}mm ${printPage.height}mm; margin: ${margin.top}mm ${margin.right}mm ${margin.bottom}mm ${margin.left}mm; }
        body { margin: 0; font: 11pt/1.4 serif; } main { column-count: 2; column-gap: 8mm; } p { margin: 0 0 3mm; }
      </style></head><body><main>${paragraph.repeat(30)}</main></body></html>`);
      const brokenEnds = async (): Promise<number> => {
        const pdf = await PDFDocument.load(await page.pdf({ preferCSSPageSize: true }));
        return (await columnEnds(pdf)).filter((line) => /[-\u2010]$/.test(line)).length;
      };
      expect(await brokenEnds(), 'the document breaks words at column ends to begin with').toBeGreaterThan(0);
      const { wordsKeptWhole } = await predictPages(page, [], textBlock);
      expect(wordsKeptWhole).toBeGreaterThan(0);
      expect(await brokenEnds()).toBe(0);
    } finally {
      await page.close();
    }
  });
});

/** The last line of every column of every page, read by poppler in layout mode. */
async function columnEnds(pdf: PDFDocument): Promise<string[]> {
  const { execFile } = await import('node:child_process');
  const { writeFile } = await import('node:fs/promises');
  const { promisify } = await import('node:util');
  const path = `${await tempDir()}/columns.pdf`;
  await writeFile(path, await pdf.save());
  const { stdout } = await promisify(execFile)('pdftotext', ['-layout', path, '-']);
  return stdout.split('\f').flatMap((text) => {
    const lines = text.split('\n').filter((line) => line.trim() !== '');
    const last = lines.at(-1) ?? '';
    // Layout mode sets the two columns side by side: the last line holds both columns' ends.
    const columns = last.trim().split(/\s{3,}/);
    return columns.map((column) => column.trim());
  });
}
