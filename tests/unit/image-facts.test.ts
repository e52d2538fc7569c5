import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { factsFromHeader, responsiveImage, type ImageFacts } from '../../src/web/responsive-images.js';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { tempDir } from '../helpers/temp.js';

/** What sharp's own metadata says of an image, in the facts' terms. */
async function sharpFacts(bytes: Uint8Array): Promise<ImageFacts> {
  const metadata = await sharp(bytes).metadata();
  return { format: metadata.format, width: metadata.width, height: metadata.height, orientation: metadata.orientation ?? 1, isPalette: metadata.isPalette ?? false, pages: metadata.pages ?? 1 };
}

const pixels = (channels: 3 | 4) => sharp({ create: { width: 37, height: 23, channels, background: { r: 200, g: 30, b: 90, alpha: 0.5 } } });

/** A PNG chunk: length, type, data, and a CRC that nothing here checks. */
function pngChunk(type: string, data: Uint8Array): Uint8Array {
  const chunk = new Uint8Array(12 + data.length);
  new DataView(chunk.buffer).setUint32(0, data.length);
  chunk.set([...type].map((char) => char.charCodeAt(0)), 4);
  chunk.set(data, 8);
  return chunk;
}

/** The PNG with a chunk put right after its IHDR (which ends at byte 33). */
function withChunkAfterHeader(png: Uint8Array, chunk: Uint8Array): Uint8Array {
  return new Uint8Array([...png.subarray(0, 33), ...chunk, ...png.subarray(33)]);
}

describe('an image read from its header, for the web edition\'s copies', () => {
  it('agrees with sharp on PNG (colour, grey, alpha, palette) and JPEG, upright or turned', async () => {
    const images: Record<string, Buffer> = {
      'rgb png': await pixels(3).png().toBuffer(),
      'grey png': await pixels(3).greyscale().png().toBuffer(),
      'rgba png': await pixels(4).png().toBuffer(),
      'palette png': await pixels(3).png({ palette: true }).toBuffer(),
      'jpeg': await pixels(3).jpeg().toBuffer(),
      'jpeg turned (EXIF orientation 6)': await pixels(3).jpeg().withMetadata({ orientation: 6 }).toBuffer(),
      'jpeg with EXIF, upright': await pixels(3).jpeg().withMetadata({ orientation: 1 }).toBuffer(),
    };
    for (const [name, bytes] of Object.entries(images)) {
      const facts = factsFromHeader(bytes);
      expect(facts, name).toEqual(await sharpFacts(bytes));
    }
    expect(factsFromHeader(images['palette png']!)?.isPalette).toBe(true);
    expect(factsFromHeader(images['jpeg turned (EXIF orientation 6)']!)?.orientation).toBe(6);
  });

  it('leaves to sharp what a header cannot settle: EXIF or animation in a PNG, other formats, cut files', async () => {
    const png = await pixels(3).png().toBuffer();
    const jpeg = await pixels(3).jpeg().toBuffer();
    const undecided = {
      'png with eXIf': withChunkAfterHeader(png, pngChunk('eXIf', new Uint8Array(8))),
      'animated png (acTL)': withChunkAfterHeader(png, pngChunk('acTL', new Uint8Array(8))),
      'webp': await pixels(3).webp().toBuffer(),
      'gif': await pixels(3).gif().toBuffer(),
      'png cut before its image data': png.subarray(0, 40),
      'png cut in its header': png.subarray(0, 20),
      'jpeg cut before its size': jpeg.subarray(0, 4),
      'not an image': new TextEncoder().encode('hello'),
    };
    for (const [name, bytes] of Object.entries(undecided)) expect(factsFromHeader(bytes), name).toBeUndefined();
  });

  it('name the image whose copy cannot be made, when its header promises what its data does not hold', async () => {
    // A PNG that says 100,000 × 60,000 pixels in its header, with 8 × 8 pixels of data.
    const png = Buffer.from(await pixels(3).png().toBuffer());
    png.writeUInt32BE(100_000, 16);
    png.writeUInt32BE(60_000, 20);
    const path = join(await tempDir(), 'liar.png');
    await writeFile(path, png);
    const image = await responsiveImage(path);
    expect(image?.variants.length).toBeGreaterThan(0);
    await expect(image!.variants[0]!.make()).rejects.toThrow(/480 px wide copy of .*liar\.png could not be made: .+ The image may be damaged/);
  });
});
