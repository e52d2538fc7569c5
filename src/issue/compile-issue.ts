import { basename, join } from 'node:path';
import GithubSlugger from 'github-slugger';
import type { VFile } from 'vfile';
import type { IssueSource } from '../content/load-issue.js';
import { readFrontmatterFile } from '../content/frontmatter-file.js';
import { catalogueFor, missingMessages, translator, type Catalogue, type Catalogues } from '../model/messages.js';
import { hasErrors, reportProblem } from '../diagnostics/messages.js';
import {
  issueFrontmatterSchema,
  requiredIssueFields,
  sectionFrontmatterSchema,
  type IssueFrontmatter,
  type LayoutOptions,
  type ProjectConfig,
  type SectionFrontmatter,
} from '../content/schema.js';
import { createMarkdownProcessor, type MarkdownProcessorOptions } from '../markdown/processor.js';
import { compileFile, type CompiledFiles } from './compiled-files.js';
import { createHyphenator, type Hyphenator } from '../typography/hyphenate.js';
import { smartenText } from '../typography/smart-punctuation.js';
import { parseMonth } from '../model/month.js';
import { checkReferences } from './check-references.js';
import { reportDuplicateIds } from './check-ids.js';
import { reportUnsettableTitle } from './check-titles.js';
import type { Coverage } from '../typography/coverage.js';
import { buildToc } from '../model/toc.js';
import type { Issue, IssueVersion, Layout, OrganizationName, Section } from '../model/types.js';

export interface IssueModelResult {
  /** Undefined when any file has an error. */
  issue: Issue | undefined;
  /** Every file read, each carrying its messages. */
  files: VFile[];
}

/** Ids the templates use themselves; sections and headings never take them. */
const reservedIds = ['top', 'masthead', 'contents', 'foreword', 'footnotes'];

/** What the files of one issue share while they are compiled: one slugger, one hyphenator, the sections' ids. */
interface Compilation {
  source: IssueSource;
  config: ProjectConfig;
  slugger: GithubSlugger;
  hyphenator: Hyphenator;
  sectionIds: string[];
  /** Section file name → section id, so links to `02-energy.md` become links to the section. */
  sectionFiles: Map<string, string>;
  coverage: Coverage | undefined;
  /** The interface's catalogues (templates/locales): the notes' label, and what a language lacks. */
  catalogues: Catalogues | undefined;
  compiledFiles: CompiledFiles | undefined;
}

/** Parses every file of an issue folder and assembles the typed issue model. */
/** What compiling an issue may be given: what the shipped fonts draw, the interface's words, a hyphenator that has met words before. */
export interface CompileOptions {
  coverage?: Coverage | undefined;
  catalogues?: Catalogues | undefined;
  /** Reused across issues and builds: it remembers each word it divided (hyphenation is a pure function of the word). */
  hyphenator?: Hyphenator | undefined;
  /** What earlier compiles made of the files (a preview's): a file parsed with the same input is not parsed again. */
  compiledFiles?: CompiledFiles | undefined;
}

