import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { basename, join, relative, resolve, sep } from 'node:path';
import { findConfigFile } from '../content/find-config.js';
import { codeDir, defaultTemplatesDir, packageRoot, packageVersion } from '../paths.js';
import { parseMonth } from '../model/month.js';
import { fontSources } from '../fonts.js';
import { manifestFileName } from '../web/manifest-file.js';
import { writeFileAtomic } from '../output/write-atomic.js';

/*
 * Where an issue's up-to-date check lives: what its outputs depend on, as keys, and
 * whether the outputs on disk were made from the same.
 */

/**
 * What an issue's own inputs are, as one hash: every file of its folder (names and
 * contents) and its config. Equal keys mean the same issue model.
 *
 * With `inputs` (what earlier builds learned): a folder whose files have the same
 * names, sizes, times and inodes as when they were last hashed has the key they had
 * then, and is not read (see `inputsSignature`).
 */
export function issueContentKey(issueDir: string, configText: string, inputs?: KnownInputs): string | undefined {
  const files = issueFiles(issueDir);
  // A folder that cannot be listed has no key: the loader then says what is wrong with it.
  if (files === undefined) return undefined;
  const signature = inputs === undefined ? undefined : inputsSignature(issueDir, files, configText, Date.now());
  const known = inputs?.entries.get(issueDir);
  if (signature !== undefined && known?.signature === signature) return known.contentKey;
  const hash = createHash('sha256').update('config\0').update(configText);
  // Synchronous on purpose: an issue is a handful of small files, and a build of a
  // hundred unchanged issues is mostly this; through the thread pool, each read costs
  // four round trips to it, several times the read itself.
  for (const file of files) {
    hash.update('\0file\0').update(nameWithin(issueDir, file)).update('\0');
    hash.update(readOrMark(file));
  }
  const contentKey = hash.digest('hex');
  if (inputs !== undefined && signature !== undefined) {
    inputs.entries.set(issueDir, { signature, contentKey });
    inputs.changed = true;
  }
  return contentKey;
}

function issueFiles(issueDir: string): string[] | undefined {
  try {
    const entries = readdirSync(issueDir, { recursive: true, withFileTypes: true });
    // Joined as the names are listed, not normalized again: 120 issues' thousand files, each made by `join`, took 5 ms.
    return entries.filter((entry) => entry.isFile() || entry.isSymbolicLink()).map((entry) => `${entry.parentPath}${entry.parentPath.endsWith(sep) ? '' : sep}${entry.name}`).sort();
  } catch {
    return undefined;
  }
}

/** The path of `file` within the folder it was listed from (`issueFiles`): as `relative` gives it, without resolving either path. */
function nameWithin(dir: string, file: string): string {
  const prefix = dir.endsWith(sep) ? dir : `${dir}${sep}`;
  return file.startsWith(prefix) ? file.slice(prefix.length) : relative(dir, file);
}

/** What earlier builds into an output folder learned of issue folders: each one's signature and the content key its files had. */
export interface KnownInputs {
  entries: Map<string, { signature: string; contentKey: string }>;
  /** Whether this build learned something new, to be saved. */
  changed: boolean;
}

/** Beside the archive in the output folder: `KnownInputs`, by issue folder, and the tool's code folder (`toolFingerprint`), relative to the output folder. */
const inputsRecordName = '.bulletin-inputs.json';

/**
 * How long a file must have been left alone for its times to vouch for its contents.
 * A file written again in the same tick of a coarse clock (FAT: 2 s) would keep its
 * time: a file changed this recently is hashed, and its signature not kept.
 */
const settledMilliseconds = 2000;

/**
 * A folder's files as `stat` sees them (name, size, modification and change times in
 * nanoseconds, inode) with the config's text, as one hash; undefined when a file changed
 * too recently for its times to be trusted. As git trusts its index: an edit changes
 * the times (a rename-save, the inode too), and a new or removed file the list.
 */
