import { join, resolve } from 'node:path';
import type { VFile } from 'vfile';
import { reportSharedMonths } from '../issue/check-months.js';
import { createIssueLoader } from '../issue/issue-loader.js';
import { discoverIssues } from '../content/discover.js';
import { issueEditions } from '../content/load-issue.js';
import type { CliContext } from './context.js';
import { countMessages, formatMessages, messagesAsJson } from '../diagnostics/report.js';
import { parseCommandLine } from './parse-command-line.js';
import { UsageError } from './usage-error.js';

export const checkHelp = `Usage: bulletin check [ISSUE_DIR …] [options]

Checks issues without rendering them and reports every problem at once, one per line
as file:line:column: severity: message [rule]. Exits 1 when any problem is an error
(warnings alone exit 0). \`bulletin build\` runs the same checks first.
With no ISSUE_DIR, checks every issue folder (named YYYY-MM) under content/.

Checked: front-matter (YAML syntax, required fields, types, unknown fields), section
files (names, numbers, titles, slugs, empty sections), images (exist, inside the issue,
are images), links (files exist, #ids exist), footnotes, raw HTML, text encoding,
section numbers typed by hand, text no shipped font draws, the interface's words the
issue's language lacks, and sections a language version (issue.az.md …) lacks; the
language versions are checked with their issue.

Options:
  -c, --config FILE    project config (default: the nearest bulletin.config.yaml)
      --content DIR    where to find issues when none is named (default: content)
      --format FORMAT  text (default) or json: {"problems": [...], "errors": N, "warnings": N}
  -h, --help           show this help

Examples:
  bulletin check
  bulletin check content/2021-06 --format json
`;

export interface CheckArguments {
  issueDirs: string[];
  configPath: string | undefined;
  contentDir: string;
  format: 'text' | 'json';
  help: boolean;
}

export function parseCheckArguments(args: readonly string[]): CheckArguments {
  const parsed = parseCommandLine(args, {
    config: { type: 'string', short: 'c' },
    content: { type: 'string' },
    format: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  const { values, positionals } = parsed;
  const format = values.format ?? 'text';
  if (format !== 'text' && format !== 'json') throw new UsageError(`--format takes text or json, not "${format}".`);
  return {
    issueDirs: positionals,
    configPath: values.config,
    contentDir: values.content ?? 'content',
    format,
    help: values.help === true,
  };
}

export async function runCheck(args: CheckArguments, context: CliContext): Promise<number> {
  if (args.help) {
    context.stdout(checkHelp);
    return 0;
  }
  const issueDirs = args.issueDirs.length > 0 ? args.issueDirs : await discoverIssues(resolve(context.cwd, args.contentDir));
  const load = createIssueLoader({ configPath: args.configPath === undefined ? undefined : resolve(context.cwd, args.configPath) });
  const files = [];
  const seen = new Set<VFile>();
  const said = new Set<string>();
  const claims = [];
  for (const dir of issueDirs.map((issueDir) => resolve(context.cwd, issueDir))) {
    const loaded = await load(dir);
    claims.push({ dir, month: loaded.issue?.month.id, file: loaded.files.find((file) => file.path === join(dir, 'issue.md')) });
    // The issue's language versions (issue.az.md …) are checked with it; their shared files (images) once.
    const versions = await Promise.all((await issueEditions(dir)).map((edition) => load(dir, edition)));
    for (const file of [loaded, ...versions].flatMap((each) => each.files)) {
      // The config is shared by the issues: report its problems once. So is the folder by an
      // issue and its versions: a problem of the folder itself (a bad link) is said once.
      if (seen.has(file)) continue;
      seen.add(file);
      file.messages = file.messages.filter((message) => {
        const key = `${file.path}\0${String(message)}`;
        if (said.has(key)) return false;
        said.add(key);
        return true;
      });
      files.push(file);
    }
  }
  reportSharedMonths(claims, context.cwd);
  const { errors, warnings } = countMessages(files);
  if (args.format === 'json') {
    context.stdout(`${JSON.stringify({ problems: messagesAsJson(files, { cwd: context.cwd }), errors, warnings }, null, 2)}\n`);
  } else {
    for (const line of formatMessages(files, { cwd: context.cwd })) context.stdout(line);
    const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;
    const checked = plural(issueDirs.length, 'issue');
    context.stderr(errors + warnings === 0 ? `✓ ${checked} checked, no problems` : `${plural(errors, 'error')}, ${plural(warnings, 'warning')} in ${checked}`);
  }
  return errors > 0 ? 1 : 0;
}
