import type { Allocation } from '../../../../contracts/finance.ts';
import type { Queryable } from '../../../platform/db.ts';
import type { OpenInvoice, PricedAllocation } from './allocation.rules.ts';

const allocationSelect = `SELECT a.id, a.payment_id AS "paymentId", a.credit_note_id AS "creditNoteId",
    coalesce(p.number, cn.number) AS "sourceNumber", a.invoice_id AS "invoiceId", i.number AS "invoiceNumber",
    i.currency, a.amount, a.source_cny_fen AS "sourceCnyFen", a.invoice_cny_fen AS "invoiceCnyFen",
    a.allocated_on AS "allocatedOn", a.is_automatic AS "isAutomatic",
    to_char(a.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS "createdAt"
  FROM allocations a JOIN invoices i ON i.id = a.invoice_id
  LEFT JOIN payments p ON p.id = a.payment_id LEFT JOIN credit_notes cn ON cn.id = a.credit_note_id`;

export async function listAllocationsOfInvoice(db: Queryable, invoiceId: number): Promise<Allocation[]> {
  const { rows } = await db.query<Allocation>(`${allocationSelect} WHERE a.invoice_id = $1 ORDER BY a.id`, [
    invoiceId,
  ]);
  return rows;
}

export async function listAllocationsOfPayment(db: Queryable, paymentId: number): Promise<Allocation[]> {
  const { rows } = await db.query<Allocation>(`${allocationSelect} WHERE a.payment_id = $1 ORDER BY a.id`, [
    paymentId,
  ]);
  return rows;
}

export async function listAllocationsOfCreditNote(
  db: Queryable,
  creditNoteId: number,
): Promise<Allocation[]> {
  const { rows } = await db.query<Allocation>(
    `${allocationSelect} WHERE a.credit_note_id = $1 ORDER BY a.id`,
    [creditNoteId],
  );
  return rows;
}

export async function listAllocationsByIds(db: Queryable, ids: readonly number[]): Promise<Allocation[]> {
  if (ids.length === 0) return [];
  const { rows } = await db.query<Allocation>(
    `${allocationSelect} WHERE a.id = ANY($1::bigint[]) ORDER BY a.id`,
    [ids],
  );
  return rows;
}

export interface LockedInvoice extends OpenInvoice {
  writtenOffAmount: number;
}

/**
 * The customer's invoices to settle, locked in id order so that concurrent allocations queue
 * up on each invoice instead of both seeing the same open amount: all those with something
 * open, or the listed ones that are not cancelled (a settled one shows 0 open, so asking for
 * more is refused as exceeding the open amount rather than as an unknown invoice).
 */
export async function lockOpenInvoices(
  db: Queryable,
  customerId: number,
  invoiceIds: readonly number[] | null,
): Promise<LockedInvoice[]> {
  const { rows } = await db.query<LockedInvoice>(
    `SELECT id, number, currency, invoice_date AS "invoiceDate", due_date AS "dueDate", gross_amount AS "grossAmount",
            gross_cny_fen AS "grossCnyFen", open_amount AS "openAmount", written_off_amount AS "writtenOffAmount"
       FROM invoices
      WHERE customer_id = $1 AND status <> 'cancelled'
        AND (($2::bigint[] IS NULL AND open_amount > 0) OR id = ANY($2::bigint[]))
      ORDER BY id FOR UPDATE`,
    [customerId, invoiceIds],
  );
  return rows;
}

export interface NewAllocation extends PricedAllocation {
  paymentId: number | null;
  creditNoteId: number | null;
}

export async function insertAllocations(
  db: Queryable,
  common: {
    customerId: number;
    regionId: number;
    allocatedOn: string;
    isAutomatic: boolean;
    journalId: number | null;
    createdBy: number | null;
  },
  allocations: readonly NewAllocation[],
): Promise<number[]> {
  const { rows } = await db.query<{ id: number }>(
    `INSERT INTO allocations (payment_id, credit_note_id, invoice_id, amount, source_cny_fen, invoice_cny_fen, customer_id,
                              region_id, allocated_on, is_automatic, journal_id, created_by)
     SELECT p, c, i, a, s, v, $7, $8, $9, $10, $11, $12
       FROM unnest($1::bigint[], $2::bigint[], $3::bigint[], $4::bigint[], $5::bigint[], $6::bigint[])
            WITH ORDINALITY AS x(p, c, i, a, s, v, n)
      ORDER BY n
     RETURNING id`,
    [
      allocations.map((a) => a.paymentId),
      allocations.map((a) => a.creditNoteId),
      allocations.map((a) => a.invoiceId),
      allocations.map((a) => a.amount),
      allocations.map((a) => a.sourceCny),
      allocations.map((a) => a.invoiceCny),
      common.customerId,
      common.regionId,
      common.allocatedOn,
      common.isAutomatic,
      common.journalId,
      common.createdBy,
    ],
  );
  return rows.map((r) => r.id);
}
