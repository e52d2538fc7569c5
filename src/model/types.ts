/** A heading of a section below its title, for the TOC model and the PDF outline. */
export interface SectionHeading {
  depth: number;
  id: string;
  text: string;
}

/** A calendar month, the identity of an issue. */
export interface IssueMonth {
  /** `YYYY-MM`, also the name of the issue's folder and output folder. */
  id: string;
  year: number;
  /** 1–12. */
  month: number;
}

export interface OrganizationName {
  lang: string;
  name: string;
}

export interface Layout {
  columns: 1 | 2;
  pageNumbers: 'page' | 'page-of-total';
  /** Languages of the organization names in the running header, in display order. */
  header: string[];
  hyphenate: boolean;
  /** Justified body text in print. */
  justify: boolean;
}

export interface Section {
  /** 1-based position in the issue. */
  ordinal: number;
  numeral: string;
  /** Element id of the section, from its file name's slug: `03-energy.md` → `energy`. */
  id: string;
  /** File name without `.md`: `03-energy`. */
  fileStem: string;
  sourcePath: string;
  title: string;
  lang: string | undefined;
  author: string | undefined;
  /** The rendered body, without the section heading (templates render that from data). */
  html: string;
  headings: SectionHeading[];
}

export interface TocEntry {
  numeral: string;
  title: string;
  /** Id of the section it links to. */
  id: string;
  /** Printed page of the section's heading; known only for the print edition. */
  page?: number;
}

/** The whole issue, independent of any output. */
export interface Issue {
  month: IssueMonth;
  sourceDir: string;
  title: string;
  subtitle: string;
  lang: string;
  organization: OrganizationName[];
  author: string | undefined;
  keywords: string[];
  foreword: string | undefined;
  sections: Section[];
  toc: TocEntry[];
  /** Relative paths of the images the issue uses, to copy beside its outputs. */
  images: string[];
  /** Relative paths of other local files the issue links to. */
  attachments: string[];
  layout: Layout;
  /** `search`: the web edition has full-text search (on unless `site.search: false`). */
  site: { url: string | undefined; search: boolean };
  /** The language version this is (`az`, from issue.az.md and NN-slug.az.md); undefined: the issue itself. */
  edition: string | undefined;
  /** Every version of the issue in its folder, this one included: each one's language and sections' file stems. */
  versions: IssueVersion[];
}

/** One language version of an issue, as the others link to it. */
export interface IssueVersion {
  edition: string | undefined;
  lang: string;
  /** `01-overview`, … : the sections this version has. */
  stems: string[];
}

/** What the print edition of an issue is, for the web edition and the archive. */
export interface PdfSummary {
  fileName: string;
  bytes: number;
  pages: number;
  /** The printed page of each contents entry, in order. */
  contentsPages: number[];
}
