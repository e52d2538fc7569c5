import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import { deflateSync, inflateSync } from 'node:zlib';
import { PDFName, PDFRawStream, PDFDocument, type PDFRef } from 'pdf-lib';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildSite } from '../../src/site/build-site.js';
import { modelStoreFolderName } from '../../src/site/model-store.js';
import { createPdfPrinter } from '../../src/print/pdf-printer.js';
import type { PageReading } from '../../src/print/page-readings.js';
import type { TwinFonts } from '../../src/print/print-facts.js';
import type { KeptDocument } from '../../src/print/kept-document.js';
import { pdfText } from '../helpers/pdf.js';
import { useBrowser, withOwnBrowser } from '../helpers/browser.js';
import { tempDir } from '../helpers/temp.js';
import { paragraph, writeIssue } from '../helpers/write-issue.js';
import { repoRoot } from '../helpers/paths.js';
import { cp } from 'node:fs/promises';

/**
 * The pages of an issue's last print are kept beside its model (site/model-store.ts): a
 * build in a new process (a new printer, nothing in memory) that prints a page to the
 * same bytes takes its reading and finished content from there. Whether they were
 * taken is seen by planting a mark in the kept content: only a kept page brings it.
 */
describe('printed pages kept between builds', () => {
  const browser = useBrowser();
  const mark = 'PLANTED-IN-THE-KEPT-PAGE';
  let issueDir: string;
  let outDir: string;
  let first: Buffer;

  // A new printer each time, as a new process has: no page read in memory.
  const build = async (steps: string[] = [], env: NodeJS.ProcessEnv = {}) => {
    const progress = { start: (_issue: string, step: string) => void steps.push(step), end: () => {} };
    const report = await buildSite({ issueDirs: [issueDir], outDir, force: true, progress, printer: createPdfPrinter({ browser: browser(), env }) });
    expect(report.ok).toBe(true);
    return readFile(join(outDir, '2021-05', 'bulletin-2021-05.pdf'));
  };
  // A browser of its own, as a build in a new process has: its tab loads the document
  // afresh, where a tab that printed before has it swapped in (page-document.ts).
  // `steps`: each step the build took, as --verbose shows them.
  const buildInNewBrowser = async (steps: string[] = []) => {
    const progress = { start: (_issue: string, step: string) => void steps.push(step), end: () => {} };
    const report = await withOwnBrowser((own) => buildSite({ issueDirs: [issueDir], outDir, force: true, progress, printer: createPdfPrinter({ browser: own, env: {} }) }));
    expect(report.ok).toBe(true);
    return readFile(join(outDir, '2021-05', 'bulletin-2021-05.pdf'));
  };
  const pdfPath = () => join(outDir, '2021-05', 'bulletin-2021-05.pdf');
  const pagesFile = async () => {
    const names = (await readdir(join(outDir, modelStoreFolderName))).filter((name) => name.endsWith('.pages'));
    expect(names).toHaveLength(1);
    return join(outDir, modelStoreFolderName, names[0]!);
  };
  /**
   * Changes the kept file as `change` says, as if the build before had written it so.
   * What the build finished is dropped (but for `keepFinished`): with it, a print of the
   * same bytes takes that PDF, and reads no page.
   */
  const plant = async (change: (stored: { toolKey: string; pages: Map<string, PageReading> }) => void, keepFinished = false) => {
    const path = await pagesFile();
    const stored = deserialize(await readFile(path)) as { toolKey: string; pages: Map<string, PageReading>; finished?: unknown };
    if (!keepFinished) delete stored.finished;
    change(stored);
    await writeFile(path, serialize(stored));
  };
  /** The mark at the end of every kept page's finished content (a PDF comment: nothing shows). */
  const markEveryPage = (stored: { pages: Map<string, PageReading> }) => {
    for (const reading of stored.pages.values()) {
      const content = inflateSync(reading.finished!.content).toString('latin1');
      reading.finished!.content = deflateSync(Buffer.from(`${content}\n%${mark}\n`, 'latin1'));
    }
  };
  const pagesMarked = async (pdf: Buffer) => {
    const document = await PDFDocument.load(pdf);
    return document.getPages().filter((page) => {
      const stream = document.context.lookup(page.node.get(PDFName.of('Contents')) as PDFRef);
      return stream instanceof PDFRawStream && inflateSync(stream.contents).toString('latin1').includes(mark);
    }).length;
  };

  beforeAll(async () => {
    const project = await tempDir();
    await cp(join(repoRoot, 'bulletin.config.yaml'), join(project, 'bulletin.config.yaml'));
    issueDir = await writeIssue(join(project, 'content'), {
      sections: [
        { title: 'Opening', slug: 'opening', body: [1, 2, 3, 4].map(paragraph).join('\n\n') },
        { title: 'Trade', slug: 'trade', body: [5, 6, 7, 8].map(paragraph).join('\n\n') },
      ],
    });
    outDir = join(await tempDir(), 'dist');
    first = await build();
  }, 120_000);

  it('are taken by a later build that prints them to the same bytes, which then writes the same PDF', { timeout: 120_000 }, async () => {
    const pages = (await PDFDocument.load(first)).getPageCount();
    expect((deserialize(await readFile(await pagesFile())) as { pages: Map<string, PageReading> }).pages.size).toBe(pages);
    expect((await build()).equals(first)).toBe(true);
    await plant(markEveryPage);
    expect(await pagesMarked(await build())).toBe(pages);
  });

  it('are not taken from another version of bulletin, nor from a file cut short', { timeout: 120_000 }, async () => {
    await build();
    await plant((stored) => {
      markEveryPage(stored);
      stored.toolKey = 'another version';
    });
    expect(await build()).toEqual(first);
    const path = await pagesFile();
    const whole = await readFile(path);
    await writeFile(path, whole.subarray(0, whole.length / 2));
    expect(await build()).toEqual(first);
  });

  it('keep the twins of tracked fonts the print made, for the next document loaded afresh; twins whose fonts changed since are made again', { timeout: 120_000 }, async () => {
    expect(await buildInNewBrowser()).toEqual(first);
    const kept = (deserialize(await readFile(await pagesFile())) as { twinFonts: TwinFonts }).twinFonts;
    // The sample's masthead and headings are letter-spaced: their twins, and the faces that loaded.
    expect(kept.names.length).toBeGreaterThan(0);
    expect(kept.urls.length).toBeGreaterThan(0);
    expect(kept.urls.every((url) => /^\/_fonts\/.+\.woff2\?tracking=\d+$/.test(url))).toBe(true);
    // As if the fonts had changed since: every twin's rules and faces name another file.
    // (The document is not kept: a tab gets the twins with the document as rendered.)
    await plant((stored) => {
      (stored as unknown as { document: unknown }).document = undefined;
      const twins = (stored as unknown as { twinFonts: TwinFonts }).twinFonts;
      twins.css = twins.css.replace(/-(?:400|700)-(?:normal|italic)\.woff2/g, '-400-italic.woff2');
      twins.urls = [...twins.urls.map((url) => url.replace(/-(?:400|700)-(?:normal|italic)\.woff2/, '-400-italic.woff2')), '/_fonts/no-such-face.woff2?tracking=140'];
    });
    expect(await buildInNewBrowser()).toEqual(first);
    // A face that did not come (refused, missing) is not asked for again by the next build.
    const keptAgain = (deserialize(await readFile(await pagesFile())) as { twinFonts: TwinFonts }).twinFonts;
    expect(keptAgain.urls.some((url) => url.includes('no-such-face'))).toBe(false);
    expect(keptAgain.urls.length).toBeGreaterThan(0);
  });

  it('do not put markup planted in the kept twins into the document', { timeout: 120_000 }, async () => {
    await build();
    await plant((stored) => {
      const twins = (stored as unknown as { twinFonts: TwinFonts }).twinFonts;
      twins.css = `${twins.css}</style><p>PLANTED</p><style>`;
    });
    expect(await buildInNewBrowser()).toEqual(first);
  });

  it('keep the document as the print left it, which a tab that loads afresh loads instead of preparing the document again, for the same PDF', { timeout: 120_000 }, async () => {
    // The first build had no contents numbers to start from: the next one's document is another.
    await buildInNewBrowser();
    const steps: string[] = [];
    expect(await buildInNewBrowser(steps)).toEqual(first);
    expect(steps).toContain('pdf pass 1');
    expect(steps).not.toContain('pdf facts');
    expect(steps).not.toContain('pdf predict');
    // What loads is the kept document: a word planted in it is printed (the contents checked as ever).
    await plant((stored) => {
      const kept = (stored as unknown as { document: KeptDocument }).document;
      kept.html = kept.html.replace(/(<h2 class="section-heading"[^>]*>)/, '$1Plantedword ');
    });
    await buildInNewBrowser();
    expect(await pdfText(pdfPath())).toContain('Plantedword');
  });

  it('do not load a kept document with a script, nor one made from another state of the issue', { timeout: 120_000 }, async () => {
    await build();
    await plant((stored) => {
      const kept = (stored as unknown as { document: KeptDocument }).document;
      kept.html = kept.html.replace('</body>', '<script>document.body.prepend("Plantedword")</script></body>');
    });
    const steps: string[] = [];
    expect(await buildInNewBrowser(steps)).toEqual(first);
    expect(steps).toContain('pdf facts');
    // Kept again, and then edited: the kept document is another's.
    await buildInNewBrowser();
    const section = join(issueDir, (await readdir(issueDir)).find((name) => name.endsWith('-trade.md'))!);
    const source = await readFile(section, 'utf8');
    await plant((stored) => {
      const kept = (stored as unknown as { document: KeptDocument }).document;
      kept.html = kept.html.replace(/(<h2 class="section-heading"[^>]*>)/, '$1Plantedword ');
    });
    try {
      await writeFile(section, source.replace('Trade', 'Trade and transit'));
      const edited: string[] = [];
      await buildInNewBrowser(edited);
      expect(edited).toContain('pdf facts');
      expect(await pdfText(pdfPath())).not.toContain('Plantedword');
    } finally {
      await writeFile(section, source);
    }
  });

  it('keep what the build finished from its print: the next print of the same bytes takes that PDF, while it is the file that build wrote', { timeout: 120_000 }, async () => {
    await build();
    const steps: string[] = [];
    expect(await build(steps)).toEqual(first);
    expect(steps).toContain('pdf compared with the last build');
    expect(steps).not.toContain('pdf read text');
    expect(steps).not.toContain('pdf text layer');
    // The published PDF is not the one that build finished: finished anew.
    await writeFile(pdfPath(), Buffer.concat([first, Buffer.from('%edited\n')]));
    const afterEdit: string[] = [];
    expect(await build(afterEdit)).toEqual(first);
    expect(afterEdit).toContain('pdf text layer');
  });

  it('finish the PDF anew when its metadata would differ, though the print is the same', { timeout: 120_000 }, async () => {
    await build();
    const dated: string[] = [];
    const withEpoch = await build(dated, { SOURCE_DATE_EPOCH: '1000000000' });
    expect(dated).toContain('pdf text layer');
    expect(withEpoch.equals(first)).toBe(false);
    expect((await PDFDocument.load(withEpoch, { updateMetadata: false })).getCreationDate()?.getTime()).toBe(1_000_000_000_000);
    const undated: string[] = [];
    expect(await build(undated)).toEqual(first);
    expect(undated).toContain('pdf text layer');
  });

  it('are not taken where a kept reading has the wrong shape', { timeout: 120_000 }, async () => {
    await build();
    await plant((stored) => {
      markEveryPage(stored);
      for (const reading of stored.pages.values()) (reading as { lines: unknown }).lines = 'not lines';
    });
    expect(await build()).toEqual(first);
  });
});
