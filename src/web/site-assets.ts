import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { extname, basename } from 'node:path';
import type { Issue } from '../model/types.js';
import type { FontFace } from '../fonts.js';
import type { Templates } from '../render/templates.js';
import { responsiveImage, variantPath } from './responsive-images.js';

/**
 * A file of the site, by its path under the output folder: text made here, a file
 * copied from `source`, or bytes made by `make` when the file is to be written.
 */
export type SiteFile = { path: string; contents: string | Uint8Array } | { path: string; source: string } | { path: string; make: () => Promise<Uint8Array> };

export interface SiteAssets {
  /** Site-relative path of the stylesheet, e.g. `assets/bulletin.3f9a1c2e07.css`. */
  stylesheet: string;
  /** Site-relative path of the icon. */
  favicon: string;
  /** Site-relative path of the search box's script. */
  searchScript: string;
  files: SiteFile[];
}

function contentHash(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex').slice(0, 10);
}

/** `images/chart.png` with contents hashing to 3f9a… → `chart.3f9a….png`. */
function hashedName(path: string, hash: string): string {
  const extension = extname(path);
  return `${basename(path, extension)}.${hash}${extension.toLowerCase()}`;
}

/**
 * The shared assets of the web edition, written once under `assets/` with names
 * that change when their contents do, so they can be cached for ever: the
 * stylesheet and the fonts it loads.
 */
export async function siteAssets(templates: Templates, fonts: readonly FontFace[]): Promise<SiteAssets> {
  const fontFiles: SiteFile[] = [];
  const hashedFonts: FontFace[] = [];
  for (const font of fonts) {
    const fileName = hashedName(font.fileName, contentHash(await readFile(font.path)));
    hashedFonts.push({ ...font, fileName });
    fontFiles.push({ path: `assets/fonts/${fileName}`, source: font.path });
  }
  const css = `${templates.fontsCss({ fonts: hashedFonts, fontBase: 'fonts/' })}\n${templates.webCss}`;
  const stylesheet = `assets/bulletin.${contentHash(css)}.css`;
  const favicon = `assets/favicon.${contentHash(templates.favicon)}.svg`;
  const searchScript = `assets/search.${contentHash(templates.searchScript)}.js`;
  const files: SiteFile[] = [{ path: stylesheet, contents: css }, { path: favicon, contents: templates.favicon }, { path: searchScript, contents: templates.searchScript }, ...fontFiles];
  return { stylesheet, favicon, searchScript, files };
}

export interface IssueFiles {
  /** Path in the issue folder → site-relative path under `assets/`. */
  paths: Map<string, string>;
  /** Path in the issue folder of an image with narrower copies → its size and the copies' site-relative paths. */
  images: Map<string, WebImage>;
  files: SiteFile[];
}

export interface WebImage {
  width: number;
  height: number;
  /** Each copy and the original, narrowest first. */
  candidates: Array<{ path: string; width: number }>;
}

/**
 * The issue's images (`assets/images/`) and linked files (`assets/files/`), named by
 * their contents; each raster image also in narrower copies (responsive-images.ts).
 */
export async function issueFiles(issue: Pick<Issue, 'images' | 'attachments' | 'sourceDir'>): Promise<IssueFiles> {
  const paths = new Map<string, string>();
  const images = new Map<string, WebImage>();
  const files: SiteFile[] = [];
  for (const [folder, list] of [['images', issue.images], ['files', issue.attachments]] as const) {
    for (const path of list) {
      const source = `${issue.sourceDir}/${path}`;
      const target = `assets/${folder}/${hashedName(path, contentHash(await readFile(source)))}`;
      paths.set(path, target);
      files.push({ path: target, source });
      const responsive = folder === 'images' ? await responsiveImage(source) : undefined;
      if (responsive === undefined) continue;
      const copies = responsive.variants.map((variant) => ({ path: variantPath(target, variant.width), width: variant.width, make: variant.make }));
      files.push(...copies.map(({ path: copyPath, make }) => ({ path: copyPath, make })));
      images.set(path, { width: responsive.width, height: responsive.height, candidates: [...copies.map(({ path: copyPath, width }) => ({ path: copyPath, width })), { path: target, width: responsive.width }] });
    }
  }
  return { paths, images, files };
}
