import ExcelJS from 'exceljs';
import Papa from 'papaparse';

export interface ExportColumn<T> {
  header: string;
  value: (row: T) => string | number | boolean | null;
  width?: number;
}

/**
 * Spreadsheet programs run a cell that starts with = + - @ (or a tab or carriage return) as a
 * formula. Text cells that start so are prefixed with an apostrophe, which shows as text.
 */
export function neutralizeCell(value: string | number | boolean | null): string | number | boolean | null {
  if (typeof value !== 'string') return value;
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

export function toCsv<T>(columns: ExportColumn<T>[], rows: T[]): Buffer {
  const text = Papa.unparse({
    fields: columns.map((c) => c.header),
    data: rows.map((row) => columns.map((c) => neutralizeCell(c.value(row)))),
  });
  // A byte-order mark makes Excel open UTF-8 (Chinese) text correctly.
  return Buffer.from(`\uFEFF${text}\r\n`, 'utf8');
}

export async function toXlsx<T>(
  columns: ExportColumn<T>[],
  rows: T[],
  sheetName = 'Export',
): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(sheetName.slice(0, 31));
  sheet.columns = columns.map((c) => ({ header: c.header, width: c.width ?? 18 }));
  for (const row of rows) sheet.addRow(columns.map((c) => neutralizeCell(c.value(row))));
  sheet.getRow(1).font = { bold: true };
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

export type ExportFormat = 'csv' | 'xlsx';

export async function renderExport<T>(
  format: ExportFormat,
  columns: ExportColumn<T>[],
  rows: T[],
  name: string,
) {
  const body = format === 'csv' ? toCsv(columns, rows) : await toXlsx(columns, rows, name);
  const contentType =
    format === 'csv'
      ? 'text/csv; charset=utf-8'
      : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
  const stamp = new Date().toISOString().slice(0, 10);
  return { body, contentType, filename: `${name}-${stamp}.${format}` };
}

/** Sends a rendered export as a download. */
export function sendDownload(
  reply: { header(name: string, value: string): unknown; send(body: Buffer): unknown },
  file: { body: Buffer; contentType: string; filename: string },
) {
  reply.header('content-type', file.contentType);
  // RFC 6266: an ASCII fallback plus the UTF-8 name, so Chinese file names survive.
  const ascii = file.filename.replace(/[^\x20-\x7e]/g, '_').replace(/"/g, '');
  reply.header(
    'content-disposition',
    `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(file.filename)}`,
  );
  return reply.send(file.body);
}
