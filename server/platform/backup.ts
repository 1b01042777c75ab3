/**
 * Portable backups: every row of every table as JSON lines, gzip-compressed. They restore
 * into an empty database of the same schema version, on the embedded server or any other
 * PostgreSQL, without pg_dump (the embedded package ships none).
 */
import fs from 'node:fs';
import readline from 'node:readline';
import zlib from 'node:zlib';
import pg from 'pg';
import { migrate } from './migrate.ts';

const FORMAT = 'pulse-backup/1';

/**
 * Tables whose rows the migrations themselves write (reference data such as the chart of
 * accounts). A fresh database already has them; restore replaces them with the backup's rows.
 */
const referenceTables = new Set(['ledger_accounts', 'marketing_settings', 'analytics_receivables_horizon']);
const BATCH = 2000;

interface Header {
  format: string;
  createdAt: string;
  migrations: number[];
  tables: string[];
}

async function listTablesInDependencyOrder(client: pg.Client): Promise<string[]> {
  const tables = (
    await client.query<{ name: string }>(
      `SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'schema_migrations'
        ORDER BY tablename`,
    )
  ).rows.map((r) => r.name);
  const deps = (
    await client.query<{ child: string; parent: string }>(
      `SELECT c.conrelid::regclass::text AS child, c.confrelid::regclass::text AS parent
         FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace
        WHERE c.contype = 'f' AND n.nspname = 'public' AND c.conrelid <> c.confrelid AND NOT c.condeferrable`,
    )
  ).rows;
  // Parents before children, so foreign keys hold while rows go back in.
  const ordered: string[] = [];
  const visiting = new Set<string>();
  const visit = (table: string) => {
    if (ordered.includes(table) || visiting.has(table)) return;
    visiting.add(table);
    for (const d of deps) if (d.child === table) visit(d.parent);
    visiting.delete(table);
    ordered.push(table);
  };
  for (const table of tables) visit(table);
  return ordered;
}

async function primaryKeyOrder(client: pg.Client, table: string): Promise<string> {
  const { rows } = await client.query<{ column: string }>(
    `SELECT a.attname AS column FROM pg_index i
       JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)
      WHERE i.indrelid = $1::regclass AND i.indisprimary ORDER BY array_position(i.indkey, a.attnum)`,
    [table],
  );
  return rows.length > 0 ? rows.map((r) => client.escapeIdentifier(r.column)).join(', ') : '1';
}

export async function backupDatabase(
  connectionString: string,
  file: string,
): Promise<{ tables: number; rows: number }> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  const gzip = zlib.createGzip();
  const out = fs.createWriteStream(file);
  gzip.pipe(out);
  const write = (line: string) =>
    new Promise<void>((resolve) => {
      if (gzip.write(`${line}\n`)) resolve();
      else gzip.once('drain', resolve);
    });
  let rowCount = 0;
  try {
    // One snapshot for the whole backup, so it is consistent while the app keeps writing.
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const tables = await listTablesInDependencyOrder(client);
    const migrations = (
      await client.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version')
    ).rows.map((r) => r.version);
    const header: Header = { format: FORMAT, createdAt: new Date().toISOString(), migrations, tables };
    await write(JSON.stringify(header));
    for (const table of tables) {
      const name = client.escapeIdentifier(table);
      await write(JSON.stringify({ table }));
      await client.query(`DECLARE rows_cursor NO SCROLL CURSOR FOR
        SELECT row_to_json(t)::text AS row FROM ${name} t ORDER BY ${await primaryKeyOrder(client, table)}`);
      for (;;) {
        const { rows } = await client.query<{ row: string }>(`FETCH ${BATCH} FROM rows_cursor`);
        for (const r of rows) await write(r.row);
        rowCount += rows.length;
        if (rows.length < BATCH) break;
      }
      await client.query('CLOSE rows_cursor');
    }
    await client.query('COMMIT');
    const tableCount = tables.length;
    gzip.end();
    await new Promise<void>((resolve, reject) => {
      out.on('finish', resolve);
      out.on('error', reject);
    });
    return { tables: tableCount, rows: rowCount };
  } finally {
    await client.end();
  }
}

