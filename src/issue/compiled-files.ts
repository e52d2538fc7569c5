import { createHash } from 'node:crypto';
import type GithubSlugger from 'github-slugger';
import type { Data, VFile } from 'vfile';
import type { VFileMessage } from 'vfile-message';

/**
 * What the Markdown pipeline made of each file, by path, kept between a preview's
 * rebuilds: after a save in one section only that section is parsed again (a tenth of
 * the parse, on the path from the save to both editions).
 */
export type CompiledFiles = Map<string, CompiledFile>;

export function createCompiledFiles(): CompiledFiles {
  return new Map();
}

interface CompiledFile {
  /** The file's path and text, everything else the pipeline was given (`context`), and the slugger as the file found it. */
  key: string;
  html: string;
  /** The file's data after the pipeline (headings, ids, links, front-matter …). */
  data: Data;
  /** The messages the pipeline reported on the file. */
  messages: VFileMessage[];
  /** What the pipeline asked the slugger, in order: replayed, they leave it where the parse would have. */
  slugged: Array<[value: string, maintainCase: boolean | undefined]>;
}

/** The slugger as the pipeline uses it (rehype-heading-ids.ts). */
export type Slugger = Pick<GithubSlugger, 'slug'>;

/**
 * Runs the pipeline on `file` (`run`), or, when this file was run before with the same
 * text, the same `context` (every other option the pipeline is given, as text) and the
 * issue's slugger in the same state, gives the file what that run gave it: its HTML,
 * data and messages, and the slugs it took. Without a cache, just runs it.
 */
export async function compileFile(cache: CompiledFiles | undefined, file: VFile, slugger: GithubSlugger, context: string, run: (slugger: Slugger) => Promise<string>): Promise<string> {
  if (cache === undefined) return run(slugger);
  const key = createHash('sha256')
    .update(JSON.stringify([file.path, String(file.value), context, Object.entries(slugger.occurrences)]))
    .digest('base64');
  const known = cache.get(file.path);
  if (known?.key === key) {
    for (const [value, maintainCase] of known.slugged) slugger.slug(value, maintainCase);
    // A copy: the checks across files change the data they are given (check-ids.ts).
    Object.assign(file.data, structuredClone(known.data));
    file.messages.push(...known.messages);
    // As the pipeline leaves it: unified puts the compiled text in `value`.
    file.value = known.html;
    return known.html;
  }
  const messagesBefore = file.messages.length;
  const slugged: CompiledFile['slugged'] = [];
  const html = await run({
    slug: (value, maintainCase) => {
      slugged.push([value, maintainCase]);
      return slugger.slug(value, maintainCase);
    },
  });
  cache.set(file.path, { key, html, data: structuredClone(file.data), messages: file.messages.slice(messagesBefore), slugged });
  return html;
}
