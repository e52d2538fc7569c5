import { resolve } from 'node:path';
import { buildSite, type BuildReport } from '../site/build-site.js';
import { discoverIssues } from '../content/discover.js';
import { setUpPrinting } from '../print/printing.js';
import type { CliContext } from './context.js';
import { terminalProgress } from './progress.js';
import { countMessages, formatMessages } from '../diagnostics/report.js';
import { parseCommandLine } from './parse-command-line.js';
import { UsageError } from './usage-error.js';

export const buildHelp = `Usage: bulletin build [ISSUE_DIR …] [options]

Builds each issue folder into OUT/<YYYY-MM>/:
  index.html               the issue: masthead, contents, PDF download
  NN-slug.html, all.html   one page per section, and the whole issue on one page
  bulletin-<YYYY-MM>.pdf   the print edition (A4)
and the site around them: the archive, feed and sitemap, and the search index (pagefind/).
A language version beside an issue (issue.az.md, 01-overview.az.md) is built into a
site of its own, OUT/az/, linked both ways.
With no ISSUE_DIR, builds every issue folder (named YYYY-MM) under content/.
Content problems are printed as file:line:column; an issue with errors writes nothing.

Options:
  -o, --out DIR        output folder (default: dist)
  -c, --config FILE    project config (default: the nearest bulletin.config.yaml
                       in or above the issue's parent folder)
      --content DIR    where to find issues when none is named (default: content)
      --templates DIR  templates folder (default: the templates shipped with bulletin)
      --no-pdf         write the HTML edition only
      --force          rebuild issues whose files have not changed since the last build
                       (by default they are left as they are: \"up to date\")
      --timeout SECONDS  time one issue's PDF may take before it is tried again in a
                       fresh browser, then given up (default: 60); the browser's start
                       gets as long, and at least 10 s
      --chromium PATH  browser to print with (default: $PUPPETEER_EXECUTABLE_PATH,
                       then Puppeteer's own headless shell or Chrome, then Debian's
                       chromium-headless-shell, /usr/bin/chromium and the like)
      --keep-browser   keep the browser running for the next build with this option
                       (ends after 10 minutes without one): a build then starts no
                       browser, and prints in a tab that has the fonts already. Only
                       this user can reach it (a socket in a folder of mode 700)
  -q, --quiet          print only problems
      --verbose        print each step of each issue with its time, and stack traces
  -h, --help           show this help

Examples:
  bulletin build                                 every issue under content/ into dist/
  bulletin build content/2021-05 --out /tmp/x    one issue into /tmp/x/2021-05/
  bulletin build --no-pdf                        the web edition only, no browser needed
`;

export interface BuildArguments {
  issueDirs: string[];
  outDir: string;
  configPath: string | undefined;
  contentDir: string;
  templatesDir: string | undefined;
  pdf: boolean;
  chromium: string | undefined;
  keepBrowser: boolean;
  timeoutSeconds: number;
  force: boolean;
  quiet: boolean;
  help: boolean;
}