export async function compileIssue(source: IssueSource, config: ProjectConfig, { coverage, catalogues, hyphenator = createHyphenator(), compiledFiles }: CompileOptions = {}): Promise<IssueModelResult> {
  const files: VFile[] = [source.folder, ...source.ignoredFiles];
  if (source.issueFile !== undefined) files.push(source.issueFile);
  const slugger = new GithubSlugger();
  for (const id of reservedIds) slugger.slug(id);
  const sectionIds = source.sections.map((section) => slugger.slug(section.slug));
  const sectionFiles = new Map(source.sections.map((section, index) => [basename(section.file.path), sectionIds[index] ?? section.slug]));
  const compilation: Compilation = { source, config, slugger, hyphenator, sectionIds, sectionFiles, coverage, catalogues, compiledFiles };
  reportDuplicateSlugs(source.sections.map((section) => section.file), source.sections.map((section) => section.slug));

  const compiled = await compileForeword(compilation);
  const { foreword } = compiled;
  // A language version is in its own language unless its issue file says otherwise.
  const issueData = compiled.issueData && source.edition !== undefined ? { lang: source.edition, ...compiled.issueData } : compiled.issueData;
  if (source.issueFile !== undefined && catalogues !== undefined) reportMissingMessages(source.issueFile, catalogues, issueData?.lang ?? config.lang ?? 'en');
  const sections: Section[] = [];
  for (const [index, sectionSource] of source.sections.entries()) {
    files.push(sectionSource.file);
    const section = await compileSection(compilation, index, issueData);
    if (section !== undefined) sections.push(section);
  }
  const local = await checkIssue(compilation);
  if (source.issueFile !== undefined) reportVersionProblems(source, issueData?.lang ?? config.lang ?? 'en');
  // A language version takes from its issue what does not depend on the language: the masthead's names, the layout, the month.
  const shared = source.edition === undefined ? {} : await sharedWithVersions(source.dir);
  const base = { ...config, ...shared, layout: { ...config.layout, ...shared.layout } };
  const meta = source.issueFile ? mergeIssueMeta(source, issueData, base) : undefined;
  if (meta === undefined || hasErrors(files)) return { issue: undefined, files };
  return {
    issue: {
      ...meta,
      sourceDir: source.dir,
      foreword,
      sections,
      toc: buildToc(sections),
      images: local.images,
      attachments: local.attachments,
      edition: source.edition,
      versions: await versionsOf(source, meta.lang, config.lang ?? 'en'),
    },
    files,
  };
}

/** issue.md: its front-matter, and its body as the foreword. */
async function compileForeword(compilation: Compilation): Promise<{ issueData: IssueFrontmatter | undefined; foreword: string | undefined }> {
  const { source, config, hyphenator } = compilation;
  if (source.issueFile === undefined || source.issueFile.data.unparsable === true) return { issueData: undefined, foreword: undefined };
  const text = String(source.issueFile.value);
  const html = await processMarkdown(compilation, source.issueFile, {
    frontmatterSchema: issueFrontmatterSchema,
    idPrefix: 'foreword-',
    lang: source.edition ?? config.lang ?? 'en',
    ...(config.layout?.hyphenate === false ? {} : { hyphenator }),
  });
  const issueData = source.issueFile.data.frontmatter as IssueFrontmatter | undefined;
  for (const key of ['title', 'subtitle'] as const) {
    const value = issueData?.[key];
    if (value !== undefined) reportUnsettableTitle(source.issueFile, text, key, value);
  }
  return { issueData, foreword: html.trim() === '' ? undefined : html };
}

/** One section file, in the issue's language and layout (its front-matter is known by now). */
async function compileSection(compilation: Compilation, index: number, issueData: IssueFrontmatter | undefined): Promise<Section | undefined> {
  const { source, config, hyphenator, sectionIds } = compilation;
  const sectionSource = source.sections[index];
  // A file that could not be decoded has its one error already; parsing it would only add noise.
  if (sectionSource === undefined || sectionSource.file.data.unparsable === true) return undefined;
  const { file } = sectionSource;
  const issueLang = issueData?.lang ?? config.lang ?? 'en';
  const hyphenate = (issueData?.layout?.hyphenate ?? config.layout?.hyphenate) !== false;
  const id = sectionIds[index] ?? sectionSource.slug;
  const text = String(file.value);
  const html = await processMarkdown(compilation, file, {
    frontmatterSchema: sectionFrontmatterSchema,
    idPrefix: `${id}-`,
    section: { ordinal: index + 1 },
    lang: issueLang,
    ...(hyphenate ? { hyphenator } : {}),
  });
  const frontmatter = file.data.frontmatter as SectionFrontmatter | undefined;
  if (html.trim() === '') reportProblem(file, 'Section has no text', { ruleId: 'empty-section', severity: 'warning' });
  if (frontmatter === undefined || file.data.section === undefined) return undefined;
  reportUnsettableTitle(file, text, 'title', frontmatter.title);
  return {
    ordinal: file.data.section.ordinal,
    numeral: file.data.section.numeral,
    id,
    fileStem: sectionSource.stem,
    sourcePath: file.path,
    title: smartenText(frontmatter.title, frontmatter.lang ?? issueLang),
    lang: frontmatter.lang,
    author: frontmatter.author,
    html,
    headings: file.data.headings ?? [],
  };
}

