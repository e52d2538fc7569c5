import { Buffer } from 'node:buffer';
import { describe, expect, it } from 'vitest';
import { decodePdfString, encodePdfTextString, parseContentStream, pdfStringBytes, serializeContentStream, UnsupportedContentError } from '../../src/print/content-stream.js';
import { contentsAgree, findPrintedContents, headingsPrinted } from '../../src/print/contents-check.js';
import { widenAdvances } from '../../src/print/font-tracking.js';
import { isTwinFonts, withTwinFonts, type TwinFonts } from '../../src/print/print-facts.js';
import { dropSoftHyphenGlyphs, fontUses, markArtifacts, markLineEndHyphens, printedLines } from '../../src/print/text-layer.js';
import { parseToUnicode, twoByteCodes } from '../../src/print/to-unicode.js';

const ops = (source: string) => parseContentStream(source);
const text = (source: string) => serializeContentStream(parseContentStream(source));

describe('content streams', () => {
  it('reads operators with their operands: strings, hex strings, names, dictionaries and arrays whole', () => {
    const parsed = ops('/P <</MCID 3 /ActualText (a \\) b (c))>> BDC\nBT /F8 14.66 Tf 1 0 0 -1 0 984 Tm [<0057> -12 (x)] TJ ET % a comment\nEMC');
    expect(parsed.map((operation) => operation.operator)).toEqual(['BDC', 'BT', 'Tf', 'Tm', 'TJ', 'ET', 'EMC']);
    expect(parsed[0]?.operands).toEqual(['/P', '<</MCID 3 /ActualText (a \\) b (c))>>']);
    expect(parsed[4]?.operands).toEqual(['[<0057> -12 (x)]']);
  });

  it('writes back what it read, one operation a line', () => {
    expect(text('q 1 0 0 1 0 0 cm /G3 gs BT <0003> Tj ET Q')).toBe('q\n1 0 0 1 0 0 cm\n/G3 gs\nBT\n<0003> Tj\nET\nQ');
  });

  it('tells numbers from operators as PDF does: sign, digits, one point', () => {
    expect(ops('+1 -.5 3. 0 Td').map((operation) => operation.operands)).toEqual([['+1', '-.5', '3.', '0']]);
    expect(ops('1.2.3 - Tj').map((operation) => operation.operator)).toEqual(['1.2.3', '-', 'Tj']);
    expect(ops('true null /N 7 x').at(-1)?.operands).toEqual(['true', 'null', '/N', '7']);
  });

  it('reads the two-byte codes of shown strings, in hex (as Chromium writes them) or not', () => {
    const stringCodes = (token: string) => twoByteCodes(pdfStringBytes(token));
    expect(stringCodes('<0048004c>')).toEqual([0x48, 0x4c]);
    expect(stringCodes('<00 48 00 4C>')).toEqual([0x48, 0x4c]);
    expect(stringCodes('(\\000H\\000L)')).toEqual([0x48, 0x4c]);
    expect(stringCodes('<>')).toEqual([]);
    // Anything but four hex digits a glyph is read as PDF reads hex strings (white space and stray characters skipped).
    expect(stringCodes('<004G>')).toEqual([0x40]);
    expect(stringCodes('<0048 004c>')).toEqual([0x48, 0x4c]);
  });

  it('refuses inline images and unterminated tokens, so the stream is left as it is', () => {
    expect(() => ops('BI /W 1 /H 1 ID x EI')).toThrow(UnsupportedContentError);
    expect(() => ops('(open Tj')).toThrow(UnsupportedContentError);
    expect(() => ops('1 2')).toThrow(UnsupportedContentError);
  });

  it('decodes text strings in UTF-16 and in bytes, and encodes them in UTF-16', () => {
    expect(decodePdfString('<feff00ad>')).toBe('\u00ad');
    expect(decodePdfString('(\\376\\377\\000A)')).toBe('A');
    expect(decodePdfString('(a\\(b)')).toBe('a(b');
    expect(encodePdfTextString('Ə‐')).toBe('<FEFF018F2010>');
  });
});

