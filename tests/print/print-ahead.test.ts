import { execFileSync } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startPreview, type PreviewState } from '../../src/preview/preview-server.js';
import { createPdfPrinter } from '../../src/print/pdf-printer.js';
import type { IssuePrinter, PrintJob } from '../../src/print/print-job.js';
import { createPrintAhead } from '../../src/preview/print-ahead.js';
import { buildSite } from '../../src/site/build-site.js';
import { useBrowser } from '../helpers/browser.js';
import { tempDir } from '../helpers/temp.js';
import { withoutSoftHyphens } from '../helpers/text.js';
import { paragraph, writeIssue } from '../helpers/write-issue.js';

/** The text poppler reads from a PDF, soft hyphens aside. */
const pdfText = (path: string) => withoutSoftHyphens(execFileSync('pdftotext', ['-layout', path, '-'], { encoding: 'utf8' }));

/**
 * The preview starts an issue's PDF as soon as its web edition's build has checked it,
 * and the PDF's build takes that print (src/preview/print-ahead.ts).
 */
describe('the preview’s PDF, printed ahead', () => {
  const browser = useBrowser();

  async function previewOf(printer: IssuePrinter) {
    const root = await tempDir();
    const issueDir = await writeIssue(root, { month: '2021-07', sections: [{ title: 'Diplomacy', body: paragraph(1, 300) }, { title: 'Energy', body: paragraph(2, 300) }] });
    const events: string[] = [];
    const preview = await startPreview({ issueDir, host: '127.0.0.1', port: 0, cwd: root, printer, onBuild: (state: PreviewState) => events.push(`${state.phase} ${state.ok}`) });
    await preview.firstBuild;
    return { issueDir, events, preview, section: join(issueDir, '01-section-01.md') };
  }

  it('starts before the web edition is shown, and gives the bytes a build gives', async () => {
    const printer = createPdfPrinter({ browser: browser(), env: {} });
    const { issueDir, events, preview, section } = await previewOf(async (job) => {
      events.push('print');
      return printer(job);
    });
    try {
      events.length = 0;
      const before = preview.state()?.pdfVersion ?? 0;
      await writeFile(section, `${await readFile(section, 'utf8')}\nEdited once.\n`);
      await until('the PDF of the save', () => (preview.state()?.pdfVersion ?? 0) > before);
      // The print starts, the web edition is shown, then the PDF, printed once.
      expect(events).toEqual(['print', 'web true', 'pdf true']);
      const outDir = await tempDir();
      expect((await buildSite({ issueDirs: [issueDir], outDir, printer })).ok).toBe(true);
      const built = await readFile(join(outDir, '2021-07', 'bulletin-2021-07.pdf'));
      const shown = Buffer.from(await (await fetch(`${preview.url}site/2021-07/bulletin-2021-07.pdf`)).arrayBuffer());
      expect(shown.equals(built)).toBe(true);
      expect(pdfText(join(outDir, '2021-07', 'bulletin-2021-07.pdf'))).toContain('Edited once.');
    } finally {
      await preview.close();
    }
  });
});

async function until(what: string, probe: () => boolean, timeout = 30_000): Promise<void> {
  const deadline = Date.now() + timeout;
  while (!probe()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe('a print started ahead', () => {
  /** A printer that writes the job's issue id into the PDF's place, and tells which jobs it printed. */
  const fakePrinter = (printed: string[]): IssuePrinter => async (job) => {
    printed.push(job.issue.month.id);
    const path = join(job.issueOutDir, 'bulletin.pdf');
    await writeFile(path, job.issue.month.id);
    return { path, fileName: 'bulletin.pdf', bytes: 7, pages: 1, contentsPages: [] };
  };
  const jobFor = (id: string, issueOutDir: string) => ({ issue: { month: { id } }, templates: {}, fonts: [], issueOutDir, progress: { start() {}, end() {} }, revision: 'r' }) as unknown as PrintJob;

  it('is taken by the job of the same issue model, and moved into its folder', async () => {
    const printed: string[] = [];
    const ahead = createPrintAhead(fakePrinter(printed));
    const job = jobFor('2021-07', await tempDir());
    ahead.start(job);
    const result = await ahead.printer({ ...job, issueOutDir: await tempDir() });
    expect(printed).toEqual(['2021-07']);
    expect(await readFile(result.path, 'utf8')).toBe('2021-07');
    await ahead.close();
  });

  it('is left for a job of another model (a save came between), which prints its own, after it', async () => {
    const printed: string[] = [];
    const ahead = createPrintAhead(fakePrinter(printed));
    ahead.start(jobFor('2021-07', await tempDir()));
    const result = await ahead.printer(jobFor('2021-08', await tempDir()));
    expect(printed).toEqual(['2021-07', '2021-08']);
    expect(await readFile(result.path, 'utf8')).toBe('2021-08');
    await ahead.close();
  });
});