export function inputsSignature(issueDir: string, files: readonly string[], configText: string, now: number): string | undefined {
  const hash = createHash('sha256').update(configText);
  for (const file of files) {
    let info;
    try {
      info = statSync(file, { bigint: true });
    } catch {
      return undefined;
    }
    if (Number(info.mtimeMs) >= now - settledMilliseconds || Number(info.ctimeMs) >= now - settledMilliseconds) return undefined;
    hash.update(`\0${nameWithin(issueDir, file)}\0${info.size}\0${info.mtimeNs}\0${info.ctimeNs}\0${info.ino}`);
  }
  return hash.digest('hex');
}

/** What earlier builds into `outDir` learned (`KnownInputs`); nothing when there is no record or it is not one. */
export function readKnownInputs(outDir: string): KnownInputs {
  const entries = new Map<string, { signature: string; contentKey: string }>();
  try {
    const data = JSON.parse(readFileSync(join(outDir, inputsRecordName), 'utf8')) as unknown;
    for (const [dir, value] of Object.entries(typeof data === 'object' && data !== null ? data : {})) {
      const { signature, contentKey } = (value ?? {}) as { signature?: unknown; contentKey?: unknown };
      if (typeof signature === 'string' && typeof contentKey === 'string') entries.set(resolve(outDir, dir), { signature, contentKey });
    }
  } catch {
    // No record (a first build) or an unreadable one: every folder is hashed.
  }
  return { entries, changed: false };
}

/** Saves what this build learned, when it learned something. */
export async function saveKnownInputs(outDir: string, inputs: KnownInputs): Promise<void> {
  if (!inputs.changed) return;
  // Folders relative to the output: a site copied as it is names no one's home folder.
  // Those gone since (an issue moved or deleted) are left out, looked for only when the record is written.
  const entries = [...inputs.entries].filter(([dir]) => existsSync(dir)).map(([dir, value]) => [relative(outDir, dir), value] as const);
  await writeFileAtomic(join(outDir, inputsRecordName), `${JSON.stringify(Object.fromEntries(entries))}\n`);
}

/**
 * What an issue's outputs depend on: its own inputs (`issueContentKey`) and what the
 * whole build shares (the tool's version and code, the templates, the fonts, whether a
 * PDF is made). Equal keys mean the outputs on disk are still right, so the issue need
 * not be rendered again.
 */
export function issueBuildKey(contentKey: string, sharedKey: string): string {
  return sharedBuildKey([sharedKey, contentKey]);
}

function readTextOrEmpty(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

function readOrMark(file: string): Buffer {
  try {
    return readFileSync(file);
  } catch {
    return Buffer.from('unreadable');
  }
}

/** The part of every issue's key that the whole build shares. */
export function sharedBuildKey(parts: readonly string[]): string {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part).update('\0');
  return hash.digest('hex');
}

/** What a build recorded of an issue in its `issue.json`, read without the manifest's schema. */
export interface BuildRecord {
  buildKey: string;
  /** The issue's output files, relative to its folder. */
  outputs: string[];
  /** The printed page of each contents entry, when a PDF was made. */
  contentsPages: number[] | undefined;
  /** The site's shared files its pages use, from the site's root. */
  assets: string[];
  /** The record's file as read: what the archive's key is made of (`archiveKey`). */
  manifest: Buffer;
}

/**
 * Reads the build key and the outputs from an issue's `issue.json` (web/manifest.ts
 * writes it). Anything unexpected reads as no record, and the issue is built again.
 */
