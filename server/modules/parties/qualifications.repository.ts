import type { CreateQualificationRequest } from '../../../contracts/customers.ts';
import type { Queryable } from '../../platform/db.ts';

export interface QualificationRow {
  id: number;
  customerId: number;
  type: CreateQualificationRequest['type'];
  number: string;
  coveredClasses: number[];
  scope: string | null;
  validFrom: string | null;
  validUntil: string | null;
  attachmentRef: string | null;
  version: number;
}

const columns = `id, customer_id AS "customerId", type, number, covered_classes AS "coveredClasses", scope,
  valid_from AS "validFrom", valid_until AS "validUntil", attachment_ref AS "attachmentRef", version`;

export async function listQualifications(db: Queryable, customerIds: number[]): Promise<QualificationRow[]> {
  const { rows } = await db.query<QualificationRow>(
    `SELECT ${columns} FROM customer_qualifications WHERE customer_id = ANY($1::bigint[]) ORDER BY customer_id, type, id`,
    [customerIds],
  );
  return rows;
}

export async function findQualification(
  db: Queryable,
  customerId: number,
  id: number,
): Promise<QualificationRow | undefined> {
  const { rows } = await db.query<QualificationRow>(
    `SELECT ${columns} FROM customer_qualifications WHERE id = $1 AND customer_id = $2`,
    [id, customerId],
  );
  return rows[0];
}

export async function insertQualification(db: Queryable, customerId: number, q: CreateQualificationRequest) {
  const { rows } = await db.query<QualificationRow>(
    `INSERT INTO customer_qualifications (customer_id, type, number, covered_classes, scope, valid_from, valid_until,
                                          attachment_ref)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING ${columns}`,
    [customerId, q.type, q.number, q.coveredClasses, q.scope, q.validFrom, q.validUntil, q.attachmentRef],
  );
  return rows[0]!;
}

export async function updateQualification(
  db: Queryable,
  id: number,
  version: number,
  q: Omit<QualificationRow, 'id' | 'customerId' | 'type' | 'version'>,
) {
  const { rows } = await db.query<QualificationRow>(
    `UPDATE customer_qualifications SET number = $3, covered_classes = $4, scope = $5, valid_from = $6, valid_until = $7,
            attachment_ref = $8, version = version + 1, updated_at = now()
      WHERE id = $1 AND version = $2 RETURNING ${columns}`,
    [id, version, q.number, q.coveredClasses, q.scope, q.validFrom, q.validUntil, q.attachmentRef],
  );
  return rows[0];
}

export async function deleteQualification(db: Queryable, id: number) {
  await db.query('DELETE FROM customer_qualifications WHERE id = $1', [id]);
}
