import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { buildSite } from '../../src/site/build-site.js';
import { createPdfPrinter } from '../../src/print/pdf-printer.js';
import { useBrowser } from '../helpers/browser.js';
import { readHtml, select, selectAll, attribute, toString } from '../helpers/html.js';
import { fixtureIssue, repoRoot, sampleIssueDir } from '../helpers/paths.js';
import { bodyText, pdfText, readPdf, type ReadPdf } from '../helpers/pdf.js';
import { allElements, pagesOf, readStructure, textOf, type PrintedElement } from '../helpers/pdf-structure.js';
import { tempDir } from '../helpers/temp.js';
import { printComparable } from '../helpers/text.js';
import { wordLines, type WordBox } from '../helpers/word-boxes.js';

/** An issue made to stress page breaks: a 70-row table, block quotes, figures, lists and notes at uneven intervals. */
const typographyIssue = fixtureIssue('typography');
/** Body text is set in 11 pt (templates/styles/print.css). */
const bodySize = 11;
/**
 * The widest word space allowed in justified text: 0.65 em, two and a half normal
 * spaces of the body font (0.26 em). Wider gaps read as holes and line up into rivers.
 */
const maximumWordSpace = 0.65 * bodySize;

interface Printed {
  pdfPath: string;
  outDir: string;
  structure: PrintedElement;
}

