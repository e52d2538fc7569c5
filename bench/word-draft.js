// A contributor's draft as the benchmark imports it: 30 pages of an analyst's prose with
// headings, a table and 10 photographs, written as Word writes it (the `docx` package).
import { randomBytes } from 'node:crypto';
import { Document, HeadingLevel, ImageRun, Packer, Paragraph, Table, TableCell, TableRow, TextRun } from 'docx';
import sharp from 'sharp';

const words = ['policy', 'trade', 'energy', 'corridor', 'ministers', 'agreement', 'region', 'growth', 'talks', 'border', 'investment', 'capital', 'delegation', 'reform', 'exports', 'the', 'of', 'and', 'in', 'a', 'with', 'for', 'on', 'its'];

function prose(seed, count) {
  let state = seed * 7919 + 17;
  const out = [];
  for (let index = 0; index < count; index++) {
    state = (state * 48271) % 2147483647;
    out.push(words[state % words.length]);
  }
  return `${out.join(' ').replace(/^./, (first) => first.toUpperCase())}.`;
}

/**
 * About 30 A4 pages: 5 sections of 30 paragraphs of 100 words (15,000 words), a table
 * each, and 10 images: with `heavy`, 10 photographs as PNG (1600 × 1200, about 6 MB
 * each, 60 MB in all); otherwise 5 photographs as JPEG (about 1.5 MB each) and 5 charts as PNG.
 */
export async function thirtyPageDraft({ heavy = false } = {}) {
  const children = [new Paragraph({ text: 'Contributions for the month', heading: HeadingLevel.TITLE })];
  let image = 0;
  for (let section = 0; section < 5; section++) {
    children.push(new Paragraph({ text: `${section + 1}. Section ${section + 1} of the draft`, heading: HeadingLevel.HEADING_1 }));
    for (let index = 0; index < 30; index++) {
      if (index % 10 === 5) children.push(new Paragraph({ text: `Part ${index}`, heading: HeadingLevel.HEADING_2 }));
      children.push(new Paragraph({ children: [new TextRun(prose(section * 100 + index, 100))] }));
      if (index % 15 === 7 && image < 10) {
        const { type, data } = await draftImage(image, heavy);
        children.push(new Paragraph({ children: [new ImageRun({ type, data, transformation: { width: 480, height: 360 }, altText: { name: `Image ${image}`, description: `Image ${image + 1}`, title: '' } })] }));
        image++;
      }
    }
    children.push(new Table({ rows: [['Indicator', '2020', '2021'], ['Exports', '9.8', '8.9'], ['Imports', '4.1', '6.7']].map((cells, row) => new TableRow({ tableHeader: row === 0, children: cells.map((cell) => new TableCell({ children: [new Paragraph(cell)] })) })) }));
  }
  return Packer.toBuffer(new Document({ sections: [{ children }] }));
}

/** A photograph (noise: it does not compress, as photographs do not) or a chart (flat colours). */
async function draftImage(index, heavy) {
  if (heavy || index % 2 === 0) {
    const photo = sharp(randomBytes(1600 * 1200 * 3), { raw: { width: 1600, height: 1200, channels: 3 } });
    return heavy ? { type: 'png', data: await photo.png({ compressionLevel: 1 }).toBuffer() } : { type: 'jpg', data: await photo.jpeg({ quality: 85 }).toBuffer() };
  }
  const chart = sharp({ create: { width: 1600, height: 900, channels: 3, background: { r: 240, g: 240, b: 240 } } }).composite(
    [0, 1, 2, 3, 4].map((bar) => ({ input: { create: { width: 200, height: 150 + bar * 120, channels: 3, background: { r: 30, g: 90, b: 160 } } }, left: 150 + bar * 280, top: 850 - (150 + bar * 120) })),
  );
  return { type: 'png', data: await chart.png().toBuffer() };
}
