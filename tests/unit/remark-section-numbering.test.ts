import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { VFile } from 'vfile';
import { describe, expect, it } from 'vitest';
import '../../src/markdown/data.js';
import { remarkSectionNumbering } from '../../src/markdown/remark-section-numbering.js';

function run(markdown: string, ordinal: number): VFile {
  const file = new VFile({ path: 'content/2021-05/03-x.md', value: markdown });
  const processor = unified().use(remarkParse).use(remarkSectionNumbering, { ordinal });
  processor.runSync(processor.parse(file), file);
  return file;
}

describe('remarkSectionNumbering', () => {
  it('records the ordinal and its Roman numeral on the file', () => {
    expect(run('Text.', 4).data.section).toEqual({ ordinal: 4, numeral: 'IV' });
  });
  it('warns, at the heading, about numbering typed by hand', () => {
    const file = run('Intro.\n\n## II. Energy\n', 1);
    expect(file.messages).toHaveLength(1);
    expect(file.messages[0]).toMatchObject({ line: 3, column: 1, ruleId: 'typed-numbering', fatal: false });
  });
  it('leaves ordinary headings alone', () => {
    expect(run('## Energy\n', 1).messages).toEqual([]);
  });
});
