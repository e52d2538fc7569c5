import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { buildSite, type BuildReport } from '../../src/site/build-site.js';
import { formatMessages } from '../../src/diagnostics/report.js';
import { createPdfPrinter } from '../../src/print/pdf-printer.js';
import { useBrowser } from '../helpers/browser.js';
import { pdfInfo } from '../helpers/pdf.js';
import { tempDir } from '../helpers/temp.js';
import { paragraph, writeIssue } from '../helpers/write-issue.js';
import { withoutSoftHyphens } from '../helpers/text.js';

/** Builds an issue folder (web edition unless a printer is given) and returns the report with its messages as lines. */
async function build(issueDir: string, printer?: Parameters<typeof buildSite>[0]['printer']): Promise<{ report: BuildReport; lines: string[]; outDir: string }> {
  const outDir = await tempDir();
  const report = await buildSite({ issueDirs: [issueDir], outDir, printer });
  return { report, lines: report.issues.flatMap((issue) => formatMessages(issue.files, { cwd: issueDir })), outDir };
}

async function issueWith(sections: Array<{ title: string; body: string }>, meta: Record<string, unknown> = {}): Promise<string> {
  return writeIssue(join(await tempDir(), 'content'), { sections, meta });
}

/** A PNG of one colour: small on disk whatever its size in pixels. */
function solidPng(width: number, height: number): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (bytes: Buffer) => {
    let c = 0xffffffff;
    for (const byte of bytes) c = crcTable[(c ^ byte) & 0xff]! ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type), data]);
    const sum = Buffer.alloc(4);
    sum.writeUInt32BE(crc(body));
    return Buffer.concat([length, body, sum]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 0, 0, 0, 0], 8); // 8-bit greyscale
  const row = Buffer.alloc(width + 1, 0xc8);
  row[0] = 0;
  const raw = Buffer.concat(Array.from({ length: height }, () => row));
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', deflateSync(raw, { level: 9 })), chunk('IEND', Buffer.alloc(0))]);
}

