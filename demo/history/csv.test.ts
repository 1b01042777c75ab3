import { describe, expect, it } from 'vitest';
import { csvField } from '../../server/modules/imports/copy-in.ts';
import { CsvChunk } from './csv.ts';

/** What the writer sent before CsvChunk: each row's fields through csvField, joined. */
const asCsvField = (rows: unknown[][]) => rows.map((r) => `${r.map(csvField).join(',')}\n`).join('');

describe('CSV chunk for COPY', () => {
  it('writes the same bytes as csvField for numbers, text, NULLs and booleans', () => {
    const rows: unknown[][] = [
      [1, -42, 0, -0, 9_007_199_254_740_991, -9_007_199_254_740_991, 1e21, 0.125, -3.5],
      ['', 'plain', 'a "quoted" word', '"', '上海中心仓', '退货 "RT-1" 检验不合格', 'a,b\nc'],
      [null, undefined, true, false, null],
      ['2026-03-09 08:30:00+08', '{SN1,SN2}', '0.1300', 'emoji 🚑 "x"'],
      [],
    ];
    const csv = new CsvChunk(8);
    for (const row of rows) csv.row(row);
    expect(csv.finish().toString('utf8')).toBe(asCsvField(rows));
  });

  it('grows past its first guess without losing rows', () => {
    const rows = Array.from({ length: 5_000 }, (_, i) => [i * 7919, `行 ${i}`, i % 3 === 0 ? null : i / 4]);
    const csv = new CsvChunk(16);
    for (const row of rows) csv.row(row);
    const bytes = csv.finish();
    expect(bytes.toString('utf8')).toBe(asCsvField(rows));
    expect(bytes.toString('utf8').split('\n')).toHaveLength(rows.length + 1);
  });
});
