/**
 * COPY's binary format for the history's writes. With CSV, about a quarter of the loading
 * backend's samples in the write sections (perf, scale 3) went to reading text back into
 * values: finding each line and its fields (CopyReadLine, CopyReadAttributesCSV) and parsing
 * dates, timestamps and numbers (DecodeDate, ParseDateTime, strtoll…), on the one core that
 * backend has. In binary each field is its length and the value as PostgreSQL stores it, so the
 * backend copies instead of parsing, and Node writes a number's bytes instead of its digits.
 * In five alternating pairs at scale 3 the write sections took 16.4 s against 19.8 s on
 * average (PostgreSQL's CPU 13.2 s against 16.1 s, Node's 8.7 s against 10.4 s), and every
 * table held exactly the rows CSV had written.
 *
 * The values are those the CSV writer takes (numbers, digit strings, 'YYYY-MM-DD' dates,
 * timestamps as OffsetTime or as text with their offset, decimal strings, booleans, text,
 * '{a,b}' array literals of plain tokens, null): a value the column's type cannot take is an
 * error naming the column, not a guess. `binaryColumnTypes` says which columns can go this way (the types below); a
 * table with any other type is written as CSV.
 *
 * The format: https://www.postgresql.org/docs/current/sql-copy.html (Binary Format).
 */
import { daysBetween, isIsoDate } from '../../server/platform/dates.ts';
import type { Queryable } from '../../server/platform/db.ts';

export type BinaryColumnType =
  | 'int2'
  | 'int4'
  | 'int8'
  | 'numeric'
  | 'text'
  | 'bool'
  | 'date'
  | 'timestamptz'
  | 'text[]';

/** The types by their oid in pg_type (fixed for built-in types). */
const TYPES_BY_OID = new Map<number, BinaryColumnType>([
  [21, 'int2'],
  [23, 'int4'],
  [20, 'int8'],
  [1700, 'numeric'],
  [25, 'text'],
  [1043, 'text'], // varchar: the same bytes on the wire
  [16, 'bool'],
  [1082, 'date'],
  [1184, 'timestamptz'],
  [1009, 'text[]'],
]);
const TEXT_OID = 25;

/**
 * A wall-clock time on `date` at a whole-hour UTC offset, kept as numbers: the binary encoder
 * stores its microseconds as they are, and CSV prints it ('YYYY-MM-DD hh:mm:ss+08', toString).
 * The history's timestamps are these (timestampOn): formatting each one as text only for the
 * encoder to read it back cost the writer more than the rest of most rows.
 */
export class OffsetTime {
  constructor(
    readonly date: string,
    readonly secondOfDay: number,
    readonly offsetHours: number,
  ) {}

  toString(): string {
    const two = (n: number) => String(n).padStart(2, '0');
    const s = this.secondOfDay;
    const sign = this.offsetHours < 0 ? '-' : '+';
    return `${this.date} ${two(Math.floor(s / 3600))}:${two(Math.floor((s % 3600) / 60))}:${two(s % 60)}${sign}${two(Math.abs(this.offsetHours))}`;
  }
}

/** The type oid of every column of the public schema's tables, by table and column. */
export type ColumnTypeOids = ReadonlyMap<string, ReadonlyMap<string, number>>;

/**
 * Read once, before the first COPY: a query of its own for each table would wait behind the
 * previous table's last chunk, which the writer loads while it builds the next table's first.
 */
export async function columnTypeOids(tx: Queryable): Promise<ColumnTypeOids> {
  const { rows } = await tx.query<{ table: string; column: string; oid: number }>(
    `SELECT c.relname AS table, a.attname AS column, a.atttypid::int AS oid
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
       JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
      WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')`,
  );
  const tables = new Map<string, Map<string, number>>();
  for (const r of rows) {
    if (!tables.has(r.table)) tables.set(r.table, new Map());
    tables.get(r.table)!.set(r.column, r.oid);
  }
  return tables;
}

/**
 * The binary type of each of `columns` of `table`, in their order; null when one of them has a
 * type this module does not write (the table is then written as CSV).
 */
export function binaryColumnTypes(
  oids: ColumnTypeOids,
  table: string,
  columns: readonly string[],
): BinaryColumnType[] | null {
  const types: BinaryColumnType[] = [];
  for (const column of columns) {
    const type = TYPES_BY_OID.get(oids.get(table)?.get(column) ?? 0);
    if (!type) return null;
    types.push(type);
  }
  return types;
}

/** 'PGCOPY\n\377\r\n\0', then no flags and no header extension. */
const HEADER = Buffer.from([
  0x50, 0x47, 0x43, 0x4f, 0x50, 0x59, 0x0a, 0xff, 0x0d, 0x0a, 0x00, 0, 0, 0, 0, 0, 0, 0, 0,
]);
/** PostgreSQL counts dates and timestamps from 2000-01-01 (UTC for timestamptz). */
const POSTGRES_EPOCH = '2000-01-01';
const TWO_TO_32 = 4_294_967_296;
const TIMESTAMP_PATTERN =
  /^(\d{4}-\d{2}-\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))?(Z|[+-]\d{2}(?::?\d{2})?)$/;
