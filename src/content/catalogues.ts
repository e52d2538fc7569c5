import { readdir, readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { BulletinError } from '../errors.js';
import type { Catalogue, Catalogues } from '../model/messages.js';
import { defaultTemplatesDir } from '../paths.js';

const pluralForms = z.object({ zero: z.string(), one: z.string(), two: z.string(), few: z.string(), many: z.string(), other: z.string() }).partial().required({ other: true });
const catalogueSchema = z.record(z.string(), z.union([z.string(), pluralForms]));

/**
 * The interface's catalogues: every `locales/<lang>.yaml` of the templates folder, and
 * the shipped ones for languages it has none for (a templates folder made before
 * catalogues existed has none, and still builds, in every shipped language).
 */
export async function loadCatalogues(templatesDir: string = defaultTemplatesDir): Promise<Catalogues> {
  const catalogues = new Map<string, Catalogue>();
  for (const dir of templatesDir === defaultTemplatesDir ? [templatesDir] : [templatesDir, defaultTemplatesDir]) {
    const folder = join(dir, 'locales');
    const names = await readdir(folder).catch((): string[] => []);
    for (const name of names.filter((file) => file.endsWith('.yaml')).sort()) {
      const lang = basename(name, '.yaml').toLowerCase();
      if (!catalogues.has(lang)) catalogues.set(lang, await readCatalogue(join(folder, name)));
    }
  }
  return catalogues;
}

async function readCatalogue(path: string): Promise<Catalogue> {
  let data: unknown;
  try {
    data = parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw new BulletinError(`Cannot read the catalogue ${path}: ${(error as Error).message.split('\n')[0]}. Fix its YAML, or remove it.`, { cause: error });
  }
  const parsed = catalogueSchema.safeParse(data ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new BulletinError(`The catalogue ${path} has a bad entry at ${issue?.path.join('.') ?? '?'}: each key is text, or plural forms (one, few, many, other …) of text.`);
  }
  return parsed.data;
}
