import { readFile } from 'node:fs/promises';
import { VFile } from 'vfile';
import './file-data.js';
import { reportProblem } from '../diagnostics/messages.js';
import { maxNesting, tooDeep } from './nesting-guard.js';
import { BulletinError } from '../errors.js';
import { describeFsError } from '../output/write-atomic.js';

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/**
 * Reads a text file into a VFile. A byte-order mark is dropped. A file that is not
 * UTF-8, or that nests too deep to parse in reasonable time, gets an error message
 * and is marked `unparsable`: it is not parsed.
 */
export async function readTextFile(path: string): Promise<VFile> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (error) {
    throw new BulletinError(`Cannot read ${path}: ${describeFsError(error)}.`, { cause: error });
  }
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    const file = new VFile({ path, value: '' });
    file.data.unparsable = true;
    reportProblem(file, 'File is not valid UTF-8; save it as UTF-8', { ruleId: 'encoding' });
    return file;
  }
  const file = new VFile({ path, value: text });
  const nul = text.indexOf('\0');
  if (nul >= 0) {
    const before = text.slice(0, nul).split('\n');
    reportProblem(file, 'File has a NUL character (byte 0), which no text has: it would print as a replacement mark; remove it', {
      place: { line: before.length, column: (before.at(-1)?.length ?? 0) + 1 },
      ruleId: 'encoding',
    });
  }
  const deep = tooDeep(text);
  if (deep !== undefined) {
    file.data.unparsable = true;
    reportProblem(file, `Lists or quotes nest ${deep.depth} levels deep here; bulletin reads at most ${maxNesting}`, {
      place: { line: deep.line, column: 1 },
      ruleId: 'nesting-too-deep',
    });
  }
  return file;
}
