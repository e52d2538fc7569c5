import { describe, expect, it } from 'vitest';
import { didYouMean, editDistance } from '../../src/content/did-you-mean.js';

describe('editDistance', () => {
  it('counts insertions, deletions and substitutions', () => {
    expect(editDistance('title', 'title')).toBe(0);
    expect(editDistance('titel', 'title')).toBe(2);
    expect(editDistance('subtile', 'subtitle')).toBe(1);
    expect(editDistance('', 'abc')).toBe(3);
  });
});

describe('didYouMean', () => {
  const fields = ['title', 'date', 'subtitle', 'organization', 'lang', 'author', 'keywords'];
  it('suggests the nearest field for a near miss', () => {
    expect(didYouMean('subtile', fields)).toBe('subtitle');
    expect(didYouMean('organisation', fields)).toBe('organization');
    expect(didYouMean('Keywords', fields)).toBe('keywords');
  });
  it('suggests nothing for a word that is far from every field', () => {
    expect(didYouMean('colour', fields)).toBeUndefined();
  });
});
