// Browser tests drive Debian's Chromium. Install it when missing (as root), or say how.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';

export const chromiumPath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

/** Screenshots of Chinese pages need a CJK font; without one every character is an empty box. */
function ensureChineseFont(run) {
  const fonts = spawnSync('fc-list', [':lang=zh'], { encoding: 'utf8' });
  if (fonts.status === 0 && fonts.stdout.trim() !== '') return;
  if (process.getuid?.() !== 0) return;
  if (run(['install', '-y', 'fonts-wqy-zenhei']).status !== 0) {
    run(['update']);
    run(['install', '-y', 'fonts-wqy-zenhei']);
  }
}

export function ensureChromium() {
  const run = (args) =>
    spawnSync('apt-get', args, {
      stdio: 'inherit',
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
  if (fs.existsSync(chromiumPath)) {
    ensureChineseFont(run);
    return;
  }
  if (process.getuid?.() !== 0) {
    console.error(
      `Chromium is missing at ${chromiumPath}. Install it with: sudo apt-get install -y chromium ` +
        '(or set CHROMIUM_PATH to a Chromium binary).',
    );
    process.exit(1);
  }
  console.log('Installing Chromium from Debian packages for the browser tests…');
  if (run(['install', '-y', 'chromium']).status !== 0) {
    run(['update']);
    if (run(['install', '-y', 'chromium']).status !== 0) {
      console.error('Could not install Chromium with apt-get.');
      process.exit(1);
    }
  }
  ensureChineseFont(run);
}
