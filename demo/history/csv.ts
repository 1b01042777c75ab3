/**
 * CSV for COPY written straight into bytes. The history writes about ten million rows at scale
 * 10; building each row as an array of quoted strings joined twice and then encoded to UTF-8
 * made the writer's garbage collection cost as much as its work. Here whole numbers are written
 * digit by digit, ASCII text byte by byte, and only what is left (other numbers, non-ASCII
 * text) goes through a string.
 *
 * Since binary COPY (copy-binary.ts), the writer uses it for tables with a column of a type
 * the binary encoder does not write.
 *
 * The bytes are exactly those of `csvField` (server/modules/imports/copy-in.ts) joined by ','
 * with '\n' after each row: empty for NULL, text always quoted with '"' doubled (so '' stays an
 * empty string), anything else as `String(value)`.
 */

const COMMA = 0x2c;
const NEWLINE = 0x0a;
const QUOTE = 0x22;
const MINUS = 0x2d;
const ZERO = 0x30;

/** One COPY statement's data, row by row; `finish` hands over the bytes. */
export class CsvChunk {
  private bytes: Buffer;
  private length = 0;
  private isRowStart = true;
  /** Scratch space for the digits of a number, written backwards. */
  private readonly digits = new Uint8Array(24);

  constructor(expectedBytes = 1 << 20) {
    this.bytes = Buffer.allocUnsafe(expectedBytes);
  }

  /** Appends one row (values in column order). */
  row(values: readonly unknown[]): void {
    for (let i = 0; i < values.length; i++) this.field(values[i]);
    this.ensure(1);
    this.bytes[this.length++] = NEWLINE;
    this.isRowStart = true;
  }

  /** Bytes written so far. */
  get byteLength(): number {
    return this.length;
  }

  /** The rows written so far; the chunk must not be used afterwards (the bytes are not copied). */
  finish(): Buffer {
    return this.bytes.subarray(0, this.length);
  }

  private field(value: unknown): void {
    if (this.isRowStart) this.isRowStart = false;
    else {
      this.ensure(1);
      this.bytes[this.length++] = COMMA;
    }
    if (value === null || value === undefined) return;
    if (typeof value === 'string') this.text(value);
    else if (typeof value === 'number' && Number.isSafeInteger(value)) this.integer(value);
    else this.unquoted(String(value));
  }

  /** Digits of a safe integer, as String() writes them (-0 is "0"). */
  private integer(value: number): void {
    this.ensure(17);
    const bytes = this.bytes;
    if (value < 0) {
      bytes[this.length++] = MINUS;
      value = -value;
    }
    if (value === 0) {
      bytes[this.length++] = ZERO;
      return;
    }
    let n = 0;
    while (value > 0) {
      const next = Math.floor(value / 10);
      this.digits[n++] = ZERO + (value - next * 10);
      value = next;
    }
    while (n > 0) bytes[this.length++] = this.digits[--n]!;
  }

  /** Quoted text with '"' doubled; non-ASCII text is encoded by Buffer.write. */
  private text(value: string): void {
    // At most two bytes per character when ASCII (a doubled quote), plus the two quotes.
    this.ensure(value.length * 2 + 2);
    const bytes = this.bytes;
    const start = this.length;
    let at = start;
    bytes[at++] = QUOTE;
    for (let i = 0; i < value.length; i++) {
      const c = value.charCodeAt(i);
      if (c >= 0x80) {
        this.length = start;
        this.utf8Text(value);
        return;
      }
      bytes[at++] = c;
      if (c === QUOTE) bytes[at++] = QUOTE;
    }
    bytes[at++] = QUOTE;
    this.length = at;
  }

  private utf8Text(value: string): void {
    const escaped = value.includes('"') ? value.replaceAll('"', '""') : value;
    // UTF-8 takes at most three bytes per UTF-16 unit.
    this.ensure(escaped.length * 3 + 2);
    this.bytes[this.length++] = QUOTE;
    this.length += this.bytes.write(escaped, this.length, 'utf8');
    this.bytes[this.length++] = QUOTE;
  }

  /** What String() made of anything else (a fraction, a boolean): written unquoted, as is. */
  private unquoted(value: string): void {
    this.ensure(value.length * 3);
    this.length += this.bytes.write(value, this.length, 'utf8');
  }

  private ensure(extra: number): void {
    if (this.length + extra <= this.bytes.length) return;
    const grown = Buffer.allocUnsafe(Math.max(this.bytes.length * 2, this.length + extra));
    this.bytes.copy(grown, 0, 0, this.length);
    this.bytes = grown;
  }
}
