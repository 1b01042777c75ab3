/**
 * Reads an uploaded CSV or .xlsx file as rows of cell text, in batches, without ever holding
 * more than one batch of parsed rows. Cells are plain strings in arrays: header names are
 * user input and never become object keys.
 */
import { isUtf8 } from 'node:buffer';
import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import Papa from 'papaparse';
import { AppError, localized } from '../../platform/errors.ts';
import { checkZipExpansion, type ZipLimits } from './zip-guard.ts';
import { withEntriesFirst, XLSX_PARTS_READ_FIRST } from './zip-order.ts';

export type FileFormat = 'csv' | 'xlsx';
export type TextEncoding = 'utf-8' | 'gbk' | 'utf-16le';

export interface FileFacts {
  format: FileFormat;
  encoding: TextEncoding | null;
}

export interface SheetRow {
  /** Spreadsheet row number (1-based, counting blank rows, as Excel shows it). */
  rowNumber: number;
  cells: string[];
}

export interface Sheet {
  headers: string[];
  /** Data rows after the header, blank rows left out. */
  batches: AsyncGenerator<SheetRow[]>;
}

const ZIP_MAGIC = 0x04034b50;
const OLE2_MAGIC = 'd0cf11e0a1b11ae1';

export function detectFormat(content: Buffer): FileFormat {
  if (content.length >= 4 && content.readUInt32LE(0) === ZIP_MAGIC) return 'xlsx';
  if (content.subarray(0, 8).toString('hex') === OLE2_MAGIC) {
    throw new AppError('IMPORT_UNREADABLE_FILE', {
      detail: localized(
        'old Excel .xls files are not supported; save as .xlsx or CSV',
        '不支持旧版 Excel .xls 文件，请另存为 .xlsx 或 CSV',
      ),
    });
  }
  return 'csv';
}

/**
 * Chinese Excel saves "CSV" in the system code page (GBK); newer versions offer "CSV UTF-8"
 * with a byte-order mark. Text that is valid UTF-8 is UTF-8 (GBK text almost never is);
 * anything else is read as GB18030, the superset of GBK that never fails to decode.
 */
export function detectEncoding(content: Buffer): TextEncoding {
  if (content[0] === 0xff && content[1] === 0xfe) return 'utf-16le';
  return isUtf8(content) ? 'utf-8' : 'gbk';
}

export function decodeText(content: Buffer, encoding: TextEncoding): string {
  if (encoding === 'utf-8') {
    const text = content.toString('utf8');
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  }
  if (encoding === 'utf-16le') return content.subarray(2).toString('utf16le');
  return decodeGb18030(content);
}

/** ICU's decoder is about twice as fast as iconv-lite's; Node builds without full ICU lack it. */
function decodeGb18030(content: Buffer): string {
  try {
    return new TextDecoder('gb18030').decode(content);
  } catch {
    return iconv.decode(content, 'gb18030');
  }
}

function isBlank(cells: readonly string[]): boolean {
  return cells.every((cell) => cell.trim() === '');
}

/**
 * Papaparse on the decoded text, one chunk at a time: the parser pauses after each chunk
 * until we have consumed its rows, which keeps memory flat on a million rows. Rows travel in
 * whole chunks — an await per row would cost more than the parsing. (Papaparse's Node stream
 * mode also goes row by row, and runs three times slower.)
 */
async function* csvChunks(text: string): AsyncGenerator<SheetRow[]> {
  const ready: string[][][] = [];
  let parser: Papa.Parser | null = null;
  let finished = false;
  let failure: AppError | null = null;
  let wake: (() => void) | null = null;
  let rowNumber = 0;
  Papa.parse<string[]>(text, {
    header: false,
    skipEmptyLines: false,
    chunkSize: 1 << 20,
    chunk: (results: Papa.ParseResult<string[]>, chunkParser: Papa.Parser) => {
      const quoteError = results.errors.find((e) => e.type === 'Quotes');
      if (quoteError && !failure) {
        failure = new AppError('IMPORT_UNREADABLE_FILE', {
          detail: localized(
            `a quoted cell is never closed (near row ${rowNumber + (quoteError.row ?? 0) + 1})`,
            `引号内的单元格没有闭合（约第 ${rowNumber + (quoteError.row ?? 0) + 1} 行）`,
          ),
        });
      }
      ready.push(results.data);
      parser = chunkParser;
      chunkParser.pause();
      wake?.();
    },
    complete: () => {
      finished = true;
      wake?.();
    },
  });
  for (;;) {
    if (failure) throw failure;
    const rows = ready.shift();
    if (rows) {
      yield rows.map((cells) => ({ rowNumber: ++rowNumber, cells }));
      continue;
    }
    if (finished) return;
    const paused = parser as Papa.Parser | null;
    if (paused) {
      parser = null;
      paused.resume();
      continue;
    }
    await new Promise<void>((resolve) => {
      wake = resolve;
    });
    wake = null;
  }
}

