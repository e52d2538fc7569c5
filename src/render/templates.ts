import { readFile, readdir } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { codeCacheDir, defaultTemplatesDir } from '../paths.js';
import { loadCatalogues } from '../content/catalogues.js';
import { pluralForm, translator, type Catalogues, type Translate } from '../model/messages.js';
import type Handlebars from 'handlebars';
import Runtime from 'handlebars/dist/cjs/handlebars.runtime.js';
import { compiledTemplates, type CompiledTemplates, type TemplateOptions } from './compiled-templates.js';
import { BulletinError } from '../errors.js';
import type {
  AtomFeedData,
  FontsCssData,
  PageCssData,
  PreviewShellData,
  PrintIssueData,
  SitemapData,
  WebAllData,
  WebArchiveData,
  WebIssueData,
  WebSectionData,
} from './template-data.js';

export { defaultTemplatesDir } from '../paths.js';

export type Render<Data> = (data: Data) => string;

/** Every template of a build, compiled on a Handlebars instance of its own. */
export interface Templates {
  /** The issue's front page: masthead, download, foreword, contents. */
  webIssue: Render<WebIssueData>;
  /** One section with pagination. */
  webSection: Render<WebSectionData>;
  /** The whole issue on one page. */
  webAll: Render<WebAllData>;
  /** The site's front page: all issues. */
  webArchive: Render<WebArchiveData>;
  printIssue: Render<PrintIssueData>;
  /** XML; Handlebars' escaping only writes entities XML knows. */
  sitemap: Render<SitemapData>;
  atomFeed: Render<AtomFeedData>;
  /** The page of `bulletin preview` that shows both editions side by side. */
  previewShell: Render<PreviewShellData>;
  /** `@font-face` rules; CSS, so compiled without HTML escaping. */
  fontsCss: Render<FontsCssData>;
  /** The print edition's `@page` rules, which carry issue data (running header, numbering). */
  pageCss: Render<PageCssData>;
  webCss: string;
  /** The site's icon, SVG. */
  favicon: string;
  /** The search box's script (templates/web/search.js), served as is. */
  searchScript: string;
  printCss: string;
  /** Paths of every template file, for cache keys and watchers. */
  files: string[];
  /** The interface's words in a language (templates/locales), as the templates' `t` helper gives them. */
  translate: (lang: string) => Translate;
}

/**
 * Loads and compiles the templates. A fresh Handlebars instance per call: partials
 * and helpers never leak between builds. A template is compiled once for its source
 * (compiled-templates.ts) and run by Handlebars' runtime; the compiler is loaded only
 * for a template not compiled before.
 */
export async function loadTemplates(dir: string = defaultTemplatesDir, cacheDir: string = codeCacheDir): Promise<Templates> {
  const handlebars = Runtime.create();
  handlebars.registerHelper('cssString', cssString);
  const translate = registerTranslation(handlebars, await loadCatalogues(dir));
  const files: string[] = [];
  const read = async (path: string): Promise<string> => {
    const full = join(dir, path);
    files.push(full);
    try {
      return await readFile(full, 'utf8');
    } catch (error) {
      throw new BulletinError(`Cannot read template ${full}: ${(error as Error).message}. Restore it, or pass --templates with a complete templates folder.`, { cause: error });
    }
  };
  const partialsDir = join(dir, 'partials');
  const partialNames = await readdir(partialsDir).catch((error: unknown) => {
    throw new BulletinError(`Cannot read templates folder ${partialsDir}. Restore it, or pass --templates with a complete templates folder.`, { cause: error });
  });
  const compile = templateCompiler(handlebars, dir, compiledTemplates(cacheDir, Runtime.VERSION));
  for (const name of partialNames.filter((file) => file.endsWith('.hbs')).sort()) {
    const path = join('partials', name);
    handlebars.registerPartial(basename(name, '.hbs'), await compile(path, await read(path)));
  }
  const html = async (path: string): Promise<Render<object>> => compile(path, await read(path));
  const css = async (path: string): Promise<Render<object>> => compile(path, await read(path), { noEscape: true });
  return {
    webIssue: await html('web/issue.hbs'),
    webSection: await html('web/section.hbs'),
    webAll: await html('web/all.hbs'),
    webArchive: await html('web/archive.hbs'),
    printIssue: await html('print/issue.hbs'),
    sitemap: await html('feeds/sitemap.xml.hbs'),
    atomFeed: await html('feeds/atom.xml.hbs'),
    previewShell: await html('preview/shell.hbs'),
    fontsCss: await css('styles/fonts.css.hbs'),
    pageCss: await css('print/page.css.hbs'),
    webCss: await read('styles/web.css'),
    favicon: await read('web/favicon.svg'),
    // A templates folder made before search existed has no script: the shipped one serves.
    searchScript: await readFile(join(dir, 'web', 'search.js'), 'utf8').catch(() => readFile(join(defaultTemplatesDir, 'web', 'search.js'), 'utf8')),
    printCss: await read('styles/print.css'),
    files,
    translate,
  };
}

