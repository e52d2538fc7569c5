import { execFile } from 'node:child_process';
import { cp, readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { PDFBool, PDFDict, PDFDocument, PDFName } from 'pdf-lib';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { buildSite } from '../../src/site/build-site.js';
import { createPdfPrinter } from '../../src/print/pdf-printer.js';
import { useBrowser } from '../helpers/browser.js';
import { sourceText } from '../helpers/markdown.js';
import { fixtureIssue, repoRoot, sampleIssueDir } from '../helpers/paths.js';
import { extractPages, longWords, pdfEngines, searchableWords } from '../helpers/pdf-engines.js';
import { readPdf } from '../helpers/pdf.js';
import { allElements, readStructure, type PrintedElement } from '../helpers/pdf-structure.js';
import { tempDir } from '../helpers/temp.js';
import { wordLines } from '../helpers/word-boxes.js';
import { foldTypography } from '../helpers/text.js';

const run = promisify(execFile);

/** Section titles of one, two and three lines in the contents, longer than a line as headings. */
const longTitlesIssue = fixtureIssue('long-titles');
const typographyIssue = fixtureIssue('typography');

interface Built {
  pdfPath: string;
  issueDir: string;
  /** The language version printed (the April sample's `az`), if not the issue itself. */
  edition?: string;
  /** The issue's title and contents label, as the bookmarks give them. */
  front?: [string, string];
}

describe('what readers of the PDF get: text, bookmarks, structure, contents', () => {
  const browser = useBrowser();
  const built: Record<'sample' | 'twoColumns' | 'stress' | 'longTitles' | 'longTitlesTwoColumns' | 'movedIds' | 'azerbaijani', Built> = {} as never;

  beforeAll(async () => {
    const printer = createPdfPrinter({ browser: browser(), env: {} });
    const projectConfig = parse(await readFile(join(repoRoot, 'bulletin.config.yaml'), 'utf8')) as { layout?: object };
    const build = async (issueDir: string, layout: object = {}, templatesDir?: string, pdf = ['2021-05', 'bulletin-2021-05.pdf']): Promise<Built> => {
      const outDir = await tempDir();
      const configPath = join(outDir, 'bulletin.config.yaml');
      await writeFile(configPath, stringify({ ...projectConfig, layout: { ...projectConfig.layout, ...layout } }));
      const report = await buildSite({ issueDirs: [issueDir], outDir: join(outDir, 'dist'), printer, configPath, templatesDir });
      expect(report.ok, JSON.stringify(report.issues.map((issue) => issue.failure))).toBe(true);
      return { pdfPath: join(outDir, 'dist', ...pdf), issueDir };
    };
    built.sample = await build(sampleIssueDir);
    built.twoColumns = await build(sampleIssueDir, { columns: 2 });
    built.stress = await build(typographyIssue);
    built.longTitles = await build(longTitlesIssue);
    built.longTitlesTwoColumns = await build(longTitlesIssue, { columns: 2 });
    built.movedIds = await build(sampleIssueDir, {}, await templatesWithMovedIds());
    // The April sample's Azerbaijani version: every guarantee holds in its language too.
    const april = join(repoRoot, 'content', '2021-04');
    built.azerbaijani = { ...(await build(april, {}, undefined, ['az', '2021-04', 'bulletin-2021-04-az.pdf'])), edition: 'az', front: ['Bülleten', 'Mündəricat'] };
  }, 240_000);

  describe('text layer', () => {
    // Two columns included in poppler's own reading order (pdftotext without -raw, as
    // Evince and indexers read): it breaks a column into blocks where baselines stand 1.5 x
    // the font size apart and reads such blocks of both columns alternately (print.css).
    it.each(['sample', 'twoColumns', 'stress', 'longTitles', 'longTitlesTwoColumns', 'azerbaijani'] as const)(
      'finds every source word of six letters or more whole in poppler, MuPDF and PDFium (%s)',
      async (name) => {
        const { pdfPath, issueDir, edition } = built[name];
        const source = longWords(await sourceText(issueDir, edition));
        expect(source.size).toBeGreaterThan(name === 'sample' || name === 'twoColumns' ? 1000 : 40);
        for (const engine of pdfEngines) {
          const text = (await extractPages(engine, pdfPath)).join('\n');
          expect(text, `${engine} reads a soft hyphen, U+FFFE or a hyphen inside a line`).not.toMatch(/\u00ad|\ufffe|\p{L}\u2010\p{L}/u);
          const found = searchableWords(text);
          expect([...source].filter((word) => !found.has(word)), engine).toEqual([]);
        }
      },
      60_000,
    );

    it('reads the letter-spaced masthead, month and contents label as words, in every engine', async () => {
      for (const name of ['sample', 'longTitles'] as const) {
        for (const engine of pdfEngines) {
          const [cover = ''] = await extractPages(engine, built[name].pdfPath);
          const lines = cover.split(/\r?\n/).map((line) => line.replace(/\s+/g, ' ').trim());
          expect(lines, `${engine}, ${name}`).toEqual(expect.arrayContaining(['BULLETIN', 'MAY 2021', 'CONTENTS']));
        }
      }
    }, 60_000);

    it('ends no page and no column in half a word that a soft hyphen broke (item 7), read by poppler', async () => {
      for (const name of ['sample', 'twoColumns', 'azerbaijani'] as const) {
        const { pdfPath, issueDir, edition } = built[name];
        const source = longWords(await sourceText(issueDir, edition), 1);
        // The text block's lines in poppler's reading order: neither the running header nor the folio.
        const lines = (await wordLines(pdfPath)).flatMap(({ page, lines: pageLines }) =>
          pageLines.filter((words) => (words[0]?.yMin ?? 0) > 62 && (words[0]?.yMin ?? 0) < 785).map((words) => ({ page, words })),
        );
        const broken = lines.flatMap((line, index) => {
          const next = lines[index + 1];
          const last = line.words.at(-1)?.text ?? '';
          const first = next?.words[0]?.text ?? '';
          const end = next !== undefined && (next.page > line.page || (next.words[0]?.yMin ?? 0) < (line.words[0]?.yMin ?? 0) - 1);
          if (!end || !/\p{L}[-\u2010]$/u.test(last) || !/^\p{L}/u.test(first)) return [];
          const word = `${/\p{L}+(?=[-\u2010]$)/u.exec(last)?.[0] ?? ''}${/^\p{L}+/u.exec(first)?.[0] ?? ''}`;
          // A word of the source broken in two, not a compound the author wrote with a hyphen.
          return source.has(word.toLowerCase()) ? [`${last} ${first} (page ${line.page})`] : [];
        });
        expect(broken, name).toEqual([]);
      }
    }, 60_000);

    it('keeps a word broken at a line end as its two halves, the first ending in a hyphen', async () => {
      for (const engine of pdfEngines) {
        const text = (await extractPages(engine, built.sample.pdfPath)).join('\n');
        const broken = [...text.matchAll(/(\p{L}+)[-\u2010]\r?\n+(\p{L}+)/gu)].map((match) => `${match[1]}${match[2]}`);
        expect(broken.length, engine).toBeGreaterThanOrEqual(10);
        const source = longWords(await sourceText(sampleIssueDir), 1);
        // Each joined pair is a word of the source (or a compound written with a hyphen).
        expect(broken.filter((word) => !source.has(word.toLowerCase()) && !/-/.test(word)).length / broken.length, engine).toBeLessThan(0.1);
      }
    }, 60_000);
  });

  describe('bookmarks', () => {
    it('are the headings as written: each section its numeral and title, its sub-headings under it', async () => {
      for (const name of ['sample', 'longTitles', 'azerbaijani'] as const) {
        const outline = await readOutline(built[name].pdfPath);
        const expected = await expectedOutline(built[name].issueDir, built[name].edition);
        expect(outline.map((item) => foldTypography(item.title))).toEqual([...(built[name].front ?? ['Bulletin', 'Contents']), ...expected.map((section) => foldTypography(section.title))]);
        const sections = outline.slice(2);
        sections.forEach((section, index) => {
          expect(section.children.map((child) => foldTypography(child.title)), section.title).toEqual(expected[index]?.headings.map(foldTypography));
        });
      }
    });

    it('lead to the pages the headings are printed on', async () => {
      const pdf = await readPdf(built.longTitles.pdfPath);
      for (const item of pdf.outline.slice(2)) {
        const page = pdf.pages[(item.page ?? 0) - 1];
        const numeral = item.title.split(' ')[0] ?? '';
        expect(page?.runs.some((run) => run.text.startsWith(numeral)), item.title).toBe(true);
      }
    });
  });

  describe('structure', () => {
    it('has only PDF 1.7 types or role-mapped ones: poppler reads it without a syntax error', async () => {
      for (const name of ['sample', 'stress', 'azerbaijani'] as const) {
        const { stderr } = await run('pdfinfo', ['-struct-text', built[name].pdfPath], { maxBuffer: 32 * 1024 * 1024 });
        expect(stderr, name).not.toMatch(/Syntax Error|wrong type/);
      }
    });

    it('has the issue title as its one H1, and headings that never skip a level', async () => {
      const root = await readStructure(built.sample.pdfPath);
      const headings = allElements(root).filter((element) => /^H[1-6]$/.test(element.role));
      expect(headings.filter((element) => element.role === 'H1').map(textOfElement)).toEqual(['BULLETIN']);
      expect(headings[0]?.role).toBe('H1');
      let deepest = 0;
      for (const heading of headings) {
        const level = Number(heading.role.slice(1));
        expect(level, textOfElement(heading)).toBeLessThanOrEqual(deepest + 1);
        deepest = level;
      }
    });

    it('gives every figure its alternative text and every table header cell the TH type', async () => {
      const document = await PDFDocument.load(await readFile(built.stress.pdfPath));
      const elements = structureDicts(document);
      const figures = elements.filter((dict) => dict.get(PDFName.of('S'))?.toString() === '/Figure');
      expect(figures.length).toBeGreaterThanOrEqual(2);
      for (const figure of figures) expect(figure.get(PDFName.of('Alt'))?.toString() ?? '').toMatch(/\w{3}/);
      expect(elements.filter((dict) => dict.get(PDFName.of('S'))?.toString() === '/TH').length).toBeGreaterThanOrEqual(3);
    });

    it('marks the Armenian and Russian quotations with their language', async () => {
      const root = await readStructure(built.sample.pdfPath);
      const quoted = (lang: string) => allElements(root).filter((element) => element.lang === lang).map(textOfElement).join(' ');
      expect(quoted('hy')).toContain('Հայաստանի');
      expect(quoted('hy')).toContain('խաղաղության');
      expect(quoted('ru')).toContain('добрососедство');
      expect(allElements(root).every((element) => !/-x-/.test(element.lang ?? ''))).toBe(true);
    });

    it('marks the running header and the page numbers as artifacts, and tags all other text', async () => {
      const pdf = await getDocument({ data: new Uint8Array(await readFile(built.sample.pdfPath)), verbosity: 0, useSystemFonts: false, isEvalSupported: false }).promise;
      for (let number = 2; number <= pdf.numPages; number++) {
        const artifacts: string[] = [];
        const untagged: string[] = [];
        const stack: string[] = [];
        for (const item of (await (await pdf.getPage(number)).getTextContent({ includeMarkedContent: true })).items) {
          if ('type' in item) {
            if (item.type === 'beginMarkedContent' || item.type === 'beginMarkedContentProps') stack.push((item as { tag?: string | null }).tag ?? '');
            else if (item.type === 'endMarkedContent') stack.pop();
          } else if (item.str.trim() !== '') {
            if (stack.includes('Artifact')) artifacts.push(item.str);
            else if (stack.length === 0) untagged.push(item.str);
          }
        }
        expect(untagged, `page ${number}`).toEqual([]);
        // Runs break where the font file changes (ə comes from another one): joined without spaces.
        const artifactText = artifacts.join('').replace(/\s+/g, '');
        expect(artifactText, `page ${number}`).toContain('CenterofAnalysisofInternationalRelations');
        expect(artifactText, `page ${number}`).toContain('BeynəlxalqMünasibətlərinTəhliliMərkəzi');
        expect(artifacts, `page ${number}`).toContain(String(number));
      }
      await pdf.destroy();
    });

    it('has the document title shown in the viewer and the issue language', async () => {
      const document = await PDFDocument.load(await readFile(built.sample.pdfPath), { updateMetadata: false });
      expect(document.getTitle()).toBe('Bulletin — May 2021');
      const preferences = document.catalog.lookup(PDFName.of('ViewerPreferences'), PDFDict);
      expect(preferences.get(PDFName.of('DisplayDocTitle'))).toBe(PDFBool.True);
      expect(document.catalog.get(PDFName.of('Lang'))?.toString()).toBe('(en)');
    });
  });

  describe('contents', () => {
    it.each(['longTitles', 'longTitlesTwoColumns'] as const)('sets an entry of one, two or three lines with its leader and number on its last line (%s)', async (name) => {
      const entries = await contentsEntries(built[name].pdfPath);
      expect(entries.map((entry) => entry.titleLines.length).slice(0, 3)).toEqual([1, 2, 3]);
      for (const entry of entries) {
        const last = entry.titleLines.at(-1)!;
        expect(Math.abs(entry.number.y - last.y), entry.numeral).toBeLessThan(0.5);
        // Runover lines hang under the title's first word, not under the numeral.
        for (const line of entry.titleLines) expect(Math.abs(line.x - entry.titleLines[0]!.x), entry.numeral).toBeLessThan(0.5);
        expect(entry.titleLines[0]!.x - entry.numeralX, entry.numeral).toBeGreaterThan(20);
        // No line runs into the number column (8 mm, and 2 mm clear of it).
        for (const line of entry.titleLines) expect(line.right, entry.numeral).toBeLessThan(entry.numberColumnLeft - 5);
      }
    });

    it.each(['sample', 'longTitles', 'twoColumns', 'movedIds', 'azerbaijani'] as const)('prints each entry with the page its heading is printed on, read back by poppler (%s)', async (name) => {
      // Poppler's layout mode keeps each contents entry on its lines, numeral, title and number in order.
      const { stdout } = await run('pdftotext', ['-layout', '-enc', 'UTF-8', built[name].pdfPath, '-']);
      const pages = stdout.split('\f');
      const expected = await expectedOutline(built[name].issueDir, built[name].edition);
      const flat = pages.map((page) => page.replace(/\u2010\n/g, '').replace(/\s+/g, ' '));
      let checked = 0;
      for (const section of expected) {
        const heading = foldTypography(section.title).replace(/\s+/g, ' ');
        const entry = new RegExp(`${escape(heading)} (\\d+)`).exec(foldTypography(flat[0] ?? ''));
        expect(entry, section.title).not.toBeNull();
        const headingPage = flat.findIndex((page, index) => index > 0 && foldTypography(page).includes(heading)) + 1;
        expect(Number(entry?.[1]), section.title).toBe(headingPage);
        checked++;
      }
      expect(checked).toBe(expected.length);
      expect(checked).toBeGreaterThanOrEqual(4);
    });
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function textOfElement(element: PrintedElement): string {
  return element.parts.flatMap((part) => part.lines.map((line) => line.text)).join(' ');
}

/** A copy of the templates in which a section's id stands on an empty anchor at the end of the section, not on its heading. */
async function templatesWithMovedIds(): Promise<string> {
  const dir = await tempDir();
  await cp(join(repoRoot, 'templates'), dir, { recursive: true });
  const sectionTemplate = join(dir, 'partials', 'section.hbs');
  const section = await readFile(sectionTemplate, 'utf8');
  const moved = section.replace('<h2 class="section-heading" id="{{id}}">', '<h2 class="section-heading">').replace('{{{html}}}', '{{{html}}}\n  <a id="{{id}}"></a>');
  expect(moved).not.toBe(section);
  await writeFile(sectionTemplate, moved);
  return dir;
}

/** The sections of an issue as its sources give them: "I. Title" and the titles of the sub-headings. */
async function expectedOutline(issueDir: string, edition?: string): Promise<Array<{ title: string; headings: string[] }>> {
  const numerals = ['I', 'II', 'III', 'IV', 'V', 'VI', 'VII', 'VIII', 'IX', 'X'];
  // The issue's own sections (01-overview.md), or a language version's (01-overview.az.md).
  const files = (await readdir(issueDir)).filter((name) => (edition === undefined ? /^\d\d-[^.]*\.md$/ : new RegExp(`^\\d\\d-[^.]*\\.${edition}\\.md$`)).test(name)).sort();
  return Promise.all(
    files.map(async (name, index) => {
      const source = await readFile(join(issueDir, name), 'utf8');
      const front = parse(/^---\n([\s\S]*?)\n---/.exec(source)?.[1] ?? '') as { title: string };
      const headings = [...source.matchAll(/^#{2,3} (.+)$/gm)].map((match) => match[1] ?? '');
      return { title: `${numerals[index]}. ${front.title}`, headings };
    }),
  );
}

interface OutlineItem {
  title: string;
  children: OutlineItem[];
}

async function readOutline(path: string): Promise<OutlineItem[]> {
  const pdf = await getDocument({ data: new Uint8Array(await readFile(path)), verbosity: 0, useSystemFonts: false, isEvalSupported: false }).promise;
  const convert = (items: Array<{ title: string; items: unknown[] }>): OutlineItem[] =>
    items.map((item) => ({ title: item.title, children: convert(item.items as Array<{ title: string; items: unknown[] }>) }));
  const outline = convert(((await pdf.getOutline()) ?? []) as Array<{ title: string; items: unknown[] }>);
  await pdf.destroy();
  // Sub-headings flattened under their section: the fixtures nest at most ### under ##.
  const flatten = (item: OutlineItem): OutlineItem => ({ title: item.title, children: item.children.flatMap((child) => [child, ...flatten(child).children]) });
  return outline.map(flatten);
}

function structureDicts(document: PDFDocument): PDFDict[] {
  return document.context
    .enumerateIndirectObjects()
    .map(([, object]) => object)
    .filter((object): object is PDFDict => object instanceof PDFDict && object.get(PDFName.of('Type'))?.toString() === '/StructElem');
}

interface ContentsEntry {
  numeral: string;
  numeralX: number;
  titleLines: Array<{ x: number; y: number; right: number }>;
  number: { x: number; y: number };
  numberColumnLeft: number;
}

/** The contents entries on the cover, from pdf.js's text runs with their positions. */
async function contentsEntries(path: string): Promise<ContentsEntry[]> {
  const pdf = await readPdf(path);
  const cover = pdf.pages[0]!;
  const numerals = cover.runs.filter((run) => /^[IVX]+\.$/.test(run.text.trim()));
  const pageRight = Math.max(...cover.runs.map((run) => run.x + run.width));
  const numbers = cover.runs.filter((run) => /^\d+$/.test(run.text.trim()) && run.x + run.width > pageRight - 1);
  return numerals.map((numeral, index) => {
    const next = numerals[index + 1];
    const number = numbers.find((run) => run.y <= numeral.y + 0.5 && (next === undefined || run.y > next.y + 0.5))!;
    const titleRuns = cover.runs.filter((run) => run !== numeral && run.x > numeral.x + 5 && run.x + run.width < pageRight - 15 && run.y <= numeral.y + 0.5 && run.y >= number.y - 0.5);
    const lines = new Map<number, { x: number; y: number; right: number }>();
    for (const run of titleRuns) {
      const key = Math.round(run.y);
      const line = lines.get(key) ?? { x: run.x, y: run.y, right: run.x + run.width };
      lines.set(key, { x: Math.min(line.x, run.x), y: run.y, right: Math.max(line.right, run.x + run.width) });
    }
    const titleLines = [...lines.values()].sort((a, b) => b.y - a.y);
    return { numeral: numeral.text, numeralX: numeral.x, titleLines, number: { x: number.x, y: number.y }, numberColumnLeft: pageRight - 8 * (72 / 25.4) };
  });
}