/** Excel cell values as the text a user sees. */
export function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(Number(value.toPrecision(15)));
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (value instanceof Date) {
    const iso = value.toISOString();
    return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso.slice(0, 19).replace('T', ' ');
  }
  if ('richText' in value) return value.richText.map((part) => part.text).join('');
  if ('error' in value) return String(value.error);
  if ('result' in value) return cellText((value.result ?? null) as ExcelJS.CellValue);
  if ('text' in value) return cellText(value.text as ExcelJS.CellValue);
  return '';
}

async function* xlsxChunks(content: Buffer, limits: ZipLimits): AsyncGenerator<SheetRow[]> {
  const check = checkZipExpansion(content, limits);
  if (!check.ok) {
    if (check.reason === 'too_large') {
      throw new AppError(
        'IMPORT_UNZIPPED_TOO_LARGE',
        { maxMegabytes: Math.floor(limits.maxUnzippedBytes / 1024 / 1024) },
        { detail: check.detail },
      );
    }
    throw new AppError('IMPORT_UNREADABLE_FILE', {
      detail: localized(
        `not a valid .xlsx file (${check.detail})`,
        `不是有效的 .xlsx 文件（${check.detail}）`,
      ),
    });
  }
  const ordered = withEntriesFirst(content, XLSX_PARTS_READ_FIRST, limits);
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([ordered]), {
    worksheets: 'emit',
    sharedStrings: 'cache',
    // Styles tell dates from numbers.
    styles: 'cache',
    hyperlinks: 'ignore',
    entries: 'ignore',
  });
  try {
    let isFirst = true;
    for await (const worksheet of reader) {
      if (!isFirst) {
        // The first worksheet is the data; others are notes and lookups, read to the end only
        // so that exceljs gets to delete its temporary copies of the sheets (it makes them when
        // the workbook has no shared strings, and deletes each once read and passed): stopping
        // after the first left them in the temporary folder. Bounded by the zip limits above.
        for await (const _row of worksheet) {
          // Nothing to do with the row.
        }
        continue;
      }
      isFirst = false;
      let chunk: SheetRow[] = [];
      for await (const row of worksheet) {
        const values = Array.isArray(row.values) ? row.values : [];
        const cells: string[] = [];
        // row.values is 1-based: index 0 is always empty.
        for (let column = 1; column < values.length; column++) cells.push(cellText(values[column]));
        chunk.push({ rowNumber: row.number, cells });
        if (chunk.length >= 1000) {
          yield chunk;
          chunk = [];
        }
      }
      if (chunk.length > 0) yield chunk;
    }
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw new AppError(
      'IMPORT_UNREADABLE_FILE',
      { detail: localized('the workbook is damaged', '工作簿已损坏') },
      undefined,
      { cause: error },
    );
  }
}

export interface ReadOptions {
  batchSize: number;
  zip: ZipLimits;
}

/** Opens the file: reads up to the header (the first non-blank row) and hands back the rest in batches. */
export async function openSheet(content: Buffer, facts: FileFacts, options: ReadOptions): Promise<Sheet> {
  const chunks =
    facts.format === 'xlsx'
      ? xlsxChunks(content, options.zip)
      : csvChunks(decodeText(content, facts.encoding ?? 'utf-8'));
  let headers: string[] | null = null;
  let rest: SheetRow[] = [];
  while (!headers) {
    const next = await chunks.next();
    if (next.done) break;
    const index = next.value.findIndex((row) => !isBlank(row.cells));
    if (index >= 0) {
      headers = next.value[index]!.cells.map((cell) => cell.trim());
      rest = next.value.slice(index + 1);
    }
  }
  if (!headers)
    throw new AppError('IMPORT_UNREADABLE_FILE', { detail: localized('the file is empty', '文件为空') });
  return { headers, batches: inBatches(rest, chunks, options.batchSize) };
}

/** Regroups chunks of rows into batches of `size`, leaving blank rows out. */
async function* inBatches(
  first: SheetRow[],
  chunks: AsyncGenerator<SheetRow[]>,
  size: number,
): AsyncGenerator<SheetRow[]> {
  let batch: SheetRow[] = [];
  const take = function* (rows: SheetRow[]) {
    for (const row of rows) {
      if (isBlank(row.cells)) continue;
      batch.push(row);
      if (batch.length >= size) {
        yield batch;
        batch = [];
      }
    }
  };
  yield* take(first);
  for await (const chunk of chunks) yield* take(chunk);
  if (batch.length > 0) yield batch;
}
