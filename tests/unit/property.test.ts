import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { createIssueLoader } from '../../src/issue/issue-loader.js';
import { BulletinError } from '../../src/errors.js';
import { tempDir } from '../helpers/temp.js';

// Pieces Markdown is made of, so that random text hits the parser's constructs, not only plain words.
const markdownPiece = fc.oneof(
  fc.constantFrom('# ', '## ', '- ', '1. ', '> ', '```', '~~~', '    ', '\n', '\n\n', '|', '---', '***', '[', ']', '(', ')', '![', '<', '>', '</', '&', '\\', '`', '*', '_', '~~', '[^1]', '[^1]: ', ':', '#', 'http://x.org', 'images/a.png', '<script>', '<div>', ' onload="x"', 'javascript:', 'Ə', 'İ', 'Հ', 'Ж', '\t', '\r\n', '\u0000', '\uFEFF'),
  fc.string({ maxLength: 12 }),
);
const markdown = fc.array(markdownPiece, { maxLength: 80 }).map((pieces) => pieces.join(''));
const yamlValue = fc.oneof(fc.string({ maxLength: 20 }), fc.integer(), fc.boolean(), fc.constant(null), fc.array(fc.string({ maxLength: 5 }), { maxLength: 3 }), fc.dictionary(fc.string({ maxLength: 4 }), fc.string({ maxLength: 8 }), { maxKeys: 3 }));
const frontmatter = fc.dictionary(fc.oneof(fc.constantFrom('title', 'date', 'subtitle', 'organization', 'lang', 'author', 'keywords', 'layout'), fc.string({ maxLength: 8 })), yamlValue, { maxKeys: 6 });
const rawFrontmatter = fc.oneof(frontmatter.map((data) => `---\n${stringify(data)}---\n`), fc.string({ maxLength: 60 }).map((text) => `---\n${text}\n---\n`), fc.constant(''));

describe('random content', () => {
  it('never throws anything but a BulletinError: content problems are messages', async () => {
    const root = await tempDir();
    const load = createIssueLoader();
    let run = 0;
    await fc.assert(
      fc.asyncProperty(rawFrontmatter, rawFrontmatter, markdown, markdown, async (issueYaml, sectionYaml, foreword, body) => {
        const dir = join(root, `run-${run++}`, '2021-05');
        await mkdir(dir, { recursive: true });
        await writeFile(join(dir, 'issue.md'), `${issueYaml}${foreword}`);
        await writeFile(join(dir, '01-random.md'), `${sectionYaml}${body}`);
        try {
          const result = await load(dir);
          // Either a model, or at least one error saying why not.
          expect(result.issue !== undefined || result.files.some((file) => file.messages.some((message) => message.fatal))).toBe(true);
        } catch (error) {
          expect(error).toBeInstanceOf(BulletinError);
        } finally {
          await rm(join(root, `run-${run - 1}`), { recursive: true, force: true });
        }
      }),
      { numRuns: 300, interruptAfterTimeLimit: 40_000 },
    );
  }, 60_000);
});
