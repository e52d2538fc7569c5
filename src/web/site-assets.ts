import { createHash } from 'node:crypto';
import type { FontFace } from '../render/fonts.js';
import type { Templates } from '../render/templates.js';

/** A file of the site: text made here, or a file copied from `source`. */
export type SiteFile = { path: string; contents: string } | { path: string; source: string };

export interface SiteAssets {
  /** Site-relative path of the stylesheet, e.g. `assets/bulletin.3f9a1c2e.css`. */
  stylesheet: string;
  files: SiteFile[];
}

/**
 * The shared assets of the web edition, written once under `assets/`: the
 * stylesheet, named by a hash of its contents so browsers never keep a stale one,
 * and the fonts it loads (fontsource file names already carry version-free
 * identities, and the stylesheet's hash changes when their list does).
 */
export function siteAssets(templates: Templates, fonts: readonly FontFace[]): SiteAssets {
  const css = `${templates.fontsCss({ fonts, fontBase: 'fonts/' })}\n${templates.webCss}`;
  const hash = createHash('sha256').update(css).digest('hex').slice(0, 10);
  const stylesheet = `assets/bulletin.${hash}.css`;
  return {
    stylesheet,
    files: [
      { path: stylesheet, contents: css },
      ...fonts.map((font) => ({ path: `assets/fonts/${font.fileName}`, source: font.path })),
    ],
  };
}