export async function readBuildRecord(issueOutDir: string): Promise<BuildRecord | undefined> {
  let data: unknown;
  let manifest: Buffer;
  try {
    manifest = readFileSync(join(issueOutDir, manifestFileName));
    data = JSON.parse(manifest.toString('utf8'));
  } catch {
    return undefined;
  }
  if (typeof data !== 'object' || data === null) return undefined;
  const { buildKey, sections, pdf, assets } = data as { buildKey?: unknown; sections?: unknown; pdf?: unknown; assets?: unknown };
  if (typeof buildKey !== 'string' || !Array.isArray(sections)) return undefined;
  const hrefs = sections.map((section: unknown) => (section as { href?: unknown }).href);
  if (!hrefs.every((href): href is string => typeof href === 'string')) return undefined;
  const pdfRecord = typeof pdf === 'object' && pdf !== null ? (pdf as { href?: unknown; contentsPages?: unknown }) : undefined;
  const pdfHref = typeof pdfRecord?.href === 'string' ? pdfRecord.href : undefined;
  const pages = pdfRecord?.contentsPages;
  const contentsPages = Array.isArray(pages) && pages.every((page) => Number.isInteger(page)) ? (pages as number[]) : undefined;
  // A record without its list of assets (an older build) cannot vouch for them: build again.
  if (!Array.isArray(assets) || !assets.every((asset): asset is string => typeof asset === 'string')) return undefined;
  return { buildKey, outputs: ['index.html', 'all.html', ...hrefs, ...(pdfHref === undefined ? [] : [pdfHref])], contentsPages, assets, manifest };
}

/**
 * The tool itself: its version and every file of its code, hashed (a changed build gives
 * new outputs): the command line's bundle (`.cjs`), compiled modules or the sources.
 * With `inputs`, the hash is kept there by the files' signature (`now` is when they are stat'ed).
 */
export async function toolFingerprint(dir: string = codeDir, inputs?: KnownInputs, now = Date.now()): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const files = entries.filter((entry) => entry.isFile() && /\.[cm]?[jt]s$/.test(entry.name)).map((entry) => join(entry.parentPath, entry.name)).sort();
  // Files that stat as they did when they were last hashed have that hash, as an issue's
  // (`issueContentKey`): hashing megabytes of code was a twentieth of an unchanged build.
  const signature = inputs === undefined ? undefined : inputsSignature(dir, files, 'tool', now);
  const known = inputs?.entries.get(dir);
  if (signature !== undefined && known?.signature === signature) return [packageVersion(), known.contentKey];
  const hash = createHash('sha256');
  // As bytes: decoding megabytes of bundled code as text would cost more than hashing it.
  for (const contents of await Promise.all(files.map((file) => readFile(file)))) hash.update(contents).update('\0');
  const code = hash.digest('hex');
  if (inputs !== undefined && signature !== undefined) {
    inputs.entries.set(dir, { signature, contentKey: code });
    inputs.changed = true;
  }
  return [packageVersion(), code];
}

/** Every template file, by name and contents. */
export async function templateFingerprint(templatesDir: string | undefined): Promise<string[]> {
  const dir = templatesDir ?? defaultTemplatesDir;
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  const files = entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name)).sort();
  return await Promise.all(files.map(async (file) => `${file.slice(dir.length)}\0${await readFile(file, 'utf8')}`));
}

/**
 * What of the templates an issue's model depends on: their catalogues (`locales/`, the
 * notes' labels and the check's warnings), a custom folder's and the shipped ones it
 * falls back on. Another layout or style sheet, the same models.
 */
export async function catalogueFingerprint(templatesDir: string | undefined, templates: readonly string[]): Promise<string[]> {
  // The folder's own are among its templates' fingerprint (`templateFingerprint`), read already.
  const own = templates.filter((entry) => entry.startsWith(`${sep}locales${sep}`));
  const shipped = templatesDir === undefined ? [] : (await templateFingerprint(join(defaultTemplatesDir, 'locales'))).map((entry) => `shipped\0${entry}`);
  return [...own, ...shipped];
}

/** The font packages, by name and version: their files change only with their version. */
export function fontsFingerprint(): string[] {
  const require = createRequire(import.meta.url);
  return fontSources.map((source) => {
    try {
      // Where npm puts them, beside this package's code; else where Node finds them (hoisted
      // into a project that installs bulletin). Node's resolution, through each package's
      // exports, took 6 ms of a build of 120 unchanged issues.
      const beside = join(packageRoot, 'node_modules', source.npmPackage, 'package.json');
      const path = existsSync(beside) ? beside : require.resolve(`${source.npmPackage}/package.json`);
      return `${source.npmPackage}@${(JSON.parse(readFileSync(path, 'utf8')) as { version: string }).version}`;
    } catch {
      return `${source.npmPackage}@missing`;
    }
  });
}

