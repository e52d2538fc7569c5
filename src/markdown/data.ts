import type { Position } from 'unist';
import type { SectionHeading } from '../model/types.js';

/** A heading found in a section, for the TOC model and the PDF outline. */
export type CollectedHeading = SectionHeading;

/** A relative image reference, to copy beside the output and to check that it exists. */
export interface CollectedImage {
  url: string;
  position: Position | undefined;
}

/** An element id the file defines, where it is defined. */
export interface CollectedId {
  id: string;
  position: Position | undefined;
}

export interface CollectedLink {
  url: string;
  position: Position | undefined;
}

// What the stages of the processor hand on to each other lives on the file, typed once.
declare module 'vfile' {
  interface DataMap {
    /** Front-matter, validated against the schema given to `remarkFrontmatterData`. */
    frontmatter: unknown;
    /** The section's place in the issue, set by `remarkSectionNumbering`. */
    section: { ordinal: number; numeral: string };
    headings: CollectedHeading[];
    images: CollectedImage[];
    /** Images on the web (`https://…`). */
    remoteImages: CollectedImage[];
    /** Every link of the file, after section links were resolved. */
    links: CollectedLink[];
    /** Every element id the file defines, in order. */
    ids: CollectedId[];
  }
}
