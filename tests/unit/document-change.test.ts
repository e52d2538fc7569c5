import { describe, expect, it } from 'vitest';
import { applyDocumentChange, documentChange } from '../../src/print/document-change.js';

describe('a document sent as a change of the one the tab holds', () => {
  it('is the new document once applied, whatever the two are', () => {
    const pairs: Array<[string, string]> = [
      ['', ''],
      ['same', 'same'],
      ['', 'new'],
      ['old', ''],
      ['ab', 'abab'],
      ['abab', 'ab'],
      ['aaa', 'aaaa'],
      ['<p>the month</p>', '<p>the month as a whole</p>'],
      ['x😀y', 'x😁y'],
      ['😀a', '😁a'],
      ['a😀', 'a😁'],
    ];
    for (const [held, next] of pairs) expect(applyDocumentChange(held, documentChange(held, next)), `${held} → ${next}`).toBe(next);
  });

  it('holds random edits of a long document', () => {
    let seed = 7;
    const random = (below: number) => ((seed = (seed * 48271) % 2147483647) % below);
    const alphabet = 'ab\u00adə😀 <>';
    const text = (length: number) => Array.from({ length }, () => [...alphabet][random(8)]).join('');
    for (let round = 0; round < 300; round++) {
      const held = text(random(60));
      const at = random(held.length + 1);
      const next = held.slice(0, at) + text(random(5)) + held.slice(Math.min(held.length, at + random(4)));
      expect(applyDocumentChange(held, documentChange(held, next))).toBe(next);
    }
  });

  it('carries only what an edit changed, and never half of a character outside the BMP', () => {
    const page = (word: string) => `<html>${'<p>A paragraph of the issue.</p>'.repeat(3000)}<p>${word}</p>${'<p>Another one.</p>'.repeat(3000)}</html>`;
    const change = documentChange(page('month'), page('month as a whole'));
    expect(change.text).toBe(' as a whole');
    const emoji = documentChange('x😀y', 'x😁y');
    expect(emoji.text).toBe('😁');
  });
});