/** What a file's pipeline is given besides the issue's: its schema, ids' prefix, place, language, and the hyphenator unless hyphenation is off. */
type FileOptions = Pick<MarkdownProcessorOptions, 'frontmatterSchema' | 'idPrefix' | 'section' | 'lang' | 'hyphenator'>;

/**
 * Runs the Markdown pipeline on one file of the issue, or gives it what the same input
 * gave before (compiled-files.ts). The context names every input but the file's text
 * and the slugger: the options (the hyphenator and the coverage by presence, as they
 * are pure functions of the word, the shipped fonts), and the notes' labels by the
 * catalogue messages they are made from.
 */
async function processMarkdown(compilation: Compilation, file: VFile, options: FileOptions): Promise<string> {
  const { sectionFiles, coverage, catalogues } = compilation;
  const labelMessages = (catalogue: Catalogue | undefined) => noteLabelKeys.map((key) => catalogue?.[key]);
  const context = JSON.stringify({
    schema: options.frontmatterSchema === issueFrontmatterSchema ? 'issue' : 'section',
    idPrefix: options.idPrefix,
    section: options.section,
    lang: options.lang,
    hyphenate: options.hyphenator !== undefined,
    coverage: coverage !== undefined,
    sectionFiles: [...sectionFiles],
    labels: catalogues === undefined ? null : [...labelMessages(catalogueFor(catalogues, options.lang)), ...labelMessages(catalogues.get('en'))],
  });
  return compileFile(compilation.compiledFiles, file, compilation.slugger, context, async (slugger) => {
    const processor = createMarkdownProcessor({ ...options, slugger, sectionFiles, coverage, labels: noteLabels(catalogues, options.lang) });
    return String(await processor.process(file));
  });
}

/** The checks across files, once all are parsed: references, titles, ids. Returns the local files to publish. */
async function checkIssue({ source, sectionIds }: Compilation) {
  // Templates give section headings their ids; the rest come from the Markdown.
  for (const [index, sectionSource] of source.sections.entries()) {
    sectionSource.file.data.ids = [{ id: sectionIds[index] ?? sectionSource.slug, position: undefined }, ...(sectionSource.file.data.ids ?? [])];
  }
  const textFiles = [...(source.issueFile ? [source.issueFile] : []), ...source.sections.map((section) => section.file)];
  const local = await checkReferences(textFiles, source.dir);
  reportDuplicateTitles(source.sections.map((section) => section.file));
  reportDuplicateIds(textFiles, reservedIds);
  return local;
}

type IssueMeta = Omit<Issue, 'sourceDir' | 'foreword' | 'sections' | 'toc' | 'images' | 'attachments' | 'edition' | 'versions'>;

/** The issue's own front-matter over the project's defaults; reports what is still missing. */
function mergeIssueMeta(source: IssueSource, issueData: IssueFrontmatter | undefined, config: ProjectConfig): IssueMeta | undefined {
  const file = source.issueFile;
  if (file === undefined || issueData === undefined) return undefined;
  const merged = { ...config, ...issueData, layout: { ...config.layout, ...issueData.layout } };
  const folderMonth = parseMonth(basename(source.dir));
  const date = merged.date ?? folderMonth?.id;
  const fields = { ...merged, date };
  let complete = true;
  for (const field of requiredIssueFields) {
    if (fields[field] === undefined) {
      complete = false;
      reportProblem(file, `Missing required field \`${field}\`; set it in ${basename(file.path)} or in bulletin.config.yaml`, {
        place: { line: 1, column: 1 },
        ruleId: 'frontmatter-missing-field',
      });
    }
  }
  const month = date === undefined ? undefined : parseMonth(date);
  if (month && folderMonth && folderMonth.id !== month.id) {
    reportProblem(file, `\`date\` is ${month.id} but the folder is named ${folderMonth.id}`, {
      place: { line: 1, column: 1 },
      ruleId: 'issue-date',
      severity: 'warning',
    });
  }
  if (!complete || month === undefined || merged.title === undefined || merged.subtitle === undefined || merged.organization === undefined) {
    return undefined;
  }
  const names: OrganizationName[] = Object.entries(merged.organization).map(([lang, name]) => ({ lang, name }));
  const organization = mastheadOrder(names, merged.layout?.masthead, merged.lang ?? 'en', file);
  const layout = organization && resolveLayout(merged.layout, organization, file);
  if (organization === undefined || layout === undefined) return undefined;
  return {
    month,
    title: smartenText(merged.title, merged.lang ?? 'en'),
    subtitle: smartenText(merged.subtitle, merged.lang ?? 'en'),
    lang: merged.lang ?? 'en',
    organization,
    author: merged.author,
    keywords: merged.keywords ?? [],
    layout,
    site: { url: config.site?.url, search: config.site?.search !== false },
  };
}

