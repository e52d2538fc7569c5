#!/usr/bin/env node
// The TypeScript sources are compiled and bundled into lib/bundle/ by `npm ci` (the
// `prepare` script, scripts/bundle.js). The bundle is loaded with V8's code cache
// (src/code-cache.ts), kept in the package's node_modules/.cache/bulletin/.
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { requireWithCodeCache } from '../lib/code-cache.js';
import { nodeFlagsFor, relaunchWith } from '../lib/relaunch.js';
import { watchStandardStreams } from '../lib/standard-streams.js';

// A command that wants Node flags (the preview's larger young generation) runs in a Node started with them.
const relaunched = await relaunchWith(nodeFlagsFor(process.argv.slice(2)), fileURLToPath(import.meta.url), process.argv.slice(2));
if (relaunched !== undefined) process.exit(relaunched);

// V8 optimizes a function once it has run a budget of bytecode; its optimizing compiler
// then works on a thread of its own. A build of one issue lasts two seconds on two cores,
// which the browser needs: eight times the default budget leaves it the cores (one issue,
// 8 alternated runs, medians: 2.33 → 2.10–2.15 s; a year of 12 issues unchanged or
// faster), while what runs long (a year, an archive, the preview) is still optimized.
// Set before the bundle is loaded, so that every run compiles with the same flags (the
// code cache's data is checked against them).
setFlagsFromString('--interrupt-budget=540672');

// The bundle's `import()` of ESM-only packages (pagefind) is done from here (scripts/bundle.js).
globalThis[Symbol.for('bulletin.import')] = (specifier) => import(specifier);
const root = new URL('..', import.meta.url);
const { main } = requireWithCodeCache(fileURLToPath(new URL('lib/bundle/main.cjs', root)), fileURLToPath(new URL('node_modules/.cache/bulletin/', root))).exports;

const streams = watchStandardStreams();
const code = await main(process.argv.slice(2));
// Ends at once, as soon as the output is out, rather than when Node has closed every
// handle and torn down a heap of some hundred megabytes: 20–40 ms of each build.
await streams.flush();
process.exit(code);