describe('soft hyphens that did not break a line', () => {
  it('go with their glyph; their positioning and font stay', () => {
    const source = ['BT', '/F8 14 Tf', '1 0 0 -1 0 984 Tm', '<0044> Tj', '/Span<</ActualText <feff00ad> >> BDC', '9.45 0 Td <0003> Tj', 'EMC', '0 0 Td <0057> Tj', 'ET'].join('\n');
    expect(serializeContentStream(dropSoftHyphenGlyphs(ops(source)))).toBe(['BT', '/F8 14 Tf', '1 0 0 -1 0 984 Tm', '<0044> Tj', '9.45 0 Td', '0 0 Td', '<0057> Tj', 'ET'].join('\n'));
    const withFont = ['BT', '/Span <</ActualText <feff00ad> >> BDC', '/F8 14 Tf', '1 0 0 -1 0 17945 Tm', '18.2 0 Td', '<0003> Tj', 'EMC', 'ET'].join('\n');
    expect(serializeContentStream(dropSoftHyphenGlyphs(ops(withFont)))).toBe(['BT', '/F8 14 Tf', '1 0 0 -1 0 17945 Tm', '18.2 0 Td', 'ET'].join('\n'));
  });

  it('stay where the next glyph is not positioned anew, and other ActualText is kept', () => {
    const unpositioned = 'BT /Span<</ActualText <feff00ad>>> BDC <0003> Tj EMC <0057> Tj ET';
    expect(serializeContentStream(dropSoftHyphenGlyphs(ops(unpositioned)))).toBe(text(unpositioned));
    const other = 'BT /Span<</ActualText <feff0066>>> BDC <0003> Tj EMC 0 0 Td <0057> Tj ET';
    expect(serializeContentStream(dropSoftHyphenGlyphs(ops(other)))).toBe(text(other));
  });
});

describe('hyphens at line ends', () => {
  const isHyphen = (font: string, code: number) => font === '/F8' && code === 0x10;

  it('read as U+2010 where the next text object starts on another line, split off the run they end', () => {
    const source = '/P <</MCID 1>> BDC BT /F8 14 Tf 1 0 0 -1 0 100 Tm <00440010> Tj ET BT /F8 14 Tf 1 0 0 -1 0 120 Tm <0057> Tj ET EMC';
    expect(serializeContentStream(markLineEndHyphens(ops(source), isHyphen))).toBe(
      text('/P <</MCID 1>> BDC BT /F8 14 Tf 1 0 0 -1 0 100 Tm <0044> Tj /Span <</ActualText <FEFF2010>>> BDC <0010> Tj EMC ET BT /F8 14 Tf 1 0 0 -1 0 120 Tm <0057> Tj ET EMC'),
    );
  });

  it('stay as they are inside a line, in another font, or outside marked content', () => {
    const sameLine = '/P <</MCID 1>> BDC BT /F8 14 Tf 1 0 0 -1 0 100 Tm <0010> Tj ET BT /F8 14 Tf 1 0 0 -1 50 100 Tm <0057> Tj ET EMC';
    expect(serializeContentStream(markLineEndHyphens(ops(sameLine), isHyphen))).toBe(text(sameLine));
    const otherFont = '/P <</MCID 1>> BDC BT /F9 14 Tf 1 0 0 -1 0 100 Tm <0010> Tj ET EMC';
    expect(serializeContentStream(markLineEndHyphens(ops(otherFont), isHyphen))).toBe(text(otherFont));
    const artifact = 'BT /F8 14 Tf 1 0 0 -1 0 100 Tm <0010> Tj ET';
    expect(serializeContentStream(markLineEndHyphens(ops(artifact), isHyphen))).toBe(text(artifact));
  });
});

describe('lines of printed text', () => {
  // Glyph codes as their letters, in two fonts: /F1 for ASCII, /F2 for the rest (a subset per script).
  const decode = (_font: string, code: number) => String.fromCharCode(code);
  const glyphs = (word: string, advance = 6) => [...word].map((letter) => `<${letter.charCodeAt(0).toString(16).padStart(4, '0')}> Tj ${advance} 0 Td`).join(' ');

  it('joins the text objects of one baseline as they stand: a word in two fonts whole, a number set apart with a space', () => {
    const stream = [
      `/P <</MCID 0>> BDC BT /F1 10 Tf 1 0 0 -1 10 100 Tm ${glyphs('Beyn')} ET BT /F2 10 Tf 1 0 0 -1 34 100 Tm ${glyphs('\u0259')} ET EMC`,
      `/P <</MCID 1>> BDC BT /F1 10 Tf 1 0 0 -1 40 100 Tm ${glyphs('lxalq')} ET BT /F1 10 Tf 1 0 0 -1 400 100 Tm ${glyphs('12')} ET EMC`,
      `/P <</MCID 2>> BDC BT /F1 10 Tf 1 0 0 -1 10 120 Tm ${glyphs('next')} ET EMC`,
      // The running header: not marked, not document text.
      `BT /F1 10 Tf 1 0 0 -1 10 20 Tm ${glyphs('header')} ET`,
    ].join('\n');
    expect(printedLines(ops(stream), decode)).toEqual([
      { baseline: 100, text: 'Beyn\u0259lxalq 12' },
      { baseline: 120, text: 'next' },
    ]);
  });
});

