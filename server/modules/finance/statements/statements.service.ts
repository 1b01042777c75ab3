/**
 * Customer statements and open receivables, read from the ledger and the sub-ledger. The
 * statement's balance is what the customer owes net of its unapplied credit:
 * receivable (AR) − customer credit; closing = opening + the changes of the period's lines.
 */
import type {
  AgingBucket,
  ReceivableItem,
  ReceivablesPage,
  ReceivablesQuery,
  Statement,
} from '../../../../contracts/finance.ts';
import { agingBuckets } from '../../../../contracts/finance.ts';
import type { RequestContext } from '../../../platform/auth-context.ts';
import { businessDate } from '../../../platform/dates.ts';
import type { Db } from '../../../platform/db.ts';
import { AppError } from '../../../platform/errors.ts';
import { agingBucket } from './aging.rules.ts';
import * as repo from './statements.repository.ts';

export async function getStatement(
  db: Db,
  ctx: RequestContext,
  customerId: number,
  period: { from: string; to: string },
): Promise<Statement> {
  const customer = await repo.findCustomer(db, ctx, customerId);
  if (!customer) throw new AppError('NOT_FOUND');
  const [opening, movements] = await Promise.all([
    repo.balancesBefore(db, customerId, period.from),
    repo.listMovements(db, customerId, period.from, period.to),
  ]);
  const totals = {
    invoicedCnyFen: 0,
    creditedCnyFen: 0,
    receivedCnyFen: 0,
    allocatedCnyFen: 0,
    writtenOffCnyFen: 0,
    otherCnyFen: 0,
  };
  let receivable = opening.receivable;
  let credit = opening.credit;
  const lines = movements.map((m) => {
    receivable += m.receivableChange;
    credit += m.creditChange;
    const balanceChange = m.receivableChange - m.creditChange;
    switch (m.type) {
      case 'invoice':
        totals.invoicedCnyFen += m.receivableChange;
        break;
      case 'credit_note':
        totals.creditedCnyFen -= m.receivableChange;
        break;
      case 'payment':
        totals.receivedCnyFen += m.creditChange;
        break;
      case 'allocation':
        totals.allocatedCnyFen -= m.receivableChange;
        totals.otherCnyFen += balanceChange;
        break;
      case 'write_off':
        totals.writtenOffCnyFen -= m.receivableChange;
        break;
      default:
        totals.otherCnyFen += balanceChange;
    }
    return {
      journalId: m.journalId,
      date: m.date,
      type: m.type,
      documentNumber: m.documentNumber,
      description: m.description,
      receivableChangeCnyFen: m.receivableChange,
      creditChangeCnyFen: m.creditChange,
      balanceChangeCnyFen: balanceChange,
      balanceCnyFen: receivable - credit,
    };
  });
  return {
    customerId: customer.id,
    customerCode: customer.code,
    customerName: customer.name,
    from: period.from,
    to: period.to,
    currency: 'CNY',
    openingBalanceCnyFen: opening.receivable - opening.credit,
    lines,
    totals,
    closingBalanceCnyFen: receivable - credit,
    closingReceivableCnyFen: receivable,
    closingCreditCnyFen: credit,
  };
}

export async function listReceivables(
  db: Db,
  ctx: RequestContext,
  query: ReceivablesQuery,
  maxPageSize: number,
): Promise<ReceivablesPage> {
  const asOf = query.asOf ?? businessDate();
  const [page, buckets, unapplied] = await Promise.all([
    repo.listOpenItems(db, ctx, asOf, query, maxPageSize),
    repo.bucketTotals(db, ctx, asOf, query),
    repo.unappliedCredit(db, ctx, asOf, query.customerId),
  ]);
  const byBucket = new Map(buckets.map((b) => [b.bucket as AgingBucket, b]));
  return {
    items: page.items.map(withBucket),
    total: page.total,
    page: query.page,
    pageSize: query.pageSize,
    asOf,
    buckets: agingBuckets.map((bucket) => ({
      bucket,
      openCnyFen: byBucket.get(bucket)?.openCnyFen ?? 0,
      count: byBucket.get(bucket)?.count ?? 0,
    })),
    totalOpenCnyFen: buckets.reduce((sum, b) => sum + b.openCnyFen, 0),
    unappliedCreditCnyFen: unapplied,
  };
}

function withBucket(item: repo.OpenItem): ReceivableItem {
  return { ...item, bucket: agingBucket(item.daysPastDue) };
}

export async function exportReceivables(
  db: Db,
  ctx: RequestContext,
  query: ReceivablesQuery,
  maxRows: number,
): Promise<ReceivableItem[]> {
  const asOf = query.asOf ?? businessDate();
  const { items, total } = await repo.listOpenItems(
    db,
    ctx,
    asOf,
    { ...query, page: 1, pageSize: maxRows },
    maxRows,
  );
  if (total > maxRows) throw new AppError('EXPORT_TOO_LARGE', { max: maxRows });
  return items.map(withBucket);
}
