// npm test: everything the suite needs, then every test (unit, API on real PostgreSQL, browser).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureChromium } from './ensure-chromium.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
ensureChromium();
const build = spawnSync(process.execPath, [path.join(root, 'scripts', 'ensure-web-build.mjs')], {
  stdio: 'inherit',
});
if (build.status !== 0) process.exit(build.status ?? 1);

// PULSE_TEST_REPORT=file keeps the JSON report (each file's start and end: which files are slow).
const keptReport = process.env.PULSE_TEST_REPORT;
const report = keptReport
  ? path.resolve(keptReport)
  : path.join(os.tmpdir(), `pulse-vitest-${process.pid}.json`);
// A report left by an earlier run must not be read as this run's.
fs.rmSync(report, { force: true });
const vitest = path.join(root, 'node_modules', 'vitest', 'vitest.mjs');
const result = spawnSync(
  process.execPath,
  [
    vitest,
    'run',
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${report}`,
    ...process.argv.slice(2),
  ],
  { cwd: root, stdio: 'inherit', env: { ...process.env, TZ: 'UTC' } },
);
if (fs.existsSync(report)) {
  const summary = JSON.parse(fs.readFileSync(report, 'utf8'));
  const skipped = summary.numPendingTests + summary.numTodoTests;
  console.log(`\n${summary.numPassedTests} passed, ${summary.numFailedTests} failed, ${skipped} skipped`);
  if (!keptReport) fs.rmSync(report, { force: true });
}
process.exit(result.status ?? 1);
