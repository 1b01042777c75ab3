// Builds the web app once when its build is missing (npm install runs this, and so does npm start).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(root, 'web', 'dist', 'index.html');
const force = process.argv.includes('--force');

if (!force && fs.existsSync(dist)) process.exit(0);
const vite = path.join(root, 'node_modules', 'vite', 'bin', 'vite.js');
if (!fs.existsSync(vite)) {
  if (process.argv.includes('--if-possible')) process.exit(0);
  console.error('The web app is not built and Vite is not installed: run `npm install` first.');
  process.exit(1);
}
console.log('Building the web app (once)…');
const result = spawnSync(
  process.execPath,
  [vite, 'build', '--config', 'web/vite.config.ts', '--logLevel', 'warn'],
  {
    cwd: root,
    stdio: 'inherit',
  },
);
process.exit(result.status ?? 1);
