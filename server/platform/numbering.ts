import { asyncCommit, type Db, type Queryable } from './db.ts';

/**
 * The next document number for a prefix and business date, e.g. `PO-20261123-0001`. Call it
 * inside the document's transaction: the counter row stays locked until commit, so two
 * documents never share a number, and a rolled-back document gives its number back.
 */
export async function nextDocumentNumber(tx: Queryable, prefix: string, day: string): Promise<string> {
  const { rows } = await tx.query<{ value: number }>(
    `INSERT INTO document_counters (prefix, day, last_value) VALUES ($1, $2, 1)
     ON CONFLICT (prefix, day) DO UPDATE SET last_value = document_counters.last_value + 1
     RETURNING last_value AS value`,
    [prefix, day],
  );
  return formatDocumentNumber(prefix, day, rows[0]!.value);
}

/**
 * The next number taken in a transaction of its own that commits at once without waiting for
 * the disk (one round trip; see `asyncCommit`), for hot paths whose documents must not queue
 * behind the day's counter row until their commit. A document that is then refused leaves a
 * gap in the day's numbers.
 */
export async function takeDocumentNumberAlone(db: Db, prefix: string, day: string): Promise<string> {
  const { rows } = await db.query<{ value: number }>({
    name: 'document_number_alone',
    text: `${asyncCommit}
           INSERT INTO document_counters (prefix, day, last_value) SELECT $1::text, $2::date, 1 FROM async_commit
           ON CONFLICT (prefix, day) DO UPDATE SET last_value = document_counters.last_value + 1
           RETURNING last_value AS value`,
    values: [prefix, day],
  });
  return formatDocumentNumber(prefix, day, rows[0]!.value);
}

export function formatDocumentNumber(prefix: string, day: string, sequence: number): string {
  return `${prefix}-${day.replaceAll('-', '')}-${String(sequence).padStart(4, '0')}`;
}