describe('artifacts', () => {
  it('wrap each text object and painted path outside marked content, and nothing inside it', () => {
    const source = 'q BT /F5 10 Tf <0030> Tj ET 0 0 10 10 re f 0 0 5 5 re W n /P <</MCID 0>> BDC BT <0031> Tj ET 0 0 1 1 re f EMC /Im1 Do Q';
    expect(serializeContentStream(markArtifacts(ops(source)))).toBe(
      text('q /Artifact BMC BT /F5 10 Tf <0030> Tj ET EMC /Artifact BMC 0 0 10 10 re f EMC 0 0 5 5 re W n /P <</MCID 0>> BDC BT <0031> Tj ET 0 0 1 1 re f EMC /Artifact BMC /Im1 Do EMC Q'),
    );
  });
});

describe('font uses', () => {
  it('name the font and the innermost marked-content id of the glyph runs, each pair once', () => {
    const source = '/F1 9 Tf BT <01> Tj ET /P <</MCID 4>> BDC BT /F2 9 Tf <02> Tj /Span <</ActualText <feff2010>>> BDC <03> Tj EMC /F1 9 Tf <04> Tj ET EMC';
    expect(fontUses(ops(source))).toEqual([
      { font: '/F1', mcid: undefined },
      { font: '/F2', mcid: 4 },
      { font: '/F1', mcid: 4 },
    ]);
  });
});

describe('ToUnicode maps', () => {
  it('read bfchar and bfrange entries, ranges counting up and given as arrays', () => {
    const map = parseToUnicode(
      '2 beginbfchar\n<0003> <0020>\n<0010> <002D>\nendbfchar\n2 beginbfrange\n<0024> <0026> <0041>\n<0030> <0031> [<0066006C> <D835DC00>]\nendbfrange',
    );
    expect([3, 0x10, 0x24, 0x25, 0x26, 0x30, 0x31].map((code) => map.get(code))).toEqual([' ', '-', 'A', 'B', 'C', 'fl', '\u{1d400}']);
  });
});

describe('reading the printed contents back', () => {
  const toc = [
    { numeral: 'I', title: 'The calendar of the month', id: 'calendar' },
    { numeral: 'II', title: 'Recovery after the Covid-19 pandemic: trade and the budget', id: 'recovery' },
  ];
  const cover = 'BULLETIN\nCONTENTS\nI. The calendar of the month 2\nII. Recovery after the Covid-19 pandemic: trade\nand the budget 3\n';

  it('finds the number after each entry and the page of each heading, across line breaks', () => {
    const pages = [cover, 'I. The calendar\nof the month\nText.', 'More text.', 'II. Recovery after the Covid-\u2010\n19 pandemic: trade and the budget'];
    const found = findPrintedContents(pages, toc);
    expect(found).toEqual({ printed: [2, 3], headings: [2, 4] });
    expect(contentsAgree(found)).toBe(false);
    expect(contentsAgree(findPrintedContents([cover, pages[1]!, pages[3]!], toc))).toBe(true);
  });

  it('does not take a longer numeral or title for the one it looks for', () => {
    const many = [
      { numeral: 'I', title: 'Subject 1', id: 'one' },
      { numeral: 'XI', title: 'Subject 11', id: 'eleven' },
    ];
    const pages = ['I. Subject 1 3\nXI. Subject 11 4', 'XI. Subject 11 text', 'I. Subject 1 text', 'XI. Subject 11'];
    expect(findPrintedContents(pages, many)).toEqual({ printed: [3, 4], headings: [3, 2] });
  });

  it('takes a letter of any script, one beyond the basic plane too, as going on across the edge; punctuation not', () => {
    const one = [{ numeral: 'I', title: 'Subject 1', id: 'one' }];
    // Armenian Ա, mathematical bold 𝐀 (a surrogate pair), Arabic-Indic ٣ (a digit).
    const pages = ['I. Subject 1 3', 'ԱI. Subject 1 here', '𝐀I. Subject 1 here', 'I. Subject 1٣ here', '(I. Subject 1)'];
    expect(findPrintedContents(pages, one)).toEqual({ printed: [3], headings: [5] });
    expect(headingsPrinted(['ԱI. Subject 1', 'I. Subject 1𝐀'], one)).toBe(false);
    expect(headingsPrinted(['ԱI. Subject 1', '«I. Subject 1»'], one)).toBe(true);
  });

  it('does not take a number inside a title for the page, nor the entry itself for the heading', () => {
    const found = findPrintedContents([cover, 'Nothing here.'], toc);
    expect(found.printed).toEqual([2, 3]);
    expect(found.headings).toEqual([undefined, undefined]);
    expect(findPrintedContents(['I. The calendar of the month'], toc).printed).toEqual([undefined, undefined]);
  });

  it('tells contents printed without numbers from text that could not be read', () => {
    const withoutNumbers = ['CONTENTS\nI. The calendar of the month\nII. Recovery after the Covid-19 pandemic: trade and the budget', 'I. The calendar of the month', 'II. Recovery after the Covid-19 pandemic:\ntrade and the budget'];
    expect(findPrintedContents(withoutNumbers, toc).printed).toEqual([undefined, undefined]);
    expect(headingsPrinted(withoutNumbers, toc)).toBe(true);
    expect(headingsPrinted(['', '', ''], toc)).toBe(false);
    expect(headingsPrinted(['I. The calendar of the month'], toc)).toBe(false);
  });
});