const DECIMAL_PATTERN = /^(-?)(\d+)(?:\.(\d+))?$/;

/** A value the column's type cannot take. */
class ValueError extends Error {}

enum Code {
  Int2,
  Int4,
  Int8,
  Numeric,
  Text,
  Bool,
  Date,
  Timestamptz,
  TextArray,
}
const CODES: Record<BinaryColumnType, Code> = {
  int2: Code.Int2,
  int4: Code.Int4,
  int8: Code.Int8,
  numeric: Code.Numeric,
  text: Code.Text,
  bool: Code.Bool,
  date: Code.Date,
  timestamptz: Code.Timestamptz,
  'text[]': Code.TextArray,
};
/** Distinct decimals kept encoded (rates and exchange rates repeat; amounts are integers). */
const NUMERIC_CACHE_LIMIT = 10_000;

/**
 * One binary COPY statement's data, row by row; `finish` adds the trailer and hands it over.
 * Bytes are stored one by one rather than through Buffer's write methods: the history writes a
 * hundred million fields at scale 10, and the methods' checks cost more than the stores.
 */
export class BinaryChunk {
  private bytes: Buffer;
  private length = 0;
  private readonly codes: Code[];
  /** Days since 2000-01-01 of each date string seen (a history has a few thousand). */
  private readonly days = new Map<string, number>();
  /** Each decimal seen, encoded with its length. */
  private readonly decimals = new Map<unknown, Uint8Array>();

  constructor(
    private readonly table: string,
    private readonly columns: readonly string[],
    private readonly types: readonly BinaryColumnType[],
    expectedBytes = 1 << 20,
  ) {
    this.codes = types.map((t) => CODES[t]);
    this.bytes = Buffer.allocUnsafe(Math.max(expectedBytes, HEADER.length + 2));
    HEADER.copy(this.bytes, 0);
    this.length = HEADER.length;
  }

  /** Bytes written so far. */
  get byteLength(): number {
    return this.length;
  }

  /** Appends one row (values in column order). */
  row(values: readonly unknown[]): void {
    const codes = this.codes;
    if (values.length !== codes.length) {
      throw new Error(`${this.table}: a row of ${values.length} values for ${codes.length} columns`);
    }
    this.ensure(2);
    this.put16(codes.length);
    let i = 0;
    try {
      for (; i < codes.length; i++) this.field(codes[i]!, values[i]);
    } catch (error) {
      if (!(error instanceof ValueError)) throw error;
      throw new Error(`${this.table}.${this.columns[i]} (${this.types[i]}): ${error.message}`);
    }
  }

  /** The rows written so far, with the trailer; the chunk must not be used afterwards. */
  finish(): Buffer {
    this.ensure(2);
    this.put16(-1);
    return this.bytes.subarray(0, this.length);
  }

  private field(code: Code, value: unknown): void {
    if (value === null || value === undefined) {
      this.ensure(4);
      this.put32(-1);
      return;
    }
    switch (code) {
      case Code.Int8:
        this.int8(value);
        break;
      case Code.Int4:
        this.ensure(8);
        this.put32(4);
        this.put32(integerIn(value, -2_147_483_648, 2_147_483_647));
        break;
      case Code.Int2:
        this.ensure(6);
        this.put32(2);
        this.put16(integerIn(value, -32_768, 32_767));
        break;
      case Code.Text:
        this.text(typeof value === 'string' ? value : String(value));
        break;
      case Code.Date:
        this.ensure(8);
        this.put32(4);
        this.put32(this.dayNumber(dateText(value)));
        break;
      case Code.Timestamptz:
        this.int64(this.timestampMicros(value));
        break;
      case Code.Numeric:
        this.numeric(value);
        break;
      case Code.Bool:
        this.bool(value);
        break;
      case Code.TextArray:
        this.textArray(value);
        break;
    }
  }

  /** Stores a 32-bit integer, high byte first (the caller made room). */
  private put32(value: number): void {
    const bytes = this.bytes;
    const at = this.length;
    bytes[at] = value >>> 24;
    bytes[at + 1] = value >>> 16;
    bytes[at + 2] = value >>> 8;
    bytes[at + 3] = value;
    this.length = at + 4;
  }

  private put16(value: number): void {
    this.bytes[this.length] = value >>> 8;
    this.bytes[this.length + 1] = value;
    this.length += 2;
  }

