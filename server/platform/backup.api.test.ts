import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, createTestUser, signIn, type TestApp } from '../testing/test-app.ts';
import { createTestDatabase, type TestDatabase } from '../testing/test-db.ts';
import { backupDatabase, restoreDatabase, tableChecksums } from './backup.ts';

let source: TestApp;
let target: TestDatabase;
const file = path.join(os.tmpdir(), `pulse-backup-test-${process.pid}.jsonl.gz`);

beforeAll(async () => {
  source = await createTestApp();
  await source.database.db.query(
    `INSERT INTO regions (id, parent_id, level, code, name_zh, name_en) VALUES
       (1, NULL, 'country', 'CN', '中国', 'China'), (2, 1, 'sales_region', 'EAST', '华东', 'East China')`,
  );
  await createTestUser(source, 'admin1', ['admin']);
  await createTestUser(source, 'rep1', ['sales_rep'], { regionIds: [2] });
  await signIn(source, 'rep1');
  target = await createTestDatabase();
});
afterAll(async () => {
  await source.close();
  await target.drop();
  fs.rmSync(file, { force: true });
});

describe('backup and restore', () => {
  it('brings back every row: identical row counts and checksums per table', async () => {
    const before = await tableChecksums(source.database.adminUrl);
    expect(before.users!.rows).toBe(2);
    expect(before.audit_log!.rows).toBeGreaterThan(0);
    const backup = await backupDatabase(source.database.adminUrl, file);
    expect(backup.rows).toBe(Object.values(before).reduce((sum, t) => sum + t.rows, 0));

    await restoreDatabase(target.adminUrl, file);
    expect(await tableChecksums(target.adminUrl)).toEqual(before);
  });

  it('continues sequences after the restored rows', async () => {
    const { rows } = await target.db.query<{ id: number }>(
      `INSERT INTO regions (parent_id, level, code, name_zh, name_en) VALUES (1, 'sales_region', 'WEST', '西部', 'West')
       RETURNING id`,
    );
    expect(rows[0]!.id).toBe(3);
  });

  it('refuses to restore into a database that already has data, changing nothing', async () => {
    const before = await tableChecksums(target.adminUrl);
    await expect(restoreDatabase(target.adminUrl, file)).rejects.toThrow(/needs an empty database/);
    expect(await tableChecksums(target.adminUrl)).toEqual(before);
  });
});
