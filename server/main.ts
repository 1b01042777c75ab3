import { readConfig } from './platform/config.ts';
import { DataDirLockedError } from './platform/embedded-postgres.ts';
import { startPulse } from './start.ts';

/** `npm start`: serve Pulse until interrupted. */
async function main() {
  const pulse = await startPulse(readConfig());
  const shutdown = async (signal: string) => {
    console.log(`${signal} received, shutting down`);
    await pulse.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((error) => {
  if (error instanceof DataDirLockedError) {
    console.error(error.message);
    process.exit(2);
  }
  console.error(error);
  process.exit(1);
});
