/**
 * Rows a commit has checked wait in a temporary table of the commit's transaction until the
 * whole file is known to be clean, then move to the real table batch by batch. While rows wait
 * there, the checks of later batches see only the records that existed before the import —
 * which keeps the near-duplicate search (an index search whose cost grows with the table) off
 * the import's own rows, and lets one pass over the file both check and write.
 */
import type { Queryable } from '../../platform/db.ts';
import { copyIn, csvField } from './copy-in.ts';

export interface StagedColumn {
  /** Column of the target table. */
  column: string;
  /** PostgreSQL type of the values, for the unnest() that receives them. */
  type: string;
}

export class StagingTable {
  private batches = 0;

  /** `stage` and `target` are table names from code, never from input. */
  constructor(
    private readonly stage: string,
    private readonly target: string,
    private readonly columns: readonly StagedColumn[],
  ) {}

  private get names(): string {
    return this.columns.map((c) => c.column).join(', ');
  }

  /** Adds one batch, given as one array of values per column, with one COPY. */
  async append(tx: Queryable, valuesByColumn: unknown[][]): Promise<void> {
    const rowCount = valuesByColumn[0]?.length ?? 0;
    if (rowCount === 0) return;
    if (this.batches === 0) {
      const definitions = this.columns.map((c) => `${c.column} ${c.type}`).join(', ');
      await tx.query(
        `CREATE TEMP TABLE ${this.stage} (batch integer NOT NULL, ${definitions}) ON COMMIT DROP`,
      );
    }
    const batch = String(this.batches);
    const lines: string[] = new Array(rowCount);
    for (let row = 0; row < rowCount; row++) {
      let line = batch;
      for (const values of valuesByColumn) line += `,${csvField(values[row])}`;
      lines[row] = line;
    }
    this.batches++;
    await copyIn(
      tx,
      `COPY ${this.stage} (batch, ${this.names}) FROM STDIN WITH (FORMAT csv)`,
      `${lines.join('\n')}\n`,
    );
  }

  /** Moves every staged row to the target table in file order; returns how many. */
  async writeAll(tx: Queryable, onProgress: (rowsWritten: number) => Promise<void>): Promise<number> {
    if (this.batches === 0) return 0;
    await tx.query(`CREATE INDEX ON ${this.stage} (batch)`);
    let written = 0;
    for (let batch = 0; batch < this.batches; batch++) {
      const { rowCount } = await tx.query(
        `INSERT INTO ${this.target} (${this.names}) SELECT ${this.names} FROM ${this.stage} WHERE batch = $1`,
        [batch],
      );
      written += rowCount ?? 0;
      await onProgress(written);
    }
    return written;
  }
}
