#!/usr/bin/env node
// The TypeScript sources are compiled into lib/ by `npm ci` (the `prepare` script).
import { main } from '../lib/cli/main.js';

process.exitCode = await main(process.argv.slice(2));
