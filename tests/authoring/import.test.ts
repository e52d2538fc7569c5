import { execFile } from 'node:child_process';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Paragraph } from 'docx';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { convertDraft } from '../../src/authoring/import/docx-to-html.js';
import { openDraftArchive } from '../../src/authoring/import/draft-archive.js';
import { importDrafts, UnreviewedDraftError } from '../../src/authoring/import/import-drafts.js';
import { runCli } from '../helpers/cli.js';
import { draftParts as d, makeDraft, noisyImage, pngImage, withRawParagraphs } from '../helpers/docx-drafts.js';
import { repoRoot } from '../helpers/paths.js';
import { tempDir } from '../helpers/temp.js';
import { writeIssue } from '../helpers/write-issue.js';

const run = promisify(execFile);
const expectedDir = join(repoRoot, 'tests', 'fixtures', 'import');

/** An empty issue to import into, with the masthead `check` requires. */
async function emptyIssue(month = '2021-06'): Promise<string> {
  return writeIssue(await tempDir(), { month, sections: [] });
}

/** Each section file's text, by name; expected files are in tests/fixtures/import/<name>/ (BULLETIN_BLESS=1 writes them). */
async function expectSections(issueDir: string, fixture: string): Promise<void> {
  const names = (await readdir(issueDir)).filter((name) => /^\d\d-.*\.md$/.test(name)).sort();
  const folder = join(expectedDir, fixture);
  if (process.env['BULLETIN_BLESS'] === '1' && process.env['CI'] === undefined) {
    await mkdir(folder, { recursive: true });
    for (const name of names) await writeFile(join(folder, name), await readFile(join(issueDir, name)));
  }
  expect(names).toEqual((await readdir(folder)).sort());
  for (const name of names) expect(await readFile(join(issueDir, name), 'utf8'), name).toBe(await readFile(join(folder, name), 'utf8'));
}

/** A draft with every element an analyst's piece holds (item 3 of the issue). */
async function everyElementDraft(): Promise<Buffer> {
  const chart = await pngImage(800, 400, { r: 30, g: 90, b: 160 });
  return makeDraft({
    children: [
      d.title('Contributions for June'),
      d.heading('I. Energy and the “southern” corridor'),
      d.paragraph(d.text('Plain text with '), d.text('bold', { bold: true }), d.text(' and '), d.text('italic', { italics: true }), d.text(' words, a '), d.link('link to the operator', 'https://example.org/report?year=2021'), d.text(', and a note.'), d.footnote(1)),
      d.paragraph(d.text('Quoted exactly: «Հայաստանի Հանրապետություն», «добрососедство», 10\u00a0000 tonnes, the minister’s “firm” answer — in Comic Sans, red, 15 pt.', { font: 'Comic Sans MS', color: 'FF0000', size: 30 })),
      d.heading('Exports and prices', 2),
      d.heading('Oil', 3),
      d.bullet('Crude oil'),
      d.bullet('Azeri Light', 1),
      d.bullet('Natural gas'),
      d.numbered('The market test'),
      d.numbered('Binding bids', 1),
      d.numbered('The investment decision'),
      d.table([['Indicator', '2020', '2021'], ['Crude oil exports, million tonnes', '9.8', '8.9']], true),
      d.quote('Gas is an indispensable bridge, and the southern route should be expanded.'),
      d.image(chart, 'A bar chart: exports rising from 9 to 12 million tonnes'),
      d.caption('Figure 1. Exports, million tonnes.'),
      d.heading('2. Transport corridors'),
      d.paragraph(d.text('Freight along the Middle Corridor tripled.'), d.endnote(1), d.text(' A second note.'), d.footnote(2)),
      d.table([['Route', 'Days'], ['Middle Corridor', '15'], ['Northern route', '12']], false),
    ],
    footnotes: { 1: { children: [new Paragraph('The operator’s figures for the first four months.')] }, 2: { children: [new Paragraph('Estimated by the railways.')] } },
    endnotes: { 1: { children: [new Paragraph('According to the port of Baku.')] } },
  });
}

