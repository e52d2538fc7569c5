import { createHash } from 'node:crypto';
import { existsSync, lstatSync, mkdirSync, statSync } from 'node:fs';
import { mkdtemp, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { BulletinError } from '../errors.js';
import { writeFileAtomic } from '../output/write-atomic.js';

/** The one font the print's fontconfig lists: shipped, so no machine's own font is ever used. */
const fallbackFont = '@fontsource/noto-serif/files/noto-serif-latin-400-normal.woff2';

/**
 * The fontconfig file the print's browser is started with (`FONTCONFIG_FILE`). Chromium
 * draws a character that no font of the page covers in a font of the machine, found
 * through fontconfig: the PDF would then depend on what the build machine has installed.
 * This configuration lists one shipped font and nothing of the machine's, so such a
 * character is an empty box in every build (`check` warns of it, font-coverage).
 * The font is TrueType, decompressed from fontsource's WOFF2: with no TrueType font
 * listed at all, Chromium 156 writes a PDF without bookmarks.
 * Made once per version of the font, in the system's temp folder, atomically, in a
 * folder of the user's own that no one else can write: the temp folder is shared, and a
 * configuration planted there would choose the fonts Chromium loads. A folder of that
 * name that is not so (another user's, open to others, a link) is not used; the
 * configuration is then made in a new private folder for this run.
 */
export async function printFontConfig(tempRoot: string = tmpdir()): Promise<string> {
  // Synchronous up to the configuration made before (four system calls): the browser is
  // spawned as soon as this settles, and each round trip to the thread pool delayed it.
  const source = createRequire(import.meta.url).resolve(fallbackFont);
  const { size, mtimeMs } = statSync(source);
  // A new font or a new configuration, a new folder: one made by another version is never reused.
  const version = createHash('sha256').update(`${source}\0${size}\0${mtimeMs}\0${fontConfigXml('', '')}`).digest('hex').slice(0, 12);
  const named = join(tempRoot, `bulletin-fontconfig-${userInfo().uid}-${version}`);
  try {
    mkdirSync(named, { mode: 0o700 });
  } catch {
    // There already (made by an earlier build, or not ours: see below), or not to be made.
  }
  const folder = ownPrivateFolder(named) ? named : await mkdtemp(join(tempRoot, 'bulletin-fontconfig-'));
  const configPath = join(folder, 'fonts.conf');
  if (existsSync(configPath)) return configPath;
  const fontPath = join(folder, 'fonts', 'NotoSerif-Regular.ttf');
  try {
    // Loaded only here: once made, the font is reused, and the decoder (WebAssembly) is not needed.
    const { decompress } = await import('wawoff2');
    await writeFileAtomic(fontPath, await decompress(await readFile(source)));
  } catch (error) {
    throw new BulletinError(`Cannot prepare the print's fallback font from ${source}: ${(error as Error).message}. Run \`npm ci\` to reinstall the fonts.`, { cause: error });
  }
  await writeFileAtomic(configPath, fontConfigXml(join(folder, 'fonts'), join(folder, 'cache')));
  return configPath;
}

/** Whether `folder` is a directory (not a link) of this user's that no one else may write. */
function ownPrivateFolder(folder: string): boolean {
  let facts;
  try {
    facts = lstatSync(folder);
  } catch {
    return false;
  }
  return facts.isDirectory() && facts.uid === userInfo().uid && (facts.mode & 0o022) === 0;
}

function fontConfigXml(fontsFolder: string, cacheFolder: string): string {
  return [
    '<?xml version="1.0"?>',
    '<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">',
    '<!-- Made by bulletin for its print: only this font, none of the machine\'s. -->',
    '<fontconfig>',
    `  <dir>${escapeXml(fontsFolder)}</dir>`,
    `  <cachedir>${escapeXml(cacheFolder)}</cachedir>`,
    // Chromium takes its glyph rendering from fontconfig, and with it the advances it lays
    // out with: fontconfig's own defaults (full hinting) set text differently from the
    // usual desktop settings, so these are pinned to those (Debian's conf.d), on every machine.
    '  <match target="pattern">',
    '    <edit name="antialias" mode="assign"><bool>true</bool></edit>',
    '    <edit name="hinting" mode="assign"><bool>true</bool></edit>',
    '    <edit name="hintstyle" mode="assign"><const>hintslight</const></edit>',
    '    <edit name="autohint" mode="assign"><bool>false</bool></edit>',
    '    <edit name="lcdfilter" mode="assign"><const>lcddefault</const></edit>',
    '  </match>',
    '</fontconfig>',
    '',
  ].join('\n');
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
