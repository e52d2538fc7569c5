import { Buffer } from 'node:buffer';
import { describe, expect, it } from 'vitest';
import { frame, frameReader } from '../../src/print/cdp-frames.js';

describe("the pipe's framing (JSON, then a NUL byte)", () => {
  it('gives each message whole, however the bytes arrive', () => {
    const messages = ['{"id":1,"method":"Page.enable"}', '{"text":"Ələt, Տավուշ, Москва"}', '{}'];
    const bytes = Buffer.concat(messages.map(frame));
    // Every split point, the middle of a character of several bytes included.
    for (let split = 0; split <= bytes.length; split++) {
      const read: string[] = [];
      const reader = frameReader((message) => read.push(message));
      reader(bytes.subarray(0, split));
      reader(bytes.subarray(split));
      expect(read).toEqual(messages);
    }
  });

  it('keeps a message without its NUL until the NUL comes', () => {
    const read: string[] = [];
    const reader = frameReader((message) => read.push(message));
    reader(Buffer.from('{"id":'));
    expect(read).toEqual([]);
    reader(Buffer.from('2}\0'));
    expect(read).toEqual(['{"id":2}']);
  });
});
