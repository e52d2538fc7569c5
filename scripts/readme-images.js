#!/usr/bin/env node
// Renders the README's pictures from the sample issue's PDF (run `npx bulletin build` first):
// the cover and a body page, as PNG, with poppler's pdftoppm.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

const pdf = process.argv[2] ?? 'dist/2021-05/bulletin-2021-05.pdf';
const outDir = 'docs/images';
const pages = { 'print-cover': 1, 'print-body-page': 8 };

if (!existsSync(pdf)) {
  console.error(`No ${pdf}: build the sample first with \`npx bulletin build\`.`);
  process.exit(1);
}
mkdirSync(outDir, { recursive: true });
for (const [name, page] of Object.entries(pages)) {
  const prefix = join(outDir, name);
  execFileSync('pdftoppm', ['-png', '-r', '70', '-singlefile', '-f', String(page), '-l', String(page), pdf, prefix]);
  console.log(`${prefix}.png ← page ${page} of ${pdf}`);
}
