#!/usr/bin/env node
// The TypeScript sources are compiled into build/ by `npm ci` (the `prepare` script).
import { main } from '../build/cli/main.js';

process.exitCode = await main(process.argv.slice(2));
