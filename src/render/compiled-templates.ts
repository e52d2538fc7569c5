import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** How a template is compiled: CSS without HTML escaping. */
export type TemplateOptions = { noEscape?: boolean } | undefined;

/**
 * Templates compiled before, kept as Handlebars' precompiled specifications (the
 * JavaScript `Handlebars.precompile` writes) under a key of the Handlebars version,
 * the options and the template's source. Compiling the shipped templates takes some
 * 0.1 s of CPU in every build, while the browser starts on the same two cores (measured:
 * 110 ms to compile them, 7 ms to take them precompiled); a template seen before is
 * taken as it was compiled, by Handlebars' runtime alone.
 *
 * The folder is the package's own code cache (src/code-cache.ts): as trusted as the
 * code, since only who can change the code can write it. Where it cannot be written,
 * nothing is kept and the templates are compiled every time.
 */
export interface CompiledTemplates {
  /**
   * The template's specification: kept for this source and these options, else made
   * by `precompile` and kept. Either way the text is Handlebars' own, made into the
   * object it stands for here.
   */
  specification(source: string, options: TemplateOptions, precompile: () => Promise<string>): Promise<object>;
}

export function compiledTemplates(cacheDir: string, handlebarsVersion: string): CompiledTemplates {
  const dir = join(cacheDir, 'templates');
  const pathOf = (source: string, options: TemplateOptions) =>
    join(dir, `${createHash('sha256').update(`${handlebarsVersion}\0${JSON.stringify(options ?? {})}\0`).update(source).digest('hex').slice(0, 32)}.js`);
  return {
    async specification(source, options, precompile) {
      const path = pathOf(source, options);
      const kept = readIfThere(path);
      // A kept file cut short (a full disk) does not evaluate: compiled and kept anew.
      return (kept === undefined ? undefined : evaluated(kept)) ?? evaluated(keep(path, await precompile()))!;
    },
  };
}

/** The object a specification's text stands for (an object literal with the template's functions); undefined for text that is not one. */
function evaluated(text: string): object | undefined {
  try {
    const value: unknown = new Function(`return (${text});`)();
    return typeof value === 'object' && value !== null ? value : undefined;
  } catch {
    return undefined;
  }
}

function readIfThere(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

/** Writes the text under a name of its own and renames it into place (two builds may keep the same); returns it. */
function keep(path: string, text: string): string {
  const temporary = `${path}.${process.pid}.tmp`;
  try {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(temporary, text);
    renameSync(temporary, path);
  } catch {
    // Not kept: compiled again next time.
  }
  return text;
}
