import { resolve } from 'node:path';
import { importDrafts, UnreviewedDraftError } from '../authoring/import/import-drafts.js';
import { discoverIssues } from '../content/discover.js';
import { countMessages, formatMessages } from '../diagnostics/report.js';
import { createIssueLoader } from '../issue/issue-loader.js';
import type { CliContext } from './context.js';
import { parseCommandLine } from './parse-command-line.js';
import { UsageError } from './usage-error.js';

export const importHelp = `Usage: bulletin import <DRAFT.docx …> [options]

Turns contributors' Word drafts (.docx, also from Google Docs) into sections of an
issue. Each Heading 1 starts a section file NN-slug.md, numbered after the issue's last
section, with the heading as its title (numbers typed by hand, "I." or "3.", removed).
Headings 2 and 3, bold, italic, links, lists, tables, footnotes and endnotes, quotes
and images (written to images/, with their alt text and caption) are kept; fonts,
colours and manual formatting are dropped. Tracked changes not yet accepted and
comments stop the import, listed by paragraph, unless --accept-changes. Then the issue
is checked, and every remaining problem is listed as file:line:column.

Options:
      --into DIR         the issue folder (default: the newest under content/)
      --section NN       put the whole draft into section NN
      --force            replace section NN if it exists
      --accept-changes   import tracked changes as accepted, and leave comments out
      --content DIR      where to find the newest issue (default: content)
  -h, --help             show this help

Examples:
  bulletin import drafts/energy.docx drafts/transport.docx --into content/2021-06
  bulletin import drafts/foreword-and-notes.docx --section 05 --force
`;

export interface ImportArguments {
  drafts: string[];
  into: string | undefined;
  section: number | undefined;
  force: boolean;
  acceptChanges: boolean;
  contentDir: string;
  help: boolean;
}

export function parseImportArguments(args: readonly string[]): ImportArguments {
  const { values, positionals } = parseCommandLine(args, {
    into: { type: 'string' },
    section: { type: 'string' },
    force: { type: 'boolean' },
    'accept-changes': { type: 'boolean' },
    content: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  const section = values.section === undefined ? undefined : Number(values.section);
  if (section !== undefined && (!/^\d{1,2}$/.test(values.section ?? '') || section < 1)) throw new UsageError(`--section takes a section number from 01 to 99, not "${values.section}".`);
  return {
    drafts: positionals,
    into: values.into,
    section,
    force: values.force === true,
    acceptChanges: values['accept-changes'] === true,
    contentDir: values.content ?? 'content',
    help: values.help === true,
  };
}

export async function runImport(args: ImportArguments, context: CliContext): Promise<number> {
  if (args.help) {
    context.stdout(importHelp);
    return 0;
  }
  if (args.drafts.length === 0) throw new UsageError('Name the Word drafts to import, e.g. `bulletin import drafts/energy.docx`.');
  const issueDir = args.into === undefined ? (await discoverIssues(resolve(context.cwd, args.contentDir)).catch(() => [])).at(-1) : resolve(context.cwd, args.into);
  if (issueDir === undefined) throw new UsageError(`No issue folder under ${args.contentDir}/ to import into; start one with \`bulletin new YYYY-MM\`, or name it with --into.`);
  let report;
  try {
    report = await importDrafts({ drafts: args.drafts.map((draft) => resolve(context.cwd, draft)), issueDir, section: args.section, force: args.force, acceptChanges: args.acceptChanges });
  } catch (error) {
    if (!(error instanceof UnreviewedDraftError)) throw error;
    for (const { draft, finding } of error.findings) context.stderr(`${context.relative(draft)}: paragraph ${finding.paragraph}: ${finding.kind === 'comment' ? 'comment' : `tracked ${finding.kind}`}: "${finding.text}"`);
    context.stderr(`bulletin: ${error.message}.`);
    return 1;
  }
  for (const path of report.sections) context.stdout(`Created ${context.relative(path)}`);
  if (report.images.length > 0) context.stdout(`Wrote ${report.images.length} image${report.images.length === 1 ? '' : 's'} to ${context.relative(resolve(issueDir, 'images'))}/`);
  for (const notice of report.notices) context.stderr(`note: ${notice}`);
  return reportCheck(issueDir, context);
}

/** Checks the issue as `bulletin check` would, and lists what is left to fix. */
async function reportCheck(issueDir: string, context: CliContext): Promise<number> {
  const { files } = await createIssueLoader({})(issueDir);
  const { errors, warnings } = countMessages(files);
  for (const line of formatMessages(files, { cwd: context.cwd })) context.stdout(line);
  if (errors + warnings === 0) context.stderr(`✓ ${context.relative(issueDir)} checks out; build it with \`bulletin build ${context.relative(issueDir)}\``);
  else context.stderr(`${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'} left in ${context.relative(issueDir)}: fix them, then build`);
  return 0;
}