/**
 * The organization's names in masthead order: `layout.masthead` when set, else the issue's
 * own language first (an Azerbaijani issue leads with the Azerbaijani name), then the rest
 * in the order `organization` lists them.
 */
function mastheadOrder(names: OrganizationName[], masthead: readonly string[] | undefined, lang: string, file: VFile): OrganizationName[] | undefined {
  if (masthead !== undefined) {
    const unknown = masthead.filter((code) => !names.some((name) => name.lang === code));
    if (unknown.length > 0) {
      reportProblem(file, `\`layout.masthead\` names ${unknown.join(', ')}, but \`organization\` has only ${names.map((name) => name.lang).join(', ')}`, { place: { line: 1, column: 1 }, ruleId: 'layout-masthead' });
      return undefined;
    }
    return masthead.map((code) => names.find((name) => name.lang === code)!);
  }
  const own = names.filter((name) => name.lang.toLowerCase().split('-')[0] === lang.toLowerCase().split('-')[0]);
  return [...own, ...names.filter((name) => !own.includes(name))];
}

function resolveLayout(layout: LayoutOptions, organization: OrganizationName[], file: VFile): Layout | undefined {
  const languages = organization.map((name) => name.lang);
  const header = layout.header ?? languages;
  const unknown = header.filter((lang) => !languages.includes(lang));
  if (unknown.length > 0) {
    reportProblem(file, `\`layout.header\` names ${unknown.join(', ')}, but \`organization\` has only ${languages.join(', ')}`, {
      place: { line: 1, column: 1 },
      ruleId: 'layout-header',
    });
    return undefined;
  }
  return {
    columns: layout.columns ?? 1,
    pageNumbers: layout.pageNumbers ?? 'page',
    header,
    hyphenate: layout.hyphenate ?? true,
    justify: layout.justify ?? false,
  };
}

function reportDuplicateTitles(files: readonly VFile[]): void {
  const seen = new Map<string, VFile>();
  for (const file of files) {
    const title = (file.data.frontmatter as SectionFrontmatter | undefined)?.title.trim();
    if (title === undefined) continue;
    const key = title.toLowerCase();
    const first = seen.get(key);
    if (first) {
      reportProblem(file, `Two sections have the title "${title}": ${basename(first.path)} and ${basename(file.path)}`, {
        place: { line: 1, column: 1 },
        ruleId: 'section-title-duplicate',
      });
    } else seen.set(key, file);
  }
}

function reportDuplicateSlugs(files: readonly VFile[], slugs: readonly string[]): void {
  const seen = new Map<string, VFile>();
  slugs.forEach((slug, index) => {
    const file = files[index];
    if (file === undefined) return;
    const first = seen.get(slug);
    if (first) {
      reportProblem(file, `Two sections have the slug "${slug}": ${basename(first.path)} and ${basename(file.path)}; section ids and page names would clash`, {
        place: { line: 1, column: 1 },
        ruleId: 'section-slug-duplicate',
      });
    } else seen.set(slug, file);
  });
}

/** The notes' heading and back-links in the language, English without catalogues. */
function noteLabels(catalogues: Catalogues | undefined, lang: string): { notes: string; backToReference: (number: number) => string } | undefined {
  if (catalogues === undefined) return undefined;
  const t = translator(catalogues, lang);
  const [notes, backToReference] = noteLabelKeys;
  return { notes: t(notes), backToReference: (number) => t(backToReference, { number }) };
}

/** The catalogue keys the notes' labels are made from (`noteLabels`); a kept parse is keyed by their messages. */
const noteLabelKeys = ['notes', 'back-to-reference'] as const;

