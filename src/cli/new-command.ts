import { mkdir, writeFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { planNewIssue, readIssueFrontmatter } from '../authoring/new-issue.js';
import { discoverIssues } from '../content/discover.js';
import { parseMonth } from '../model/month.js';
import type { CliContext } from './context.js';
import { parseCommandLine } from './parse-command-line.js';
import { UsageError } from './usage-error.js';

export const newHelp = `Usage: bulletin new <YYYY-MM> [options]

Starts the issue of a month: creates content/<YYYY-MM>/ with issue.md (the masthead of
the most recent issue carried over, the date filled in) and a first section to write in.
Never overwrites: an existing folder is left as it is.

Options:
      --content DIR    the content folder (default: content)
  -h, --help           show this help

Example:
  bulletin new 2021-06
`;

export interface NewArguments {
  month: string | undefined;
  contentDir: string;
  help: boolean;
}

export function parseNewArguments(args: readonly string[]): NewArguments {
  const parsed = parseCommandLine(args, { content: { type: 'string' }, help: { type: 'boolean', short: 'h' } });
  if (parsed.positionals.length > 1) throw new UsageError('bulletin new takes one month, e.g. `bulletin new 2021-06`.');
  return { month: parsed.positionals[0], contentDir: parsed.values.content ?? 'content', help: parsed.values.help === true };
}

export async function runNew(args: NewArguments, context: CliContext): Promise<number> {
  if (args.help) {
    context.stdout(newHelp);
    return 0;
  }
  if (args.month === undefined) throw new UsageError('Name the month of the new issue, e.g. `bulletin new 2021-06`.');
  // The month is the folder's name: nothing but YYYY-MM can reach the file system.
  const month = parseMonth(args.month);
  if (month === undefined) throw new UsageError(`"${args.month}" is not a month; write it as YYYY-MM, e.g. 2021-06.`);

  const contentDir = resolve(context.cwd, args.contentDir);
  const issueDir = join(contentDir, month.id);
  const earlier = (await discoverIssues(contentDir).catch(() => [])).filter((dir) => basename(dir) < month.id);
  const previousDir = earlier.at(-1);
  const frontmatter = previousDir === undefined ? undefined : await readIssueFrontmatter(previousDir);
  const plan = planNewIssue(month, previousDir && frontmatter ? { id: basename(previousDir), frontmatter } : undefined);

  await mkdir(contentDir, { recursive: true });
  try {
    await mkdir(issueDir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
      context.stderr(`${context.relative(issueDir)} already exists; nothing was changed.`);
      return 1;
    }
    throw error;
  }
  for (const file of plan.files) {
    await writeFile(join(issueDir, file.name), file.contents, { flag: 'wx' });
    context.stdout(`Created ${context.relative(join(issueDir, file.name))}`);
  }
  if (plan.basedOn !== undefined) context.stdout(`The masthead is carried over from ${plan.basedOn}.`);
  context.stdout(`\nNext: write the issue, then see it with\n  bulletin preview ${context.relative(issueDir)}`);
  return 0;
}
