import { readFile } from 'node:fs/promises';
import { VFile } from 'vfile';
import '../markdown/data.js';
import { reportProblem } from './messages.js';
import { BulletinError } from '../errors.js';
import { describeFsError } from '../output/write-atomic.js';

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/**
 * Reads a text file into a VFile. A byte-order mark is dropped; a file that is not
 * UTF-8 gets an error message (and empty contents) instead of mangled text.
 */
export async function readTextFile(path: string): Promise<VFile> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (error) {
    throw new BulletinError(`Cannot read ${path}: ${describeFsError(error)}.`, { cause: error });
  }
  try {
    return new VFile({ path, value: utf8.decode(bytes) });
  } catch {
    const file = new VFile({ path, value: '' });
    file.data.undecodable = true;
    reportProblem(file, 'File is not valid UTF-8; save it as UTF-8', { ruleId: 'encoding' });
    return file;
  }
}
