/**
 * `npm run data`: read the data directory and write the compact assets the browser loads,
 * `public/data/names.json` and `public/data/sst2.json` (gitignored; never committed). Missing data
 * stops with exit code 1 and a message naming the directory.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { makeNamesAsset, makeSst2Asset } from '../data/assets';
import { prepareNamesDataset } from '../data/names';
import { prepareSst2Dataset } from '../data/sst2';
import { formatBytes } from '../data/validate';
import { REPO_ROOT, readNamesFiles, readSst2Files, resolveDataDir } from './dataDir';

function main(): void {
  const dataDir = resolveDataDir();
  const outDir = path.join(REPO_ROOT, 'public', 'data');
  const namesFiles = readNamesFiles(dataDir);
  const sst2Texts = readSst2Files(dataDir);
  // Prepare both once here so a broken file fails the build, not the browser.
  const names = prepareNamesDataset(namesFiles);
  const sst2 = prepareSst2Dataset(sst2Texts);
  mkdirSync(outDir, { recursive: true });
  const outputs: [string, unknown, string][] = [
    ['names.json', makeNamesAsset(namesFiles), `${names.classes.length} languages, ${names.train.length}/${names.val.length}/${names.test.length} train/val/test names`],
    ['sst2.json', makeSst2Asset(sst2Texts), `${sst2.train.length}/${sst2.val.length}/${sst2.test.length} train/dev/test sentences`],
  ];
  console.log(`Data from ${dataDir}`);
  for (const [name, asset, summary] of outputs) {
    const json = JSON.stringify(asset);
    const file = path.join(outDir, name);
    writeFileSync(file, json);
    console.log(`  wrote ${path.relative(process.cwd(), file) || file} (${formatBytes(Buffer.byteLength(json))}): ${summary}`);
  }
}

try {
  main();
} catch (error) {
  console.error(`npm run data: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
