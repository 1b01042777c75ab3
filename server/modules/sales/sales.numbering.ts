import type { Db } from '../../platform/db.ts';
import { nextDocumentNumber } from '../../platform/numbering.ts';

/**
 * A document number taken in its own short transaction, for hot paths (orders): the day's
 * counter row is then locked for a moment instead of for the whole document transaction,
 * which would queue every order of the day behind the previous one's commit. The price is
 * that a refused document leaves a gap in the day's numbers.
 *
 * The commit need not wait for the disk: WAL is flushed in order, so a document committed
 * durably with this number has made the counter's increment durable too, and an increment
 * lost in a crash was never used by a durable document.
 */
export async function takeDocumentNumber(db: Db, prefix: string, day: string): Promise<string> {
  const client = await db.connect();
  try {
    await client.query('BEGIN; SET LOCAL synchronous_commit TO off');
    const number = await nextDocumentNumber(client, prefix, day);
    await client.query('COMMIT');
    return number;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}
