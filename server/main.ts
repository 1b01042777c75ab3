import { readConfig } from './platform/config.ts';
import { DataDirLockedError } from './platform/embedded-postgres.ts';
import { serveUntilSignalled } from './start.ts';

/** `npm start`: serve Pulse until interrupted. */
serveUntilSignalled(readConfig()).catch((error) => {
  if (error instanceof DataDirLockedError) {
    console.error(error.message);
    process.exit(2);
  }
  console.error(error);
  process.exit(1);
});
