import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { createIssueLoader } from '../../src/issue/issue-loader.js';
import { largestPrintedImage } from '../../src/print/print-image.js';
import { createPdfPrinter } from '../../src/print/pdf-printer.js';
import { buildSite } from '../../src/site/build-site.js';
import { formatMessages } from '../../src/diagnostics/report.js';
import { useBrowser } from '../helpers/browser.js';
import { repoRoot } from '../helpers/paths.js';
import { tempDir } from '../helpers/temp.js';
import { writeIssue } from '../helpers/write-issue.js';

const run = promisify(execFile);

/** The images embedded in a PDF, as poppler lists them: width and height in pixels. */
async function embeddedImages(pdfPath: string): Promise<Array<{ width: number; height: number }>> {
  const { stdout } = await run('pdfimages', ['-list', pdfPath]);
  return stdout
    .split('\n')
    .slice(2)
    .filter((line) => line.trim() !== '')
    .map((line) => line.trim().split(/\s+/))
    .filter((columns) => columns[2] === 'image')
    .map((columns) => ({ width: Number(columns[3]), height: Number(columns[4]) }));
}

describe('images in the print edition', () => {
  const browser = useBrowser();

  it('are embedded at no more than 300 ppi at their printed size; the web edition keeps the original', async () => {
    const content = await tempDir();
    const issue = await writeIssue(content, { sections: [{ title: 'A photograph', body: '![A photograph of the port, as noise](images/photo.png)\nThe port.\n\nAfter it.' }] });
    await mkdir(join(issue, 'images'));
    // Photo-like: noise does not compress, so the file is as heavy as a photograph of its size.
    const [width, height] = [4800, 3600];
    await sharp(randomBytes(width * height * 3), { raw: { width, height, channels: 3 } }).png({ compressionLevel: 1 }).toFile(join(issue, 'images', 'photo.png'));
    const original = (await stat(join(issue, 'images', 'photo.png'))).size;
    expect(original).toBeGreaterThan(40_000_000);
    const outDir = await tempDir();
    const report = await buildSite({ issueDirs: [issue], outDir, printer: createPdfPrinter({ browser: browser(), env: {} }) });
    expect(report.ok, JSON.stringify(report.issues.map((entry) => entry.failure?.message))).toBe(true);
    const images = await embeddedImages(join(outDir, '2021-05', 'bulletin-2021-05.pdf'));
    expect(images).toHaveLength(1);
    expect(images[0]!.width).toBeLessThanOrEqual(largestPrintedImage.width);
    expect(images[0]!.height).toBeLessThanOrEqual(largestPrintedImage.height);
    expect(images[0]!.width).toBeGreaterThan(largestPrintedImage.width * 0.9);
    const { stdout } = await run('find', [join(outDir, 'assets', 'images'), '-name', 'photo.*.png', '-size', `+${Math.floor(original / 1024) - 1}k`]);
    expect(stdout.trim()).not.toBe('');
  }, 120_000);

  it('that fit are embedded byte for byte, told by their header without loading sharp', async () => {
    const folder = await tempDir();
    const small = join(folder, 'chart.png');
    await sharp({ create: { width: 1600, height: 900, channels: 3, background: '#336699' } }).png().toFile(small);
    // A process of its own: this one has loaded sharp already.
    const script = `import Module from 'node:module';
      import { readFileSync } from 'node:fs';
      const { imageForPrint } = await import(${JSON.stringify(pathToFileURL(join(repoRoot, 'lib', 'print', 'print-image.js')).href)});
      const bytes = await imageForPrint(${JSON.stringify(small)});
      const sharpLoaded = Object.keys(Module._cache).some((path) => path.includes('/node_modules/sharp/'));
      console.log(JSON.stringify({ same: Buffer.compare(bytes, readFileSync(${JSON.stringify(small)})) === 0, sharpLoaded }));`;
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script]);
    expect(JSON.parse(stdout)).toEqual({ same: true, sharpLoaded: false });
  });

  it('that cannot be read are an error naming the file and line', async () => {
    const content = await tempDir();
    const issue = await writeIssue(content, { sections: [{ title: 'A damaged image', body: 'Text.\n\n![A chart](images/damaged.png)\nA caption.' }] });
    await mkdir(join(issue, 'images'));
    // A PNG's signature, then nothing a decoder can read.
    await writeFile(join(issue, 'images', 'damaged.png'), Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), randomBytes(200)]));
    const { issue: model, files } = await createIssueLoader()(issue);
    expect(model).toBeUndefined();
    expect(formatMessages(files, { cwd: content }).join('\n')).toMatch(/2021-05\/01-section-01\.md:7:1: error: Image "images\/damaged\.png" cannot be read: .+ \[image-invalid\]/);
  });
});
