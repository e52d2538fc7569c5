import type { Root } from 'mdast';
import remarkFrontmatter from 'remark-frontmatter';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { VFile } from 'vfile';
import { describe, expect, it } from 'vitest';
import { sectionFrontmatterSchema } from '../../src/content/schema.js';
import '../../src/markdown/data.js';
import { remarkFrontmatterData } from '../../src/markdown/remark-frontmatter-data.js';

function run(markdown: string): { file: VFile; children: string[] } {
  const file = new VFile({ path: 'content/2021-05/01-a.md', value: markdown });
  const processor = unified().use(remarkParse).use(remarkFrontmatter, ['yaml']).use(remarkFrontmatterData, { schema: sectionFrontmatterSchema });
  const tree = processor.runSync(processor.parse(file), file) as Root;
  return { file, children: tree.children.map((node) => node.type) };
}

function places(file: VFile): string[] {
  return file.messages.map((message) => `${message.line}:${message.column} ${message.fatal ? 'error' : 'warning'} ${message.ruleId}`);
}

describe('remarkFrontmatterData', () => {
  it('validates the front-matter, stores it on the file and removes it from the tree', () => {
    const { file, children } = run('---\ntitle: Energy\nlang: az\n---\n\nText.\n');
    expect(file.data.frontmatter).toEqual({ title: 'Energy', lang: 'az' });
    expect(children).toEqual(['paragraph']);
    expect(file.messages).toEqual([]);
  });

  it('reports a missing title where the front-matter fields start', () => {
    const { file } = run('---\nauthor: A. Author\n---\n\nText.\n');
    expect(file.data.frontmatter).toBeUndefined();
    expect(places(file)).toEqual(['2:1 error frontmatter-missing-field']);
    expect(file.messages[0]?.reason).toMatch(/`title`/);
  });

  it('validates a file without front-matter as an empty one', () => {
    expect(places(run('Text only.\n').file)).toEqual(['1:1 error frontmatter-missing-field']);
  });

  it('reports YAML syntax errors at their line in the file', () => {
    const { file } = run('---\ntitle: Energy\nauthor: [unclosed\nlang: en\n---\n\nText.\n');
    expect(file.messages.length).toBeGreaterThan(0);
    expect(file.messages.every((message) => message.ruleId === 'frontmatter-yaml' && message.fatal)).toBe(true);
    expect(file.messages[0]?.line).toBeGreaterThanOrEqual(3);
  });

  it('reports a wrong type at the value', () => {
    const { file } = run('---\ntitle: Energy\nlang: 42\n---\n');
    expect(places(file)).toEqual(['3:7 error frontmatter-field']);
  });

  it('warns about an unknown field with a suggestion, at the key', () => {
    const { file } = run('---\ntitle: Energy\nauthr: Someone\n---\n');
    expect(places(file)).toEqual(['3:1 warning frontmatter-unknown-field']);
    expect(file.messages[0]?.reason).toMatch(/did you mean `author`/);
    expect(file.data.frontmatter).toEqual({ title: 'Energy' });
  });

  it('keeps line numbers with Windows line endings', () => {
    const { file } = run('---\r\ntitle: Energy\r\nlang: 42\r\n---\r\n');
    expect(places(file)).toEqual(['3:7 error frontmatter-field']);
  });
});

describe('remarkFrontmatterData and YAML aliases', () => {
  it('reports an alias to nothing instead of throwing', () => {
    const { file } = run('---\ntitle: *nothing\n---\n');
    expect(places(file)).toEqual(['2:1 error frontmatter-yaml']);
  });

  it('refuses an alias bomb', () => {
    const levels = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let level = 1; level < 8; level++) levels.push(`${String.fromCharCode(97 + level)}: &${String.fromCharCode(97 + level)} [${Array(10).fill(`*${String.fromCharCode(96 + level)}`).join(', ')}]`);
    const { file } = run(`---\ntitle: Bomb\n${levels.join('\n')}\n---\n`);
    expect(file.messages.some((message) => message.ruleId === 'frontmatter-yaml' && /alias/i.test(message.reason))).toBe(true);
  });
});
