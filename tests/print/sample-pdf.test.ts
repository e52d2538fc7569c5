import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PDFDocument, PDFName } from 'pdf-lib';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildSite } from '../../src/site/build-site.js';
import { createPdfPrinter } from '../../src/print/pdf-printer.js';
import { useBrowser } from '../helpers/browser.js';
import { sourceParagraphs } from '../helpers/markdown.js';
import { fixtureIssue, sampleIssueDir } from '../helpers/paths.js';
import { bodyText, marginText, pageLines, pageMargins, pdfFonts, pdfInfo, pdfText, placedImages, readPdf, withoutSpace, type ReadPdf } from '../helpers/pdf.js';
import { headingPages, printedToc } from '../helpers/print-checks.js';
import { tempDir } from '../helpers/temp.js';
import { readdir } from 'node:fs/promises';
import { printComparable, withoutSoftHyphens } from '../helpers/text.js';

const englishName = 'Center of Analysis of International Relations';
const azerbaijaniName = 'Beynəlxalq Münasibətlərin Təhlili Mərkəzi';
/** Copied text as a reader pastes it: soft hyphens and the hyphens of broken words joined back. */
const fold = (text: string) => withoutSoftHyphens(text).replace(/\s+/g, ' ').trim();

describe('the print edition of the sample issue', () => {
  const browser = useBrowser();
  let pdfPath: string;
  let pdf: ReadPdf;

  beforeAll(async () => {
    const outDir = await tempDir();
    const report = await buildSite({ issueDirs: [sampleIssueDir], outDir, printer: createPdfPrinter({ browser: browser(), env: {} }) });
    expect(report.issues[0]?.failure).toBeUndefined();
    pdfPath = join(outDir, '2021-05', 'bulletin-2021-05.pdf');
    pdf = await readPdf(pdfPath);
  });

  it('is A4 and about 20 pages long', async () => {
    const info = await pdfInfo(pdfPath);
    expect(info['Page size']).toMatch(/^59[45]\.\d+ x 841\.\d+ pts \(A4\)/);
    expect(pdf.pages.length).toBeGreaterThanOrEqual(16);
    expect(pdf.pages.length).toBeLessThanOrEqual(26);
  });

  it('has a cover with both organization names, title, month and subtitle, and no header or page number', () => {
    const cover = pdf.pages[0]!;
    const text = cover.runs.map((run) => run.text).join('');
    expect(text.replace(/\s/g, '')).toContain(englishName.replace(/\s/g, ''));
    expect(text.replace(/\s/g, '')).toContain(azerbaijaniName.replace(/\s/g, ''));
    expect(text.replace(/\s/g, '')).toContain('BULLETIN');
    expect(text.replace(/\s/g, '')).toContain('MAY2021');
    expect(fold(cover.runs.map((run) => run.text).join(' '))).toContain('Highlight of the foreign policy of Azerbaijan in May 2021');
    expect(marginText(cover)).toEqual({ header: '', footer: '' });
  });

  it('prints both names in the header and the page number in the footer of every later page', () => {
    for (const page of pdf.pages.slice(1)) {
      const { header, footer } = marginText(page);
      expect(header, `page ${page.number}`).toContain(englishName);
      expect(header, `page ${page.number}`).toContain(azerbaijaniName);
      expect(footer, `page ${page.number}`).toBe(String(page.number));
    }
  });

  it('has a contents entry per section, numbered I to VII, each with the page its heading is printed on', () => {
    const toc = printedToc(pdf, 7);
    expect(toc.map((entry) => entry.numeral)).toEqual(['I', 'II', 'III', 'IV', 'V', 'VI', 'VII']);
    expect(toc[1]?.title).toBe('Energy cooperation and the southern gas route');
    const actual = headingPages(pdf, toc);
    expect(actual.every((page) => page !== undefined && page > 1)).toBe(true);
    expect(toc.map((entry) => entry.page)).toEqual(actual);
  });

  it('links each contents entry to its section’s page', () => {
    const toc = printedToc(pdf, 7);
    expect(pdf.pages[0]!.links.map((link) => link.targetPage)).toEqual(toc.map((entry) => entry.page));
  });

  it('has an outline with the cover, the contents and one entry per section, leading to its page', () => {
    const toc = printedToc(pdf, 7);
    expect(pdf.outline.map((item) => item.title)).toEqual(['Bulletin', 'Contents', ...toc.map((entry) => `${entry.numeral}. ${entry.title}`)]);
    expect(pdf.outline.map((item) => item.page)).toEqual([1, 1, ...toc.map((entry) => entry.page)]);
  });

  it('never leaves a heading as the last line of a page', () => {
    for (const page of pdf.pages.slice(1)) {
      const lines = pageLines(page).filter((line) => line.y >= pageMargins.bottom * (72 / 25.4) && line.y <= page.height - pageMargins.top * (72 / 25.4));
      const last = lines.at(-1);
      // Body text is 11 pt; headings are set at 12.5 pt and more.
      expect(last && last.size >= 12, `page ${page.number} ends with "${last?.text}"`).toBe(false);
    }
  });

  it('draws the figure whole, in its aspect ratio, inside the text column', async () => {
    const images = await placedImages(pdf);
    expect(images).toHaveLength(1);
    const image = images[0]!;
    expect(image.width / image.height).toBeCloseTo(image.pixelWidth / image.pixelHeight, 2);
    // Chromium's A4 is 594.96 × 841.92 pt, a hair off 595.28: allow 1.5 pt.
    const points = 72 / 25.4;
    const slack = 1.5;
    expect(image.x).toBeGreaterThanOrEqual(20 * points - slack);
    expect(image.x + image.width).toBeLessThanOrEqual(595.28 - 20 * points + slack);
    expect(image.y).toBeGreaterThanOrEqual(pageMargins.bottom * points - slack);
    expect(image.y + image.height).toBeLessThanOrEqual(841.92 - pageMargins.top * points + slack);
  });

  it('embeds every font, none of them Type 3', async () => {
    const fonts = await pdfFonts(pdfPath);
    expect(fonts.length).toBeGreaterThan(0);
    for (const font of fonts) {
      expect(font.embedded, font.name).toBe(true);
      expect(font.type, font.name).not.toMatch(/Type 3/);
      expect(font.name, 'only the shipped fonts').toMatch(/Noto/);
    }
  });

  it('gives back Azerbaijani, Armenian and Cyrillic text when copied out', async () => {
    const text = fold(await pdfText(pdfPath));
    expect(text).toContain(azerbaijaniName);
    expect(text).toContain('ÜMİD, ÇƏTİNLİK VƏ DAĞLARIN ARXASINDAKI YOL');
    expect(text).toContain('Հայաստանի Հանրապետության ինքնիշխանություն');
    expect(text).toContain('խաղաղության պայմանագիր');
    expect(text).toContain('добрососедство и взаимное уважение');
    expect(text).toContain('$53.5 billion');
  });

  it('keeps every paragraph of every section, in order', async () => {
    const body = printComparable(bodyText(pdf.pages));
    let from = 0;
    const files = (await readdir(sampleIssueDir)).filter((file) => /^\d\d-.*\.md$/.test(file)).sort();
    for (const file of files) {
      for (const paragraph of await sourceParagraphs(join(sampleIssueDir, file))) {
        const at = body.indexOf(printComparable(paragraph), from);
        expect(at, `${file}: "${paragraph.slice(0, 50)}…"`).toBeGreaterThanOrEqual(from);
        from = at;
      }
    }
  });

  it('is tagged and carries its metadata and language', async () => {
    const info = await pdfInfo(pdfPath);
    expect(info['Tagged']).toBe('yes');
    expect(info['Title']).toBe('Bulletin — May 2021');
    expect(info['Author']).toContain(englishName);
    expect(info['Subject']).toBe('Highlight of the foreign policy of Azerbaijan in May 2021');
    expect(info['Keywords']).toContain('energy');
    expect(info['CreationDate']).toBe('2021-05-01T00:00:00Z');
    const document = await PDFDocument.load(await readFile(pdfPath), { updateMetadata: false });
    expect(document.catalog.get(PDFName.of('Lang'))?.toString()).toBe('(en)');
  });

  it('gives the same bytes when built twice from the same input', async () => {
    const again = await tempDir();
    await buildSite({ issueDirs: [sampleIssueDir], outDir: again, printer: createPdfPrinter({ browser: browser(), env: {} }) });
    const first = await readFile(pdfPath);
    const second = await readFile(join(again, '2021-05', 'bulletin-2021-05.pdf'));
    expect(second.equals(first)).toBe(true);
  });
});

describe('the print edition of an issue written by someone else', () => {
  const browser = useBrowser();

  it('prints every section with the right contents numbers, and its own masthead', async () => {
    const outDir = await tempDir();
    await buildSite({ issueDirs: [fixtureIssue('other-author')], outDir, printer: createPdfPrinter({ browser: browser(), env: {} }) });
    const pdf = await readPdf(join(outDir, '2021-05', 'bulletin-2021-05.pdf'));
    const toc = printedToc(pdf, 7);
    expect(toc).toHaveLength(7);
    expect(toc.map((entry) => entry.page)).toEqual(headingPages(pdf, toc));
    expect(marginText(pdf.pages[1]!).header).toContain('Xəzər Tədqiqatları İnstitutu');
  });
});
