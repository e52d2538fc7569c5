import { imageSize } from 'image-size';
import type { FormatEnum } from 'sharp';
import { readFileHead, sniffImageType } from '../content/image-type.js';
import { BulletinError } from '../errors.js';

/**
 * Smaller copies of an image for the web edition, chosen by the reader's browser
 * (`srcset` with `sizes`): a phone does not download a 4,000-pixel original. Made with
 * sharp (libvips) in the image's own format; the original is kept as the largest choice.
 */

/** Widths, in pixels, of the copies: a phone, a tablet or a laptop, and a laptop's screen at twice the density. */
export const variantWidths = [480, 800, 1200, 1600] as const;

/**
 * How wide the image is shown: the page's column (web.css: `.page` at most 44rem,
 * 1.25rem padding on each side), or the window less that padding on a narrower one.
 */
export const columnSizes = '(max-width: 44rem) calc(100vw - 2.5rem), 41.5rem';

const resizable = new Set(['png', 'jpeg', 'webp', 'avif']);

export interface ImageVariant {
  width: number;
  /** Makes the copy's bytes; called only when the copy is not already written. */
  make: () => Promise<Uint8Array>;
}

export interface ResponsiveImage {
  width: number;
  height: number;
  /** Copies narrower than the original, narrowest first. */
  variants: ImageVariant[];
}

/**
 * The original's size and its narrower copies; `undefined` for an image that is not
 * resized (SVG, GIF, a multi-page or unreadable file): it is served as it is.
 */
export async function responsiveImage(path: string): Promise<ResponsiveImage | undefined> {
  // PNG and JPEG, as most images are, are read from their header; sharp (some 60 ms of
  // CPU to load, in every build) only for the rest, and to make a copy not yet written.
  const facts = factsFromHeader(await readFileHead(path)) ?? (await factsFromSharp(path));
  if (facts === undefined || !resizable.has(facts.format) || facts.pages > 1) return undefined;
  // EXIF orientations 5–8 turn the image a quarter: its shown width is its stored height.
  const turned = facts.orientation >= 5;
  const width = turned ? facts.height : facts.width;
  const height = turned ? facts.width : facts.height;
  const variants = variantWidths
    .filter((variantWidth) => variantWidth < width * 0.9)
    .map((variantWidth) => ({ width: variantWidth, make: () => resizedCopy(path, facts, variantWidth) }));
  return { width, height, variants };
}

/** What the web edition needs to know of an image, as sharp's metadata gives it. */
export interface ImageFacts {
  format: string;
  /** As stored, before its EXIF orientation turns it. */
  width: number;
  height: number;
  /** EXIF orientation, 1 (upright) when there is none. */
  orientation: number;
  isPalette: boolean;
  pages: number;
}

async function factsFromSharp(path: string): Promise<ImageFacts | undefined> {
  // Loaded on demand: many issues have no raster image, and most have only PNG and JPEG.
  const { default: sharp } = await import('sharp');
  const metadata = await sharp(path, { limitInputPixels: false }).metadata().catch(() => undefined);
  if (metadata?.format === undefined) return undefined;
  return { format: metadata.format, width: metadata.width, height: metadata.height, orientation: metadata.orientation ?? 1, isPalette: metadata.isPalette ?? false, pages: metadata.pages ?? 1 };
}

async function resizedCopy(path: string, facts: ImageFacts, width: number): Promise<Uint8Array> {
  const { default: sharp } = await import('sharp');
  const resized = sharp(path, { limitInputPixels: false }).rotate().resize({ width, withoutEnlargement: true });
  const encoded = facts.format === 'jpeg' ? resized.jpeg({ quality: 82, mozjpeg: true }) : facts.format === 'png' ? resized.png({ compressionLevel: 9, palette: facts.isPalette }) : resized.toFormat(facts.format as keyof FormatEnum);
  try {
    return new Uint8Array(await encoded.toBuffer());
  } catch (error) {
    // A header that promises more than the file holds passes the check (which reads
    // headers only); libvips then says only that it could not write.
    throw new BulletinError(`The web edition's ${width} px wide copy of ${path} could not be made: ${(error as Error).message.split('\n')[0]}. The image may be damaged: open it and save it again.`, { cause: error });
  }
}

/**
 * An image's facts from its first bytes, where that is certain: a PNG whose header
 * chunks (up to its first image data) hold no EXIF and no animation, or a JPEG whose
 * size (and EXIF orientation, which comes before it) image-size finds. Anything else
 * is left to sharp (`undefined`).
 */
export function factsFromHeader(head: Uint8Array): ImageFacts | undefined {
  const format = sniffImageType(head);
  if (format === 'png') return pngFacts(head);
  if (format !== 'jpeg') return undefined;
  try {
    const { width, height, orientation, type } = imageSize(head);
    if (type !== 'jpg' || width === undefined || height === undefined || width === 0 || height === 0) return undefined;
    return { format: 'jpeg', width, height, orientation: orientation ?? 1, isPalette: false, pages: 1 };
  } catch {
    return undefined;
  }
}

/** PNG colour type 3: indexed colour, from a palette. */
const pngIndexedColour = 3;

function pngFacts(head: Uint8Array): ImageFacts | undefined {
  const view = new DataView(head.buffer, head.byteOffset, head.byteLength);
  if (head.length < 33 || chunkType(head, 12) !== 'IHDR') return undefined;
  const width = view.getUint32(16);
  const height = view.getUint32(20);
  if (width === 0 || height === 0) return undefined;
  // The chunks up to the image data: EXIF (an orientation) or animation are sharp's to read.
  for (let offset = 8; offset + 8 <= head.length; offset += 12 + view.getUint32(offset)) {
    const type = chunkType(head, offset + 4);
    if (type === 'IDAT') return { format: 'png', width, height, orientation: 1, isPalette: head[25] === pngIndexedColour, pages: 1 };
    if (type === 'eXIf' || type === 'acTL') return undefined;
  }
  return undefined;
}

function chunkType(bytes: Uint8Array, offset: number): string {
  return String.fromCharCode(...bytes.subarray(offset, offset + 4));
}

/** `chart.3f9a….png` → `chart.3f9a…-480w.png`: the copy's name follows the original's content hash. */
export function variantPath(originalPath: string, width: number): string {
  const dot = originalPath.lastIndexOf('.');
  return dot > originalPath.lastIndexOf('/') ? `${originalPath.slice(0, dot)}-${width}w${originalPath.slice(dot)}` : `${originalPath}-${width}w`;
}
