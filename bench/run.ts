/**
 * npm run bench [-- NAME…]: runs every bench/*.bench.ts in name order (or those whose name
 * contains one of the arguments). Each exports `run()` and prints its own results.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const filters = process.argv.slice(2);
const benches = fs
  .readdirSync(here)
  .filter((file) => file.endsWith('.bench.ts'))
  .filter((file) => filters.length === 0 || filters.some((f) => file.includes(f)))
  .sort();

if (benches.length === 0) {
  console.error(`No benchmark matches ${filters.join(', ')}`);
  process.exit(2);
}
for (const file of benches) {
  console.log(`\n=== ${file} ===`);
  const module = (await import(pathToFileURL(path.join(here, file)).href)) as { run?: () => Promise<void> };
  if (typeof module.run !== 'function') throw new Error(`${file} exports no run()`);
  const started = performance.now();
  await module.run();
  console.log(`(${file} took ${((performance.now() - started) / 1000).toFixed(1)} s)`);
}
