import { deflateSync, inflateSync } from 'node:zlib';
import { PDFDocument, PDFName, PDFRawStream, type PDFRef } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { createPageReadingMemo } from '../../src/print/page-readings.js';
import { finishTextLayer, readPrintedText } from '../../src/print/pdf-text-layer.js';

/** Glyph codes 1 to 4 of the one font, and the text each stands for. */
type Glyphs = Record<1 | 2 | 3 | 4, string>;

/**
 * A page as Chromium writes one: a line of marked text in one Identity-H font, its glyphs
 * shown one `Tj` at a time, a line broken after glyph 4 (a hyphen when its ToUnicode says so).
 */
const lineBrokenAfterGlyph4 = [
  '/P <</MCID 0>> BDC',
  'BT /F1 12 Tf 1 0 0 -1 72 100 Tm <0001> Tj 7 0 Td <0002> Tj 7 0 Td <0004> Tj ET',
  'BT /F1 12 Tf 1 0 0 -1 72 120 Tm <0003> Tj 7 0 Td <0001> Tj ET',
  'EMC',
].join('\n');

async function printed(glyphs: Glyphs, contents = [lineBrokenAfterGlyph4, lineBrokenAfterGlyph4]): Promise<PDFDocument> {
  const document = await PDFDocument.create();
  const hex = (text: string) => [...text].map((character) => character.charCodeAt(0).toString(16).padStart(4, '0')).join('');
  const entries = Object.entries(glyphs).map(([code, text]) => `<${Number(code).toString(16).padStart(4, '0')}> <${hex(text)}>`);
  const cmap = `begincmap\n${entries.length} beginbfchar\n${entries.join('\n')}\nendbfchar\nendcmap`;
  const font = document.context.register(
    document.context.obj({ Type: 'Font', Subtype: 'Type0', BaseFont: 'Test', Encoding: 'Identity-H', ToUnicode: document.context.register(document.context.flateStream(cmap)) }),
  );
  for (const content of contents) {
    const page = document.addPage([200, 200]);
    page.node.setFontDictionary(PDFName.of('F1'), font);
    page.node.set(PDFName.of('Contents'), document.context.register(document.context.stream(deflateSync(Buffer.from(content, 'latin1')), { Filter: 'FlateDecode' })));
  }
  return document;
}

const finished = (document: PDFDocument, text = readPrintedText(document)) => {
  finishTextLayer(document, { outline: [], tracking: [], twinFonts: undefined }, text);
  return document.getPages().map((page) => {
    const stream = document.context.lookup(page.node.get(PDFName.of('Contents')) as PDFRef);
    return inflateSync((stream as PDFRawStream).contents).toString('latin1');
  });
};

const words: Glyphs = { 1: 'a', 2: 'b', 3: 'c', 4: '-' };

describe('pages read in an earlier print', () => {
  it('are not read again when their content and the text of its glyphs are the same; the PDF comes out as if they were', async () => {
    const memo = createPageReadingMemo();
    const printedFirst = await printed(words);
    const first = readPrintedText(printedFirst, memo.forPrint('2021-05'));
    finished(printedFirst, first);
    const again = await printed(words);
    const text = readPrintedText(again, memo.forPrint('2021-05'));
    expect(text.pages.map(({ reading }) => reading)).toEqual(first.pages.map(({ reading }) => reading));
    expect(text.pages[1]?.reading).toBe(first.pages[1]?.reading);
    expect(text.lines).toEqual([[{ baseline: 100, text: 'ab-' }, { baseline: 120, text: 'ca' }], [{ baseline: 100, text: 'ab-' }, { baseline: 120, text: 'ca' }]]);
    // The line-end hyphen read as U+2010, as a fresh reading finishes it.
    const expected = finished(await printed(words));
    expect(expected[0]).toContain('<FEFF2010>');
    expect(finished(again, text)).toEqual(expected);
  });

  it('are read again when a font gives another text for one of their glyphs (its ToUnicode covers the whole issue)', async () => {
    const memo = createPageReadingMemo();
    const printedFirst = await printed(words);
    finished(printedFirst, readPrintedText(printedFirst, memo.forPrint('2021-05')));
    const renamed = { ...words, 3: 'ə', 4: 'x' };
    const again = await printed(renamed);
    const text = readPrintedText(again, memo.forPrint('2021-05'));
    expect(text.lines[0]).toEqual([{ baseline: 100, text: 'abx' }, { baseline: 120, text: 'əa' }]);
    // No hyphen now, so none is marked at the line's end.
    expect(finished(again, text)).toEqual(finished(await printed(renamed)));
    expect(finished(await printed(renamed))[0]).not.toContain('<FEFF2010>');
  });

  it('are read again when their content differs, however little', async () => {
    const memo = createPageReadingMemo();
    readPrintedText(await printed(words), memo.forPrint('2021-05'));
    const moved = lineBrokenAfterGlyph4.replace('<0003>', '<0001>');
    const text = readPrintedText(await printed(words, [lineBrokenAfterGlyph4, moved]), memo.forPrint('2021-05'));
    expect(text.lines[1]).toEqual([{ baseline: 100, text: 'ab-' }, { baseline: 120, text: 'aa' }]);
  });

  it('are kept for the issue they were printed in, for its next print only, and for the last issues printed', async () => {
    const memo = createPageReadingMemo(2);
    const reading = (issue: string, document: PDFDocument) => readPrintedText(document, memo.forPrint(issue)).pages[0]?.reading;
    const may = reading('2021-05', await printed(words));
    expect(reading('2021-04', await printed(words)), 'another issue').not.toBe(may);
    expect(reading('2021-05', await printed(words)), 'the next print').toBe(may);
    const other = await printed(words, ['BT ET']);
    reading('2021-05', other);
    expect(reading('2021-05', await printed(words)), 'a print after one without the page').not.toBe(may);
    const june = reading('2021-06', await printed(words));
    reading('2021-07', await printed(words));
    reading('2021-08', await printed(words));
    expect(reading('2021-06', await printed(words)), 'an issue printed three issues ago').not.toBe(june);
  });

  it('are taken from an earlier build (kept on disk) only for an issue this printer has not printed, and only once finished', async () => {
    const earlierBuild = createPageReadingMemo().forPrint('2021-05');
    const document = await printed(words);
    const read = readPrintedText(document, earlierBuild);
    expect(earlierBuild.finished().size, 'read, not finished').toBe(0);
    finished(document, read);
    const kept = earlierBuild.finished();
    expect(kept.size).toBe(1);
    expect([...kept.values()][0]).toEqual({ content: undefined, lines: read.lines[0], glyphs: read.pages[0]?.reading?.glyphs, finished: read.pages[0]?.reading?.finished });

    const taken = readPrintedText(await printed(words), createPageReadingMemo().forPrint('2021-05', kept)).pages[0]?.reading;
    expect(taken).toBe([...kept.values()][0]);
    // An issue printed in this process: its own pages, not the earlier build's.
    const memo = createPageReadingMemo();
    const own = readPrintedText(await printed(words), memo.forPrint('2021-05')).pages[0]?.reading;
    const again = readPrintedText(await printed(words), memo.forPrint('2021-05', kept)).pages[0]?.reading;
    expect(again).toBe(own);
    expect(again).not.toBe(taken);
  });
});
