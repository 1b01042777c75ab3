import { buildApp } from './app.ts';
import { DEMO_PASSWORD, runFirstStart } from './modules/setup/first-start.ts';
import type { AppConfig } from './platform/config.ts';
import { openDatabase } from './platform/database-runtime.ts';
import { createPool } from './platform/db.ts';
import { OutboxDispatcher } from './platform/events.ts';
import type { App } from './platform/http.ts';
import { JobRunner } from './platform/jobs.ts';
import { createLogger } from './platform/logger.ts';
import { migrate } from './platform/migrate.ts';

export interface RunningPulse {
  app: App;
  url: string;
  close(): Promise<void>;
}

/**
 * Starts everything: the database (embedded unless DATABASE_URL), migrations, first-start
 * data, the HTTP server, the outbox dispatcher and the job runner.
 */
export async function startPulse(
  config: AppConfig,
  options: { background?: boolean; pgSettings?: Record<string, string>; print?: (line: string) => void } = {},
): Promise<RunningPulse> {
  const print = options.print ?? ((line: string) => console.log(line));
  const logger = createLogger(config.logLevel);
  const database = await openDatabase(config, { settings: options.pgSettings });
  try {
    const applied = await migrate(database.adminUrl);
    if (applied.length > 0) logger.info({ applied }, 'migrations applied');
    const db = createPool(database.appUrl, 20);
    const events = new OutboxDispatcher(db, logger);
    const jobs = new JobRunner(db, logger);
    const app = await buildApp({ db, config, logger, events, jobs });

    const firstStart = await runFirstStart(db, { demoData: config.demoData, logger });
    await app.listen({ port: config.port, host: config.host });
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    const shownHost = ['0.0.0.0', '::', ''].includes(config.host) ? 'localhost' : config.host;
    const url = `http://${shownHost}:${port}`;
    if (options.background !== false) {
      events.start();
      await jobs.scheduleRecurring();
      jobs.start();
    }
    print(`Pulse is running at ${url}`);
    if (firstStart.createdAdmin) {
      print(
        `First start: created the user "admin" with the password "${DEMO_PASSWORD}" — change it after signing in.`,
      );
    }
    print('Demo sign-ins are listed in README.md (section "Demo logins").');

    let closed = false;
    return {
      app,
      url,
      close: async () => {
        if (closed) return;
        closed = true;
        await app.close();
        await events.stop();
        await jobs.stop();
        await db.end();
        await database.stop();
      },
    };
  } catch (error) {
    await database.stop();
    throw error;
  }
}

/**
 * Starts Pulse and serves until SIGINT or SIGTERM, then closes it cleanly and exits 0 (`npm
 * start`, `pulse serve`). The handlers are in place before the start: a signal sent as soon as
 * "Pulse is running" appears (by a supervisor, or a test) would otherwise find none yet, and
 * end the process at once, leaving PostgreSQL running and the data folder locked. A signal
 * during the start stops once the start has finished; a second one exits at once.
 */
export function serveUntilSignalled(config: AppConfig): Promise<RunningPulse> {
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) process.exit(signal === 'SIGINT' ? 130 : 143);
    stopping = true;
    console.log(`${signal} received, shutting down (again to stop at once)`);
    starting
      .then((pulse) => pulse.close())
      .then(
        () => process.exit(0),
        (error: unknown) => {
          console.error(error);
          process.exit(1);
        },
      );
  };
  // Before the start, whose first steps (taking the data folder's lock, checking the binaries)
  // run synchronously: a handler only runs once they are done and `starting` is set.
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const starting = startPulse(config);
  return starting;
}
