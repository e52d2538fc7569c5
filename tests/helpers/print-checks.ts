import { pageLines, type ReadPdf } from './pdf.js';

export interface PrintedTocEntry {
  numeral: string;
  title: string;
  page: number;
}

/** The contents as printed on the cover: "IV." title … page, one entry per line. */
export function printedToc(pdf: ReadPdf, sectionCount: number): PrintedTocEntry[] {
  const entries: PrintedTocEntry[] = [];
  for (const page of pdf.pages) {
    for (const line of pageLines(page)) {
      const match = /^([IVXLC]+)\.\s*(.+?)\s+(\d+)$/.exec(line.text);
      if (match && entries.length < sectionCount) entries.push({ numeral: match[1]!, title: match[2]!, page: Number(match[3]) });
    }
    if (entries.length === sectionCount) break;
  }
  // Fewer entries than sections means the contents were not read, and [] would equal [].
  if (entries.length !== sectionCount) throw new Error(`Read ${entries.length} contents entries of ${sectionCount}: ${JSON.stringify(entries)}`);
  return entries;
}

/**
 * The page on which each section heading is printed: the first line set larger
 * than body text that starts with the section's numeral and title.
 */
export function headingPages(pdf: ReadPdf, entries: ReadonlyArray<{ numeral: string; title: string }>, minimumSize = 13): Array<number | undefined> {
  return entries.map((entry) => {
    const heading = `${entry.numeral}. ${entry.title}`;
    const page = pdf.pages.find((candidate) =>
      pageLines(candidate).some((line) => line.size >= minimumSize && line.text.replace(/\s+/g, ' ').startsWith(heading.slice(0, 40))),
    );
    return page?.number;
  });
}
