import type { Section, TocEntry } from './types.js';

/** One entry per section, in order: numeral, title and the id it links to. */
export function buildToc(sections: readonly Section[]): TocEntry[] {
  return sections.map((section) => ({ numeral: section.numeral, title: section.title, id: section.id }));
}

/** The same TOC with each entry's printed page, from a map of element id → page number. */
export function withPages(toc: readonly TocEntry[], pages: ReadonlyMap<string, number>): TocEntry[] {
  return toc.map((entry) => {
    const page = pages.get(entry.id);
    if (page === undefined) {
      throw new Error(`No page found for section "${entry.id}": the print template must give each section heading its id.`);
    }
    return { ...entry, page };
  });
}

/** True when both TOCs give every entry the same page. */
export function samePages(a: readonly TocEntry[], b: readonly TocEntry[]): boolean {
  return a.length === b.length && a.every((entry, index) => entry.page === b[index]?.page);
}