/**
 * Compiles a template's source on the runtime instance: precompiled, and kept for the
 * next build with the same source (compiled-templates.ts). A template is parsed before
 * it is compiled, so a syntax error stops the build at once, naming its file and line,
 * rather than in the middle of a render.
 */
function templateCompiler(handlebars: typeof Handlebars, dir: string, compiled: CompiledTemplates) {
  // Loaded with the first template not compiled before (and its source map library).
  let compiler: Promise<typeof Handlebars> | undefined;
  const precompiled = async (path: string, source: string, options: TemplateOptions): Promise<string> => {
    const full = await (compiler ??= import('handlebars').then((module) => module.default));
    // Handlebars' types say a specification; it is the text of one.
    return full.precompile(parsed(full, join(dir, path), source), options) as unknown as string;
  };
  return async (path: string, source: string, options?: TemplateOptions): Promise<HandlebarsTemplateDelegate> =>
    handlebars.template((await compiled.specification(source, options, () => precompiled(path, source, options))) as TemplateSpecification);
}

function parsed(compiler: typeof Handlebars, path: string, source: string): hbs.AST.Program {
  try {
    return compiler.parseWithoutProcessing(source);
  } catch (error) {
    const detail = (error as Error).message.split('\n');
    const line = /line (\d+)/.exec(detail[0] ?? '')?.[1];
    throw new BulletinError(`Template ${path}${line === undefined ? '' : `:${line}`} does not parse: ${detail.at(-1)?.trim() ?? ''}. Fix it, or pass --templates with a complete templates folder.`, { cause: error });
  }
}

/**
 * The helpers that put the interface's words in the page's language (its data's `lang`):
 * {{t "pages" count=5}}, and {{plural-form "search-found" "few"}}, a plural form with its
 * {count} kept, for the search script. Returns the translator the code uses alike.
 */
function registerTranslation(handlebars: typeof Handlebars, catalogues: Catalogues): (lang: string) => Translate {
  const translators = new Map<string, Translate>();
  const translate = (lang: string): Translate => {
    let found = translators.get(lang);
    if (found === undefined) translators.set(lang, (found = translator(catalogues, lang)));
    return found;
  };
  const pageLang = (options: Handlebars.HelperOptions) => String((options.data as { root?: { lang?: unknown } }).root?.lang ?? 'en');
  handlebars.registerHelper('plural-form', (key: unknown, category: unknown, options: Handlebars.HelperOptions) =>
    pluralForm(catalogues, pageLang(options), String(key), String(category) as Intl.LDMLPluralRule),
  );
  handlebars.registerHelper('t', (key: unknown, options: Handlebars.HelperOptions) => translate(pageLang(options))(String(key), options.hash as Record<string, unknown>));
  return translate;
}

/** A CSS string literal: quotes, backslashes and line breaks escaped, so data cannot end the string or the rule. */
export function cssString(value: unknown): string {
  const text = String(value ?? '');
  return `"${text.replace(/[\\"]/g, (char) => `\\${char}`).replace(/[\n\r\f]/g, ' ').replace(/</g, '\\3C ')}"`;
}
