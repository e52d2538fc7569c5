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
  // Loaded on demand: many issues have no raster image.
  const { default: sharp } = await import('sharp');
  const metadata = await sharp(path, { limitInputPixels: false }).metadata().catch(() => undefined);
  if (metadata?.format === undefined || !resizable.has(metadata.format) || (metadata.pages ?? 1) > 1) return undefined;
  // EXIF orientations 5–8 turn the image a quarter: its shown width is its stored height.
  const turned = (metadata.orientation ?? 1) >= 5;
  const width = turned ? metadata.height : metadata.width;
  const height = turned ? metadata.width : metadata.height;
  const format = metadata.format;
  const variants = variantWidths
    .filter((variantWidth) => variantWidth < width * 0.9)
    .map((variantWidth) => ({
      width: variantWidth,
      make: async () => {
        const resized = sharp(path, { limitInputPixels: false }).rotate().resize({ width: variantWidth, withoutEnlargement: true });
        const encoded = format === 'jpeg' ? resized.jpeg({ quality: 82, mozjpeg: true }) : format === 'png' ? resized.png({ compressionLevel: 9, palette: metadata.isPalette ?? false }) : resized.toFormat(format);
        return new Uint8Array(await encoded.toBuffer());
      },
    }));
  return { width, height, variants };
}

/** `chart.3f9a….png` → `chart.3f9a…-480w.png`: the copy's name follows the original's content hash. */
export function variantPath(originalPath: string, width: number): string {
  const dot = originalPath.lastIndexOf('.');
  return dot > originalPath.lastIndexOf('/') ? `${originalPath.slice(0, dot)}-${width}w${originalPath.slice(dot)}` : `${originalPath}-${width}w`;
}