export function parseBuildArguments(args: readonly string[]): BuildArguments {
  const parsed = parseCommandLine(args, {
    out: { type: 'string', short: 'o' },
    config: { type: 'string', short: 'c' },
    content: { type: 'string' },
    templates: { type: 'string' },
    'no-pdf': { type: 'boolean' },
    chromium: { type: 'string' },
    'keep-browser': { type: 'boolean' },
    timeout: { type: 'string' },
    force: { type: 'boolean' },
    quiet: { type: 'boolean', short: 'q' },
    verbose: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  const { values, positionals } = parsed;
  return {
    issueDirs: positionals,
    outDir: values.out ?? 'dist',
    configPath: values.config,
    contentDir: values.content ?? 'content',
    templatesDir: values.templates,
    pdf: values['no-pdf'] !== true,
    chromium: values.chromium,
    keepBrowser: values['keep-browser'] === true,
    timeoutSeconds: parseTimeout(values.timeout),
    force: values.force === true,
    quiet: values.quiet === true,
    help: values.help === true,
  };
}

export function parseTimeout(value: string | undefined): number {
  if (value === undefined) return 60;
  const seconds = Number(value);
  if (!Number.isFinite(seconds) || seconds <= 0) throw new UsageError(`--timeout takes a number of seconds, not "${value}".`);
  return seconds;
}

export async function runBuild(args: BuildArguments, context: CliContext): Promise<number> {
  if (args.help) {
    context.stdout(buildHelp);
    return 0;
  }
  const issueDirs = args.issueDirs.length > 0 ? args.issueDirs : await discoverIssues(resolve(context.cwd, args.contentDir));
  if (issueDirs.length === 0) {
    context.stderr(`No issues found under ${args.contentDir}/. Create one with a folder such as ${args.contentDir}/2021-05.`);
    return 1;
  }
  // The browser starts when the first issue needs its PDF: up-to-date issues need none.
  const { printing, advice } = args.pdf ? await setUpPrinting({ chromium: args.chromium, env: context.env, timeout: args.timeoutSeconds * 1000, keepBrowser: args.keepBrowser }) : { printing: undefined, advice: undefined };
  // Interrupted: end the browser rather than leave it running, then exit as interrupted programs do.
  const interrupt = () => {
    void (printing?.close() ?? Promise.resolve()).finally(() => process.exit(130));
  };
  process.once('SIGINT', interrupt);
  process.once('SIGTERM', interrupt);
  const progress = terminalProgress({ write: context.writeStderr, tty: !args.quiet && context.stderrIsTTY, verbose: context.verbose, quiet: args.quiet });
  try {
    const report = await buildSite({
      issueDirs: issueDirs.map((dir) => resolve(context.cwd, dir)),
      outDir: resolve(context.cwd, args.outDir),
      configPath: args.configPath === undefined ? undefined : resolve(context.cwd, args.configPath),
      templatesDir: args.templatesDir === undefined ? undefined : resolve(context.cwd, args.templatesDir),
      printer: printing?.printer,
      warmUp: printing?.warmUp,
      // The browser ends while the last web editions are written.
      // (Its end is awaited below, where a failure to end it would show.)
      printsDone: printing === undefined ? undefined : () => void printing.close().catch(() => {}),
      progress,
      force: args.force,
      env: context.env,
    });
    progress.finish();
    const ok = printReport(report, args, context);
    if (advice !== undefined) context.stderr(`No PDF written: ${advice}`);
    return ok && advice === undefined ? 0 : 1;
  } finally {
    process.off('SIGINT', interrupt);
    process.off('SIGTERM', interrupt);
    await printing?.close();
  }
}

/** One line per issue (and its problems); whether every issue built. */
function printReport(report: BuildReport, args: BuildArguments, context: CliContext): boolean {
  for (const issue of report.issues) {
    for (const line of formatMessages(issue.files, { cwd: context.cwd })) context.stderr(line);
    const name = `${issue.id ?? context.relative(issue.dir)}${issue.edition === undefined ? '' : ` (${issue.edition})`}`;
    const { errors } = countMessages(issue.files);
    if (errors > 0) {
      context.stderr(`✗ ${name}: ${errors} error${errors === 1 ? '' : 's'}; nothing written for this issue`);
    } else if (issue.failure) {
      context.stderr(`✗ ${name}: ${issue.failure.message}`);
      if (context.verbose && issue.failure.stack) context.stderr(issue.failure.stack);
    } else if (issue.upToDate) {
      if (!args.quiet) context.stdout(`✓ ${name}: up to date`);
    } else if (!args.quiet) {
      const outputs = issue.written.filter((path) => /(?:\/index\.html|\.pdf)$/.test(path)).map((path) => context.relative(path));
      context.stdout(`✓ ${name}: ${outputs.join(', ')}`);
    }
  }
  return report.ok;
}