describe('tracked fonts', () => {
  it('add the tracking to every advance of a TrueType program, in its units per em', () => {
    // A program with head (unitsPerEm 2048), hhea (2 metrics) and hmtx.
    const tables = { head: Buffer.alloc(54), hhea: Buffer.alloc(36), hmtx: Buffer.alloc(8) };
    tables.head.writeUInt16BE(2048, 18);
    tables.hhea.writeUInt16BE(2, 34);
    tables.hmtx.writeUInt16BE(1000, 0);
    tables.hmtx.writeUInt16BE(500, 4);
    const names = Object.keys(tables) as Array<keyof typeof tables>;
    const directory = Buffer.alloc(12 + 16 * names.length);
    directory.writeUInt16BE(names.length, 4);
    let offset = directory.length;
    names.forEach((name, index) => {
      directory.write(name, 12 + 16 * index, 'latin1');
      directory.writeUInt32BE(offset, 12 + 16 * index + 8);
      directory.writeUInt32BE(tables[name].length, 12 + 16 * index + 12);
      offset += tables[name].length;
    });
    const program = Buffer.concat([directory, ...names.map((name) => tables[name])]);
    expect(widenAdvances(program, 250)).toBe(true);
    const hmtx = directory.length + 54 + 36;
    expect([program.readUInt16BE(hmtx), program.readUInt16BE(hmtx + 4)]).toEqual([1512, 1012]);
    expect(widenAdvances(Buffer.from('not a font'), 250)).toBe(false);
  });
});

describe('the twins of tracked fonts a print leaves for the next', () => {
  const twins: TwinFonts = {
    names: ['Bulletin Sans tracked 140'],
    css: '@font-face { font-family: "Bulletin Sans tracked 140"; src: url("/_fonts/sans-700-normal.woff2?tracking=140") format("woff2"); }',
    urls: ['/_fonts/sans-700-normal.woff2?tracking=140'],
  };

  it('go into the head of a document, the faces that loaded asked for at once', () => {
    const html = withTwinFonts('<!DOCTYPE html><html><head><title>x</title></HEAD><body><p>Text</p></body></html>', twins);
    expect(html).toBe(
      '<!DOCTYPE html><html><head><title>x</title><style data-print-twin-fonts="Bulletin Sans tracked 140">' +
        twins.css +
        '</style><link rel="preload" as="font" type="font/woff2" crossorigin href="/_fonts/sans-700-normal.woff2?tracking=140"></HEAD><body><p>Text</p></body></html>',
    );
    expect(withTwinFonts('<p>No head</p>', twins)).toBe('<p>No head</p>');
    expect(withTwinFonts('<head></head>', undefined)).toBe('<head></head>');
  });

  it('are taken only as font faces without markup, on the printer’s origin', () => {
    expect(isTwinFonts(twins)).toBe(true);
    expect(isTwinFonts({ ...twins, css: `${twins.css}</style><script>alert(1)</script>` })).toBe(false);
    expect(isTwinFonts({ ...twins, css: `${twins.css}\nbody { display: none; }` })).toBe(false);
    expect(isTwinFonts({ ...twins, css: `@import url("/_fonts/x.css");\n${twins.css}` })).toBe(false);
    expect(isTwinFonts({ ...twins, names: ['Sans" onload="x'] })).toBe(false);
    expect(isTwinFonts({ ...twins, urls: ['https://elsewhere.example/font.woff2?tracking=140'] })).toBe(false);
    expect(isTwinFonts({ ...twins, urls: ['/_fonts/a.woff2?tracking=140"><script>'] })).toBe(false);
    expect(isTwinFonts({ ...twins, urls: 'one' })).toBe(false);
    expect(isTwinFonts(null)).toBe(false);
  });
});
