import { execFile } from 'node:child_process';
import { access, cp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { fixtureIssue, repoRoot } from '../helpers/paths.js';
import { tempDir } from '../helpers/temp.js';
import { writeIssue } from '../helpers/write-issue.js';
import { processesWithMarker } from '../helpers/processes.js';

const exists = (path: string) => access(path).then(() => true, () => false);

describe('bulletin --help', () => {
  it('lists the commands, with examples', async () => {
    const result = await runCli(['--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/Usage: bulletin <command>/);
    expect(result.stdout).toMatch(/build \[ISSUE_DIR …\]/);
    expect(result.stdout).toMatch(/Examples:/);
  });

  it('describes every option of build', async () => {
    const result = await runCli(['build', '--help']);
    expect(result.code).toBe(0);
    for (const option of ['--out', '--config', '--content', '--templates', '--no-pdf', '--chromium', '--quiet', '--verbose', '--help']) {
      expect(result.stdout).toContain(option);
    }
  });

  it('exits 2 with a pointer to --help on a mistaken command line', async () => {
    const unknownCommand = await runCli(['publish']);
    expect(unknownCommand.code).toBe(2);
    expect(unknownCommand.stderr).toMatch(/Unknown command "publish"[\s\S]*bulletin --help/);
    const unknownOption = await runCli(['build', '--colour']);
    expect(unknownOption.code).toBe(2);
    expect(unknownOption.stderr).toMatch(/--colour/);
  });
});

describe('bulletin build', () => {
  it('builds an issue folder into --out/<YYYY-MM>/', async () => {
    const out = await tempDir();
    const result = await runCli(['build', fixtureIssue('other-author'), '--out', out, '--no-pdf']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/✓ 2021-05: .*index\.html/);
    expect(await exists(join(out, '2021-05', 'index.html'))).toBe(true);
  });

  it('fails on a section without a title, naming the file and line, and writes nothing for the issue', async () => {
    const out = await tempDir();
    const result = await runCli(['build', fixtureIssue('missing-title'), '--out', out, '--no-pdf']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('tests/fixtures/issues/missing-title/2021-05/02-untitled.md:2:1: error: Missing required field `title`');
    expect(result.stderr).toMatch(/✗ tests\/fixtures\/issues\/missing-title\/2021-05: 1 error; nothing written/);
    expect(await readdir(out)).toEqual([]);
  });

  it('fails on front-matter that does not parse, naming the file and line, and writes nothing', async () => {
    const out = await tempDir();
    const result = await runCli(['build', fixtureIssue('bad-yaml'), '--out', out, '--no-pdf']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/tests\/fixtures\/issues\/bad-yaml\/2021-05\/02-broken\.md:[34]:\d+: error: Invalid YAML in front-matter/);
    expect(await readdir(out)).toEqual([]);
  });

  it('builds the good issues of a run even when another one fails, and exits 1', async () => {
    const out = await tempDir();
    const result = await runCli(['build', fixtureIssue('bad-yaml'), fixtureIssue('other-author'), '--out', out, '--no-pdf']);
    expect(result.code).toBe(1);
    expect(await exists(join(out, '2021-05', 'index.html'))).toBe(true);
  });

  it('says how to fix a missing issue folder, without a stack trace', async () => {
    const result = await runCli(['build', 'content/1999-01', '--no-pdf']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/✗ content\/1999-01: Issue folder not found/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('bulletin build without a browser', () => {
  it('writes the HTML edition, says how to get a browser, and exits 1', async () => {
    const out = await tempDir();
    const result = await runCli(['build', fixtureIssue('other-author'), '--out', out, '--chromium', '/nonexistent/chromium']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/No PDF written: --chromium names \/nonexistent\/chromium/);
    expect(await exists(join(out, '2021-05', 'index.html'))).toBe(true);
    expect(await exists(join(out, '2021-05', 'bulletin-2021-05.pdf'))).toBe(false);
  });
});

describe('bulletin check', () => {
  const fixture = (name: string) => join(repoRoot, 'tests', 'fixtures', 'check', name, '2021-05');

  it('passes the sample issues with no problems and exits 0', async () => {
    const result = await runCli(['check']);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/✓ 2 issues checked, no problems/);
  });

  it('prints every problem as file:line:column and exits 1 on errors', async () => {
    const result = await runCli(['check', fixture('footnote-undefined'), fixture('raw-html')]);
    expect(result.code).toBe(1);
    expect(result.stdout.split('\n').filter(Boolean)).toEqual([
      'tests/fixtures/check/footnote-undefined/2021-05/02-notes.md:7:19: error: Footnote [^missing] has no definition; add a line `[^missing]: …` [footnote-undefined]',
      'tests/fixtures/check/raw-html/2021-05/02-html.md:7:1: warning: The class attribute of <div> is not allowed and is removed [unsafe-html]',
    ]);
    expect(result.stderr).toMatch(/1 error, 1 warning in 2 issues/);
  });

  it('exits 0 when there are only warnings', async () => {
    expect((await runCli(['check', fixture('typed-numbering')])).code).toBe(0);
  });

  it('reports as JSON for editors’ tooling', async () => {
    const result = await runCli(['check', fixture('wrong-type'), '--format', 'json']);
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout)).toEqual({
      problems: [
        {
          file: 'tests/fixtures/check/wrong-type/2021-05/02-typed.md',
          line: 3,
          column: 7,
          endLine: 3,
          endColumn: 9,
          severity: 'error',
          rule: 'frontmatter-field',
          message: '`lang` is invalid: expected string, received number',
        },
      ],
      errors: 1,
      warnings: 0,
    });
  });

  it('refuses an unknown format', async () => {
    const result = await runCli(['check', '--format', 'xml']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--format takes text or json/);
  });
});

describe('bulletin new', () => {
  async function project(): Promise<string> {
    const dir = await tempDir();
    await cp(join(repoRoot, 'content'), join(dir, 'content'), { recursive: true });
    await cp(join(repoRoot, 'bulletin.config.yaml'), join(dir, 'bulletin.config.yaml'));
    return dir;
  }

  it('creates an issue that passes check, and says what to do next', async () => {
    const dir = await project();
    const result = await runCli(['new', '2021-06'], { cwd: dir });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Created content/2021-06/issue.md');
    expect(result.stdout).toContain('Created content/2021-06/01-first-section.md');
    expect(result.stdout).toContain('bulletin preview content/2021-06');
    expect(await readFile(join(dir, 'content', '2021-06', 'issue.md'), 'utf8')).toContain('subtitle: Highlight of the foreign policy of Azerbaijan in June 2021');
    expect((await runCli(['check', 'content/2021-06'], { cwd: dir })).code).toBe(0);
  });

  it('refuses to overwrite an existing issue', async () => {
    const dir = await project();
    const before = await readFile(join(dir, 'content', '2021-05', 'issue.md'), 'utf8');
    const result = await runCli(['new', '2021-05'], { cwd: dir });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/content\/2021-05 already exists; nothing was changed/);
    expect(await readFile(join(dir, 'content', '2021-05', 'issue.md'), 'utf8')).toBe(before);
  });

  it.each(['2021-6', '2021-13', '../2021-06', 'June'])('refuses the malformed month %s', async (month) => {
    const dir = await project();
    const result = await runCli(['new', month], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/is not a month; write it as YYYY-MM/);
    expect((await readdir(join(dir, 'content'))).sort()).toEqual(['2021-04', '2021-05']);
  });
});

describe('bulletin build --verbose', () => {
  it('prints each step of each issue with its time', async () => {
    const out = await tempDir();
    const result = await runCli(['build', fixtureIssue('other-author'), '--out', out, '--no-pdf', '--verbose']);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/^2021-05\s+check\s+\d+ ms$/m);
    expect(result.stderr).toMatch(/^2021-05\s+web\s+\d+ ms$/m);
    expect(result.stderr).toMatch(/^site\s+archive\s+\d+ ms$/m);
  });
});

describe('bulletin build, one process after another', () => {
  // The document as printed is serialized by the page after the PDF is out, while the
  // build ends the browser: it was lost when the browser was ended first, and the next
  // build prepared the document again (seen in the benchmark after a change of code).
  it('keeps the document as each print left it, so that the next --force build loads it rather than preparing it again', { timeout: 120_000 }, async () => {
    const out = await tempDir();
    const build = (...extra: string[]) => runCli(['build', join(repoRoot, 'content', '2021-05'), '--out', out, ...extra]);
    // The first print had no contents numbers to start from: the second one's document is another.
    expect((await build()).code).toBe(0);
    expect((await build('--force')).code).toBe(0);
    const third = await build('--force', '--verbose');
    expect(third.code).toBe(0);
    expect(third.stderr).toMatch(/^2021-05\s+pdf pass 1\s+\d+ ms$/m);
    expect(third.stderr).not.toMatch(/pdf facts|pdf predict/);
  });
});

describe('bulletin build, incremental', () => {
  it('leaves unchanged issues alone, and rebuilds what an edit, the config or --force touches', async () => {
    const dir = await tempDir();
    await cp(join(repoRoot, 'content'), join(dir, 'content'), { recursive: true });
    await cp(join(repoRoot, 'bulletin.config.yaml'), join(dir, 'bulletin.config.yaml'));
    const build = (...extra: string[]) => runCli(['build', '--no-pdf', '--verbose', ...extra], { cwd: dir });
    // Which issues were checked, in no order: two are checked side by side, and either may end first.
    const checked = (stderr: string) => [...stderr.matchAll(/^(\S+)\s+check\s+\d+ ms$/gm)].map((match) => match[1]).sort();

    // The April sample has an Azerbaijani version beside it: built, and checked, as 2021-04/az.
    const everything = ['2021-04', '2021-04/az', '2021-05'];
    expect(checked((await build()).stderr)).toEqual(everything);
    const again = await build();
    expect(again.code).toBe(0);
    expect(checked(again.stderr)).toEqual([]);
    expect(again.stdout).toContain('✓ 2021-04: up to date');
    expect(again.stdout).toContain('✓ 2021-05: up to date');
    expect(again.stdout).toContain('✓ 2021-04 (az): up to date');

    const section = join(dir, 'content', '2021-05', '02-energy-cooperation.md');
    await writeFile(section, (await readFile(section, 'utf8')).replace('backbone', 'spine'));
    const edited = await build();
    expect(checked(edited.stderr)).toEqual(['2021-05']);
    expect(edited.stderr).toMatch(/^site\s+archive/m);
    expect(await readFile(join(dir, 'dist', '2021-05', '02-energy-cooperation.html'), 'utf8')).toContain('spine');

    await writeFile(join(dir, 'bulletin.config.yaml'), `${await readFile(join(dir, 'bulletin.config.yaml'), 'utf8')}\nauthor: Editorial board\n`);
    expect(checked((await build()).stderr)).toEqual(everything);
    const forced = await build('--force');
    expect(checked(forced.stderr)).toEqual(everything);
    // Rebuilt to the same bytes: the archive, feeds and search index made from them are kept.
    expect(forced.stderr).not.toMatch(/^site\s+(archive|search index)/m);

    // Outputs that went missing are not up to date: the shared assets their pages use included.
    await rm(join(dir, 'dist', 'assets'), { recursive: true });
    expect(checked((await build()).stderr)).toEqual(['2021-04', '2021-05']);
    const stylesheet = /href="\.\.\/(assets\/[^"]+\.css)"/.exec(await readFile(join(dir, 'dist', '2021-05', 'index.html'), 'utf8'))?.[1];
    await access(join(dir, 'dist', stylesheet!));
    await rm(join(dir, 'dist', '2021-04', 'all.html'));
    expect(checked((await build()).stderr)).toEqual(['2021-04']);
  });

  it('prints again when SOURCE_DATE_EPOCH, which sets the PDF\'s dates, changes', async () => {
    const dir = await tempDir();
    await cp(join(repoRoot, 'content', '2021-04'), join(dir, 'content', '2021-04'), { recursive: true });
    await cp(join(repoRoot, 'bulletin.config.yaml'), join(dir, 'bulletin.config.yaml'));
    const build = (epoch: string) => runCli(['build', '--verbose'], { cwd: dir, env: { ...process.env, SOURCE_DATE_EPOCH: epoch } });
    const printed = (stderr: string) => /^2021-04\s+pdf pass 1/m.test(stderr);
    expect(printed((await build('1600000000')).stderr)).toBe(true);
    expect(printed((await build('1600000000')).stderr)).toBe(false);
    expect(printed((await build('1700000000')).stderr)).toBe(true);
    const { stdout } = await promisify(execFile)('pdfinfo', [join(dir, 'dist', '2021-04', 'bulletin-2021-04.pdf')]);
    expect(stdout).toMatch(/CreationDate:\s+.*2023/);
  }, 60_000);
});

describe('bulletin build with a browser that will not start', () => {
  it('says so in one line naming the browser, writes the web edition, and leaves no process', async () => {
    const out = await tempDir();
    const result = await runCli(['build', fixtureIssue('other-author'), '--out', out, '--chromium', '/bin/false']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/✗ 2021-05: Cannot start the browser at \/bin\/false: .*name another with --chromium\./);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('gives up on a browser that never answers within --timeout, and ends it with what it started', async () => {
    const dir = await tempDir();
    const marker = `bulletin-hang-${process.pid}-${Date.now()}`;
    const hang = join(dir, 'hang.sh');
    // A "browser" that starts a child of its own and never speaks; both carry the marker in their environment.
    await writeFile(hang, '#!/bin/sh\nsleep 600 &\nexec sleep 600\n', { mode: 0o755 });
    const started = Date.now();
    const result = await runCli(['build', fixtureIssue('other-author'), '--out', join(dir, 'out'), '--chromium', hang, '--timeout', '3'], {
      env: { ...process.env, BULLETIN_TEST_MARKER: marker },
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`Cannot start the browser at ${hang}: it did not answer within 10 s (--timeout, at least 10 s).`);
    expect(Date.now() - started).toBeLessThan(30_000);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await processesWithMarker(marker), 'processes the browser started').toEqual([]);
  }, 60_000);
});

describe('temporary browser profiles', () => {
  it('left by a killed build are removed at the next start; a running browser\'s is kept', async () => {
    const { removeStaleProfiles } = await import('../../src/print/browser.js');
    const dir = await tempDir();
    const { mkdir, symlink } = await import('node:fs/promises');
    for (const [name, pid] of [['dead', 2 ** 22 + 7], ['alive', process.pid]] as const) {
      await mkdir(join(dir, `puppeteer_dev_chrome_profile-${name}`));
      await symlink(`host-${pid}`, join(dir, `puppeteer_dev_chrome_profile-${name}`, 'SingletonLock'));
    }
    expect(await removeStaleProfiles(dir)).toEqual([join(dir, 'puppeteer_dev_chrome_profile-dead')]);
    expect(await readdir(dir)).toEqual(['puppeteer_dev_chrome_profile-alive']);
  });
});

describe('metadata in templates', () => {
  it('is escaped on every page: a title or subtitle cannot inject markup', async () => {
    const root = await tempDir();
    const { writeIssue } = await import('../helpers/write-issue.js');
    const issue = await writeIssue(join(root, 'content'), {
      meta: { title: '<script>alert(1)</script>', subtitle: 'Quotes " and \' and <b>tags</b>', organization: { en: 'A & B <i>Org</i>' } },
      sections: [{ title: '<img src=x onerror=alert(2)>', body: 'Text.' }],
    });
    const out = await tempDir();
    expect((await runCli(['build', issue, '--out', out, '--no-pdf'])).code).toBe(0);
    for (const page of ['index.html', 'all.html', '01-section-01.html']) {
      const html = await readFile(join(out, '2021-05', page), 'utf8');
      expect(html, page).not.toMatch(/<script>|<img src=x|<b>tags|<i>Org/);
      expect(html, page).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    }
    expect(await readFile(join(out, 'index.html'), 'utf8')).toContain('A &amp; B &lt;i&gt;Org&lt;/i&gt;');
  });
});

describe('two issue folders that say the same month', () => {
  it('are both an error, in check and in build, and neither is built', async () => {
    const project = await tempDir();
    const content = join(project, 'content');
    await writeIssue(content, { month: '2021-05', sections: [{ title: 'May', body: 'The May issue.' }] });
    await writeIssue(content, { month: '2021-06', meta: { date: '2021-05' }, sections: [{ title: 'June', body: 'The June issue, dated May by mistake.' }] });
    const check = await runCli(['check'], { cwd: project });
    expect(check.code).toBe(1);
    expect(check.stdout).toContain('content/2021-05/issue.md:1:1: error: 2021-05 is also the month of content/2021-06');
    expect(check.stdout).toContain('content/2021-06/issue.md:1:1: error: 2021-05 is also the month of content/2021-05');
    const build = await runCli(['build', '--no-pdf', '--out', 'dist'], { cwd: project });
    expect(build.code).toBe(1);
    expect(build.stderr).toContain('[issue-month-duplicate]');
    expect(build.stdout).not.toContain('✓');
    await expect(access(join(project, 'dist', '2021-05'))).rejects.toThrow();
  });
});

describe('two builds into one folder', () => {
  it('take turns, and the archive, sitemap and feed list every issue', async () => {
    const dir = await tempDir();
    for (const month of ['2021-04', '2021-05']) await cp(join(repoRoot, 'content', month), join(dir, 'content', month), { recursive: true });
    await cp(join(repoRoot, 'bulletin.config.yaml'), join(dir, 'bulletin.config.yaml'));
    // The race that lost an issue from the archive: the second build starts while the first writes.
    for (const [round, delay] of [0, 120, 250, 400].entries()) {
      const out = `out-${round}`;
      const first = runCli(['build', 'content/2021-05', '--out', out, '--no-pdf'], { cwd: dir });
      await new Promise((resolve) => setTimeout(resolve, delay));
      const second = runCli(['build', 'content/2021-04', '--out', out, '--no-pdf'], { cwd: dir });
      expect([(await first).code, (await second).code], `round ${round}`).toEqual([0, 0]);
      const archive = await readFile(join(dir, out, 'index.html'), 'utf8');
      for (const month of ['2021-04', '2021-05']) {
        expect(archive, `round ${round}`).toContain(`${month}/index.html`);
        expect(await readFile(join(dir, out, 'sitemap.xml'), 'utf8'), `round ${round}`).toContain(`/${month}/`);
      }
    }
  }, 120_000);

  it('repair an archive that disagrees with the issues on disk, even when every issue is up to date', async () => {
    const dir = await tempDir();
    for (const month of ['2021-04', '2021-05']) await cp(join(repoRoot, 'content', month), join(dir, 'content', month), { recursive: true });
    await cp(join(repoRoot, 'bulletin.config.yaml'), join(dir, 'bulletin.config.yaml'));
    expect((await runCli(['build', 'content/2021-04', '--out', 'out', '--no-pdf'], { cwd: dir })).code).toBe(0);
    expect((await runCli(['build', 'content/2021-05', '--out', 'other', '--no-pdf'], { cwd: dir })).code).toBe(0);
    // As a build that died after writing 2021-05's pages, before the archive, would leave it.
    await cp(join(dir, 'other', '2021-05'), join(dir, 'out', '2021-05'), { recursive: true });
    expect(await readFile(join(dir, 'out', 'index.html'), 'utf8')).not.toContain('2021-05/index.html');
    const result = await runCli(['build', 'content/2021-04', '--out', 'out', '--no-pdf'], { cwd: dir });
    expect(result.stdout).toContain('✓ 2021-04: up to date');
    expect(await readFile(join(dir, 'out', 'index.html'), 'utf8')).toContain('2021-05/index.html');
  }, 60_000);

  it('wait for a build that holds the folder, and take over a lock whose build was killed', async () => {
    const { lockOutput } = await import('../../src/site/build-lock.js');
    const out = await tempDir();
    const release = await lockOutput(out);
    await expect(lockOutput(out, 1000)).rejects.toThrow(/Another build is writing to .* did not finish within 1 s/);
    await release();
    // A killed build leaves its lock, not refreshed any more: after 10 s it is stale.
    const { mkdir, utimes } = await import('node:fs/promises');
    await mkdir(join(out, '.bulletin.lock'), { recursive: true });
    const old = new Date(Date.now() - 60_000);
    await utimes(join(out, '.bulletin.lock'), old, old);
    const again = await lockOutput(out, 1000);
    await again();
  });
});
