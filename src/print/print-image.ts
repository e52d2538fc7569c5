import { readFile } from 'node:fs/promises';
import { imageSize } from 'image-size';
import { readFileHead } from '../content/image-type.js';
import { printPage } from './print-document.js';

/** The finest resolution a print needs: 300 pixels to the inch at the size an image is printed. */
export const printResolution = 300;

/**
 * The largest size, in pixels, an image can need in the print edition: the text
 * block's width by the tallest an image is set (print.css: `max-height: 180mm`), at
 * 300 ppi. A larger image only makes the PDF heavier and its render slower.
 */
export const largestPrintedImage = {
  width: Math.ceil(((printPage.width - printPage.margin.left - printPage.margin.right) / 25.4) * printResolution),
  height: Math.ceil((180 / 25.4) * printResolution),
};

const rasters = new Set(['png', 'jpeg', 'webp', 'avif', 'tiff']);

/**
 * The bytes of an image as the print edition embeds it: a raster image larger than
 * `largestPrintedImage` is scaled down to fit inside it (libvips, through sharp, in
 * bounded memory however large the original), in its own format; anything else, as
 * it is. The web edition keeps the original.
 */
export async function imageForPrint(path: string): Promise<Buffer> {
  // An image that fits is embedded as it is, as most do: its header says so (image-size)
  // without sharp, whose loading alone takes some 60 ms of the print's load.
  if (fitsAsItIs(await readFileHead(path))) return readFile(path);
  // Loaded on demand: fonts and documents go past it, and many issues have no raster image.
  const { default: sharp } = await import('sharp');
  const image = sharp(path, { limitInputPixels: false, failOn: 'error' });
  const { format, width = 0, height = 0, pages = 1 } = await image.metadata().catch(() => ({ format: undefined, width: 0, height: 0, pages: 1 }));
  if (format === undefined || !rasters.has(format) || pages > 1 || (width <= largestPrintedImage.width && height <= largestPrintedImage.height)) return readFile(path);
  const resized = image.rotate().resize({ ...largestPrintedImage, fit: 'inside', withoutEnlargement: true });
  const encoded = format === 'jpeg' ? resized.jpeg({ quality: 90 }) : format === 'png' ? resized.png({ compressionLevel: 6 }) : resized.toFormat(format);
  return encoded.toBuffer();
}

/** Whether an image's header gives a size within `largestPrintedImage`; false when it gives none (sharp then decides). */
function fitsAsItIs(bytes: Uint8Array): boolean {
  try {
    const { width, height } = imageSize(bytes);
    return width !== undefined && height !== undefined && width <= largestPrintedImage.width && height <= largestPrintedImage.height;
  } catch {
    return false;
  }
}
