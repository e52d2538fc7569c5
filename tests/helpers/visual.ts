import { execFile } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pixelmatch from 'pixelmatch';
import { PNG } from 'pngjs';
import { artifactsDir, repoRoot } from './paths.js';

const run = promisify(execFile);

/** Reference images of print pages, committed; `npm run bless` writes them anew. */
export const referencesDir = join(repoRoot, 'tests', 'visual', 'references');
const diffsDir = join(artifactsDir, 'visual');

/** Page images are rendered at 72 dpi: a point is a pixel, and a changed word shows. */
export const renderDpi = 72;

/**
 * Tolerance: a pixel differs when pixelmatch's colour distance is over 0.1 (its
 * default; anti-aliasing differences are not counted), and a page may have at most
 * 0.01 % of its pixels differ (about 50 pixels of an A4 page at 72 dpi) — less
 * than one changed letter, so any change of text or layout fails.
 */
export const tolerance = { threshold: 0.1, maximumDifferentPixels: 0.0001 };

/**
 * Whether this run records the references (`npm run bless`) instead of comparing with
 * them. Never in CI: a BULLETIN_BLESS left in the environment would make every visual
 * test pass, so it fails them instead.
 */
export function blessing(): boolean {
  if (process.env['BULLETIN_BLESS'] !== '1') return false;
  if (process.env['CI'] !== undefined && process.env['CI'] !== '' && process.env['CI'] !== 'false') {
    throw new Error('BULLETIN_BLESS=1 in CI: references are recorded by hand (npm run bless) after looking at the diffs, never by CI.');
  }
  return true;
}

/** Renders one page of a PDF to PNG with poppler. */
export async function renderPage(pdfPath: string, page: number): Promise<Buffer> {
  const { stdout } = await run('pdftoppm', ['-r', String(renderDpi), '-f', String(page), '-l', String(page), '-png', '-singlefile', pdfPath], {
    encoding: 'buffer',
    maxBuffer: 64 * 1024 * 1024,
  });
  return stdout;
}

export interface Comparison {
  /** Pixels that differ, and the share of the page they make. */
  different: number;
  ratio: number;
  /** Where the rendered page and the diff were written, when they differ. */
  diffPath?: string;
}

/**
 * Compares a rendered page with its reference. When blessing, writes the reference
 * instead. A page that differs beyond the tolerance leaves its rendering and a diff
 * image (changed pixels in red) in tests/artifacts/visual/ to look at.
 */
export async function compareWithReference(name: string, png: Buffer): Promise<Comparison> {
  const referencePath = join(referencesDir, `${name}.png`);
  if (blessing()) {
    await mkdir(referencesDir, { recursive: true });
    await writeFile(referencePath, png);
    return { different: 0, ratio: 0 };
  }
  let referenceBytes: Buffer;
  try {
    referenceBytes = await readFile(referencePath);
  } catch {
    throw new Error(`No reference image ${referencePath}; look at the page, then run \`npm run bless\` to record it.`);
  }
  const actual = PNG.sync.read(png);
  const reference = PNG.sync.read(referenceBytes);
  await mkdir(diffsDir, { recursive: true });
  if (actual.width !== reference.width || actual.height !== reference.height) {
    await writeFile(join(diffsDir, `${name}.actual.png`), png);
    return { different: actual.width * actual.height, ratio: 1, diffPath: join(diffsDir, `${name}.actual.png`) };
  }
  const diff = new PNG({ width: actual.width, height: actual.height });
  const different = pixelmatch(actual.data, reference.data, diff.data, actual.width, actual.height, { threshold: tolerance.threshold });
  const ratio = different / (actual.width * actual.height);
  if (ratio <= tolerance.maximumDifferentPixels) return { different, ratio };
  const diffPath = join(diffsDir, `${name}.diff.png`);
  await writeFile(join(diffsDir, `${name}.actual.png`), png);
  await writeFile(diffPath, PNG.sync.write(diff));
  return { different, ratio, diffPath };
}