describe('bulletin import: Word drafts into sections', () => {
  it('keeps every element of a draft, as Markdown in the project’s conventions', async () => {
    const issueDir = await emptyIssue();
    const draft = join(issueDir, '..', 'june.docx');
    await writeFile(draft, await everyElementDraft());
    const outside = await readdir(join(issueDir, '..'), { recursive: true });
    const report = await importDrafts({ drafts: [draft], issueDir });
    expect(report.notices).toEqual([]);
    expect(report.images).toHaveLength(1);
    await expectSections(issueDir, 'every-element');
    // Nothing written outside the issue folder.
    const after = await readdir(join(issueDir, '..'), { recursive: true });
    expect(after.filter((path) => !path.startsWith('2021-06')).sort()).toEqual(outside.filter((path) => !path.startsWith('2021-06')).sort());
  });

  it('leaves an image without alt text to check, which names its line', async () => {
    const issueDir = await emptyIssue();
    const draft = join(issueDir, '..', 'no-alt.docx');
    await writeFile(draft, await makeDraft({ children: [d.heading('Charts'), d.paragraph(d.text('Above the chart.')), d.image(await pngImage(400, 200, { r: 0, g: 0, b: 0 }), undefined)] }));
    const result = await runCli(['import', draft, '--into', issueDir]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/01-charts\.md:7:1: error: Image "images\/figure-[0-9a-f]{12}\.png" has no alt text/);
    expect(result.stderr).toMatch(/1 error, 0 warnings left in .*2021-06: fix them, then build/);
  });

  it('numbers the sections after the issue’s last, and passes check', async () => {
    const issueDir = await writeIssue(await tempDir(), { month: '2021-06', sections: [{ title: 'Foreword', body: 'Text.' }, { title: 'Overview', body: 'Text.', slug: 'overview' }] });
    const draft = join(issueDir, '..', 'june.docx');
    await writeFile(draft, await everyElementDraft());
    const result = await runCli(['import', draft, '--into', issueDir]);
    expect(result.stderr).toContain('checks out');
    expect(result.code).toBe(0);
    expect((await readdir(issueDir)).filter((name) => name.endsWith('.md')).sort()).toEqual([
      '01-section-01.md',
      '02-overview.md',
      '03-energy-and-the-southern-corridor.md',
      '04-transport-corridors.md',
      'issue.md',
    ]);
    const check = await runCli(['check', issueDir]);
    expect(check.code, check.stdout + check.stderr).toBe(0);
  });

  it('makes one section of a draft without Heading 1, titled from its Title or else its first line, and says so', async () => {
    const withTitle = await emptyIssue();
    const titled = join(withTitle, '..', 'titled.docx');
    await writeFile(titled, await makeDraft({ children: [d.title('3. Notes from Tbilisi'), d.paragraph(d.text('The trilateral format met.'))] }));
    const report = await importDrafts({ drafts: [titled], issueDir: withTitle });
    expect(report.notices).toEqual([expect.stringMatching(/^titled\.docx: no Heading 1, so one section, titled "Notes from Tbilisi"/)]);
    const untitled = await emptyIssue();
    const plain = join(untitled, '..', 'plain.docx');
    await writeFile(plain, await makeDraft({ children: [d.paragraph(d.text('A piece on the Caspian')), d.paragraph(d.text('Its first paragraph.'))] }));
    await importDrafts({ drafts: [plain], issueDir: untitled });
    expect(await readdir(untitled)).toContain('01-a-piece-on-the-caspian.md');
    await expectSections(withTitle, 'no-heading');
  });

  it('puts a whole draft into one section with --section, and never replaces one without --force', async () => {
    const issueDir = await writeIssue(await tempDir(), { month: '2021-06', sections: [{ title: 'Old energy', body: 'Old text.', slug: 'energy' }] });
    const draft = join(issueDir, '..', 'june.docx');
    await writeFile(draft, await everyElementDraft());
    await expect(importDrafts({ drafts: [draft], issueDir, section: 1 })).rejects.toThrow(/Section 01 exists \(01-energy\.md\); nothing was imported/);
    expect(await readFile(join(issueDir, '01-energy.md'), 'utf8')).toContain('Old text.');
    await importDrafts({ drafts: [draft], issueDir, section: 1, force: true });
    const names = (await readdir(issueDir)).filter((name) => /^\d\d-/.test(name));
    expect(names).toEqual(['01-contributions-for-june.md']);
    const text = await readFile(join(issueDir, names[0]!), 'utf8');
    // The draft's headings move a level down: its Heading 1s are the section's second level.
    expect(text).toMatch(/^title: Contributions for June$/m);
    expect(text.match(/^#+ .*$/gm)).toEqual(['## Energy and the “southern” corridor', '### Exports and prices', '#### Oil', '## Transport corridors']);
  });

  it('stops at tracked changes and comments, listing each by paragraph, unless --accept-changes', async () => {
    const issueDir = await emptyIssue();
    const draft = join(issueDir, '..', 'reviewed.docx');
    await writeFile(
      draft,
      await makeDraft({
        children: [
          d.heading('Security'),
          d.paragraph(d.text('The talks '), d.inserted('resumed in Brussels'), d.deleted('were postponed'), d.text('.')),
          d.paragraph(...d.commented(0, 'The border incidents')),
        ],
        comments: [{ id: 0, author: 'Leyla', text: 'Check the date of the incidents' }],
      }),
    );
    const stopped = await importDrafts({ drafts: [draft], issueDir }).catch((error: unknown) => error);
    expect(stopped).toBeInstanceOf(UnreviewedDraftError);
    expect((stopped as UnreviewedDraftError).findings.map(({ finding }) => [finding.kind, finding.paragraph, finding.text])).toEqual([
      ['insertion', 2, 'resumed in Brussels'],
      ['deletion', 2, 'were postponed'],
      ['comment', 3, 'Leyla: Check the date of the incidents'],
    ]);
    expect((await readdir(issueDir)).filter((name) => name !== 'issue.md')).toEqual([]);

    const cli = await runCli(['import', draft, '--into', issueDir]);
    expect(cli.code).toBe(1);
    expect(cli.stderr).toContain('reviewed.docx: paragraph 2: tracked insertion: "resumed in Brussels"');
    expect(cli.stderr).toContain('reviewed.docx: paragraph 3: comment: "Leyla: Check the date of the incidents"');
    expect(cli.stderr).toContain('import with --accept-changes');

    const accepted = await importDrafts({ drafts: [draft], issueDir, acceptChanges: true });
    const text = await readFile(accepted.sections[0]!, 'utf8');
    expect(text).toContain('The talks resumed in Brussels.');
    expect(text).not.toContain('postponed');
    expect(text).not.toContain('Check the date');
    expect(accepted.notices).toContain('reviewed.docx: paragraph 3: comment "Leyla: Check the date of the incidents": left out');
  });

  it('reports text boxes, equations, charts and embedded objects with their place and what was kept', async () => {
    const issueDir = await emptyIssue();
    const draft = join(issueDir, '..', 'odd.docx');
    const docx = await makeDraft({ children: [d.heading('Odd things'), d.paragraph(d.text('Before them.')), d.textbox('A text box says this'), d.equation('E=mc2')] });
    await writeFile(draft, await withRawParagraphs(docx, [d.chartXml(), d.objectXml()]));
    const report = await importDrafts({ drafts: [draft], issueDir });
    expect(report.notices).toEqual([
      expect.stringMatching(/^odd\.docx: paragraph \d+: text box \(in "A text box says this"\): kept its text/),
      expect.stringMatching(/^odd\.docx: paragraph \d+: equation \(in "Where  holds\."\): kept nothing/),
      expect.stringMatching(/^odd\.docx: paragraph \d+: chart \(in "Exports by month:"\): kept nothing; insert it as an image/),
      expect.stringMatching(/^odd\.docx: paragraph \d+: embedded object \(in "The workbook:"\): kept its preview image/),
    ]);
    await expectSections(issueDir, 'unsupported');
  });

  it('refuses a damaged or non-Word file in one line, writing nothing', async () => {
    const issueDir = await emptyIssue();
    const valid = await everyElementDraft();
    const zip = await JSZip.loadAsync(valid);
    zip.remove('word/document.xml');
    const cases = {
      'notes.txt.docx': Buffer.from('Just text, not a Word document.'),
      'truncated.docx': valid.subarray(0, valid.length / 2),
      'no-body.docx': await zip.generateAsync({ type: 'nodebuffer' }),
    };
    for (const [name, bytes] of Object.entries(cases)) {
      const path = join(issueDir, '..', name);
      await writeFile(path, bytes);
      const result = await runCli(['import', path, '--into', issueDir]);
      expect(result.code, name).toBe(1);
      expect(result.stderr.trim().split('\n'), name).toEqual([expect.stringMatching(new RegExp(`${name.replace(/\./g, '\\.')} is not a Word document \\(\\.docx\\) or is damaged`))]);
    }
    const missing = await runCli(['import', join(issueDir, 'nothing.docx'), '--into', issueDir]);
    expect(missing.stderr.trim()).toMatch(/^bulletin: Cannot read .*nothing\.docx: no such file$/);
    expect((await readdir(issueDir)).filter((name) => name !== 'issue.md')).toEqual([]);
  });

  it('holds one image at a time, however many a draft has', async () => {
    const images = await Promise.all([0, 1, 2, 3].map((seed) => pngImage(300 + seed, 200, { r: seed * 60, g: 100, b: 100 })));
    const docx = await makeDraft({ children: [d.heading('Photos'), ...images.flatMap((image, index) => [d.image(image, `Photograph ${index + 1}`), d.caption(`Figure ${index + 1}.`)])] });
    let writing = 0;
    let mostAtOnce = 0;
    const path = join(await tempDir(), 'photos.docx');
    await writeFile(path, docx);
    const archive = await openDraftArchive(path);
    const converted = await convertDraft(archive, async () => {
      writing++;
      mostAtOnce = Math.max(mostAtOnce, writing);
      await new Promise((resolve) => setTimeout(resolve, 20));
      writing--;
    });
    archive.close();
    expect(converted.images).toHaveLength(4);
    expect(mostAtOnce).toBe(1);
  });

  it('builds what it imports: the PDF holds every paragraph of the draft', async () => {
    const issueDir = await emptyIssue();
    const draft = join(issueDir, '..', 'june.docx');
    const paragraphs = [
      'The minister travelled to Ankara on the third of the month.',
      'Trade with Central Asia grew faster than with any other region.',
      'A phrase heard in Yerevan: «Հայաստանի Հանրապետություն».',
      'The Russian press wrote of «добрососедство» between the two capitals.',
    ];
    const photo = await noisyImage(1200, 800);
    await writeFile(
      draft,
      await makeDraft({
        children: [d.heading('The month'), ...paragraphs.slice(0, 2).map((text) => d.paragraph(d.text(text))), d.image(photo, 'A photograph of the port'), d.caption('The port of Baku.'), d.heading('Voices'), ...paragraphs.slice(2).map((text) => d.paragraph(d.text(text)))],
      }),
    );
    expect((await runCli(['import', draft, '--into', issueDir])).code).toBe(0);
    const outDir = await tempDir();
    const build = await runCli(['build', issueDir, '--out', outDir]);
    expect(build.code, build.stderr).toBe(0);
    const { stdout } = await run('pdftotext', ['-enc', 'UTF-8', join(outDir, '2021-06', 'bulletin-2021-06.pdf'), '-']);
    const printed = stdout.replace(/\u00ad/g, '').replace(/[‐-]\n/g, '').replace(/\s+/g, ' ');
    for (const text of [...paragraphs, 'The port of Baku.']) expect(printed).toContain(text.replace(/\s+/g, ' '));
  }, 60_000);
});
