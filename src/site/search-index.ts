import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { BulletinError } from '../errors.js';
import { stageFolder } from '../output/staged-folder.js';
import type { IssueManifest } from '../web/manifest.js';
import { searchBundle } from '../web/search-bundle.js';

/**
 * The site's full-text index (Pagefind, through its Node API): every section page of
 * every issue in the output folder, one hit per section, with its title and month as
 * metadata (the pages say so: templates/web/section.hbs). The issue pages, `all.html`
 * and the archive are left out. Pagefind keeps an index per page language and stems
 * words where it knows the language. Pagefind builds its index whole, so it is made
 * again whenever an issue changes, and replaces the old one as a whole.
 */
export async function writeSearchIndex(outDir: string, manifests: readonly IssueManifest[]): Promise<void> {
  const pagefind = await import('pagefind');
  const staged = await stageFolder(join(outDir, searchBundle));
  try {
    const { index, errors } = await pagefind.createIndex({});
    if (index === undefined) throw new Error(errors.join('; '));
    for (const manifest of manifests) {
      for (const section of manifest.sections) {
        const path = `${manifest.id}/${section.href}`;
        // The pages' soft hyphens are no obstacle: Pagefind indexes a word hyphenated with
        // them as the word typed whole (tests/web/search.test.ts).
        const content = await readFile(join(outDir, path), 'utf8');
        const added = await index.addHTMLFile({ url: `/${path}`, content });
        if (added.errors.length > 0) throw new Error(`${path}: ${added.errors.join('; ')}`);
      }
    }
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

/** A site without search (`site.search: false`) keeps no index from before. */
export async function removeSearchIndex(outDir: string): Promise<void> {
  await rm(join(outDir, searchBundle), { recursive: true, force: true });
}

/** The file whose presence says the index was written whole (it is written with the rest). */
export const searchIndexMarker = `${searchBundle}/pagefind-entry.json`;
