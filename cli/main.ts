/**
 * pulse — command line of Pulse.
 *   pulse serve                      start the server (same as npm start)
 *   pulse migrate                    apply pending database migrations
 *   pulse audit verify               check the audit trail's hash chain; exit 1 when broken
 *   pulse user create --username U --password P --roles r1,r2 [--display-name N] [--regions CODE,…]
 *   pulse backup FILE                write every row to a portable backup file
 *   pulse restore FILE               load a backup into an empty database
 *   pulse demo [--seed N] [--scale S] [--today YYYY-MM-DD] [--months M]
 *                                    load the demo company into an empty database
 *   pulse import FILE --entity E [--commit] [--template ID] [--report FILE] [--lang zh-CN|en]
 *                                    check (and with --commit, import) a CSV or .xlsx file
 */
import { parseArgs } from 'node:util';
import { roleSchema } from '../contracts/auth.ts';
import { importEntity } from '../contracts/imports.ts';
import { runImportCommand } from '../server/modules/imports/index.ts';
import { createUser } from '../server/modules/users/index.ts';
import { verifyAuditChain } from '../server/platform/audit.ts';
import { systemContext } from '../server/platform/auth-context.ts';
import { backupDatabase, restoreDatabase } from '../server/platform/backup.ts';
import { readConfig } from '../server/platform/config.ts';
import { openDatabase } from '../server/platform/database-runtime.ts';
import { createPool } from '../server/platform/db.ts';
import { DataDirLockedError } from '../server/platform/embedded-postgres.ts';
import { isAppError } from '../server/platform/errors.ts';
import { migrate } from '../server/platform/migrate.ts';
import { serveUntilSignalled } from '../server/start.ts';
import { parseDemoArgs, runDemoCommand } from './demo-command.ts';

const usage = `Usage: pulse <command>
  serve                         start the server on PORT (default 3000)
  migrate                       apply pending database migrations
  audit verify                  check the audit trail's hash chain (exit 1 when broken)
  user create --username U --password P --roles r1,r2 [--display-name N] [--regions CODE,...]
  backup FILE                   write every row to a portable backup file (.jsonl.gz)
  restore FILE                  load a backup into an empty database
  demo [--seed N] [--scale S] [--today YYYY-MM-DD] [--months M]
                                load the demo company into an empty database (migrates first);
                                exit 1 when the database already holds data
  import FILE --entity customers|products|leads|touches [--commit] [--template ID] [--report FILE] [--lang zh-CN|en]
                                check every row (exit 1 with problems); --commit writes all rows or none
Environment: DATABASE_URL, PULSE_DATA_DIR (default ./data), PORT`;

async function withDatabase<T>(work: (urls: { adminUrl: string; appUrl: string }) => Promise<T>): Promise<T> {
  const database = await openDatabase(readConfig(), { attachIfRunning: true });
  try {
    return await work(database);
  } finally {
    await database.stop();
  }
}

