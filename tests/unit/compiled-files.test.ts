import { readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createIssueLoader } from '../../src/issue/issue-loader.js';
import { createCompiledFiles } from '../../src/issue/compiled-files.js';
import { formatMessages } from '../../src/diagnostics/report.js';
import { tempDir } from '../helpers/temp.js';
import { paragraph, writeIssue } from '../helpers/write-issue.js';

/** What a load gives, as text: the model, every file's messages, and the data the checks across files read. */
async function loadAsText(load: ReturnType<typeof createIssueLoader>, dir: string): Promise<string> {
  const { issue, files } = await load(dir);
  return JSON.stringify({ issue, messages: formatMessages(files, { cwd: dir }), data: files.map((file) => [file.path, file.data]) }, null, 1);
}

async function edit(path: string, change: (text: string) => string): Promise<void> {
  await writeFile(path, change(await readFile(path, 'utf8')));
}

describe('files compiled before (a preview’s rebuilds)', () => {
  it('give the same model and messages as a fresh compile, edit after edit', async () => {
    const root = await tempDir();
    const dir = await writeIssue(root, {
      sections: [
        { title: 'Diplomacy', body: `## Background\n\n${paragraph(1)}\n\n## Talks\n\n${paragraph(2)}` },
        { title: 'Energy', body: `## Outlook\n\n${paragraph(3)}[^1]\n\n[^1]: A note.\n\nSee [the diplomacy section](01-section-01.md).` },
        { title: 'Trade', body: `## Outlook\n\n${paragraph(4)}\n\n## Background\n\n${paragraph(5)}` },
      ],
    });
    const [first, second, third, issue] = ['01-section-01.md', '02-section-02.md', '03-section-03.md', 'issue.md'].map((name) => join(dir, name)) as [string, string, string, string];
    const edits: Array<[string, () => Promise<void>]> = [
      ['nothing', async () => {}],
      ['a word in one section', () => edit(second, (text) => text.replace('Outlook', 'Outlook ahead'))],
      // The second section's heading now takes a slug an earlier one took: its id changes though its file did not.
      ['a heading of the first section, to one a later section has', () => edit(first, (text) => text.replace('## Talks', '## Outlook'))],
      ['a broken link and an image without text', () => edit(third, (text) => `${text}\n\n[Gone](09-missing.md) ![](chart.png)\n`)],
      ['the issue’s language', () => edit(issue, (text) => text.replace('title: Bulletin', 'title: Bulletin\nlang: az'))],
      ['a section’s title', () => edit(first, (text) => text.replace('title: Diplomacy', 'title: Diplomacy and talks'))],
      // The third section becomes the second: its ordinal, numeral and ids' prefix change.
      ['a section file renamed, moving the others', () => rename(second, join(dir, '04-section-02.md'))],
      ['back to the first heading', () => edit(first, (text) => text.replace('## Outlook', '## Talks'))],
    ];
    const compiledFiles = createCompiledFiles();
    const kept = createIssueLoader({ compiledFiles });
    for (const [what, change] of edits) {
      await change();
      expect(await loadAsText(kept, dir), what).toBe(await loadAsText(createIssueLoader(), dir));
    }
  });

  it('are used for an unchanged file, and not for one saved since', async () => {
    const root = await tempDir();
    const dir = await writeIssue(root, { sections: [{ title: 'Diplomacy', body: paragraph(1) }, { title: 'Energy', body: paragraph(2) }] });
    const compiledFiles = createCompiledFiles();
    const load = createIssueLoader({ compiledFiles });
    await load(dir);
    const path = join(dir, '02-section-02.md');
    const entry = compiledFiles.get(path)!;
    // Marked, so that a load taking it shows.
    compiledFiles.set(path, { ...entry, html: `${entry.html}<p>kept</p>` });
    expect((await load(dir)).issue?.sections[1]?.html).toContain('<p>kept</p>');
    await edit(path, (text) => text.replace('---\n\n', '---\n\nNew words. '));
    const reloaded = (await load(dir)).issue?.sections[1]?.html;
    expect(reloaded).not.toContain('<p>kept</p>');
    expect(reloaded).toContain('New words.');
  });
});
