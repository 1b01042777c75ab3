/**
 * Document numbers as `nextDocumentNumber` hands them out (PREFIX-YYYYMMDD-NNNN, one counter
 * per prefix and day), and the counters to store, so that documents created later through
 * the app continue each day's sequence instead of colliding with the history's numbers.
 */
import { formatDocumentNumber } from '../../server/platform/numbering.ts';

export class DocumentNumbers {
  private readonly counters = new Map<string, number>();

  next(prefix: string, day: string): string {
    const key = `${prefix}|${day}`;
    const value = (this.counters.get(key) ?? 0) + 1;
    this.counters.set(key, value);
    return formatDocumentNumber(prefix, day, value);
  }

  /** Rows for document_counters, sorted by prefix and day. */
  rows(): { prefix: string; day: string; lastValue: number }[] {
    return [...this.counters]
      .map(([key, lastValue]) => {
        const [prefix, day] = key.split('|') as [string, string];
        return { prefix, day, lastValue };
      })
      .sort((a, b) => a.prefix.localeCompare(b.prefix) || a.day.localeCompare(b.day));
  }
}
