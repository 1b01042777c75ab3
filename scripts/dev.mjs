// npm run dev: the API server with reload on change, and Vite's dev server for the web app.
import { spawn } from 'node:child_process';

const children = [
  spawn('npx', ['tsx', 'watch', '--max-semi-space-size=64', 'server/main.ts'], {
    stdio: 'inherit',
    env: { ...process.env, PORT: process.env.PORT || '3000' },
  }),
  spawn('npx', ['vite', '--config', 'web/vite.config.ts'], { stdio: 'inherit' }),
];
const stop = () => {
  for (const child of children) child.kill('SIGTERM');
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
for (const child of children) child.on('exit', stop);
