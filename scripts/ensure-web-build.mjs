// Builds the web app when its build is missing or older than its sources (npm install, npm start and npm test run this).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(root, 'web', 'dist', 'index.html');
const force = process.argv.includes('--force');

/** The newest modification time among the web app's sources (and the contracts it imports). */
function newestSource() {
  let newest = 0;
  const visit = (target) => {
    if (!fs.existsSync(target)) return;
    const stat = fs.statSync(target);
    if (stat.isDirectory()) for (const entry of fs.readdirSync(target)) visit(path.join(target, entry));
    else newest = Math.max(newest, stat.mtimeMs);
  };
  for (const source of ['web/src', 'web/index.html', 'web/vite.config.ts', 'contracts'])
    visit(path.join(root, source));
  return newest;
}

const isFresh = fs.existsSync(dist) && fs.statSync(dist).mtimeMs >= newestSource();
if (!force && isFresh) process.exit(0);
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