/**
 * The issue's month when its outputs in the output folder were made from exactly
 * these inputs and are all there, with the shared files (stylesheet, fonts, images)
 * their pages use; otherwise undefined. Existence is checked, not contents: the
 * shared files' names are hashes of their contents. Only folders named by their
 * month are recognised before parsing, which is the content format's rule.
 */
export async function upToDate(outDir: string, issueDir: string, buildKey: string, sharedFileExists: SharedFileExists = (file) => existsSync(join(outDir, file))): Promise<UpToDateIssue | undefined> {
  const id = basename(issueDir);
  if (parseMonth(id) === undefined) return undefined;
  const record = await readBuildRecord(join(outDir, id));
  if (record?.buildKey !== buildKey) return undefined;
  const present = outputsPresent(join(outDir, id), record.outputs) && record.assets.every(sharedFileExists);
  return present ? { id, manifest: record.manifest } : undefined;
}

/** An issue whose outputs are up to date: its month, and its record as read (`BuildRecord.manifest`). */
export interface UpToDateIssue {
  id: string;
  manifest: Buffer;
}

/**
 * Whether every output is in the issue's folder: its names listed once, where a look
 * for each file (a dozen an issue) was a tenth of a build of 120 unchanged issues.
 */
function outputsPresent(issueOutDir: string, outputs: readonly string[]): boolean {
  let names: Set<string>;
  try {
    names = new Set(readdirSync(issueOutDir));
  } catch {
    return false;
  }
  return outputs.every((file) => (file.includes('/') || file.includes(sep) ? existsSync(join(issueOutDir, file)) : names.has(file)));
}

/** Whether a shared file (named from the site's root, as an issue's record names it) is in the output folder. */
type SharedFileExists = (file: string) => boolean;

/**
 * `existsSync` remembered for one build, by the name the records use: issues share their
 * fonts and stylesheet (some sixty files), so each is looked for, and its path made, once.
 */
function rememberedExists(outDir: string): SharedFileExists {
  const known = new Map<string, boolean>();
  return (file) => {
    let found = known.get(file);
    if (found === undefined) known.set(file, (found = existsSync(join(outDir, file))));
    return found;
  };
}

export interface IssueKey {
  contentKey: string | undefined;
  buildKey: string | undefined;
  /** What the issue's model is made from: its content key, its folder and config file, and `modelSharedKey` (model-store.ts). */
  modelKey: string | undefined;
  /** The issue's month, when its outputs are already up to date. */
  upToDate: string | undefined;
  /**
   * The content key as the files (and the config) are once the issue is compiled, read
   * again (once): a file saved while the issue was compiled would leave a model, and a
   * record, under the key of what it replaced.
   */
  contentKeyNow?: (() => string | undefined) | undefined;
  /**
   * The build key the issue's record (issue.json) may vouch for, once its outputs are
   * made: that of the files the model was compiled from, which a save between the key
   * and the compile makes other than `buildKey`. Undefined: vouch for none.
   */
  vouchedBuildKey?: (() => string | undefined) | undefined;
}

export interface IssueKeyOptions {
  outDir: string;
  configPath?: string | undefined;
  force?: boolean | undefined;
  /** Told when an issue turns out to need building, before it is read. */
  warmUp?: (() => void) | undefined;
  /** What earlier builds learned of the issue folders' files (`readKnownInputs`); what this one learns is added. */
  inputs?: KnownInputs | undefined;
  /** What every issue's model is made from besides its own inputs: the tool, the catalogues, the fonts, the edition. */
  modelSharedKey?: string | undefined;
  /**
   * Told of the record of each issue found up to date, by its folder's name: a build
   * writes none of them, and `archiveKey` need not read them again.
   */
  unchangedManifests?: Map<string, Buffer> | undefined;
}

