import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { BulletinError } from '../errors.js';
import { stageFolder } from '../output/staged-folder.js';
import { searchBundle } from '../web/search-bundle.js';

/**
 * The site's full-text index (Pagefind, through its Node API): every section page of
 * every issue in the output folder, one hit per section, with its title and month as
 * metadata (the pages say so: templates/web/section.hbs). The issue pages, `all.html`
 * and the archive are left out. Pagefind keeps an index per page language and stems
 * words where it knows the language. Pagefind builds its index whole, so it is made
 * again whenever an issue changes, and replaces the old one as a whole.
 */
export async function writeSearchIndex(outDir: string): Promise<void> {
  const pagefind = await import('pagefind');
  const staged = await stageFolder(join(outDir, searchBundle));
  try {
    const { index, errors } = await pagefind.createIndex({});
    if (index === undefined) throw new Error(errors.join('; '));
    // Pagefind reads the pages itself, side by side: a month's folder, a section's page
    // (web/manifest.ts names them NN-slug.html). The pages' soft hyphens are no obstacle:
    // a word hyphenated with them is found typed whole (tests/web/search.test.ts).
    const added = await index.addDirectory({ path: outDir, glob: sectionPages });
    if (added.errors.length > 0) throw new Error(added.errors.join('; '));
    const written = await index.writeFiles({ outputPath: staged.path });
    if (written.errors.length > 0) throw new Error(written.errors.join('; '));
    await staged.commit();
  } catch (error) {
    throw new BulletinError(`The search index could not be written: ${(error as Error).message.split('\n')[0]}. Turn search off with \`site.search: false\` in bulletin.config.yaml if this persists.`, { cause: error });
  } finally {
    await staged.discard();
    await pagefind.close();
  }
}

/** Every section page of every issue folder (`2021-05/03-transport.html`), relative to the output folder. */
const sectionPages = '[0-9][0-9][0-9][0-9]-[0-9][0-9]/[0-9][0-9]-*.html';

/** A site without search (`site.search: false`) keeps no index from before. */
export async function removeSearchIndex(outDir: string): Promise<void> {
  await rm(join(outDir, searchBundle), { recursive: true, force: true });
}

/** The file whose presence says the index was written whole (it is written with the rest). */
export const searchIndexMarker = `${searchBundle}/pagefind-entry.json`;
