#!/usr/bin/env node
// The TypeScript sources are compiled and bundled into lib/bundle/ by `npm ci` (the `prepare` script, scripts/bundle.js).
import { main } from '../lib/bundle/main.js';

process.exitCode = await main(process.argv.slice(2));