/**
 * Warns on issue.md when the interface cannot be all in the issue's language: no
 * catalogue for it, or keys (or plural forms) its catalogue lacks, which fall back to English.
 */
function reportMissingMessages(file: VFile, catalogues: Catalogues, lang: string): void {
  if (catalogueFor(catalogues, lang) === undefined) {
    reportProblem(file, `No catalogue for the issue's language "${lang}": the interface (contents, navigation, search) is in English; add templates/locales/${lang.toLowerCase()}.yaml with the keys of en.yaml`, { ruleId: 'locale-missing', severity: 'warning' });
    return;
  }
  for (const key of missingMessages(catalogues, lang)) {
    reportProblem(file, `The catalogue for "${lang}" has no "${key}"; that word of the interface is in English until it is added to templates/locales/${lang.toLowerCase().split('-')[0]}.yaml`, { ruleId: 'locale-missing-key', severity: 'warning' });
  }
}

/**
 * The issue's language versions, this one's language known; another's from its issue
 * file's `lang`, else its code (issue.az.md: az), else (the issue itself) the config's.
 */
async function versionsOf(source: IssueSource, ownLang: string, configLang: string): Promise<IssueVersion[]> {
  return Promise.all(
    source.versions.map(async (version) => ({
      edition: version.edition,
      lang: version.edition === source.edition ? ownLang : ((await versionLang(source.dir, version.edition)) ?? version.edition ?? configLang),
      stems: [...version.stems],
    })),
  );
}

/** `lang` of a version's issue file (issue.md, issue.az.md), if it says one. */
async function versionLang(dir: string, edition: string | undefined): Promise<string | undefined> {
  const lang = (await readFrontmatterFile(join(dir, edition === undefined ? 'issue.md' : `issue.${edition}.md`)))?.['lang'];
  return typeof lang === 'string' ? lang : undefined;
}

/** What `check` says of an issue's language versions, on its issue file. */
function reportVersionProblems(source: IssueSource, lang: string): void {
  reportMissingSections(source);
  // issue.en.md beside an English issue: a second English site under dist/en/, most likely by mistake.
  const same = source.edition === undefined ? source.versions.find((version) => version.edition !== undefined && version.edition === lang.toLowerCase().split('-')[0]) : undefined;
  if (same?.edition !== undefined && source.issueFile !== undefined) {
    reportProblem(source.issueFile, `issue.${same.edition}.md is a version in ${same.edition}, the language of this issue itself: it is built as a second site of the same language (${same.edition}/); give it its own language code, or remove it`, {
      ruleId: 'version-language',
      severity: 'warning',
    });
  }
}

/**
 * A language version may lack sections another has: says which, on the version's issue
 * file, so that an editor sees what is left to translate (or was not meant to be).
 */
function reportMissingSections(source: IssueSource): void {
  const own = source.versions.find((version) => version.edition === source.edition)?.stems ?? [];
  const name = (edition: string | undefined) => (edition === undefined ? 'the issue itself' : `its ${edition} version`);
  for (const other of source.versions) {
    if (other.edition === source.edition) continue;
    const lacking = other.stems.filter((stem) => !own.includes(stem));
    if (lacking.length === 0) continue;
    const these = source.edition === undefined ? 'This issue' : `The ${source.edition} version`;
    const files = lacking.map((stem) => `${stem}${other.edition === undefined ? '' : `.${other.edition}`}.md`).join(', ');
    reportProblem(source.issueFile!, `${these} has no section ${lacking.join(', ')}, which ${name(other.edition)} has (${files}); its readers find no link to it`, {
      ruleId: 'version-sections',
      severity: 'warning',
    });
  }
}

/** The fields of the issue's own issue.md that its language versions share, when they are valid. */
async function sharedWithVersions(dir: string): Promise<Partial<ProjectConfig>> {
  const parsed = issueFrontmatterSchema.safeParse((await readFrontmatterFile(join(dir, 'issue.md'))) ?? {});
  if (!parsed.success) return {};
  const { organization, layout, author, date } = parsed.data;
  return Object.fromEntries(Object.entries({ organization, layout, author, date }).filter(([, value]) => value !== undefined));
}
