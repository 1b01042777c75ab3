import type { Db } from '../../platform/db.ts';
import { takeDocumentNumberAlone } from '../../platform/numbering.ts';

/**
 * A document number taken in its own short transaction, for hot paths (orders): the day's
 * counter row is then locked for a moment instead of for the whole document transaction,
 * which would queue every order of the day behind the previous one's commit. The price is
 * that a refused document leaves a gap in the day's numbers.
 *
 * The commit need not wait for the disk: WAL is flushed in order, so a document committed
 * durably with this number has made the counter's increment durable too, and an increment
 * lost in a crash was never used by a durable document. One statement, one round trip.
 */
export async function takeDocumentNumber(db: Db, prefix: string, day: string): Promise<string> {
  return takeDocumentNumberAlone(db, prefix, day);
}
