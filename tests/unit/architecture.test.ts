import { execFile } from 'node:child_process';
import { cp, readdir, readFile, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import { parse } from '@babel/parser';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/paths.js';
import { tempDir } from '../helpers/temp.js';

const run = promisify(execFile);
const depcruise = join(repoRoot, 'node_modules', '.bin', 'depcruise');

interface Violation {
  rule: { name: string };
  from: string;
  to: string;
}

/** The layer rules of .dependency-cruiser.cjs, applied to the `src/` of `root`. */
async function violations(root: string): Promise<Violation[]> {
  const { stdout } = await run(depcruise, ['src', '--config', '.dependency-cruiser.cjs', '--output-type', 'json'], { cwd: root, maxBuffer: 64 * 1024 * 1024 }).catch(
    // depcruise exits 1 when it finds violations; its report is on stdout all the same.
    (error: { stdout?: string }) => ({ stdout: error.stdout ?? '' }),
  );
  return (JSON.parse(stdout) as { summary: { violations: Violation[] } }).summary.violations;
}

describe('the layers of src/', () => {
  it('import only from their own layer and the ones below, with no cycles', async () => {
    expect((await violations(repoRoot)).map((violation) => `${violation.rule.name}: ${violation.from} → ${violation.to}`)).toEqual([]);
  }, 60_000);

  it('fail on an import that goes up, and on a cycle', async () => {
    const copy = await tempDir();
    await cp(join(repoRoot, 'src'), join(copy, 'src'), { recursive: true });
    await cp(join(repoRoot, '.dependency-cruiser.cjs'), join(copy, '.dependency-cruiser.cjs'));
    await cp(join(repoRoot, 'node_modules'), join(copy, 'node_modules'), { recursive: true, dereference: false, verbatimSymlinks: true }).catch(() => undefined);
    const month = join(copy, 'src', 'model', 'month.ts');
    await writeFile(month, `import '../site/build-site.js';\n${await readFile(month, 'utf8')}`);
    const found = await violations(copy);
    expect(found.map((violation) => violation.rule.name)).toEqual(expect.arrayContaining(['model-imports-upward', 'no-circular']));
    expect(found.find((violation) => violation.rule.name === 'model-imports-upward')?.from).toBe('src/model/month.ts');
  }, 120_000);
});

/** Every function of a TypeScript file, with the line it starts on and the lines it spans. */
function functionLengths(source: string): Array<{ name: string; line: number; lines: number }> {
  const file = parse(source, { sourceType: 'module', plugins: ['typescript'] });
  const found: Array<{ name: string; line: number; lines: number }> = [];
  const kinds = new Set(['FunctionDeclaration', 'FunctionExpression', 'ArrowFunctionExpression', 'ClassMethod', 'ObjectMethod']);
  const visit = (node: unknown, name: string): void => {
    if (Array.isArray(node)) {
      for (const child of node) visit(child, name);
      return;
    }
    if (typeof node !== 'object' || node === null) return;
    const record = node as { type?: string; loc?: { start: { line: number }; end: { line: number } }; id?: { name?: string }; key?: { name?: string } };
    const own = record.id?.name ?? record.key?.name ?? name;
    if (record.type !== undefined && kinds.has(record.type) && record.loc) {
      found.push({ name: own, line: record.loc.start.line, lines: record.loc.end.line - record.loc.start.line + 1 });
    }
    for (const [key, value] of Object.entries(record)) {
      if (key !== 'loc' && key !== 'leadingComments' && key !== 'trailingComments' && typeof value === 'object') visit(value, key === 'init' || key === 'value' ? own : name);
    }
  };
  visit(file.program.body, '(module)');
  return found;
}

async function sourceFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((entry) => entry.isFile() && entry.name.endsWith('.ts')).map((entry) => join(entry.parentPath, entry.name));
}

describe('functions in src/', () => {
  it('each fit on a screen: 60 lines at most', async () => {
    const long: string[] = [];
    for (const file of await sourceFiles(join(repoRoot, 'src'))) {
      for (const fn of functionLengths(await readFile(file, 'utf8'))) {
        if (fn.lines > 60) long.push(`${relative(repoRoot, file)}:${fn.line} ${fn.name} (${fn.lines} lines)`);
      }
    }
    expect(long).toEqual([]);
  });

  it('are measured as they stand in the file', () => {
    const body = Array.from({ length: 61 }, (_, index) => `  const line${index} = ${index};`).join('\n');
    const lengths = functionLengths(`const x = 1;\nexport function long(): void {\n${body}\n}\nconst short = () => 1;\n`);
    expect(lengths).toEqual([
      { name: 'long', line: 2, lines: 63 },
      { name: 'short', line: 65, lines: 1 },
    ]);
  });
});

describe('source folders', () => {
  it('have no name that an output folder has', async () => {
    const folders = (await readdir(join(repoRoot, 'src'), { withFileTypes: true })).filter((entry) => entry.isDirectory()).map((entry) => entry.name);
    for (const output of ['build', 'dist', 'lib', 'out']) expect(folders).not.toContain(output);
  });
});

describe('package.json', () => {
  it('asks for a Node.js that has the APIs the code uses', async () => {
    const { engines } = JSON.parse(await readFile(join(repoRoot, 'package.json'), 'utf8')) as { engines: { node: string } };
    const [major = 0, minor = 0] = (/>=\s*(\d+)\.(\d+)/.exec(engines.node) ?? []).slice(1).map(Number);
    const sources = await Promise.all((await sourceFiles(join(repoRoot, 'src'))).map((file) => readFile(file, 'utf8')));
    // Dirent.parentPath came with Node.js 20.12 (and 21.4).
    if (sources.some((source) => source.includes('.parentPath'))) expect(major * 100 + minor, engines.node).toBeGreaterThanOrEqual(2012);
    expect(major).toBeGreaterThanOrEqual(20);
  });
});
