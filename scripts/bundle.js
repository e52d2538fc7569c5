// Bundles the command line (lib/cli/main.js, compiled by tsc) into lib/bundle/: Node then
// loads a few files instead of some 700 modules (unified's, zod's, our own), about 0.1 to
// 0.2 s of every command (bench/README.md). Packages that bring native code, WebAssembly,
// workers or their own binaries stay outside and are imported from node_modules as usual.
import { rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'rolldown';

const root = resolve(fileURLToPath(import.meta.url), '../..');
const outDir = join(root, 'lib', 'bundle');
const external = [
  /^node:/,
  'sharp', // native
  'pagefind', // runs its own binary
  /^pdfjs-dist(\/|$)/, // loads its worker by path
  'wawoff2', // WebAssembly
  'mammoth',
  'puppeteer-core', // measured: bundling it saves nothing
  'hyphen', // patterns resolved by path
  /^hyphen\//,
  'yauzl',
  'proper-lockfile',
  'chokidar',
  'pdf-lib',
];

rmSync(outDir, { recursive: true, force: true });
await build({
  input: join(root, 'lib', 'cli', 'main.js'),
  platform: 'node',
  external,
  logLevel: 'warn',
  output: { dir: outDir, format: 'esm', entryFileNames: 'main.js', chunkFileNames: '[name]-[hash].js', sourcemap: true },
});
