import { randomBytes } from 'node:crypto';
import {
  AlignmentType,
  CommentRangeEnd,
  CommentRangeStart,
  CommentReference,
  DeletedTextRun,
  Document,
  EndnoteReferenceRun,
  ExternalHyperlink,
  FootnoteReferenceRun,
  HeadingLevel,
  ImageRun,
  InsertedTextRun,
  LevelFormat,
  Math as WordMath,
  MathRun,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  Textbox,
  TextRun,
  type ISectionOptions,
} from 'docx';
import JSZip from 'jszip';
import sharp from 'sharp';

/** A PNG of the given size and colour: a stand-in for an analyst's chart. */
export async function pngImage(width: number, height: number, colour: { r: number; g: number; b: number }): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: colour } }).png().toBuffer();
}

/** A photo-like PNG (noise does not compress): heavy, as photographs are. */
export async function noisyImage(width: number, height: number): Promise<Buffer> {
  return sharp(randomBytes(width * height * 3), { raw: { width, height, channels: 3 } }).png({ compressionLevel: 1 }).toBuffer();
}

/** Word's own styles that analysts use, defined as Word defines them, so their names reach mammoth. */
const styles = {
  paragraphStyles: [
    { id: 'Quote', name: 'Quote', basedOn: 'Normal', run: { italics: true } },
    { id: 'Caption', name: 'Caption', basedOn: 'Normal', run: { size: 18 } },
  ],
};

const numbering = {
  config: [
    {
      reference: 'numbered',
      levels: [
        { level: 0, format: LevelFormat.DECIMAL, text: '%1.', alignment: AlignmentType.START },
        { level: 1, format: LevelFormat.LOWER_LETTER, text: '%2)', alignment: AlignmentType.START },
      ],
    },
  ],
};

export interface DraftParts {
  children: ISectionOptions['children'];
  footnotes?: Record<string, { children: Paragraph[] }>;
  endnotes?: Record<string, { children: Paragraph[] }>;
  comments?: Array<{ id: number; author: string; text: string }>;
}

/** A .docx as Word writes it, from paragraphs and tables made with the `docx` package. */
export async function makeDraft(parts: DraftParts): Promise<Buffer> {
  const document = new Document({
    styles,
    numbering,
    sections: [{ children: parts.children }],
    ...(parts.footnotes ? { footnotes: parts.footnotes } : {}),
    ...(parts.endnotes ? { endnotes: parts.endnotes } : {}),
    ...(parts.comments
      ? { comments: { children: parts.comments.map((comment) => ({ id: comment.id, author: comment.author, date: new Date(0), children: [new Paragraph(comment.text)] })) } }
      : {}),
  });
  return Packer.toBuffer(document);
}

/** Inserts raw WordprocessingML paragraphs before the body's end: what the `docx` package cannot write (charts, OLE objects). */
export async function withRawParagraphs(docx: Buffer, paragraphs: string[]): Promise<Buffer> {
  const zip = await JSZip.loadAsync(docx);
  const xml = await zip.file('word/document.xml')!.async('string');
  const wanted = { c: 'http://schemas.openxmlformats.org/drawingml/2006/chart', o: 'urn:schemas-microsoft-com:office:office', v: 'urn:schemas-microsoft-com:vml' };
  const namespaces = Object.entries(wanted)
    .filter(([prefix]) => !xml.includes(`xmlns:${prefix}=`))
    .map(([prefix, uri]) => ` xmlns:${prefix}="${uri}"`)
    .join('');
  const withNamespaces = xml.replace(/<w:document\b/, `<w:document${namespaces}`);
  zip.file('word/document.xml', withNamespaces.replace(/<w:sectPr\b/, `${paragraphs.join('')}<w:sectPr`));
  return zip.generateAsync({ type: 'nodebuffer' });
}

export const draftParts = {
  heading: (text: string, level: 1 | 2 | 3 = 1) => new Paragraph({ text, heading: [HeadingLevel.HEADING_1, HeadingLevel.HEADING_2, HeadingLevel.HEADING_3][level - 1]! }),
  title: (text: string) => new Paragraph({ text, heading: HeadingLevel.TITLE }),
  paragraph: (...runs: Array<TextRun | ExternalHyperlink | FootnoteReferenceRun | EndnoteReferenceRun | InsertedTextRun | DeletedTextRun | CommentRangeStart | CommentRangeEnd>) =>
    new Paragraph({ children: runs }),
  text: (text: string, format: { bold?: boolean; italics?: boolean; font?: string; color?: string; size?: number } = {}) => new TextRun({ text, ...format }),
  link: (text: string, url: string) => new ExternalHyperlink({ link: url, children: [new TextRun({ text, style: 'Hyperlink' })] }),
  bullet: (text: string, level = 0) => new Paragraph({ text, bullet: { level } }),
  numbered: (text: string, level = 0) => new Paragraph({ text, numbering: { reference: 'numbered', level } }),
  quote: (text: string) => new Paragraph({ text, style: 'Quote' }),
  caption: (text: string) => new Paragraph({ text, style: 'Caption' }),
  image: (data: Buffer, alt: string | undefined, size = { width: 400, height: 200 }) =>
    new Paragraph({ children: [new ImageRun({ type: 'png', data, transformation: size, ...(alt === undefined ? {} : { altText: { name: 'Picture', description: alt, title: '' } }) })] }),
  table: (rows: string[][], headerRow: boolean) =>
    new Table({
      rows: rows.map((cells, index) => new TableRow({ tableHeader: headerRow && index === 0, children: cells.map((cell) => new TableCell({ children: [new Paragraph(cell)] })) })),
    }),
  footnote: (id: number) => new FootnoteReferenceRun(id),
  endnote: (id: number) => new EndnoteReferenceRun(id),
  inserted: (text: string) => new InsertedTextRun({ text, id: 1, author: 'Editor', date: '2021-05-03T10:00:00Z' }),
  deleted: (text: string) => new DeletedTextRun({ text, id: 2, author: 'Editor', date: '2021-05-03T10:00:00Z' }),
  commented: (id: number, text: string) => [new CommentRangeStart(id), new TextRun(text), new CommentRangeEnd(id), new TextRun({ children: [new CommentReference(id)] })] as const,
  textbox: (text: string) => new Textbox({ style: { width: '200pt', height: '50pt' }, children: [new Paragraph(text)] }),
  equation: (text: string) => new Paragraph({ children: [new TextRun('Where '), new WordMath({ children: [new MathRun(text)] }), new TextRun(' holds.')] }),
  /** A chart as Word embeds one: a drawing whose graphic is a chart part. */
  chartXml: () =>
    '<w:p><w:r><w:t xml:space="preserve">Exports by month: </w:t></w:r><w:r><w:drawing><wp:inline><wp:extent cx="5486400" cy="3200400"/><wp:docPr id="99" name="Chart 1"/><a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/chart"><c:chart r:id="rIdChart1"/></a:graphicData></a:graphic></wp:inline></w:drawing></w:r></w:p>',
  /** An embedded spreadsheet (OLE object), with no preview image. */
  objectXml: () =>
    '<w:p><w:r><w:t xml:space="preserve">The workbook: </w:t></w:r><w:r><w:object><v:shape id="ole1" style="width:100pt;height:50pt"/><o:OLEObject Type="Embed" ProgID="Excel.Sheet.12" ShapeID="ole1" r:id="rIdOle1"/></w:object></w:r></w:p>',
};
