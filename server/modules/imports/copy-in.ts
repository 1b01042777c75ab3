/**
 * COPY … FROM STDIN with the plain `pg` driver. The driver hands the server's CopyInResponse to
 * the active query's handleCopyInResponse (the hook pg-copy-streams uses); the stock Query
 * answers with CopyFail, this one sends the data and ends the copy. COPY is PostgreSQL's
 * fastest way in: no parameter encoding, no array parsing.
 */
import pg from 'pg';
import type { Queryable } from '../../platform/db.ts';

interface CopyConnection {
  sendCopyFromChunk(chunk: Buffer): void;
  endCopyFrom(): void;
}

const CHUNK_BYTES = 64 * 1024;

class CopyIn extends pg.Query {
  constructor(
    text: string,
    private readonly data: Buffer,
  ) {
    super(text);
  }

  handleCopyInResponse(connection: CopyConnection): void {
    for (let offset = 0; offset < this.data.length; offset += CHUNK_BYTES) {
      connection.sendCopyFromChunk(this.data.subarray(offset, offset + CHUNK_BYTES));
    }
    connection.endCopyFrom();
  }
}

/** Runs `sql`, a `COPY … FROM STDIN` statement, on a client (not the pool), feeding it `data`. */
export function copyIn(client: Queryable, sql: string, data: Buffer | string): Promise<void> {
  return new Promise((resolve, reject) => {
    const query = new CopyIn(sql, typeof data === 'string' ? Buffer.from(data, 'utf8') : data);
    query.on('end', () => resolve());
    query.on('error', reject);
    client.query(query);
  });
}

/** One value as a CSV field for COPY: empty for NULL, text always quoted (so '' stays ''). */
export function csvField(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return `"${value.includes('"') ? value.replaceAll('"', '""') : value}"`;
  return String(value);
}
