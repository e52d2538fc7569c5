import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** A word as poppler places it: its box in points from the top left of the page. */
export interface WordBox {
  text: string;
  xMin: number;
  xMax: number;
  yMin: number;
  yMax: number;
}

/** Lines of words, page by page, from `pdftotext -bbox-layout` (poppler's own line finding). */
export async function wordLines(path: string): Promise<Array<{ page: number; lines: WordBox[][] }>> {
  const { stdout } = await run('pdftotext', ['-bbox-layout', path, '-'], { maxBuffer: 128 * 1024 * 1024 });
  return stdout
    .split('<page ')
    .slice(1)
    .map((page, index) => ({
      page: index + 1,
      lines: [...page.matchAll(/<line[^>]*>([\s\S]*?)<\/line>/g)].map((line) =>
        [...line[1]!.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([\s\S]*?)<\/word>/g)].map((word) => ({
          xMin: Number(word[1]),
          yMin: Number(word[2]),
          xMax: Number(word[3]),
          yMax: Number(word[4]),
          text: word[5]!,
        })),
      ),
    }));
}
