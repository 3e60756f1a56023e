/**
 * `npm run bench`: runs every bench/*.bench.ts (one per capability) and prints its figures.
 * `npm run bench -- edexml` runs only the files whose name contains "edexml".
 */
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const filter = process.argv[2] ?? '';
const dir = import.meta.dirname;
const files = fs.readdirSync(dir).filter((f) => f.endsWith('.bench.ts') && f.includes(filter)).sort();
process.stdout.write(`Beheerconsole benchmarks — Node ${process.versions.node}, ${process.platform}/${process.arch}\n`);
for (const file of files) {
  process.stdout.write(`\n# ${file}\n`);
  const mod = (await import(pathToFileURL(path.join(dir, file)).href)) as { run: () => Promise<void> };
  await mod.run();
}
