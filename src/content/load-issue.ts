import { readdir, realpath, stat } from 'node:fs/promises';
import { basename, join, relative, resolve } from 'node:path';
import { VFile } from 'vfile';
import { reportProblem } from '../diagnostics/messages.js';
import { readTextFile } from './read-text-file.js';
import { BulletinError } from '../errors.js';
import { isInside } from '../paths.js';

/** `NN-slug.md`: the two-digit number orders the sections. */
const sectionFileName = /^(\d{2})-([^/]+)\.md$/;
const slugPattern = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

export interface SectionSource {
  file: VFile;
  number: number;
  /** `energy` of `03-energy.md`. */
  slug: string;
  /** `03-energy`. */
  stem: string;
}

/**
 * A language version of an issue lives beside it in the same folder: `issue.az.md` says
 * it exists, and `01-overview.az.md` is its `01-overview.md`. Images and files are shared.
 */
const languageCode = '[a-z]{2,3}(?:-[a-z0-9]{2,8})*';
const versionFileName = new RegExp(`^(.+)\\.(${languageCode})\\.md$`);
const versionIssueFile = new RegExp(`^issue\\.(${languageCode})\\.md$`);

/** The files of one issue folder, read but not yet parsed. */
export interface IssueSource {
  dir: string;
  /** The language version these files are (`az` for issue.az.md and NN-slug.az.md); undefined: the issue itself. */
  edition: string | undefined;
  /** Every version in the folder (undefined: the issue itself), with its sections' stems: for links between them. */
  versions: ReadonlyArray<{ edition: string | undefined; stems: readonly string[] }>;
  /** Carries problems of the folder as a whole (no `issue.md`, clashing numbers, …). */
  folder: VFile;
  issueFile: VFile | undefined;
  sections: SectionSource[];
  /** Markdown files that are not sections, each with a warning saying so. */
  ignoredFiles: VFile[];
}

/**
 * The Markdown and other files of an issue folder. A symbolic link counts as the file
 * it leads to when that is a file inside the folder; one that leads outside, or
 * nowhere, is an error on the folder (a section that vanished without a word, or an
 * issue.md said to be missing, would be harder to understand).
 */
async function issueFileNames(dir: string, folder: VFile): Promise<string[]> {
  const names: string[] = [];
  const realDir = await realpath(dir);
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (entry.isFile()) names.push(entry.name);
    if (!entry.isSymbolicLink() || !entry.name.endsWith('.md')) continue;
    const target = await realpath(join(dir, entry.name)).catch(() => undefined);
    const isFile = target !== undefined && (await stat(target)).isFile();
    if (isFile && isInside(realDir, target)) names.push(entry.name);
    else {
      const why = target === undefined ? 'leads to no file' : !isFile ? 'leads to a folder' : `leads outside the issue folder (to ${relative(realDir, target)})`;
      reportProblem(folder, `${entry.name} is a symbolic link that ${why}; put the file itself in the issue folder`, { ruleId: 'file-link' });
    }
  }
  return names;
}

/** The language versions an issue folder has besides itself: the codes of its `issue.<code>.md` files. */
export async function issueEditions(dirPath: string): Promise<string[]> {
  const names = await readdir(resolve(dirPath)).catch((): string[] => []);
  return editionsAmong(names);
}

function editionsAmong(names: readonly string[]): string[] {
  return names.flatMap((name) => versionIssueFile.exec(name)?.[1] ?? []).sort();
}

/** The version a file belongs to: its code when the folder has that version's issue file, else the issue itself. */
function editionOf(name: string, editions: readonly string[]): string | undefined {
  const code = versionFileName.exec(name)?.[2];
  return code !== undefined && editions.includes(code) ? code : undefined;
}

/** `01-overview.az.md` → `01-overview.md`: a version's file as the issue's own would be named. */
function withoutEdition(name: string, edition: string | undefined): string {
  return edition === undefined ? name : `${name.slice(0, -`.${edition}.md`.length)}.md`;
}

export async function loadIssueSource(dirPath: string, edition?: string): Promise<IssueSource> {
  const dir = resolve(dirPath);
  const folder = new VFile({ path: dir });
  const info = await stat(dir).catch(() => undefined);
  if (!info?.isDirectory()) {
    throw new BulletinError(`Issue folder not found: ${dirPath}. Give the path of an existing issue folder, such as content/2021-05.`);
  }

  const allNames = await issueFileNames(dir, folder);
  const editions = editionsAmong(allNames);
  // This version's files, each under the name the issue's own would have.
  const byName = new Map(allNames.filter((name) => !name.endsWith('.md') || editionOf(name, editions) === edition).map((name) => [withoutEdition(name, edition), name]));
  const names = [...byName.keys()];
  const issueName = byName.get('issue.md');
  const issueFile = issueName !== undefined ? await readTextFile(join(dir, issueName)) : undefined;
  if (issueFile === undefined && !folder.messages.some((message) => message.ruleId === 'file-link')) {
    reportProblem(folder, 'Issue folder has no issue.md; create one with the issue’s title, date and subtitle', {
      ruleId: 'issue-file',
    });
  }

  const { sections, ignoredFiles } = await readSections(dir, names, byName);

  const byNumber = new Map<number, SectionSource>();
  for (const section of sections) {
    const first = byNumber.get(section.number);
    if (first) {
      reportProblem(section.file, `Two sections are numbered ${section.stem.slice(0, 2)}: ${basename(first.file.path)} and ${basename(section.file.path)}`, {
        ruleId: 'section-number',
      });
    } else byNumber.set(section.number, section);
  }
  if (sections.length === 0) {
    const what = edition === undefined ? 'Issue has no sections; add files named NN-slug.md, e.g. 01-introduction.md' : `The ${edition} version has no sections; add files named NN-slug.${edition}.md, e.g. 01-introduction.${edition}.md`;
    reportProblem(folder, what, {
      ruleId: 'no-sections',
    });
  }
  const versions = [undefined, ...editions].map((version) => ({
    edition: version,
    stems: allNames.filter((name) => name.endsWith('.md') && editionOf(name, editions) === version && sectionFileName.test(withoutEdition(name, version))).map((name) => withoutEdition(name, version).slice(0, -'.md'.length)).sort(),
  }));
  return { dir, edition, versions, folder, issueFile, sections, ignoredFiles };
}

/** The version's section files (by the names the issue's own would have), and the Markdown files that are not sections. */
async function readSections(dir: string, names: string[], byName: ReadonlyMap<string, string>): Promise<{ sections: SectionSource[]; ignoredFiles: VFile[] }> {
  const sections: SectionSource[] = [];
  const ignoredFiles: VFile[] = [];
  for (const name of names.sort()) {
    if (name === 'issue.md' || !name.endsWith('.md')) continue;
    const match = sectionFileName.exec(name);
    if (!match) {
      const ignored = new VFile({ path: join(dir, byName.get(name) ?? name) });
      reportProblem(ignored, `Ignored ${name}: section files are named NN-slug.md, e.g. 03-energy.md`, {
        ruleId: 'section-file-name',
        severity: 'warning',
      });
      ignoredFiles.push(ignored);
      continue;
    }
    const file = await readTextFile(join(dir, byName.get(name) ?? name));
    const slug = match[2] ?? '';
    if (!slugPattern.test(slug)) {
      reportProblem(file, `Section file name "${name}" should be lower-case words joined by hyphens, e.g. 03-energy-policy.md`, {
        ruleId: 'section-file-name',
        severity: 'warning',
      });
    }
    sections.push({ file, number: Number(match[1]), slug, stem: basename(name, '.md') });
  }

  return { sections, ignoredFiles };
}
