import { cp, mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { beforeEach, describe, expect, it } from 'vitest';
import { buildSite } from '../../src/site/build-site.js';
import { formatMessages } from '../../src/diagnostics/report.js';
import { modelStore, modelStoreFolderName } from '../../src/site/model-store.js';
import { cachedIssueLoader } from '../../src/site/build-cache.js';
import { repoRoot } from '../helpers/paths.js';
import { tempDir } from '../helpers/temp.js';
import { paragraph, writeIssue } from '../helpers/write-issue.js';

/**
 * Models kept in the output folder between builds (new processes, no shared cache): an
 * issue whose inputs did not change is not compiled again, and anything its model is
 * made from, changed, makes it compiled again. Whether a model was reused is seen by
 * planting a mark in the kept model: only a reused model puts it on the page.
 */
describe('issue models kept between builds', () => {
  const mark = 'PLANTED-IN-THE-KEPT-MODEL';
  let project: string;
  let issueDir: string;
  let outDir: string;
  let templatesDir: string;

  const build = async (options: { templates?: boolean } = {}) =>
    buildSite({ issueDirs: [issueDir], outDir, force: true, ...(options.templates ? { templatesDir } : {}) });
  const page = () => readFile(join(outDir, '2021-05', '01-opening.html'), 'utf8');
  const storeFiles = async () => (await readdir(join(outDir, modelStoreFolderName)).catch((): string[] => [])).filter((name) => name.endsWith('.json.gz'));
  /** Writes the mark into the first section of the one kept model, as if that model had been made with it. */
  const plantMark = async () => {
    const [name] = await storeFiles();
    expect(name).toBeDefined();
    const path = join(outDir, modelStoreFolderName, name!);
    const stored = JSON.parse(gunzipSync(await readFile(path)).toString('utf8')) as { issue: { sections: Array<{ html: string }> } };
    stored.issue.sections[0]!.html = stored.issue.sections[0]!.html.replace('<p>', `<p>${mark} `);
    await writeFile(path, gzipSync(JSON.stringify(stored)));
  };

  beforeEach(async () => {
    project = await tempDir();
    await cp(join(repoRoot, 'bulletin.config.yaml'), join(project, 'bulletin.config.yaml'));
    issueDir = await writeIssue(join(project, 'content'), {
      sections: [
        { title: 'Opening', slug: 'opening', body: paragraph(1) },
        // A picture on the web, which the print leaves out: a warning on every build.
        { title: 'Pictures', slug: 'pictures', body: `${paragraph(2)}\n\n![A map](https://example.org/map.png)` },
      ],
    });
    outDir = join(project, 'dist');
    templatesDir = join(project, 'templates');
    await cp(join(repoRoot, 'templates'), templatesDir, { recursive: true });
    expect((await build()).ok).toBe(true);
  });

  it('reuse the kept model when the issue did not change, also with --force', async () => {
    expect(await storeFiles()).toHaveLength(1);
    await plantMark();
    expect((await build()).ok).toBe(true);
    expect(await page()).toContain(mark);
  });

  it('report the kept model’s warnings again, as the first build did', async () => {
    const cwd = project;
    const first = await build();
    await plantMark();
    const second = await build();
    expect(await page()).toContain(mark);
    const warnings = formatMessages(second.issues[0]!.files, { cwd });
    expect(warnings.some((line) => /02-pictures\.md:\d+:\d+: warning: .*\[image-remote\]/.test(line))).toBe(true);
    expect(warnings).toEqual(formatMessages(first.issues[0]!.files, { cwd }));
  });

  it('compile the issue again when a section changed', async () => {
    await plantMark();
    const section = join(issueDir, '01-opening.md');
    await writeFile(section, (await readFile(section, 'utf8')).replace(/\n\n(\w)/, '\n\nEdited $1'));
    expect((await build()).ok).toBe(true);
    expect(await page()).not.toContain(mark);
    expect(await page()).toContain('Edited');
  });

  it('compile the issue again when the config changed', async () => {
    await plantMark();
    const config = join(project, 'bulletin.config.yaml');
    await writeFile(config, `${await readFile(config, 'utf8')}\n# edited\n`);
    expect((await build()).ok).toBe(true);
    expect(await page()).not.toContain(mark);
  });

  it('compile the issue again when the templates’ catalogues changed, not when a layout did', async () => {
    expect((await build({ templates: true })).ok).toBe(true);
    await plantMark();
    const layout = join(templatesDir, 'web', 'section.hbs');
    await writeFile(layout, (await readFile(layout, 'utf8')).replace('</body>', '<p>Edited layout</p></body>'));
    expect((await build({ templates: true })).ok).toBe(true);
    expect(await page()).toContain(mark);
    expect(await page()).toContain('Edited layout');
    const catalogue = join(templatesDir, 'locales', 'en.yaml');
    await writeFile(catalogue, `${await readFile(catalogue, 'utf8')}\n# edited\n`);
    expect((await build({ templates: true })).ok).toBe(true);
    expect(await page()).not.toContain(mark);
  });

  it('compile the issue again when its folder moved', async () => {
    await plantMark();
    const moved = join(project, 'elsewhere', '2021-05');
    await mkdir(join(project, 'elsewhere'));
    await cp(issueDir, moved, { recursive: true });
    await rm(issueDir, { recursive: true });
    issueDir = moved;
    expect((await build()).ok).toBe(true);
    expect(await page()).not.toContain(mark);
  });

  it('compile the issue when the kept model is damaged', async () => {
    const [name] = await storeFiles();
    await writeFile(join(outDir, modelStoreFolderName, name!), gzipSync('{"format":1,"modelKey":'));
    expect((await build()).ok).toBe(true);
    expect(await page()).toContain('<p>');
    await writeFile(join(outDir, modelStoreFolderName, name!), 'not gzip');
    expect((await build()).ok).toBe(true);
    expect(await page()).toContain('<p>');
  });

  it('build when the kept models’ folder is a file, or a kept model inflates beyond what a model may be', async () => {
    await plantMark();
    const [name] = await storeFiles();
    const path = join(outDir, modelStoreFolderName, name!);
    // The planted model, valid, then 300 MB of spaces (still valid JSON): refused unread.
    const padded = Buffer.concat([gunzipSync(await readFile(path)), Buffer.alloc(300 * 2 ** 20, ' ')]);
    await writeFile(path, gzipSync(padded, { level: 1 }));
    expect((await build()).ok).toBe(true);
    expect(await page()).not.toContain(mark);
    expect(await page()).toContain('<p>');
    await rm(join(outDir, modelStoreFolderName), { recursive: true });
    await writeFile(join(outDir, modelStoreFolderName), 'not a folder');
    expect((await build()).ok).toBe(true);
    expect(await page()).toContain('<p>');
  });

  it('keep no model of an issue whose files changed while it was compiled (a save during the build)', async () => {
    const folder = join(project, 'dist-race');
    const store = modelStore(folder, undefined, 'tool');
    const load = cachedIssueLoader({ store });
    const kept = async () => (await readdir(join(folder, modelStoreFolderName)).catch((): string[] => [])).length;
    // Keyed by the files as they were, compiled from them as they are after a save.
    await load(issueDir, { contentKey: 'before the save', modelKey: 'model', contentKeyNow: () => 'after the save' });
    await store.save();
    expect(await kept()).toBe(0);
    await load(issueDir, { contentKey: 'unchanged', modelKey: 'model', contentKeyNow: () => 'unchanged' });
    await store.save();
    expect(await kept()).toBe(1);
  });

  it('keep no model of an issue with errors, and write nothing into a folder where nothing was built', async () => {
    const empty = join(project, 'dist-empty');
    await writeFile(join(issueDir, '01-opening.md'), '---\ntitle: Opening\n---\n\n[a link](#nowhere)\n');
    const report = await buildSite({ issueDirs: [issueDir], outDir: empty, force: true });
    expect(report.ok).toBe(false);
    expect(await readdir(empty).catch((): string[] => [])).toEqual([]);
  });
});
