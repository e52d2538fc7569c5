import { createHash } from 'node:crypto';
import mammoth from 'mammoth';
import { writeFileAtomic } from '../../output/write-atomic.js';
import type { DraftArchive } from './draft-archive.js';

/**
 * The Word styles analysts use, as semantic HTML. Heading 1 starts a section; the
 * Title names a draft without one; Caption after an image becomes its caption.
 * Anything else (fonts, colours, sizes, manual formatting) has no mapping and is dropped.
 */
export const draftStyleMap = [
  "p[style-name='Title'] => h1.draft-title:fresh",
  "p[style-name='Subtitle'] => p.draft-subtitle:fresh",
  "p[style-name='Heading 1'] => h1:fresh",
  "p[style-name='Heading 2'] => h2:fresh",
  "p[style-name='Heading 3'] => h3:fresh",
  "p[style-name='Heading 4'] => h4:fresh",
  "p[style-name='Quote'] => blockquote > p:fresh",
  "p[style-name='Intense Quote'] => blockquote > p:fresh",
  "p[style-name='Block Text'] => blockquote > p:fresh",
  "p[style-name='Caption'] => p.draft-caption:fresh",
  "r[style-name='Strong'] => strong",
  "r[style-name='Emphasis'] => em",
  // Comments are reported (docx-review.ts), never imported.
  'comment-reference => !',
];

/** Image types a browser and the print show; others (EMF, WMF, TIFF) are reported and left out. */
const webImageTypes: Record<string, string> = { 'image/png': 'png', 'image/jpeg': 'jpg', 'image/gif': 'gif', 'image/svg+xml': 'svg', 'image/webp': 'webp' };

export interface ConvertedDraft {
  html: string;
  /** Images written, as `images/<name>` relative to the issue folder. */
  images: string[];
  /** Images left out, with their type. */
  skippedImages: Array<{ ordinal: number; contentType: string }>;
  /** mammoth's own warnings (unrecognised elements, unsupported breaks). */
  warnings: string[];
}

/**
 * Converts a .docx to HTML with mammoth. Each image is written to the issue's
 * `images/` folder, named by its contents, as soon as it is read, one at a time: a
 * draft with large images never holds more than one in memory.
 */
export async function convertDraft(draft: DraftArchive, writeImage: (name: string, bytes: Uint8Array) => Promise<void>): Promise<ConvertedDraft> {
  const images: string[] = [];
  const skippedImages: ConvertedDraft['skippedImages'] = [];
  let ordinal = 0;
  let previous: Promise<unknown> = Promise.resolve();
  const convertImage = mammoth.images.imgElement((image) => {
    const turn = previous.then(async () => {
      ordinal++;
      const extension = webImageTypes[image.contentType];
      if (extension === undefined) {
        skippedImages.push({ ordinal, contentType: image.contentType });
        return { src: '' };
      }
      const bytes = await image.readAsBuffer();
      const name = `images/figure-${createHash('sha256').update(bytes).digest('hex').slice(0, 12)}.${extension}`;
      await writeImage(name, bytes);
      if (!images.includes(name)) images.push(name);
      return { src: name };
    });
    previous = turn.catch(() => {});
    return turn;
  });
  // mammoth reads through the archive (its `{ file }` input, which its types leave out): one part at a time.
  const input = { file: draft } as unknown as { buffer: Buffer };
  const result = await mammoth.convertToHtml(input, { styleMap: draftStyleMap, convertImage, ignoreEmptyParagraphs: true });
  const warnings = result.messages.filter((message) => message.type === 'warning').map((message) => message.message);
  return { html: result.value, images, skippedImages, warnings };
}

/** Writes an image under the issue folder, atomically; the same contents, the same name, so writing again is harmless. */
export function imageWriter(issueDir: string): (name: string, bytes: Uint8Array) => Promise<void> {
  return (name, bytes) => writeFileAtomic(`${issueDir}/${name}`, bytes);
}