describe('bad input gives a clear error or a clean result, never a crash or a hang', () => {
  it('a UTF-8 byte-order mark before the front-matter', async () => {
    const dir = await issueWith([{ title: 'Plain', body: 'Text.' }]);
    await writeFile(join(dir, '02-bom.md'), '\uFEFF---\ntitle: With a mark\n---\n\nText after a BOM.\n');
    const { report, lines } = await build(dir);
    expect(lines).toEqual([]);
    expect(report.ok).toBe(true);
  });

  it('Windows line endings, with problems still reported at the right line', async () => {
    const dir = await issueWith([{ title: 'Plain', body: 'Text.' }]);
    await writeFile(join(dir, '02-crlf.md'), '---\r\ntitle: CRLF\r\n---\r\n\r\nText.\r\n\r\n![Missing](images/none.png)\r\n');
    const { lines } = await build(dir);
    expect(lines).toEqual(['02-crlf.md:7:1: error: Image not found: images/none.png [image-missing]']);
  });

  it('empty files', async () => {
    const dir = await issueWith([{ title: 'Plain', body: 'Text.' }]);
    await writeFile(join(dir, 'issue.md'), '');
    await writeFile(join(dir, '02-empty.md'), '');
    const { report, lines } = await build(dir);
    expect(report.ok).toBe(false);
    expect(lines).toContain('02-empty.md:1:1: error: Missing required field `title` in front-matter [frontmatter-missing-field]');
    expect(lines).toContain('issue.md:1:1: error: Missing required field `subtitle`; set it in issue.md or in bulletin.config.yaml [frontmatter-missing-field]');
  });

  it('a folder whose name is not a month builds from its date, with a warning when they disagree', async () => {
    const root = await tempDir();
    const dir = await writeIssue(root, { month: 'may-issue', meta: { date: '2021-05' }, sections: [{ title: 'Plain', body: 'Text.' }] });
    const { report, lines } = await build(dir);
    expect(report.ok).toBe(true);
    expect(report.issues[0]?.id).toBe('2021-05');
    expect(lines).toEqual([]);
  });

  it('a section of 5 MB', async () => {
    const body = Array.from({ length: 9000 }, (_, index) => paragraph(index, 90)).join('\n\n');
    expect(body.length).toBeGreaterThan(5_000_000);
    const { report } = await build(await issueWith([{ title: 'Long', body }]));
    expect(report.ok).toBe(true);
  });

  it('10,000 paragraphs', async () => {
    const body = Array.from({ length: 10_000 }, (_, index) => `Paragraph ${index}.`).join('\n\n');
    const { report, outDir } = await build(await issueWith([{ title: 'Many', body }]));
    expect(report.ok).toBe(true);
    expect(withoutSoftHyphens(await readFile(join(outDir, '2021-05', 'all.html'), 'utf8'))).toContain('Paragraph 9999.');
  });

  it('lists nested 10,000 deep are refused at the line where they pass 40 levels', async () => {
    // The Markdown parser's time grows far faster than the nesting (400 levels: seconds; 10,000: hours).
    const body = Array.from({ length: 10_000 }, (_, depth) => `${'  '.repeat(depth)}- level ${depth}`).join('\n');
    const { report, lines } = await build(await issueWith([{ title: 'Deep', body }]));
    expect(report.ok).toBe(false);
    expect(lines).toEqual(['01-section-01.md:45:1: error: Lists or quotes nest 41 levels deep here; bulletin reads at most 40 [nesting-too-deep]']);
  });

  it('block quotes nested 10,000 deep are refused the same way', async () => {
    const body = Array.from({ length: 10_000 }, (_, depth) => `${'> '.repeat(depth + 1)}quote`).join('\n');
    const { lines } = await build(await issueWith([{ title: 'Deep', body }]));
    expect(lines).toEqual(['01-section-01.md:45:1: error: Lists or quotes nest 41 levels deep here; bulletin reads at most 40 [nesting-too-deep]']);
  });

  it('a table of 10,000 rows', async () => {
    const body = ['| Year | Value |', '|---|---:|', ...Array.from({ length: 10_000 }, (_, row) => `| ${1000 + row} | ${row * 3} |`)].join('\n');
    const { report, outDir } = await build(await issueWith([{ title: 'Table', body }]));
    expect(report.ok).toBe(true);
    expect(await readFile(join(outDir, '2021-05', 'all.html'), 'utf8')).toContain('<td>10999</td>');
  });

  describe('in print', () => {
    const browser = useBrowser();

    it('a 50-megapixel image fits the page in the PDF', async () => {
      const dir = await issueWith([{ title: 'Big picture', body: 'Text.\n\n![A very large picture](images/big.png "Fifty megapixels.")' }]);
      await mkdir(join(dir, 'images'));
      await writeFile(join(dir, 'images', 'big.png'), solidPng(8000, 6250));
      const { report, outDir } = await build(dir, createPdfPrinter({ browser: browser(), env: {} }));
      expect(report.issues[0]?.failure).toBeUndefined();
      expect(Number((await pdfInfo(join(outDir, '2021-05', 'bulletin-2021-05.pdf')))['Pages'])).toBe(2);
    });

    it('a title of 2,000 characters', async () => {
      const title = `A very long title ${'with many words '.repeat(130)}`.slice(0, 2000);
      const { report, outDir } = await build(await issueWith([{ title, body: 'Text.' }, { title: 'Short', body: 'Text.' }]), createPdfPrinter({ browser: browser(), env: {} }));
      expect(report.issues[0]?.failure).toBeUndefined();
      expect(Number((await pdfInfo(join(outDir, '2021-05', 'bulletin-2021-05.pdf')))['Pages'])).toBeGreaterThanOrEqual(2);
    });
  });
});
