/**
 * SQL of segment tasks: the customers' owner reps and which customers of a segment already got
 * their task this month. The customers come from the segmentation, which applies the caller's
 * scope; nothing here widens it.
 */
import type { Queryable } from '../../../platform/db.ts';

export interface CustomerOwner {
  customerId: number;
  name: string;
  regionId: number;
  /** null when the customer has no owner rep or the rep is deactivated. */
  ownerRepId: number | null;
}

export async function listCustomerOwners(
  db: Queryable,
  customerIds: readonly number[],
): Promise<CustomerOwner[]> {
  if (customerIds.length === 0) return [];
  const { rows } = await db.query<CustomerOwner>(
    `SELECT c.id::int AS "customerId", c.name, c.region_id::int AS "regionId",
            CASE WHEN u.is_active THEN u.id::int END AS "ownerRepId"
       FROM customers c LEFT JOIN users u ON u.id = c.owner_rep_id
      WHERE c.id = ANY($1::bigint[])
      ORDER BY c.id`,
    [customerIds],
  );
  return rows;
}

export interface SegmentTaskKey {
  mode: 'fixed' | 'quintile';
  segment: string;
  /** First day of the month, YYYY-MM-01. */
  month: string;
}

/**
 * Serialises "create tasks" for one segment and month, so that two clicks at once cannot both
 * see "no task yet" and both create one. Held until the transaction ends.
 */
export async function lockSegmentMonth(db: Queryable, key: SegmentTaskKey): Promise<void> {
  await db.query('SELECT pg_advisory_xact_lock(hashtext($1))', [
    `customer_segment_tasks:${key.mode}:${key.segment}:${key.month}`,
  ]);
}

export async function listTaskedCustomers(
  db: Queryable,
  key: SegmentTaskKey,
  customerIds: readonly number[],
): Promise<Set<number>> {
  const { rows } = await db.query<{ customerId: number }>(
    `SELECT customer_id::int AS "customerId" FROM customer_segment_tasks
      WHERE mode = $1 AND segment = $2 AND month = $3::date AND customer_id = ANY($4::bigint[])`,
    [key.mode, key.segment, key.month, customerIds],
  );
  return new Set(rows.map((r) => r.customerId));
}

export async function insertSegmentTasks(
  db: Queryable,
  key: SegmentTaskKey,
  tasks: readonly { customerId: number; taskId: number }[],
  createdBy: number | null,
): Promise<void> {
  if (tasks.length === 0) return;
  await db.query(
    `INSERT INTO customer_segment_tasks (mode, segment, month, customer_id, task_id, created_by)
     SELECT $1, $2, $3::date, t.customer_id, t.task_id, $6
       FROM unnest($4::bigint[], $5::bigint[]) AS t(customer_id, task_id)`,
    [key.mode, key.segment, key.month, tasks.map((t) => t.customerId), tasks.map((t) => t.taskId), createdBy],
  );
}
