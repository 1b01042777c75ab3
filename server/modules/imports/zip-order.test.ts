import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { openSheet, type SheetRow } from './file-reader.ts';
import { readCentralDirectory } from './zip-guard.ts';
import { withEntriesFirst, XLSX_PARTS_READ_FIRST } from './zip-order.ts';

const zipLimits = { maxUnzippedBytes: 2 * 1024 * 1024, maxEntries: 100 };
const LOCAL_FILE_HEADER = 0x04034b50;

/** Entry names in the order they are stored, found by walking the local headers from the start. */
function storedOrder(zip: Buffer, compressedSizes: Map<string, number>): string[] {
  const names: string[] = [];
  let offset = 0;
  while (offset + 30 <= zip.length && zip.readUInt32LE(offset) === LOCAL_FILE_HEADER) {
    const nameLength = zip.readUInt16LE(offset + 26);
    const extraLength = zip.readUInt16LE(offset + 28);
    const name = zip.toString('utf8', offset + 30, offset + 30 + nameLength);
    names.push(name);
    offset += 30 + nameLength + extraLength + (compressedSizes.get(name) ?? 0);
    // exceljs writes a data descriptor (with its signature) after each entry's data.
    if (zip.readUInt32LE(offset) === 0x08074b50) offset += 16;
  }
  return names;
}

async function exceljsWorkbook(): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('客户');
  sheet.addRow(['编码', '名称', '数量']);
  for (let i = 1; i <= 20; i++) sheet.addRow([`C${i}`, `医院 ${i}`, i * 3]);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** The central directory has the sizes the local headers leave out when a descriptor follows. */
function compressedSizesOf(zip: Buffer): Map<string, number> {
  const directory = readCentralDirectory(zip, zipLimits);
  if (!Array.isArray(directory)) throw new Error('not a zip');
  return new Map(directory.map((entry) => [entry.name, entry.compressedSize]));
}

async function rowsOf(content: Buffer): Promise<SheetRow[]> {
  const sheet = await openSheet(
    content,
    { format: 'xlsx', encoding: null },
    { batchSize: 100, zip: zipLimits },
  );
  const rows: SheetRow[] = [];
  for await (const batch of sheet.batches) rows.push(...batch);
  return rows;
}

describe('zip entry order for the streaming .xlsx reader', () => {
  it('stores the workbook, its relations, shared strings and styles first, the rest in their order', async () => {
    const original = await exceljsWorkbook();
    const sizes = compressedSizesOf(original);
    const before = storedOrder(original, sizes);
    // exceljs stores the sheet before the shared strings and the workbook last: the racy order.
    expect(before.indexOf('xl/worksheets/sheet1.xml')).toBeLessThan(before.indexOf('xl/sharedStrings.xml'));
    expect(before.at(-1)).toBe('xl/workbook.xml');

    const reordered = withEntriesFirst(original, XLSX_PARTS_READ_FIRST, zipLimits);
    const after = storedOrder(reordered, sizes);
    expect(after.slice(0, 4)).toEqual([...XLSX_PARTS_READ_FIRST]);
    expect(after.slice(4)).toEqual(before.filter((name) => !after.slice(0, 4).includes(name)));
    expect(reordered.length).toBe(original.length);

    // The rewritten central directory points at the moved entries: the full reader agrees.
    const loaded = new ExcelJS.Workbook();
    await loaded.xlsx.load(reordered as unknown as ArrayBuffer);
    expect(loaded.getWorksheet('客户')?.getRow(21).values).toEqual([undefined, 'C20', '医院 20', 60]);
  });

  it('hands back an archive already in that order unchanged', async () => {
    const once = withEntriesFirst(await exceljsWorkbook(), XLSX_PARTS_READ_FIRST, zipLimits);
    expect(withEntriesFirst(once, XLSX_PARTS_READ_FIRST, zipLimits)).toBe(once);
  });

  it('reads an exceljs-written workbook every time (the stored order failed about 1 read in 100)', async () => {
    const content = await exceljsWorkbook();
    const failures: string[] = [];
    for (let attempt = 0; attempt < 300; attempt++) {
      try {
        const rows = await rowsOf(content);
        if (rows.length !== 20) failures.push(`${rows.length} rows`);
      } catch (error) {
        failures.push(`${(error as Error).message}: ${String((error as Error).cause)}`);
      }
    }
    expect(failures).toEqual([]);
  });
});

describe('a workbook without shared strings (text stored in the cells)', () => {
  it('is read, and leaves no temporary copy of its sheets behind', async () => {
    const parts: Buffer[] = [];
    const stream = new PassThrough();
    stream.on('data', (chunk: Buffer) => parts.push(chunk));
    const writer = new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useSharedStrings: false });
    const data = writer.addWorksheet('客户');
    data.addRow(['编码', '名称']).commit();
    for (let i = 1; i <= 30; i++) data.addRow([`C${i}`, `医院 ${i}`]).commit();
    data.commit();
    const notes = writer.addWorksheet('说明');
    notes.addRow(['第二个工作表是说明']).commit();
    notes.commit();
    await writer.commit();
    const content = Buffer.concat(parts);
    expect(compressedSizesOf(content).has('xl/sharedStrings.xml')).toBe(false);

    // exceljs puts its copies in os.tmpdir(), which follows TMPDIR: an empty folder of our own.
    const previous = process.env.TMPDIR;
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'pulse-xlsx-'));
    process.env.TMPDIR = folder;
    try {
      const rows = await rowsOf(content);
      expect(rows.map((r) => r.cells)).toEqual(
        Array.from({ length: 30 }, (_, i) => [`C${i + 1}`, `医院 ${i + 1}`]),
      );
      // Deleted by a callback after the read: give it a moment to run.
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(fs.readdirSync(folder)).toEqual([]);
    } finally {
      if (previous === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = previous;
      fs.rmSync(folder, { recursive: true, force: true });
    }
  });
});
