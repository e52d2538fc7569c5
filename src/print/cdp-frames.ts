import { Buffer } from 'node:buffer';

/**
 * Reads Chromium's `--remote-debugging-pipe` framing, which bulletin's kept browser
 * also speaks over its socket: each message is JSON followed by a NUL byte. Returns a
 * function to give each chunk as it arrives; `onMessage` gets each whole message. A
 * chunk may end inside a message, or inside a character of several bytes: the bytes are
 * kept until their NUL has come.
 */
export function frameReader(onMessage: (message: string) => void): (chunk: Buffer) => void {
  let pending: Buffer[] = [];
  return (chunk) => {
    let start = 0;
    for (let end = chunk.indexOf(0, start); end !== -1; end = chunk.indexOf(0, start)) {
      pending.push(chunk.subarray(start, end));
      const message = Buffer.concat(pending).toString('utf8');
      pending = [];
      start = end + 1;
      onMessage(message);
    }
    if (start < chunk.length) pending.push(chunk.subarray(start));
  };
}

/** One message in that framing. */
export function frame(message: string): Buffer {
  return Buffer.concat([Buffer.from(message, 'utf8'), Buffer.of(0)]);
}