  private int8(value: unknown): void {
    if (typeof value === 'number' && Number.isSafeInteger(value)) {
      this.int64(value);
      return;
    }
    if (typeof value === 'string' && /^-?\d+$/.test(value) && !Number.isSafeInteger(Number(value))) {
      const big = BigInt(value);
      if (big < -(2n ** 63n) || big >= 2n ** 63n) throw new ValueError(`${value} is out of range`);
      this.ensure(12);
      this.put32(8);
      this.bytes.writeBigInt64BE(big, this.length);
      this.length += 8;
      return;
    }
    this.int64(integerIn(value, Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER));
  }

  /** A safe integer as eight bytes, high word first. */
  private int64(value: number): void {
    this.ensure(12);
    const high = Math.floor(value / TWO_TO_32);
    this.put32(8);
    this.put32(high);
    this.put32(value - high * TWO_TO_32);
  }

  /** UTF-8 bytes; ASCII byte by byte (most of the history's text), the rest through Buffer.write. */
  private text(value: string): void {
    // UTF-8 takes at most three bytes per UTF-16 unit.
    this.ensure(4 + value.length * 3);
    const bytes = this.bytes;
    const start = this.length + 4;
    let at = start;
    for (let i = 0; i < value.length; i++) {
      const c = value.charCodeAt(i);
      if (c >= 0x80) {
        at = start + bytes.write(value, start, 'utf8');
        break;
      }
      bytes[at++] = c;
    }
    this.put32(at - start);
    this.length = at;
  }

  private dayNumber(date: string): number {
    let days = this.days.get(date);
    if (days === undefined) {
      // PostgreSQL refuses 2026-02-30 rather than rolling it over into March, and so does this.
      if (!isIsoDate(date)) throw new ValueError(`${date} is not a date`);
      days = daysBetween(POSTGRES_EPOCH, date);
      this.days.set(date, days);
    }
    return days;
  }

  /**
   * Microseconds since 2000-01-01 UTC, of an OffsetTime (the history's) or of text that says its
   * offset (no session time zone to guess).
   */
  private timestampMicros(value: unknown): number {
    if (value instanceof OffsetTime) {
      const { secondOfDay, offsetHours } = value;
      if (!Number.isInteger(secondOfDay) || secondOfDay < 0 || secondOfDay >= 86_400) {
        throw new ValueError(`${secondOfDay} is not a second of the day`);
      }
      if (!Number.isInteger(offsetHours) || Math.abs(offsetHours) > 15) {
        throw new ValueError(`${offsetHours} is not an offset in hours`);
      }
      return (this.dayNumber(value.date) * 86_400 + secondOfDay - offsetHours * 3600) * 1_000_000;
    }
    const text = typeof value === 'string' ? value : '';
    const m = TIMESTAMP_PATTERN.exec(text);
    if (!m) throw new ValueError(`${String(value)} is not a timestamp with its offset`);
    const [hours, minutes, seconds] = [Number(m[2]), Number(m[3]), Number(m[4])];
    if (hours > 23 || minutes > 59 || seconds > 59) throw new ValueError(`${text} is not a time of day`);
    const fraction = m[5] ? Number(m[5].padEnd(6, '0')) : 0;
    const secondsOfDay = hours * 3600 + minutes * 60 + seconds - offsetSeconds(m[6]!);
    return (this.dayNumber(m[1]!) * 86_400 + secondsOfDay) * 1_000_000 + fraction;
  }

  private numeric(value: unknown): void {
    let encoded = this.decimals.get(value);
    if (!encoded) {
      encoded = encodeNumeric(value);
      if (this.decimals.size < NUMERIC_CACHE_LIMIT) this.decimals.set(value, encoded);
    }
    this.ensure(encoded.length);
    this.bytes.set(encoded, this.length);
    this.length += encoded.length;
  }

  private bool(value: unknown): void {
    let flag: boolean;
    if (typeof value === 'boolean') flag = value;
    else if (value === 'true' || value === 't') flag = true;
    else if (value === 'false' || value === 'f') flag = false;
    else throw new ValueError(`${String(value)} is not a boolean`);
    this.ensure(5);
    this.put32(1);
    this.bytes[this.length++] = flag ? 1 : 0;
  }

  /** A one-dimensional text array: a JS array, or a literal of plain tokens like textArray's. */
  private textArray(value: unknown): void {
    const items = Array.isArray(value) ? value.map(String) : arrayLiteralItems(value);
    this.ensure(24);
    const start = this.length;
    this.length += 4; // the field's length, stored below
    this.put32(items.length === 0 ? 0 : 1); // dimensions
    this.put32(0); // no NULL elements
    this.put32(TEXT_OID);
    if (items.length > 0) {
      this.put32(items.length);
      this.put32(1); // lower bound
      for (const item of items) this.text(item);
    }
    const end = this.length;
    this.length = start;
    this.put32(end - start - 4);
    this.length = end;
  }

