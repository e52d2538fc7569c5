import { describe, expect, it } from 'vitest';
import { lineNesting, tooDeep } from '../../src/content/nesting-guard.js';

describe('lineNesting', () => {
  it.each([
    ['plain text', 0],
    ['- item', 1],
    ['  - nested item', 2],
    ['> > quoted twice', 2],
    ['- > - mixed', 3],
    ['1. ordered', 1],
    ['      4) indented ordered', 4],
    ['                                                                                  no marker', 0],
    ['-not a marker', 0],
  ])('%j nests %i deep', (line, depth) => {
    expect(lineNesting(line)).toBe(depth);
  });
});

describe('tooDeep', () => {
  it('finds the first line past the limit', () => {
    const text = Array.from({ length: 100 }, (_, depth) => `${'  '.repeat(depth)}- level ${depth}`).join('\n');
    expect(tooDeep(text, 40)).toEqual({ line: 41, depth: 41 });
  });
  it('finds block quotes nested past the limit', () => {
    expect(tooDeep(`Text\n\n${'>'.repeat(50)} deep`, 40)).toEqual({ line: 3, depth: 50 });
  });
  it('ignores fenced code, however indented', () => {
    expect(tooDeep(`\`\`\`yaml\n${' '.repeat(200)}- item\n\`\`\`\n`, 40)).toBeUndefined();
  });
  it('accepts ordinary nesting', () => {
    expect(tooDeep('- a\n  - b\n    - c\n      > d', 40)).toBeUndefined();
  });
});