/** Runs one command; resolves to its exit code (`serve` runs until the process is stopped). */
export async function run(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'serve': {
      await serveUntilSignalled(readConfig());
      return new Promise<number>(() => {});
    }
    case 'migrate':
      return withDatabase(async ({ adminUrl }) => {
        const applied = await migrate(adminUrl);
        console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'The database is up to date.');
        return 0;
      });
    case 'audit': {
      if (rest[0] !== 'verify') break;
      return withDatabase(async ({ appUrl }) => {
        const db = createPool(appUrl, 1);
        try {
          const result = await verifyAuditChain(db);
          if (result.ok) {
            console.log(`Audit trail intact: ${result.entries} entries verified.`);
            return 0;
          }
          console.error(`Audit trail BROKEN at entry ${result.brokenAtSeq}: ${result.problem}.`);
          console.error(`${result.entries} entries before it verified.`);
          return 1;
        } finally {
          await db.end();
        }
      });
    }
    case 'user': {
      if (rest[0] !== 'create') break;
      const { values } = parseArgs({
        args: rest.slice(1),
        options: {
          username: { type: 'string' },
          password: { type: 'string' },
          roles: { type: 'string' },
          'display-name': { type: 'string' },
          regions: { type: 'string' },
        },
      });
      if (!values.username || !values.password || !values.roles) {
        console.error('user create needs --username, --password and --roles');
        return 2;
      }
      const roles = values.roles.split(',').map((r) => roleSchema.parse(r.trim()));
      return withDatabase(async ({ adminUrl, appUrl }) => {
        await migrate(adminUrl);
        const db = createPool(appUrl, 2);
        try {
          const regionCodes = values.regions ? values.regions.split(',').map((c) => c.trim()) : [];
          const regionIds = (
            await db.query<{ id: number }>('SELECT id FROM regions WHERE code = ANY($1)', [regionCodes])
          ).rows.map((r) => r.id);
          if (regionIds.length !== regionCodes.length) {
            console.error(`Unknown region code among: ${regionCodes.join(', ')}`);
            return 2;
          }
          const user = await createUser(db, systemContext(), {
            username: values.username!,
            displayName: values['display-name'] ?? values.username!,
            password: values.password!,
            roles,
            regionIds,
            distributorId: null,
            managerId: null,
            email: null,
            phone: null,
            language: null,
          });
          console.log(`Created user ${user.username} (id ${user.id}) with roles ${user.roles.join(', ')}.`);
          return 0;
        } finally {
          await db.end();
        }
      });
    }
    case 'backup': {
      const file = rest[0];
      if (!file) break;
      return withDatabase(async ({ adminUrl }) => {
        const result = await backupDatabase(adminUrl, file);
        console.log(`Backed up ${result.rows} rows from ${result.tables} tables to ${file}.`);
        return 0;
      });
    }
    case 'restore': {
      const file = rest[0];
      if (!file) break;
      return withDatabase(async ({ adminUrl }) => {
        const result = await restoreDatabase(adminUrl, file);
        console.log(`Restored ${result.rows} rows from ${file}.`);
        return 0;
      });
    }
    case 'demo': {
      const parsed = parseDemoArgs(rest);
      if (!parsed.ok) {
        console.error(`demo: ${parsed.error}`);
        return 2;
      }
      return withDatabase((urls) =>
        runDemoCommand(urls, parsed.options, {
          out: (line) => console.log(line),
          err: (line) => console.error(line),
          progress: process.stderr,
        }),
      );
    }
    case 'import': {
      const { values, positionals } = parseArgs({
        args: rest,
        allowPositionals: true,
        options: {
          entity: { type: 'string' },
          commit: { type: 'boolean', default: false },
          template: { type: 'string' },
          report: { type: 'string' },
          lang: { type: 'string' },
        },
      });
      const entity = importEntity.safeParse(values.entity);
      if (!positionals[0] || !entity.success) {
        console.error('import needs FILE and --entity customers|products|leads|touches');
        return 2;
      }
      return withDatabase(async ({ adminUrl, appUrl }) => {
        await migrate(adminUrl);
        const db = createPool(appUrl, 4);
        try {
          return await runImportCommand(
            db,
            {
              file: positionals[0]!,
              entity: entity.data,
              commit: values.commit === true,
              templateId: values.template ? Number(values.template) : undefined,
              reportFile: values.report,
              lang: values.lang === 'zh-CN' ? 'zh-CN' : 'en',
            },
            { out: (line) => console.log(line), progress: process.stderr },
          );
        } finally {
          await db.end();
        }
      });
    }
    case undefined:
    case 'help':
    case '--help':
      console.log(usage);
      return 0;
  }
  console.error(usage);
  return 2;
}

/** run, with a failure turned into its message on stderr and exit code 1 (the `pulse` command). */
export async function runCommand(argv: string[]): Promise<number> {
  try {
    return await run(argv);
  } catch (error) {
    if (error instanceof DataDirLockedError) console.error(error.message);
    else if (isAppError(error)) console.error(`${error.code}: ${error.message}`);
    else console.error(error instanceof Error ? error.message : error);
    return 1;
  }
}
