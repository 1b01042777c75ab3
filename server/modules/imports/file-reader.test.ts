import zlib from 'node:zlib';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import {
  decodeText,
  detectEncoding,
  detectFormat,
  type FileFacts,
  openSheet,
  type SheetRow,
} from './file-reader.ts';
import { checkZipExpansion } from './zip-guard.ts';

const zipLimits = { maxUnzippedBytes: 2 * 1024 * 1024, maxEntries: 100 };

async function readAll(content: Buffer, facts: FileFacts, batchSize = 2) {
  const sheet = await openSheet(content, facts, { batchSize, zip: zipLimits });
  const batches: SheetRow[][] = [];
  for await (const batch of sheet.batches) batches.push(batch);
  return { headers: sheet.headers, batches, rows: batches.flat() };
}

describe('text encodings of CSV files', () => {
  const text = '客户编码,客户名称\r\nC1,北京协和医院\r\n';

  it('tells UTF-8 (with or without BOM), GBK and UTF-16 apart', () => {
    expect(detectEncoding(Buffer.from(`\uFEFF${text}`, 'utf8'))).toBe('utf-8');
    expect(detectEncoding(Buffer.from(text, 'utf8'))).toBe('utf-8');
    expect(detectEncoding(iconv.encode(text, 'gbk'))).toBe('gbk');
    expect(detectEncoding(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]))).toBe(
      'utf-16le',
    );
  });

  it('decodes each to the same text, without the byte-order mark', () => {
    expect(decodeText(Buffer.from(`\uFEFF${text}`, 'utf8'), 'utf-8')).toBe(text);
    expect(decodeText(iconv.encode(text, 'gbk'), 'gbk')).toBe(text);
    expect(
      decodeText(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]), 'utf-16le'),
    ).toBe(text);
  });

  it('reads a GBK file whose characters need GB18030 beyond GBK', () => {
    const rare = '𠮷野家,䶮';
    expect(decodeText(iconv.encode(rare, 'gb18030'), 'gbk')).toBe(rare);
  });
});

describe('reading CSV rows', () => {
  it('keeps spreadsheet row numbers across blank rows and quoted line breaks, in batches', async () => {
    const csv = '\r\n编码,名称,地址\r\nC1,甲,"北京市\r\n东城区"\r\n,,\r\nC2,"乙,丙",上海\r\nC3,丁,广州\r\n';
    const { headers, batches, rows } = await readAll(Buffer.from(csv), { format: 'csv', encoding: 'utf-8' });
    expect(headers).toEqual(['编码', '名称', '地址']);
    expect(rows).toEqual([
      { rowNumber: 3, cells: ['C1', '甲', '北京市\r\n东城区'] },
      { rowNumber: 5, cells: ['C2', '乙,丙', '上海'] },
      { rowNumber: 6, cells: ['C3', '丁', '广州'] },
    ]);
    expect(batches.map((b) => b.length)).toEqual([2, 1]);
  });

  it('refuses a file whose quote is never closed', async () => {
    const csv = '编码,名称\r\nC1,"甲\r\nC2,乙\r\n';
    await expect(readAll(Buffer.from(csv), { format: 'csv', encoding: 'utf-8' })).rejects.toMatchObject({
      code: 'IMPORT_UNREADABLE_FILE',
    });
  });

  it('refuses old binary .xls files with advice', () => {
    const xls = Buffer.from('d0cf11e0a1b11ae1000000000000', 'hex');
    expect(() => detectFormat(xls)).toThrowError(/xlsx/);
  });
});

async function workbook(rows: unknown[][]): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('客户');
  for (const row of rows) sheet.addRow(row);
  return Buffer.from(await book.xlsx.writeBuffer());
}

describe('reading .xlsx rows', () => {
  it('gives every cell as the text a user sees: numbers, dates, booleans, rich text and formulas', async () => {
    const content = await workbook([
      ['编码', '账期', '目标', '有效期', '名称', '合计'],
      [
        'C1',
        30,
        true,
        new Date(Date.UTC(2027, 5, 30)),
        { richText: [{ text: '北京' }, { text: '协和医院' }] },
        { formula: '1+1', result: 2 },
      ],
      [],
      ['C2', 0.13, false, null, '上海', null],
    ]);
    expect(detectFormat(content)).toBe('xlsx');
    const { headers, rows } = await readAll(content, { format: 'xlsx', encoding: null });
    expect(headers).toEqual(['编码', '账期', '目标', '有效期', '名称', '合计']);
    expect(rows).toEqual([
      { rowNumber: 2, cells: ['C1', '30', 'true', '2027-06-30', '北京协和医院', '2'] },
      { rowNumber: 4, cells: ['C2', '0.13', 'false', '', '上海'] },
    ]);
  });
});

/** A zip archive with one deflated entry per item; `declaredSize` may lie about the unpacked size. */
function buildZip(entries: { name: string; data: Buffer; declaredSize?: number }[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const compressed = zlib.deflateRawSync(entry.data);
    const name = Buffer.from(entry.name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(compressed.length, 18);
    local.writeUInt32LE(entry.declaredSize ?? entry.data.length, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(compressed.length, 20);
    central.writeUInt32LE(entry.declaredSize ?? entry.data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, compressed);
    centrals.push(central, name);
    offset += local.length + name.length + compressed.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

describe('zip-bomb guard for .xlsx', () => {
  it('lets a real workbook through', async () => {
    const check = checkZipExpansion(await workbook([['编码'], ['C1']]), zipLimits);
    expect(check.ok).toBe(true);
  });

  it('refuses an archive that declares more than the limit unpacked', () => {
    const bomb = buildZip([
      { name: 'xl/worksheets/sheet1.xml', data: Buffer.alloc(1000), declaredSize: 4_000_000_000 },
    ]);
    expect(checkZipExpansion(bomb, zipLimits)).toMatchObject({ ok: false, reason: 'too_large' });
  });

  it('refuses an archive that lies about its sizes but inflates beyond the limit', () => {
    const liar = buildZip([
      { name: 'xl/sharedStrings.xml', data: Buffer.alloc(5 * 1024 * 1024), declaredSize: 1000 },
    ]);
    expect(liar.length).toBeLessThan(10_000);
    expect(checkZipExpansion(liar, zipLimits)).toMatchObject({ ok: false, reason: 'too_large' });
  });

  it('refuses too many entries and reports damage as damage', () => {
    const many = buildZip(Array.from({ length: 101 }, (_, i) => ({ name: `f${i}`, data: Buffer.from('x') })));
    expect(checkZipExpansion(many, zipLimits)).toMatchObject({ ok: false, reason: 'too_large' });
    expect(checkZipExpansion(Buffer.from('PK\u0003\u0004 not really'), zipLimits)).toMatchObject({
      ok: false,
      reason: 'corrupt',
    });
  });

  it('stops reading a bomb before exceljs sees it', async () => {
    const bomb = buildZip([{ name: 'xl/worksheets/sheet1.xml', data: Buffer.alloc(3 * 1024 * 1024) }]);
    await expect(readAll(bomb, { format: 'xlsx', encoding: null })).rejects.toMatchObject({
      code: 'IMPORT_UNZIPPED_TOO_LARGE',
    });
  });
});
