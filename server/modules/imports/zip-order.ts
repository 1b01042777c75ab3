/**
 * Rewrites a zip archive with chosen entries first, byte for byte otherwise.
 *
 * Why: exceljs's streaming .xlsx reader takes the entries in the order they are stored. Files
 * written by exceljs itself (and some other tools) store the worksheet before the shared
 * strings and `xl/workbook.xml` last, so the reader spools the sheet to a temporary file and
 * depends on the last entry arriving before it reads the sheet back — a race that now and then
 * ends in "Cannot read properties of undefined (reading 'sheets')" and a good file reported as
 * damaged. With the workbook, its relations, the shared strings and the styles stored first,
 * the reader has everything before the first sheet and reads the sheet straight from memory.
 *
 * The archive has already passed `checkZipExpansion`, so its central directory is sound.
 */
import { findEndOfCentralDirectory, readCentralDirectory, type ZipLimits } from './zip-guard.ts';

/** The parts exceljs needs before a worksheet, in the order it should meet them. */
export const XLSX_PARTS_READ_FIRST = [
  'xl/_rels/workbook.xml.rels',
  'xl/workbook.xml',
  'xl/sharedStrings.xml',
  'xl/styles.xml',
] as const;

/**
 * The same archive with the `first` entries (those present, in that order) moved to the front
 * and the rest after them in their stored order. Entries are copied whole — local header,
 * compressed data and any data descriptor — from their offset to the next entry's, so nothing
 * is decompressed; only the offsets in the central directory change.
 */
export function withEntriesFirst(zip: Buffer, first: readonly string[], limits: ZipLimits): Buffer {
  const directory = readCentralDirectory(zip, limits);
  if (!Array.isArray(directory)) return zip;
  const end = findEndOfCentralDirectory(zip);
  const centralStart = zip.readUInt32LE(end + 16);

  const stored = [...directory].sort((a, b) => a.localHeaderOffset - b.localHeaderOffset);
  const extentOf = new Map(
    stored.map((entry, index) => [
      entry,
      { start: entry.localHeaderOffset, end: stored[index + 1]?.localHeaderOffset ?? centralStart },
    ]),
  );
  const rank = (name: string) => {
    const index = first.indexOf(name);
    return index < 0 ? first.length : index;
  };
  // Array.prototype.sort is stable: entries of equal rank keep their stored order.
  const ordered = [...stored].sort((a, b) => rank(a.name) - rank(b.name));
  if (ordered.every((entry, index) => entry === stored[index])) return zip;

  const localParts: Buffer[] = [];
  const centralParts: Buffer[] = [];
  let offset = 0;
  for (const entry of ordered) {
    const extent = extentOf.get(entry)!;
    localParts.push(zip.subarray(extent.start, extent.end));
    const central = Buffer.from(zip.subarray(entry.centralOffset, entry.centralOffset + entry.centralLength));
    central.writeUInt32LE(offset, 42);
    centralParts.push(central);
    offset += extent.end - extent.start;
  }
  const centralSize = centralParts.reduce((sum, part) => sum + part.length, 0);
  const endRecord = Buffer.from(zip.subarray(end));
  endRecord.writeUInt32LE(centralSize, 12);
  endRecord.writeUInt32LE(offset, 16);
  return Buffer.concat([...localParts, ...centralParts, endRecord]);
}
