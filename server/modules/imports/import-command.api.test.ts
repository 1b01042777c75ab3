import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';
import { renderProgressBar } from './import-command.ts';
import { toCsvText } from './sample-customer-file.ts';

const cli = path.resolve(import.meta.dirname, '../../../cli/pulse.mjs');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pulse-import-cli-'));
let test: TestApp;

function pulseImport(args: string[]) {
  return spawnSync(process.execPath, [cli, 'import', ...args], {
    encoding: 'utf8',
    env: { ...process.env, DATABASE_URL: test.database.adminUrl },
    timeout: 60_000,
  });
}

function writeGbk(name: string, rows: string[][]): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, iconv.encode(toCsvText(['客户编码', '客户名称', '客户类型', '区域'], rows), 'gbk'));
  return file;
}

beforeAll(async () => {
  test = await createTestApp();
  await test.database.db.query(`
    INSERT INTO regions (id, parent_id, level, code, name_zh, name_en) VALUES
      (1, NULL, 'country', 'CN', '中国', 'China'), (2, 1, 'province', 'SH', '上海', 'Shanghai');`);
});
afterAll(async () => {
  await test.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('pulse import', () => {
  it('shows a progress bar, lists the problems, writes the error report and exits 1', () => {
    const file = writeGbk('bad.csv', [
      ['C-1', '上海长征医院', '医院', '上海'],
      ['C-2', '上海某诊所', '诊所', '火星'],
    ]);
    const report = path.join(dir, 'problems.csv');
    const result = pulseImport([file, '--entity', 'customers', '--report', report]);
    expect(result.stdout).toContain('bad.csv: csv (gbk), 2 rows');
    expect(result.stdout).toContain('region             ← 区域');
    expect(result.stdout).toContain('1 problems; nothing was imported.');
    expect(result.stdout).toContain(
      'row 3 [区域] UNKNOWN_REFERENCE: Region: no region has this code or name',
    );
    expect(result.stderr).toContain('Checking   [##############################] 100% 2/2 rows');
    expect(fs.readFileSync(report, 'utf8')).toContain('UNKNOWN_REFERENCE');
    expect(result.status).toBe(1);
  });

  it('commits a clean file with --commit and recognises it the second time', async () => {
    const file = writeGbk('good.csv', [
      ['C-1', '上海长征医院', '医院', '上海'],
      ['C-2', '上海某诊所', '诊所', 'SH'],
    ]);
    const first = pulseImport([file, '--entity', 'customers', '--commit']);
    expect(first.stdout).toContain('Imported: 2 created, 0 unchanged.');
    expect(first.stderr).toContain('Committing [##############################] 100% 2/2 rows');
    expect(first.status).toBe(0);
    const again = pulseImport([file, '--entity', 'customers', '--commit']);
    expect(again.stdout).toContain('nothing was written');
    expect(again.status).toBe(0);
    const { rows } = await test.database.db.query('SELECT count(*)::int AS n FROM customers');
    expect(rows[0].n).toBe(2);
  });

  it('explains its arguments', () => {
    const result = pulseImport(['--entity', 'customers']);
    expect(result.stderr).toContain('import needs FILE and --entity customers|products');
    expect(result.status).toBe(2);
  });
});

describe('the progress bar', () => {
  it('fills in proportion to the rows done', () => {
    expect(renderProgressBar({ phase: 'validating', processedRows: 25_000, totalRows: 50_000 }, 10)).toBe(
      'Checking   [#####-----]  50% 25,000/50,000 rows',
    );
    expect(renderProgressBar({ phase: 'committing', processedRows: 0, totalRows: 0 }, 4)).toBe(
      'Committing [####] 100% 0/0 rows',
    );
  });
});
