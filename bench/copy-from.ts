/**
 * COPY … FROM STDIN with the plain `pg` driver (pg-copy-streams is not a dependency). The
 * driver hands the server's CopyInResponse to the active query's handleCopyInResponse; the
 * stock Query answers it with CopyFail, this one streams the buffer and ends the copy.
 */
import pg from 'pg';

interface CopyConnection {
  sendCopyFromChunk(chunk: Buffer): void;
  endCopyFrom(): void;
}

class CopyFromBuffer extends pg.Query {
  constructor(
    text: string,
    private readonly data: Buffer,
  ) {
    super(text);
  }

  handleCopyInResponse(connection: CopyConnection): void {
    const chunk = 64 * 1024;
    for (let offset = 0; offset < this.data.length; offset += chunk) {
      connection.sendCopyFromChunk(this.data.subarray(offset, offset + chunk));
    }
    connection.endCopyFrom();
  }
}

/** Runs `sql` (a COPY … FROM STDIN statement) feeding it `data`; resolves when the server is done. */
export function copyFromBuffer(client: pg.Client | pg.PoolClient, sql: string, data: Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    const query = new CopyFromBuffer(sql, data);
    query.on('end', () => resolve());
    query.on('error', reject);
    client.query(query);
  });
}
