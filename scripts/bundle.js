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
  'hyphen', // patterns resolved by path
  /^hyphen\//,
  'yauzl',
  'proper-lockfile',
  'chokidar',
];
// puppeteer-core and pdf-lib are bundled: from node_modules they were some 250 modules and
// 1,600 file lookups, compiled anew in every build while the browser starts, on the same
// two cores. One issue cold, 10 alternated runs: 2.05 → 1.97 s (an unchanged build, which
// loads neither, 0.21 s either way).

rmSync(outDir, { recursive: true, force: true });
// The code cache (src/code-cache.ts) holds the last bundle's bytecode: a new bundle starts it anew.
rmSync(join(root, 'node_modules', '.cache', 'bulletin'), { recursive: true, force: true });
await build({
  input: join(root, 'lib', 'cli', 'main.js'),
  platform: 'node',
  external,
  logLevel: 'warn',
  plugins: [externalImportsThroughLauncher(), builtinImportsAsRequire(), pakoDeflateByNodeZlib()],
  // CommonJS, so that bin/bulletin.js can give V8 its code cache (src/code-cache.ts).
  output: { dir: outDir, format: 'cjs', entryFileNames: 'main.cjs', chunkFileNames: '[name]-[hash].cjs', sourcemap: true },
});

/**
 * A package imported with `import()` (pagefind has no CommonJS entry) is imported by the
 * launcher, whose module is ESM: code compiled with cached data cannot call `import()`
 * itself on Node 20. bin/bulletin.js puts the importer under this symbol; the bundle
 * required without it (no code cache) imports as usual.
 */
function externalImportsThroughLauncher() {
  const names = external.filter((name) => typeof name === 'string');
  return {
    name: 'external-imports-through-launcher',
    renderChunk(code) {
      // Same lines, a few columns moved in them: the source map stands (map: null).
      const replaced = code.replace(/\bimport\("([^"]+)"\)/g, (call, name) => (names.includes(name) ? `(globalThis[Symbol.for("bulletin.import")] ?? ((specifier) => import(specifier)))(${JSON.stringify(name)})` : call));
      return { code: replaced, map: null };
    },
  };
}

/**
 * `import("node:zlib")`, a module of Node's own loaded when first needed, is left as it
 * is by the bundler: in code compiled with cached data it throws on Node 20 (see above).
 * Node's modules need no ESM loader: they are required.
 */
function builtinImportsAsRequire() {
  return {
    name: 'builtin-imports-as-require',
    renderChunk(code) {
      const replaced = code.replace(/\bimport\(("node:[a-z_/]+")\)/g, (_call, name) => `Promise.resolve().then(() => require(${name}))`);
      return { code: replaced, map: null };
    },
  };
}

/**
 * pdf-lib deflates what it writes (the object streams of every saved PDF) with pako, zlib
 * written in JavaScript, which runs cold in a build of one issue; in the bundle it gets
 * Node's zlib instead (scripts/pako-node-zlib.cjs). Measured on the benchmark's issue: the
 * PDF's metadata step (its save) 44-51 → 18-20 ms, the file 0.1 % smaller.
 */
function pakoDeflateByNodeZlib() {
  const shim = join(root, 'scripts', 'pako-node-zlib.cjs');
  return {
    name: 'pako-deflate-by-node-zlib',
    resolveId(source, importer) {
      return source === 'pako' && importer !== undefined && /[\\/]node_modules[\\/]pdf-lib[\\/]/.test(importer) ? shim : null;
    },
  };
}
