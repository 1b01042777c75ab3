import type { AppConfig } from './config.ts';
import { startEmbeddedPostgres } from './embedded-postgres.ts';

export interface DatabaseRuntime {
  /** For migrations, grants and backups. */
  adminUrl: string;
  /** For the application's own queries. */
  appUrl: string;
  embedded: boolean;
  stop(): Promise<void>;
}

/**
 * With DATABASE_URL, use that server and never start one; otherwise start the embedded
 * PostgreSQL on the data folder.
 */
export async function openDatabase(
  config: Pick<AppConfig, 'databaseUrl' | 'dataDir'>,
  options: {
    settings?: Record<string, string>;
    onLog?: (line: string) => void;
    attachIfRunning?: boolean;
  } = {},
): Promise<DatabaseRuntime> {
  if (config.databaseUrl) {
    return {
      adminUrl: config.databaseUrl,
      appUrl: config.databaseUrl,
      embedded: false,
      stop: async () => {},
    };
  }
  const server = await startEmbeddedPostgres({ dataDir: config.dataDir, ...options });
  return { adminUrl: server.adminUrl, appUrl: server.appUrl, embedded: true, stop: server.stop };
}
