import { open } from 'node:fs/promises';
import { inflateRawSync } from 'node:zlib';
import yauzl, { type Entry, type ZipFile } from 'yauzl';
import { BulletinError } from '../../errors.js';

/** A part of a draft larger than this is not a Word document's, but a zip bomb's. */
const largestPart = 1024 * 1024 * 1024;

/**
 * A .docx (a zip archive) opened for reading its parts one at a time, from the file:
 * yauzl reads only the part asked for and inflates it with Node's zlib, so a draft of
 * 50 MB of photographs is never held whole. Its `exists`/`read` are what mammoth
 * reads a document through (its `{ file }` input, mammoth 1.x).
 */
export interface DraftArchive {
  exists: (name: string) => boolean;
  read: (name: string, encoding?: string) => Promise<string | Uint8Array>;
  /** A part as text, or undefined when the draft has no such part. */
  text: (name: string) => Promise<string | undefined>;
  close: () => void;
}

export async function openDraftArchive(path: string): Promise<DraftArchive> {
  const file = await open(path);
  let zip: ZipFile;
  let entries: Map<string, Entry>;
  try {
    zip = await yauzl.fromFdPromise(file.fd, { lazyEntries: true, autoClose: false, decodeStrings: true, validateEntrySizes: true });
    entries = await listEntries(zip);
  } catch (error) {
    await file.close();
    throw error;
  }
  const readBytes = async (name: string): Promise<Buffer> => {
    const entry = entries.get(name);
    if (entry === undefined) throw new BulletinError(`The draft has no part ${name}`);
    if (entry.compressionMethod !== 0 && entry.compressionMethod !== 8) throw new BulletinError(`The draft's part ${name} is packed in a way Word never uses (method ${entry.compressionMethod})`);
    if (entry.uncompressedSize > largestPart) throw new BulletinError(`The draft's part ${name} would be ${Math.round(entry.uncompressedSize / 2 ** 20)} MB unpacked; that is not a Word document's`);
    // yauzl finds the part; it is read in one call and inflated in one: yauzl's own stream
    // works in 64 KB turns of the thread pool, three times slower on a draft of photographs.
    const { fileDataStart } = await zip.readLocalFileHeaderPromise(entry, { minimal: true });
    const stored = Buffer.allocUnsafe(entry.compressedSize);
    const { bytesRead } = await file.read(stored, 0, entry.compressedSize, fileDataStart);
    if (bytesRead !== entry.compressedSize) throw new BulletinError(`The draft's part ${name} is cut short; the file is damaged`);
    const bytes = entry.compressionMethod === 8 ? inflateRawSync(stored, { maxOutputLength: largestPart }) : stored;
    if (bytes.length !== entry.uncompressedSize) throw new BulletinError(`The draft's part ${name} is damaged: it unpacks to ${bytes.length} bytes, not ${entry.uncompressedSize}`);
    return bytes;
  };
  return {
    exists: (name) => entries.has(name),
    read: async (name, encoding) => {
      const bytes = await readBytes(name);
      return encoding === undefined ? new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength) : bytes.toString(encoding === 'base64' ? 'base64' : 'utf8');
    },
    text: async (name) => (entries.has(name) ? (await readBytes(name)).toString('utf8') : undefined),
    close: () => void file.close().catch(() => {}),
  };
}

function listEntries(zip: ZipFile): Promise<Map<string, Entry>> {
  return new Promise((resolve, reject) => {
    const entries = new Map<string, Entry>();
    zip.on('entry', (entry: Entry) => {
      entries.set(entry.fileName, entry);
      zip.readEntry();
    });
    zip.on('end', () => resolve(entries));
    zip.on('error', reject);
    zip.readEntry();
  });
}