  private ensure(extra: number): void {
    if (this.length + extra <= this.bytes.length) return;
    const grown = Buffer.allocUnsafe(Math.max(this.bytes.length * 2, this.length + extra));
    this.bytes.copy(grown, 0, 0, this.length);
    this.bytes = grown;
  }
}

/**
 * A decimal as PostgreSQL's numeric, with the field's length: base-10000 digits, the weight of
 * the first, the sign and the number of decimals written (the column's scale then rounds it, as
 * it rounds text).
 */
function encodeNumeric(value: unknown): Uint8Array {
  const text =
    typeof value === 'number' ? numberText(value) : typeof value === 'string' ? plainDecimal(value) : '';
  const m = DECIMAL_PATTERN.exec(text);
  if (!m) throw new ValueError(`${String(value)} is not a decimal number`);
  const whole = m[2]!;
  const fraction = m[3] ?? '';
  const wholeGroups = Math.ceil(whole.length / 4);
  const padded =
    whole.padStart(wholeGroups * 4, '0') + fraction.padEnd(Math.ceil(fraction.length / 4) * 4, '0');
  const digits: number[] = [];
  for (let i = 0; i < padded.length; i += 4) digits.push(Number(padded.slice(i, i + 4)));
  let weight = wholeGroups - 1;
  let first = 0;
  while (first < digits.length && digits[first] === 0) {
    first++;
    weight--;
  }
  let last = digits.length;
  while (last > first && digits[last - 1] === 0) last--;
  const kept = digits.slice(first, last);
  const isZero = kept.length === 0;
  const bytes = Buffer.alloc(4 + 8 + kept.length * 2);
  bytes.writeInt32BE(8 + kept.length * 2, 0);
  bytes.writeInt16BE(kept.length, 4);
  bytes.writeInt16BE(isZero ? 0 : weight, 6);
  bytes.writeUInt16BE(m[1] && !isZero ? 0x4000 : 0, 8);
  bytes.writeInt16BE(fraction.length, 10);
  for (let i = 0; i < kept.length; i++) bytes.writeInt16BE(kept[i]!, 12 + i * 2);
  return bytes;
}

/** A whole number within [min, max], from a number or a string of digits. */
function integerIn(value: unknown, min: number, max: number): number {
  const n =
    typeof value === 'number'
      ? value
      : typeof value === 'string' && /^-?\d+$/.test(value)
        ? Number(value)
        : Number.NaN;
  if (!Number.isInteger(n)) throw new ValueError(`${String(value)} is not a whole number`);
  if (n < min || n > max) throw new ValueError(`${String(value)} is out of range`);
  return n;
}

function dateText(value: unknown): string {
  if (typeof value !== 'string') throw new ValueError(`${String(value)} is not a date`);
  return value;
}

/** A finite number's decimal digits, as String() writes them but without an exponent. */
function numberText(value: number): string {
  if (!Number.isFinite(value)) throw new ValueError(`${value} is not a decimal number`);
  return plainDecimal(String(value));
}

/**
 * '1.5e-10' as '0.00000000015': the digits and decimals PostgreSQL's numeric reads from the
 * exponent form (so the stored scale agrees with CSV's); anything else unchanged.
 */
function plainDecimal(text: string): string {
  const m = /^(-?)(\d+)(?:\.(\d+))?[eE]([+-]?\d+)$/.exec(text);
  if (!m) return text;
  const digits = m[2]! + (m[3] ?? '');
  const point = m[2]!.length + Number(m[4]);
  if (point <= 0) return `${m[1]}0.${'0'.repeat(-point)}${digits}`;
  if (point >= digits.length) return `${m[1]}${digits}${'0'.repeat(point - digits.length)}`;
  return `${m[1]}${digits.slice(0, point)}.${digits.slice(point)}`;
}

/** 'Z', '+08', '+0800' or '+08:00' in seconds east of UTC. */
function offsetSeconds(offset: string): number {
  if (offset === 'Z') return 0;
  const sign = offset[0] === '-' ? -1 : 1;
  const digits = offset.slice(1).replace(':', '');
  return sign * (Number(digits.slice(0, 2)) * 3600 + Number(digits.slice(2) || '0') * 60);
}

/** The items of '{a,b}' (plain tokens only: no quotes, backslashes, spaces or NULL). */
function arrayLiteralItems(value: unknown): string[] {
  if (typeof value !== 'string' || !value.startsWith('{') || !value.endsWith('}')) {
    throw new ValueError(`${String(value)} is not an array`);
  }
  const inner = value.slice(1, -1);
  if (inner === '') return [];
  const items = inner.split(',');
  for (const item of items) {
    if (item === '' || /["\\{}\s]/.test(item) || item.toUpperCase() === 'NULL') {
      throw new ValueError(`${value} is not an array of plain tokens`);
    }
  }
  return items;
}
