import { execFileSync } from 'node:child_process';
import { chmod, cp, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { cliPath, fixtureIssue, repoRoot } from '../helpers/paths.js';
import { tempDir } from '../helpers/temp.js';

const isRoot = process.getuid?.() === 0;

/**
 * Runs the CLI so that a folder's or file's mode applies as it would to an editor: as
 * root, without the capabilities that let root ignore file permissions; as anyone
 * else, as it is.
 */
function runWithoutOverride(args: string[]): { code: number; stderr: string } {
  const command = isRoot ? ['setpriv', '--bounding-set=-dac_override,-dac_read_search', process.execPath] : [process.execPath];
  try {
    execFileSync(command[0]!, [...command.slice(1), cliPath, ...args], {
      env: { PATH: process.env['PATH'] ?? '', HOME: '/tmp' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return { code: 0, stderr: '' };
  } catch (error) {
    const failure = error as { status: number; stderr: Buffer };
    return { code: failure.status, stderr: failure.stderr.toString() };
  }
}

describe('file-system faults give one line naming the path', () => {
  it('a missing templates folder', async () => {
    const result = await runCli(['build', fixtureIssue('other-author'), '--out', await tempDir(), '--no-pdf', '--templates', '/nonexistent/templates']);
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toBe('bulletin: Cannot read templates folder /nonexistent/templates/partials. Restore it, or pass --templates with a complete templates folder.');
  });

  it('a missing template file', async () => {
    const templates = await tempDir();
    await cp(join(repoRoot, 'templates'), templates, { recursive: true });
    const { rm } = await import('node:fs/promises');
    await rm(join(templates, 'web', 'section.hbs'));
    const result = await runCli(['build', fixtureIssue('other-author'), '--out', await tempDir(), '--no-pdf', '--templates', templates]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^bulletin: Cannot read template .*\/web\/section\.hbs: /);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('a template that does not parse: its file and line, at once, not as a failed render', async () => {
    const templates = await tempDir();
    await cp(join(repoRoot, 'templates'), templates, { recursive: true });
    const template = join(templates, 'print', 'issue.hbs');
    await writeFile(template, (await readFile(template, 'utf8')).replace('<title>{{documentTitle}}</title>', '<title>{{#if documentTitle}}{{documentTitle}}</title>'));
    const result = await runCli(['build', fixtureIssue('other-author'), '--out', await tempDir(), '--templates', templates]);
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toMatch(new RegExp(`^bulletin: Template ${template}:\\d+ does not parse: .+\\. Fix it, or pass --templates with a complete templates folder\\.$`));
  });

  it('an --out that is a file', async () => {
    const out = join(await tempDir(), 'not-a-folder.pdf');
    await writeFile(out, 'a file');
    const result = await runCli(['build', fixtureIssue('other-author'), '--out', out, '--no-pdf']);
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toBe(`bulletin: Cannot write to ${out}: a file is in the way, where a folder should be (EEXIST). Check that --out names a folder that can be written.`);
    expect(result.stderr).not.toMatch(/lstat|\.tmp'/);
  });

  describe('with permissions enforced (as root, who ignores them unless told not to, and as anyone else)', () => {
    it('an output folder without write permission', async () => {
      const out = await tempDir();
      const locked = join(out, 'locked');
      await mkdir(locked, { mode: 0o555 });
      const result = runWithoutOverride(['build', fixtureIssue('other-author'), '--out', locked, '--no-pdf']);
      expect(result.code).toBe(1);
      expect(result.stderr.trim()).toBe(`bulletin: Cannot write to ${locked}: permission denied (EACCES). Check that --out names a folder that can be written.`);
      expect(result.stderr).not.toMatch(/\n\s+at /);
    });

    it('a section file that cannot be read', async () => {
      const issue = await tempDir();
      await cp(fixtureIssue('other-author'), join(issue, '2021-05'), { recursive: true });
      const unreadable = join(issue, '2021-05', '02-ports-and-shipping.md');
      await chmod(unreadable, 0o000);
      const result = runWithoutOverride(['build', join(issue, '2021-05'), '--out', await tempDir(), '--no-pdf']);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(`Cannot read ${unreadable}: permission denied (EACCES).`);
    });
  });

  describe.skipIf(!isRoot)('on a read-only file system (mounted for the test)', () => {
    const mountPoint = join('/tmp', `bulletin-readonly-${process.pid}`);
    afterAll(() => {
      execFileSync('umount', [mountPoint]);
    });

    it('says the file system is read-only', async () => {
      await mkdir(mountPoint, { recursive: true });
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'ro,size=64k', 'tmpfs', mountPoint]);
      const result = await runCli(['build', fixtureIssue('other-author'), '--out', mountPoint, '--no-pdf']);
      expect(result.code).toBe(1);
      expect(result.stderr.trim()).toBe(`bulletin: Cannot write to ${mountPoint}: the file system is read-only (EROFS). Check that --out names a folder that can be written.`);
    });
  });

  describe.skipIf(!isRoot)('on a full disk (a 256 KB file system, mounted for the test)', () => {
    const mountPoint = join('/tmp', `bulletin-full-${process.pid}`);
    afterAll(() => {
      execFileSync('umount', [mountPoint]);
    });

    it('says the disk is full and leaves no temporary files', async () => {
      await mkdir(mountPoint, { recursive: true });
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=256k', 'tmpfs', mountPoint]);
      const result = await runCli(['build', fixtureIssue('other-author'), '--out', mountPoint, '--no-pdf']);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/✗ 2021-05: Cannot (write|copy) .*: the disk is full \(ENOSPC\)/);
      const leftovers = (await readdir(mountPoint, { recursive: true })).filter((name) => String(name).endsWith('.tmp'));
      expect(leftovers).toEqual([]);
    });
  });
});