describe('print typography', () => {
  const browser = useBrowser();
  const printed: Record<'sample' | 'justified' | 'unhyphenated' | 'stress', Printed> = {} as never;

  beforeAll(async () => {
    const printer = createPdfPrinter({ browser: browser(), env: {} });
    const projectConfig = parse(await readFile(join(repoRoot, 'bulletin.config.yaml'), 'utf8')) as { layout?: object };
    const build = async (issueDir: string, layout: object = {}): Promise<Printed> => {
      const outDir = await tempDir();
      const configPath = join(outDir, 'bulletin.config.yaml');
      await writeFile(configPath, stringify({ ...projectConfig, layout: { ...projectConfig.layout, ...layout } }));
      const report = await buildSite({ issueDirs: [issueDir], outDir: join(outDir, 'dist'), printer, configPath });
      expect(report.ok, JSON.stringify(report.issues.map((issue) => issue.failure))).toBe(true);
      const pdfPath = join(outDir, 'dist', '2021-05', 'bulletin-2021-05.pdf');
      return { pdfPath, outDir: join(outDir, 'dist'), structure: await readStructure(pdfPath) };
    };
    printed.sample = await build(sampleIssueDir);
    printed.justified = await build(sampleIssueDir, { justify: true });
    printed.unhyphenated = await build(sampleIssueDir, { hyphenate: false });
    printed.stress = await build(typographyIssue);
  }, 180_000);

  const documents = () => [printed.sample, printed.stress].map((entry) => allElements(entry.structure));

  describe('hyphenation', () => {
    it('breaks English words at line ends with a hyphen, and leaves no trace of a soft hyphen where a line does not break', async () => {
      const text = await pdfText(printed.sample.pdfPath, { layout: true });
      // The hyphen drawn at a break reads as U+2010 HYPHEN (see src/render/text-layer.ts).
      const brokenLines = text.split('\n').filter((line) => /\p{L}\u2010$/u.test(line.trimEnd()));
      expect(brokenLines.length).toBeGreaterThanOrEqual(10);
      expect(text).not.toContain('\u00ad');
      expect(text.match(/\u2010(?=\S)/g) ?? []).toEqual([]);
      const plain = await pdfText(printed.unhyphenated.pdfPath);
      expect(plain).not.toContain('\u00ad');
      // Without hyphenation a line ends in a hyphen only after one the author typed.
      const names = (await readdir(sampleIssueDir)).filter((name) => name.endsWith('.md'));
      const source = (await Promise.all(names.map((name) => readFile(join(sampleIssueDir, name), 'utf8')))).join('\n');
      for (const [, before, after] of plain.matchAll(/(\p{L}+)\u2010\n(\p{L}+)/gu)) expect(source).toContain(`${before}-${after}`);
    });

    it('hyphenates quoted Russian and Armenian by their own patterns, and leaves Azerbaijani whole', async () => {
      const tree = await readHtml(join(printed.sample.outDir, '2021-05', 'all.html'));
      const spans = (lang: string) => selectAll(`span[lang="${lang}"]`, tree).map((span) => toString(span));
      expect(spans('hy').join(' ')).toMatch(/ինքնիշ\u00ad?խա|\u00ad/);
      expect(spans('hy').every((text) => text.includes('\u00ad'))).toBe(true);
      expect(spans('ru').every((text) => text.includes('\u00ad'))).toBe(true);
      // The masthead's Azerbaijani name has no patterns to go by.
      expect(toString(select('.organization', tree)!)).not.toContain('\u00ad');
    });
  });

  describe('justified text (layout.justify)', () => {
    const bodyLines = async (pdfPath: string): Promise<WordBox[][]> => {
      const pages = await wordLines(pdfPath);
      // Body lines: set in the body font's size (the most common word height), four words or more.
      const heights = new Map<string, number>();
      for (const word of pages.flatMap((page) => page.lines.flat())) {
        const key = (word.yMax - word.yMin).toFixed(1);
        heights.set(key, (heights.get(key) ?? 0) + 1);
      }
      const bodyHeight = Number([...heights.entries()].sort((a, b) => b[1] - a[1])[0]![0]);
      return pages
        .slice(1)
        .flatMap((page) => page.lines)
        .filter((line) => line.length >= 4 && line.every((word) => Math.abs(word.yMax - word.yMin - bodyHeight) < 0.2));
    };
    const flushRight = (lines: WordBox[][]): number => {
      const edge = Math.max(...lines.map((line) => line.at(-1)!.xMax));
      return lines.filter((line) => edge - line.at(-1)!.xMax < 0.5).length / lines.length;
    };

    it(`sets lines flush on both sides with no word space wider than ${maximumWordSpace / bodySize} em`, async () => {
      const lines = await bodyLines(printed.justified.pdfPath);
      expect(lines.length).toBeGreaterThan(300);
      // Justified: most lines (all but the last of each paragraph) end at the right edge; ragged text does not.
      expect(flushRight(lines)).toBeGreaterThan(0.7);
      expect(flushRight(await bodyLines(printed.sample.pdfPath))).toBeLessThan(0.3);
      const tooWide = lines
        .map((line) => ({ line, gap: Math.max(...line.slice(1).map((word, index) => word.xMin - line[index]!.xMax)) }))
        .filter(({ gap }) => gap > maximumWordSpace)
        .map(({ line, gap }) => `${(gap / bodySize).toFixed(2)} em: ${line.map((word) => word.text).join(' ')}`);
      expect(tooWide).toEqual([]);
    });
  });

  describe('page breaks', () => {
    it('keeps at least two lines of a paragraph, list item or block quote on each page it spans', () => {
      let split = 0;
      for (const elements of documents()) {
        for (const element of elements.filter((candidate) => ['P', 'LI', 'BlockQuote'].includes(candidate.role) && candidate.parts.length > 1)) {
          split++;
          for (const part of element.parts) {
            expect(part.lines.length, `${element.role} "${textOf(element).slice(0, 60)}" on page ${part.page}`).toBeGreaterThanOrEqual(2);
          }
        }
      }
      // Not vacuous: paragraphs do run from one page to the next.
      expect(split).toBeGreaterThanOrEqual(5);
    });

    it('never leaves a heading last on its page: what follows it on the page belongs to its section', () => {
      let headings = 0;
      for (const elements of documents()) {
        elements.forEach((element, index) => {
          if (!/^H[1-6]$/.test(element.role) || element.parts.length === 0) return;
          headings++;
          const inside = new Set(allElements(element));
          const next = elements.slice(index + 1).find((candidate) => !inside.has(candidate) && candidate.parts.length > 0 && candidate.children.length === 0);
          expect(pagesOf(element), textOf(element)).toHaveLength(1);
          expect(next?.parts[0]?.page, `after "${textOf(element)}"`).toBe(element.parts[0]!.page);
        });
      }
      expect(headings).toBeGreaterThanOrEqual(40);
    });

    it('prints each figure with its caption on one page', () => {
      // A figure is a group (Div) of the image (Figure, with its /Alt) and its caption.
      const figures = documents().flatMap((elements) =>
        elements.filter((element) => element.role === 'Div' && element.children.some((child) => child.role === 'Caption') && element.children.some((child) => child.role === 'Figure')),
      );
      expect(figures.length).toBeGreaterThanOrEqual(5);
      for (const figure of figures) expect(pagesOf(figure), textOf(figure)).toHaveLength(1);
    });

    it('prints each block quote on one page', () => {
      const quotes = documents().flatMap((elements) => elements.filter((element) => element.role === 'BlockQuote'));
      expect(quotes.length).toBeGreaterThanOrEqual(4);
      for (const quote of quotes) expect(pagesOf(quote), textOf(quote).slice(0, 60)).toHaveLength(1);
    });
  });

  describe('tables', () => {
    const longTable = () => {
      const table = allElements(printed.stress.structure).find((element) => element.role === 'Table' && element.parts.length > 1);
      expect(table, 'the 70-row table spans pages').toBeDefined();
      return table!;
    };
    const rows = (table: PrintedElement) => allElements(table).filter((element) => element.role === 'TR');

    it('repeats the header row at the top of every page the table spans', () => {
      const table = longTable();
      const [header, ...body] = rows(table);
      expect(header!.children.every((cell) => cell.role === 'TH')).toBe(true);
      expect(pagesOf(header!)).toEqual(pagesOf(table));
      for (const part of header!.parts) {
        const rowsBelow = body.flatMap((row) => row.parts.filter((rowPart) => rowPart.page === part.page));
        expect(rowsBelow.length, `rows on page ${part.page}`).toBeGreaterThan(0);
        for (const row of rowsBelow) expect(Math.min(...part.lines.map((line) => line.y))).toBeGreaterThan(Math.max(...row.lines.map((line) => line.y)));
      }
    });

    it('never splits a row across pages, even a row of several lines', () => {
      const body = rows(longTable()).slice(1);
      expect(body).toHaveLength(70);
      expect(body.some((row) => row.parts[0]!.lines.length > 1)).toBe(true);
      for (const row of body) expect(pagesOf(row), textOf(row)).toHaveLength(1);
    });

    it('aligns numbers on their right edges, digit under digit', () => {
      const body = rows(longTable()).slice(1);
      const columns = body[0]!.children.length;
      let numeric = 0;
      for (let column = 0; column < columns; column++) {
        const cells = body.map((row) => row.children[column]!);
        if (!cells.every((cell) => /^[+\-−]?[\d,.]+$/.test(textOf(cell).trim()))) continue;
        numeric++;
        const edges = cells.map((cell) => cell.parts[0]!.lines[0]!.right);
        expect(Math.max(...edges) - Math.min(...edges), `column ${column + 1}`).toBeLessThan(0.5);
      }
      expect(numeric).toBe(4);
    });
  });

  describe('footnotes', () => {
    let pdf: ReadPdf;
    beforeAll(async () => {
      pdf = await readPdf(printed.stress.pdfPath);
    });

    it('are numbered per section, each with a link to its note and one back, in the HTML', async () => {
      const tree = await readHtml(join(printed.stress.outDir, '2021-05', 'all.html'));
      const sections = selectAll('section.section', tree);
      for (const section of sections) {
        const references = selectAll('a[data-footnote-ref]', section);
        expect(references.length).toBeGreaterThan(0);
        expect(references.map((reference) => toString(reference))).toEqual(references.map((_, index) => String(index + 1)));
        for (const reference of references) {
          const id = attribute(reference, 'href')!.slice(1);
          const note = select(`[id="${id}"]`, section);
          expect(note, `note ${id} in its own section`).toBeDefined();
          expect(attribute(select('a[data-footnote-backref]', note!)!, 'href')).toBe(`#${attribute(reference, 'id')}`);
        }
      }
    });

    it('are printed at the end of their section, none lost, and linked both ways', async () => {
      const source = await readFile(join(typographyIssue, '02-quotes-and-figures.md'), 'utf8');
      const body = printComparable(bodyText(pdf.pages));
      const notes = (text: string) => [...text.matchAll(/^\[\^[^\]]+\]: (.+)$/gm)].map((match) => printComparable(match[1]!));
      const firstSection = await readFile(join(typographyIssue, '01-freight-by-route.md'), 'utf8');
      const lastParagraph = (text: string) => printComparable(text.trim().split('\n\n').filter((block) => !block.startsWith('[^')).at(-1)!.replace(/\[\^[^\]]+\]/g, ''));
      // The contents on the cover name the section too: look for its heading after the first section's text.
      const firstEnd = body.indexOf(lastParagraph(firstSection));
      const secondHeading = body.indexOf(printComparable('II. Quotes, figures and notes'), firstEnd);
      expect(firstEnd).toBeGreaterThan(0);
      for (const note of notes(firstSection)) {
        const at = body.indexOf(note, firstEnd);
        expect(at).toBeGreaterThan(firstEnd);
        expect(at).toBeLessThan(secondHeading);
      }
      let from = body.indexOf(lastParagraph(source));
      expect(from).toBeGreaterThan(secondHeading);
      const secondNotes = notes(source);
      expect(secondNotes.length).toBeGreaterThanOrEqual(5);
      for (const note of secondNotes) {
        const at = body.indexOf(note, from);
        expect(at, note.slice(0, 40)).toBeGreaterThan(from);
        from = at;
      }
      // Every mark links to its note and the note back to that mark: pairs of named destinations.
      const links = pdf.pages.flatMap((page) => page.links.map((link) => ({ ...link, page: page.number })));
      const toNotes = links.filter((link) => /-fn-[\w-]+$/.test(link.dest ?? ''));
      const toMarks = links.filter((link) => /-fnref-[\w-]+$/.test(link.dest ?? ''));
      expect(new Set(toNotes.map((link) => link.dest)).size).toBe(secondNotes.length + notes(firstSection).length);
      for (const mark of toNotes) {
        const back = toMarks.find((link) => link.dest === mark.dest!.replace(/-fn-([\w-]+)$/, '-fnref-$1'));
        expect(back, mark.dest).toBeDefined();
        // The mark's link leads to the page of the note, whose link leads back to the page of the mark.
        expect(mark.targetPage, mark.dest).toBe(back!.page);
        expect(back!.targetPage, mark.dest).toBe(mark.page);
      }
      expect(new Set(toMarks.map((link) => link.dest)).size).toBe(new Set(toNotes.map((link) => link.dest)).size);
    });
  });
});
