import { readdir, rm, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import slugify from '@sindresorhus/slugify';
import { BulletinError } from '../../errors.js';
import { writeFileAtomic } from '../../output/write-atomic.js';
import { convertDraft, imageWriter } from './docx-to-html.js';
import { openDraftArchive, type DraftArchive } from './draft-archive.js';
import { reviewDraft, type DraftFinding } from './docx-review.js';
import { splitDraft, type DraftSection } from './draft-sections.js';
import { sectionMarkdown } from './section-markdown.js';

export interface ImportOptions {
  /** Word documents (.docx) to import, in order. */
  drafts: readonly string[];
  /** The issue folder the sections go into; it must have its `issue.md`. */
  issueDir: string;
  /** Puts the whole (single) draft into the section of this number. */
  section?: number | undefined;
  /** Replaces a section file of the same number. */
  force?: boolean | undefined;
  /** Imports drafts with changes not yet accepted, or comments, as if accepted. */
  acceptChanges?: boolean | undefined;
}

export interface ImportReport {
  /** Section files written, in order. */
  sections: string[];
  /** Images written under the issue's `images/`. */
  images: string[];
  /** What the user must hear of, one line each: `draft.docx: …`. */
  notices: string[];
}

/** Changes not yet accepted, or comments, were found: nothing was written. */
export class UnreviewedDraftError extends BulletinError {
  constructor(readonly findings: ReadonlyArray<{ draft: string; finding: DraftFinding }>) {
    super(`${findings.length} tracked change${findings.length === 1 ? '' : 's'} or comment${findings.length === 1 ? '' : 's'} not yet resolved; nothing was imported. Accept or reject them in Word, or import with --accept-changes`);
  }
}

/**
 * Turns Word drafts into sections of an issue (README, "Importing Word drafts"): each
 * Heading 1 a section file numbered after the issue's last, its images under
 * `images/`. Reads every draft and checks it first; writes only inside the issue folder.
 */
export async function importDrafts(options: ImportOptions): Promise<ImportReport> {
  await requireIssueFolder(options.issueDir);
  if (options.section !== undefined && options.drafts.length > 1) throw new BulletinError('--section puts one draft into one section; import the drafts one at a time');
  const drafts: Array<{ path: string; archive: DraftArchive; findings: DraftFinding[] }> = [];
  try {
    for (const path of options.drafts) drafts.push({ path, ...(await openDraft(path)) });
    const unresolved = drafts.flatMap((draft) => draft.findings.filter((finding) => isReviewMark(finding)).map((finding) => ({ draft: draft.path, finding })));
    if (unresolved.length > 0 && options.acceptChanges !== true) throw new UnreviewedDraftError(unresolved);
    const existing = await existingSections(options.issueDir);
    if (options.section !== undefined) await clearNumber(existing, options.section, options.force === true, options.issueDir);
    const numbering = { next: options.section ?? Math.max(0, ...existing.map((file) => file.number)) + 1, slugs: new Set(existing.map((file) => file.slug)) };
    const report: ImportReport = { sections: [], images: [], notices: [] };
    for (const draft of drafts) await importDraft(draft, options, numbering, report);
    return report;
  } finally {
    for (const draft of drafts) draft.archive.close();
  }
}

/** One draft's sections and images written, its notices added to the report. */
async function importDraft(
  draft: { path: string; archive: DraftArchive; findings: DraftFinding[] },
  options: ImportOptions,
  numbering: { next: number; slugs: Set<string> },
  report: ImportReport,
): Promise<void> {
  const name = basename(draft.path);
  report.notices.push(...draft.findings.map((finding) => `${name}: paragraph ${finding.paragraph}: ${describeFinding(finding)}`));
  const converted = await convertDraft(draft.archive, imageWriter(options.issueDir));
  report.images.push(...converted.images.map((image) => join(options.issueDir, image)));
  report.notices.push(...converted.skippedImages.map((image) => `${name}: image ${image.ordinal} (${image.contentType}) left out: browsers and the print cannot show it; save it as PNG or JPEG and insert that`));
  const split = splitDraft(converted.html, { oneSection: options.section !== undefined });
  if (split.untitled) report.notices.push(`${name}: no Heading 1, so one section, titled "${split.sections[0]?.title ?? ''}" from the document's Title or first line; give each section a Heading 1 to split it`);
  if (split.preambleLength > 0) report.notices.push(`${name}: ${split.preambleLength} paragraph${split.preambleLength === 1 ? '' : 's'} before the first Heading 1 put at the start of its section`);
  for (const section of split.sections) {
    if (numbering.next > 99) throw new BulletinError(`An issue holds sections 01 to 99; ${name} would need section ${numbering.next}`);
    const path = join(options.issueDir, `${String(numbering.next).padStart(2, '0')}-${uniqueSlug(section, numbering.slugs)}.md`);
    await writeFileAtomic(path, sectionMarkdown(section));
    report.sections.push(path);
    numbering.next++;
  }
}

async function requireIssueFolder(issueDir: string): Promise<void> {
  const found = await stat(join(issueDir, 'issue.md')).then((info) => info.isFile(), () => false);
  if (!found) throw new BulletinError(`${issueDir} is not an issue folder (it has no issue.md); start the issue with \`bulletin new YYYY-MM\`, or name it with --into`);
}

/** A draft opened and reviewed: its archive (to close) and what it holds besides text. */
async function openDraft(path: string): Promise<{ archive: DraftArchive; findings: DraftFinding[] }> {
  const exists = await stat(path).then((info) => info.isFile(), () => false);
  if (!exists) throw new BulletinError(`Cannot read ${path}: no such file`);
  const archive = await openDraftArchive(path).catch(() => undefined);
  if (archive === undefined || !archive.exists('word/document.xml')) {
    archive?.close();
    throw new BulletinError(`${path} is not a Word document (.docx) or is damaged; save it from Word or Google Docs as .docx and import that`);
  }
  try {
    return { archive, findings: await reviewDraft(archive) };
  } catch (error) {
    archive.close();
    throw new BulletinError(`${path} is damaged: its text cannot be read (${(error as Error).message.split('\n')[0]}); open it in Word, save it again and import that`, { cause: error });
  }
}

function isReviewMark(finding: DraftFinding): boolean {
  return ['insertion', 'deletion', 'move', 'comment'].includes(finding.kind);
}

function describeFinding(finding: DraftFinding): string {
  const text = finding.text === '' ? '' : ` "${finding.text}"`;
  if (isReviewMark(finding)) return `${finding.kind === 'comment' ? 'comment' : `tracked ${finding.kind}`}${text}: ${finding.kept}`;
  return `${finding.kind} (in${text || ' an empty paragraph'}): kept ${finding.kept}`;
}

interface ExistingSection {
  name: string;
  number: number;
  slug: string;
}

async function existingSections(issueDir: string): Promise<ExistingSection[]> {
  const names = await readdir(issueDir);
  return names.flatMap((name) => {
    const match = /^(\d{2})-(.+)\.md$/.exec(name);
    return match ? [{ name, number: Number(match[1]), slug: match[2]! }] : [];
  });
}

/** `--section NN` over an existing section: refused, or with --force the old file removed. */
async function clearNumber(existing: ExistingSection[], number: number, force: boolean, issueDir: string): Promise<void> {
  const taken = existing.filter((file) => file.number === number);
  if (taken.length === 0) return;
  if (!force) throw new BulletinError(`Section ${String(number).padStart(2, '0')} exists (${taken.map((file) => file.name).join(', ')}); nothing was imported. Replace it with --force, or choose another --section`);
  for (const file of taken) {
    await rm(join(issueDir, file.name));
    existing.splice(existing.indexOf(file), 1);
  }
}

/** The file-name slug of a section's title, ASCII and short, not used by another section of the issue. */
function uniqueSlug(section: DraftSection, taken: Set<string>): string {
  const words = slugify(section.title).split('-').filter(Boolean);
  let base = '';
  for (const word of words) if ((base ? `${base}-${word}` : word).length <= 40) base = base ? `${base}-${word}` : word;
  base ||= 'section';
  let slug = base;
  for (let suffix = 2; taken.has(slug); suffix++) slug = `${base}-${suffix}`;
  taken.add(slug);
  return slug;
}