/**
 * Restores a backup into an empty database: applies the migrations, refuses when any table
 * already has rows or the schema versions differ, then loads every row in one transaction.
 */
export async function restoreDatabase(connectionString: string, file: string): Promise<{ rows: number }> {
  await migrate(connectionString);
  const client = new pg.Client({ connectionString });
  await client.connect();
  let header: Header | undefined;
  let table: string | undefined;
  let batch: string[] = [];
  let rowCount = 0;
  const flush = async () => {
    if (!table || batch.length === 0) return;
    const name = client.escapeIdentifier(table);
    await client.query(`INSERT INTO ${name} SELECT * FROM json_populate_recordset(NULL::${name}, $1::json)`, [
      `[${batch.join(',')}]`,
    ]);
    rowCount += batch.length;
    batch = [];
  };
  try {
    await client.query('BEGIN');
    // References inside a table or between tables that refer to each other are deferrable.
    await client.query('SET CONSTRAINTS ALL DEFERRED');
    // Create the reader only now: lines read while nobody iterates (during an await) would be lost.
    const lines = readline.createInterface({
      input: fs.createReadStream(file).pipe(zlib.createGunzip()),
      crlfDelay: Infinity,
    });
    for await (const line of lines) {
      if (line === '') continue;
      if (!header) {
        header = JSON.parse(line) as Header;
        if (header.format !== FORMAT) throw new Error(`Not a Pulse backup (format ${header.format})`);
        await checkTarget(client, header);
        continue;
      }
      if (line.startsWith('{"table":')) {
        await flush();
        table = (JSON.parse(line) as { table: string }).table;
        continue;
      }
      batch.push(line);
      if (batch.length >= BATCH) await flush();
    }
    await flush();
    if (!header) throw new Error('The backup file is empty');
    await resetSequences(client);
    await client.query('COMMIT');
    return { rows: rowCount };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    await client.end();
  }
}

async function checkTarget(client: pg.Client, header: Header) {
  const migrations = (
    await client.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version')
  ).rows.map((r) => r.version);
  if (JSON.stringify(migrations) !== JSON.stringify(header.migrations)) {
    throw new Error(
      `The backup was made at schema version ${header.migrations.at(-1)}, the target is at ${migrations.at(-1)}; ` +
        'restore with the same Pulse version that made the backup.',
    );
  }
  for (const table of header.tables) {
    if (referenceTables.has(table)) continue;
    const { rows } = await client.query(`SELECT 1 FROM ${client.escapeIdentifier(table)} LIMIT 1`);
    if (rows.length > 0) throw new Error(`Restore needs an empty database, but table ${table} has rows`);
  }
  for (const table of header.tables.filter((t) => referenceTables.has(t))) {
    await client.query(`DELETE FROM ${client.escapeIdentifier(table)}`);
  }
}

async function resetSequences(client: pg.Client) {
  const { rows } = await client.query<{ table: string; column: string; sequence: string }>(
    `SELECT c.relname AS table, a.attname AS column, pg_get_serial_sequence(c.oid::regclass::text, a.attname) AS sequence
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
       JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
      WHERE n.nspname = 'public' AND c.relkind = 'r'
        AND pg_get_serial_sequence(c.oid::regclass::text, a.attname) IS NOT NULL`,
  );
  for (const r of rows) {
    await client.query(
      `SELECT setval($1, coalesce((SELECT max(${client.escapeIdentifier(r.column)}) FROM ${client.escapeIdentifier(r.table)}), 0) + 1, false)`,
      [r.sequence],
    );
  }
}

/** Row count and checksum per table, to compare a database before backup and after restore. */
export async function tableChecksums(
  connectionString: string,
): Promise<Record<string, { rows: number; md5: string }>> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    const tables = await listTablesInDependencyOrder(client);
    const result: Record<string, { rows: number; md5: string }> = {};
    for (const table of tables) {
      const name = client.escapeIdentifier(table);
      const { rows } = await client.query<{ rows: number; md5: string }>(
        `SELECT count(*)::int AS rows, md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) AS md5 FROM ${name} t`,
      );
      result[table] = rows[0]!;
    }
    return result;
  } finally {
    await client.end();
  }
}
