import { processContext, type CliContext } from './context.js';
import { UsageError } from './usage-error.js';
import { BulletinError } from '../errors.js';
import { packageVersion } from '../paths.js';

export const mainHelp = `Usage: bulletin <command> [options]

Publishes a monthly bulletin from Markdown: the print PDF and the web edition.
An issue is a folder content/<YYYY-MM>/ with issue.md and sections NN-slug.md.

Commands:
  build [ISSUE_DIR …]   build issues into dist/ (default: every issue under content/)
  check [ISSUE_DIR …]   check issues without rendering; every problem as file:line:column
  new <YYYY-MM>         start the issue of a month in content/<YYYY-MM>/
  import <DRAFT.docx …> turn Word drafts into sections of an issue
  preview [ISSUE_DIR]   both editions side by side in the browser, rebuilt on every save

Options:
  -h, --help       show this help; \`bulletin <command> --help\` for a command's options
  -v, --version    print the version
      --verbose    print stack traces and progress

Examples:
  bulletin new 2021-06
  bulletin import drafts/energy.docx --into content/2021-06
  bulletin preview content/2021-06
  bulletin check
  bulletin build
  bulletin build content/2021-05 --out public
  bulletin build --help
`;

interface Command {
  help: string;
  run: (args: string[], context: CliContext) => Promise<number>;
}

// Loaded when used: `--version` or `check` must not pay for the browser and PDF libraries.
const commands: Record<string, () => Promise<Command>> = {
  build: async () => {
    const { buildHelp, parseBuildArguments, runBuild } = await import('./build-command.js');
    return { help: buildHelp, run: (args, context) => runBuild(parseBuildArguments(args), context) };
  },
  check: async () => {
    const { checkHelp, parseCheckArguments, runCheck } = await import('./check-command.js');
    return { help: checkHelp, run: (args, context) => runCheck(parseCheckArguments(args), context) };
  },
  import: async () => {
    const { importHelp, parseImportArguments, runImport } = await import('./import-command.js');
    return { help: importHelp, run: (args, context) => runImport(parseImportArguments(args), context) };
  },
  // Started by `build --keep-browser`, not listed in the help.
  'keep-browser': async () => {
    const { keepBrowserHelp, runKeepBrowser } = await import('./keep-browser-command.js');
    return { help: keepBrowserHelp, run: (args) => runKeepBrowser(args) };
  },
  new: async () => {
    const { newHelp, parseNewArguments, runNew } = await import('./new-command.js');
    return { help: newHelp, run: (args, context) => runNew(parseNewArguments(args), context) };
  },
  preview: async () => {
    const { parsePreviewArguments, previewHelp, runPreview } = await import('./preview-command.js');
    return { help: previewHelp, run: (args, context) => runPreview(parsePreviewArguments(args), context) };
  },
};

/** Runs the command line and returns the exit code: 0 done, 1 failed, 2 misused. */
export async function main(argv: readonly string[], makeContext = processContext): Promise<number> {
  const verbose = argv.includes('--verbose');
  const context = makeContext(verbose);
  const [command, ...rest] = argv.filter((arg) => arg !== '--verbose');
  try {
    if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
      const topic = command === 'help' ? commands[rest[0] ?? ''] : undefined;
      context.stdout(topic ? (await topic()).help : mainHelp);
      return 0;
    }
    if (command === '--version' || command === '-v') {
      context.stdout(packageVersion());
      return 0;
    }
    const load = commands[command];
    if (load === undefined) throw new UsageError(`Unknown command "${command}".`);
    return await (await load()).run(rest, context);
  } catch (error) {
    if (error instanceof UsageError) {
      context.stderr(`bulletin: ${error.message}\nRun \`bulletin --help\` for usage.`);
      return 2;
    }
    const failure = error as Error;
    if (failure instanceof BulletinError) context.stderr(`bulletin: ${failure.message}`);
    else context.stderr(`bulletin: unexpected error: ${failure.message}${verbose ? '' : ' (run again with --verbose for details)'}`);
    if (verbose) context.stderr(failure.stack ?? '');
    return 1;
  }
}
