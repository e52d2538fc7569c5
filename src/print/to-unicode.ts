/**
 * Reads a ToUnicode CMap (PDF 1.7, 9.10.3): character code → the text it stands for.
 * Chromium writes `bfchar` and `bfrange` entries with two-byte codes.
 */
export function parseToUnicode(cmap: string): Map<number, string> {
  const map = new Map<number, string>();
  for (const block of cmap.matchAll(/beginbfchar([\s\S]*?)endbfchar/g)) {
    for (const entry of (block[1] ?? '').matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]*)>/g)) {
      map.set(Number.parseInt(entry[1] ?? '', 16), utf16(entry[2] ?? ''));
    }
  }
  for (const block of cmap.matchAll(/beginbfrange([\s\S]*?)endbfrange/g)) {
    for (const entry of (block[1] ?? '').matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*(<[0-9a-fA-F]*>|\[[^\]]*\])/g)) {
      const low = Number.parseInt(entry[1] ?? '', 16);
      const high = Number.parseInt(entry[2] ?? '', 16);
      const target = entry[3] ?? '';
      if (target.startsWith('[')) {
        [...target.matchAll(/<([0-9a-fA-F]*)>/g)].forEach((value, offset) => map.set(low + offset, utf16(value[1] ?? '')));
        continue;
      }
      const first = utf16(target.slice(1, -1));
      // The last UTF-16 unit counts up through the range.
      for (let code = low; code <= high && code - low < 65536; code++) {
        map.set(code, first.slice(0, -1) + String.fromCharCode(first.charCodeAt(first.length - 1) + (code - low)));
      }
    }
  }
  return map;
}

function utf16(hex: string): string {
  let text = '';
  for (let index = 0; index + 3 < hex.length; index += 4) text += String.fromCharCode(Number.parseInt(hex.slice(index, index + 4), 16));
  return text;
}

/** The two-byte character codes of a string's bytes (Identity-H, as Chromium writes every font). */
export function twoByteCodes(bytes: readonly number[]): number[] {
  const codes: number[] = [];
  for (let index = 0; index + 1 < bytes.length; index += 2) codes.push(((bytes[index] ?? 0) << 8) | (bytes[index + 1] ?? 0));
  return codes;
}
