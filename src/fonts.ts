import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { basename, dirname, resolve } from 'node:path';
import { BulletinError } from './errors.js';

/** One `@font-face` rule: a font file and the characters it serves. */
export interface FontFace {
  family: string;
  style: 'normal' | 'italic';
  weight: number;
  unicodeRange: string;
  /** Absolute path of the WOFF2 file. */
  path: string;
  /** File name, unique across all faces (fontsource names carry family, subset, weight and style). */
  fileName: string;
}

export interface FontSource {
  family: string;
  npmPackage: string;
  /** fontsource CSS files, one per weight and style. */
  styles: string[];
  /** Unicode subsets to ship: enough for English, Azerbaijani, Russian and Armenian quotations. */
  subsets: string[];
}

const european = ['latin', 'latin-ext', 'cyrillic', 'cyrillic-ext', 'greek'];

/**
 * The fonts of both editions. Every weight and style the stylesheets use is a real
 * font file: Chromium draws synthesized bold or italic as Type 3 glyphs in a PDF.
 * Armenian has no italic; its own family keeps Chromium from slanting it.
 */
export const fontSources: readonly FontSource[] = [
  { family: 'Bulletin Serif', npmPackage: '@fontsource/noto-serif', styles: ['400', '400-italic', '700', '700-italic'], subsets: european },
  { family: 'Bulletin Sans', npmPackage: '@fontsource/noto-sans', styles: ['400', '400-italic', '700', '700-italic'], subsets: european },
  { family: 'Bulletin Mono', npmPackage: '@fontsource/noto-sans-mono', styles: ['400', '700'], subsets: european },
  { family: 'Bulletin Serif Armenian', npmPackage: '@fontsource/noto-serif-armenian', styles: ['400', '700'], subsets: ['armenian'] },
  { family: 'Bulletin Sans Armenian', npmPackage: '@fontsource/noto-sans-armenian', styles: ['400', '700'], subsets: ['armenian'] },
];

const fontFaceRule = /@font-face\s*{([^}]*)}/g;

/** Reads the font faces from the installed fontsource packages. */
export async function loadFontFaces(sources: readonly FontSource[] = fontSources): Promise<FontFace[]> {
  const require = createRequire(import.meta.url);
  const faces: FontFace[] = [];
  for (const source of sources) {
    for (const style of source.styles) {
      let cssPath: string;
      try {
        cssPath = require.resolve(`${source.npmPackage}/${style}.css`);
      } catch {
        throw new BulletinError(`Font package ${source.npmPackage} is missing. Run \`npm ci\` to install the fonts.`);
      }
      const css = await readFile(cssPath, 'utf8');
      for (const face of parseFontFaces(css, dirname(cssPath))) {
        if (source.subsets.includes(face.subset)) faces.push({ ...face.face, family: source.family });
      }
    }
  }
  return faces;
}

/** The `@font-face` rules of a fontsource CSS file, with the subset each one serves. */
export function parseFontFaces(css: string, baseDir: string): Array<{ subset: string; face: Omit<FontFace, 'family'> }> {
  const found: Array<{ subset: string; face: Omit<FontFace, 'family'> }> = [];
  for (const [, body = ''] of css.matchAll(fontFaceRule)) {
    const file = /url\(\.?\/?([^)]+?\.woff2)\)/.exec(body)?.[1];
    const weight = Number(/font-weight:\s*(\d+)/.exec(body)?.[1]);
    const style = /font-style:\s*italic/.test(body) ? 'italic' : 'normal';
    const unicodeRange = /unicode-range:\s*([^;]+);/.exec(body)?.[1]?.trim();
    if (file === undefined || unicodeRange === undefined || !Number.isFinite(weight)) continue;
    const fileName = basename(file);
    const stem = fileName.replace(/-\d{3}-(?:normal|italic)\.woff2$/, '');
    // noto-serif-latin-ext-400-normal.woff2 → latin-ext
    const subset = subsetNames.find((name) => stem.endsWith(`-${name}`)) ?? stem;
    found.push({ subset, face: { style, weight, unicodeRange, path: resolve(baseDir, file), fileName } });
  }
  return found;
}

// Longer names first: "latin-ext" must win over "latin".
const subsetNames = ['latin-ext', 'latin', 'cyrillic-ext', 'cyrillic', 'greek-ext', 'greek', 'vietnamese', 'armenian', 'devanagari', 'math', 'symbols'];
