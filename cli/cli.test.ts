import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { recordAudit } from '../server/platform/audit.ts';
import { systemContext } from '../server/platform/auth-context.ts';
import { createTestApp, type TestApp } from '../server/testing/test-app.ts';
import { asSuperuser } from '../server/testing/test-db.ts';

const cli = path.resolve(import.meta.dirname, 'pulse.mjs');

interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `pulse …` in a process of its own, to its end. */
function runCli(args: string[], env: Record<string, string>): Promise<CliResult> {
  const child = spawn(process.execPath, [cli, ...args], { env: { ...process.env, ...env }, timeout: 60_000 });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (status) => resolve({ status, stdout, stderr }));
  });
}

/**
 * Runs `pulse …` inside the test process (cli/main.ts's runCommand), for a test about a command's
 * output and exit code: a fresh Node process spends seconds loading the CLI's modules, most of
 * which this process has loaded already. The spawned runs in the data-folder test prove the
 * command works end to end as a real process.
 */
async function runCliInProcess(args: string[], env: Record<string, string>): Promise<CliResult> {
  const saved = { ...process.env };
  let stdout = '';
  let stderr = '';
  const print = (parts: unknown[]) => `${parts.map(String).join(' ')}\n`;
  vi.spyOn(console, 'log').mockImplementation((...parts: unknown[]) => {
    stdout += print(parts);
  });
  vi.spyOn(console, 'error').mockImplementation((...parts: unknown[]) => {
    stderr += print(parts);
  });
  try {
    Object.assign(process.env, env);
    const { runCommand } = await import('./main.ts');
    return { status: await runCommand(args), stdout, stderr };
  } finally {
    vi.restoreAllMocks();
    for (const name of Object.keys(process.env)) if (!(name in saved)) delete process.env[name];
    Object.assign(process.env, saved);
  }
}

/** `pulse serve` as a real process, with what it has printed so far (stdout and stderr). */
function spawnServe(env: Record<string, string>): { child: ChildProcess; output: () => string } {
  const child = spawn(process.execPath, [cli, 'serve'], { env: { ...process.env, ...env } });
  let output = '';
  child.stdout.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr.on('data', (chunk) => {
    output += chunk;
  });
  return { child, output: () => output };
}

/** `pulse serve`, once it says it is running. */
function startServe(env: Record<string, string>): Promise<{ child: ChildProcess; output: () => string }> {
  const serve = spawnServe(env);
  return new Promise((resolve, reject) => {
    const timer = setInterval(() => {
      if (serve.output().includes('Pulse is running')) {
        clearInterval(timer);
        resolve(serve);
      } else if (serve.child.exitCode !== null) {
        clearInterval(timer);
        reject(new Error(`serve exited: ${serve.output()}`));
      }
    }, 100);
  });
}

/** How the child ended: its exit code, or the signal that ended it (code null). */
function waitForExit(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  if (child.exitCode !== null || child.signalCode !== null) {
    return Promise.resolve({ code: child.exitCode, signal: child.signalCode });
  }
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
}

describe('pulse audit verify', () => {
  let test: TestApp;
  beforeAll(async () => {
    test = await createTestApp();
    for (let i = 1; i <= 3; i++)
      await recordAudit(test.deps.db, systemContext(), { action: 'create', entity: 'thing', entityId: i });
  });
  afterAll(() => test.close());

  it('reports an intact chain and exits 0', async () => {
    const result = await runCliInProcess(['audit', 'verify'], { DATABASE_URL: test.database.appUrl });
    expect(result.stdout).toContain('Audit trail intact: 3 entries verified.');
    expect(result.status).toBe(0);
  });

  it('reports the first broken link and exits non-zero after tampering', async () => {
    await asSuperuser(
      test.database,
      `ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only;
       UPDATE audit_log SET entity_id = '99' WHERE seq = 2;
       ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only;`,
    );
    const result = await runCliInProcess(['audit', 'verify'], { DATABASE_URL: test.database.appUrl });
    expect(result.stderr).toContain('Audit trail BROKEN at entry 2');
    expect(result.status).toBe(1);
  });
});

describe('one Pulse process per data folder (embedded PostgreSQL)', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pulse-datadir-'));
  const env = { PULSE_DATA_DIR: dataDir, PORT: '0', DATABASE_URL: '', PULSE_DEMO: '0', HOST: '127.0.0.1' };
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('refuses a second process on the same data folder, lets the CLI attach, and survives a hard kill', async () => {
    fs.chmodSync(dataDir, 0o755);
    const first = await startServe(env);
    try {
      const second = await runCli(['serve'], env);
      expect(second.status).not.toBe(0);
      expect(second.stderr).toMatch(/Another Pulse process \(pid \d+\) is already using the data folder/);

      // A CLI command, as a real process, attaches to the running server instead of failing.
      const verify = await runCli(['audit', 'verify'], env);
      expect(verify.stdout).toContain('Audit trail intact');
    } finally {
      // A hard kill leaves PostgreSQL orphaned and the lock file behind.
      first.child.kill('SIGKILL');
      await waitForExit(first.child);
    }
    const pgPid = Number(fs.readFileSync(path.join(dataDir, 'pg', 'postmaster.pid'), 'utf8').split('\n')[0]);
    expect(() => process.kill(pgPid, 0)).not.toThrow();

    const restarted = await startServe(env);
    expect(restarted.output()).toContain('Pulse is running');
    expect(() => process.kill(pgPid, 0)).toThrow();
    restarted.child.kill('SIGTERM');
    // Once (of many runs) CI saw this end without an exit code: the signal and the server's
    // output then say how it ended.
    const ended = await waitForExit(restarted.child);
    expect(ended, `${JSON.stringify(ended)}\n${restarted.output()}`).toEqual({ code: 0, signal: null });
    expect(fs.existsSync(path.join(dataDir, 'pulse.lock'))).toBe(false);
  }, 120_000);

  it('stops cleanly on a signal that arrives while it is still starting', async () => {
    const { child, output } = spawnServe(env);
    // The lock is taken early in the start, after the handlers are in place and long
    // before "Pulse is running".
    const lock = path.join(dataDir, 'pulse.lock');
    const deadline = Date.now() + 60_000;
    while (!fs.existsSync(lock) && child.exitCode === null && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 20));
    expect(output()).not.toContain('Pulse is running');
    child.kill('SIGTERM');
    const ended = await waitForExit(child);
    expect(ended, `${JSON.stringify(ended)}\n${output()}`).toEqual({ code: 0, signal: null });
    expect(output()).toContain('SIGTERM received, shutting down');
    expect(fs.existsSync(lock)).toBe(false);
  }, 120_000);
});