/**
 * Works out each issue's keys, and whether its outputs are up to date, from what is
 * cheap to read: an unchanged issue is recognised without loading the parser, the
 * templates or the fonts' files. Issues share their parent folder, and so their
 * config: it is looked up and read once per folder.
 */
export function issueKeys(options: IssueKeyOptions, sharedKey: string): (dir: string) => Promise<IssueKey> {
  const configPaths = new Map<string, Promise<string | undefined>>();
  const configTexts = new Map<string, Promise<string>>();
  const sharedFileExists = rememberedExists(options.outDir);
  return async (dir) => {
    const parent = join(dir, '..');
    if (!configPaths.has(parent)) configPaths.set(parent, findConfigFile(parent));
    const configPath = options.configPath ?? (await configPaths.get(parent));
    const configKey = configPath ?? '';
    if (!configTexts.has(configKey)) configTexts.set(configKey, configPath === undefined ? Promise.resolve('') : readFile(configPath, 'utf8').catch(() => ''));
    const contentKey = issueContentKey(dir, (await configTexts.get(configKey)) ?? '', options.inputs);
    const buildKey = contentKey === undefined ? undefined : issueBuildKey(contentKey, sharedKey);
    // Messages name the files by their paths, the config's too: another folder or config file, another model.
    const modelKey = contentKey === undefined || options.modelSharedKey === undefined ? undefined : sharedBuildKey([options.modelSharedKey, contentKey, dir, configPath ?? '']);
    const unchanged = options.force || buildKey === undefined ? undefined : await upToDate(options.outDir, dir, buildKey, sharedFileExists);
    if (unchanged !== undefined) options.unchangedManifests?.set(unchanged.id, unchanged.manifest);
    const previous = unchanged?.id;
    // Work to do: the printer may start its browser while the issue is read.
    if (previous === undefined) options.warmUp?.();
    // Read once, when the loader asks after compiling the issue; not at all for a kept model.
    let now: { key: string | undefined } | undefined;
    const contentKeyNow = () => (now ??= { key: issueContentKey(dir, configPath === undefined ? '' : readTextOrEmpty(configPath)) }).key;
    const vouchedBuildKey = () => {
      // A kept model is that of the key; so is a compile of files unchanged since the key was made.
      if (now === undefined || now.key === contentKey) return buildKey;
      if (now.key === undefined) return undefined;
      // Compiled from the files as saved after the key: the outputs are theirs. What the
      // stat record says of the folder is corrected with them.
      const known = options.inputs?.entries.get(dir);
      if (known !== undefined && options.inputs !== undefined) {
        known.contentKey = now.key;
        options.inputs.changed = true;
      }
      return issueBuildKey(now.key, sharedKey);
    };
    return { contentKey, buildKey, modelKey, upToDate: previous, contentKeyNow, vouchedBuildKey };
  };
}

/**
 * What the archive, sitemap and feed are made from: every issue's `issue.json` in the
 * output folder, as one hash. The same key, the same archive; another (an issue added,
 * rebuilt or removed by any build, or a build that died before writing the archive),
 * and the archive is written again. Empty when the folder holds no issue.
 * `unchangedManifests`: the records this build read and did not write (`IssueKeyOptions`).
 */
export function archiveKey(outDir: string, unchangedManifests: ReadonlyMap<string, Buffer> = new Map()): string {
  const hash = createHash('sha256');
  let entries;
  try {
    entries = readdirSync(outDir, { withFileTypes: true });
  } catch {
    return '';
  }
  let issues = 0;
  for (const entry of entries.filter((candidate) => candidate.isDirectory()).map((candidate) => candidate.name).sort()) {
    try {
      const manifest = unchangedManifests.get(entry) ?? readFileSync(join(outDir, entry, manifestFileName));
      hash.update(entry).update('\0').update(manifest).update('\0');
      issues++;
    } catch {
      // A folder without a manifest is not an issue of the site.
    }
  }
  // No issue, no archive: a folder into which nothing was built stays empty.
  return issues === 0 ? '' : hash.digest('hex');
}
