/**
 * Refuses an .xlsx (a zip archive) that would unpack to more than we are willing to hold,
 * before exceljs ever sees it. Two checks:
 * 1. the sizes the central directory declares, summed — cheap, and what honest files tell;
 * 2. each entry actually inflated with zlib's `maxOutputLength` — because a hostile file can
 *    declare small sizes and inflate to gigabytes anyway.
 */
import zlib from 'node:zlib';

export interface ZipLimits {
  maxUnzippedBytes: number;
  maxEntries: number;
}

export type ZipCheck =
  | { ok: true; entries: number; unzippedBytes: number }
  | { ok: false; reason: 'too_large' | 'corrupt'; detail: string };

const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const CENTRAL_FILE_HEADER = 0x02014b50;
const LOCAL_FILE_HEADER = 0x04034b50;
const ZIP64_MARKER = 0xffffffff;

export interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  declaredSize: number;
  localHeaderOffset: number;
  /** Where the entry's central-directory record starts, and its length. */
  centralOffset: number;
  centralLength: number;
}

export function findEndOfCentralDirectory(zip: Buffer): number {
  // The record is 22 bytes plus a comment of at most 65,535 bytes, at the very end.
  const earliest = Math.max(0, zip.length - 22 - 0xffff);
  for (let offset = zip.length - 22; offset >= earliest; offset--) {
    if (zip.readUInt32LE(offset) === END_OF_CENTRAL_DIRECTORY) return offset;
  }
  return -1;
}

export function readCentralDirectory(zip: Buffer, limits: ZipLimits): ZipEntry[] | ZipCheck {
  const end = findEndOfCentralDirectory(zip);
  if (end < 0) return { ok: false, reason: 'corrupt', detail: 'not a zip archive' };
  const count = zip.readUInt16LE(end + 10);
  const offset = zip.readUInt32LE(end + 16);
  if (count === 0xffff || offset === ZIP64_MARKER) {
    // ZIP64 exists for archives beyond 4 GB or 65,535 entries: more than any import may be.
    return { ok: false, reason: 'too_large', detail: 'a ZIP64 archive' };
  }
  if (count > limits.maxEntries) return { ok: false, reason: 'too_large', detail: `${count} entries` };
  const entries: ZipEntry[] = [];
  let position = offset;
  for (let i = 0; i < count; i++) {
    if (position + 46 > zip.length || zip.readUInt32LE(position) !== CENTRAL_FILE_HEADER) {
      return { ok: false, reason: 'corrupt', detail: 'damaged central directory' };
    }
    const nameLength = zip.readUInt16LE(position + 28);
    const extraLength = zip.readUInt16LE(position + 30);
    const commentLength = zip.readUInt16LE(position + 32);
    entries.push({
      method: zip.readUInt16LE(position + 10),
      compressedSize: zip.readUInt32LE(position + 20),
      declaredSize: zip.readUInt32LE(position + 24),
      localHeaderOffset: zip.readUInt32LE(position + 42),
      name: zip.toString('utf8', position + 46, position + 46 + nameLength),
      centralOffset: position,
      centralLength: 46 + nameLength + extraLength + commentLength,
    });
    position += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

export function checkZipExpansion(zip: Buffer, limits: ZipLimits): ZipCheck {
  const directory = readCentralDirectory(zip, limits);
  if (!Array.isArray(directory)) return directory;

  let declared = 0;
  for (const entry of directory) {
    if (entry.declaredSize === ZIP64_MARKER || entry.compressedSize === ZIP64_MARKER) {
      return { ok: false, reason: 'too_large', detail: `${entry.name} needs ZIP64` };
    }
    declared += entry.declaredSize;
  }
  if (declared > limits.maxUnzippedBytes) {
    return { ok: false, reason: 'too_large', detail: `declares ${declared} bytes unpacked` };
  }

  let inflated = 0;
  for (const entry of directory) {
    const local = entry.localHeaderOffset;
    if (local + 30 > zip.length || zip.readUInt32LE(local) !== LOCAL_FILE_HEADER) {
      return { ok: false, reason: 'corrupt', detail: `damaged entry ${entry.name}` };
    }
    const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    const data = zip.subarray(start, start + entry.compressedSize);
    const budget = limits.maxUnzippedBytes - inflated;
    let size: number;
    if (entry.method === 0) {
      size = data.length;
    } else if (entry.method === 8) {
      try {
        size = zlib.inflateRawSync(data, { maxOutputLength: Math.max(1, budget) }).length;
      } catch (error) {
        if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE' || error instanceof RangeError) {
          return { ok: false, reason: 'too_large', detail: `${entry.name} inflates beyond the limit` };
        }
        return { ok: false, reason: 'corrupt', detail: `cannot inflate ${entry.name}` };
      }
    } else {
      return { ok: false, reason: 'corrupt', detail: `unsupported compression method ${entry.method}` };
    }
    inflated += size;
    if (inflated > limits.maxUnzippedBytes) {
      return { ok: false, reason: 'too_large', detail: `${entry.name} inflates beyond the limit` };
    }
  }
  return { ok: true, entries: directory.length, unzippedBytes: inflated };
}
