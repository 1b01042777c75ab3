/** SQL of approval policies: append-only versions per document type. */
import type { DocumentType, PolicyDefinition } from '../../../contracts/workflow.ts';
import type { Queryable } from '../../platform/db.ts';

export interface PolicyRow {
  id: number;
  documentType: DocumentType;
  version: number;
  definition: PolicyDefinition;
  note: string | null;
  createdBy: number | null;
  createdByName: string | null;
  createdAt: Date;
}

const columns = `p.id, p.document_type AS "documentType", p.version, p.definition, p.note, p.created_by AS "createdBy",
  u.display_name AS "createdByName", p.created_at AS "createdAt"`;

/** The newest version of each document type's policy. */
export async function listCurrentPolicies(db: Queryable): Promise<PolicyRow[]> {
  const { rows } = await db.query<PolicyRow>(
    `SELECT DISTINCT ON (p.document_type) ${columns}
       FROM workflow_policies p LEFT JOIN users u ON u.id = p.created_by
      ORDER BY p.document_type, p.version DESC`,
  );
  return rows;
}

export async function findCurrentPolicy(
  db: Queryable,
  documentType: DocumentType,
): Promise<PolicyRow | undefined> {
  const { rows } = await db.query<PolicyRow>(
    `SELECT ${columns} FROM workflow_policies p LEFT JOIN users u ON u.id = p.created_by
      WHERE p.document_type = $1 ORDER BY p.version DESC LIMIT 1`,
    [documentType],
  );
  return rows[0];
}

export async function findPolicy(db: Queryable, id: number): Promise<PolicyRow | undefined> {
  const { rows } = await db.query<PolicyRow>(
    `SELECT ${columns} FROM workflow_policies p LEFT JOIN users u ON u.id = p.created_by WHERE p.id = $1`,
    [id],
  );
  return rows[0];
}

export async function listPolicyVersions(db: Queryable, documentType: DocumentType): Promise<PolicyRow[]> {
  const { rows } = await db.query<PolicyRow>(
    `SELECT ${columns} FROM workflow_policies p LEFT JOIN users u ON u.id = p.created_by
      WHERE p.document_type = $1 ORDER BY p.version DESC`,
    [documentType],
  );
  return rows;
}

/** Adds a version; false when that version exists already (someone saved first). */
export async function insertPolicyVersion(
  tx: Queryable,
  p: {
    documentType: DocumentType;
    version: number;
    definition: PolicyDefinition;
    note: string | null;
    createdBy: number | null;
  },
): Promise<number | null> {
  const { rows } = await tx.query<{ id: number }>(
    `INSERT INTO workflow_policies (document_type, version, definition, note, created_by)
     VALUES ($1, $2, $3::jsonb, $4, $5) ON CONFLICT (document_type, version) DO NOTHING RETURNING id`,
    [p.documentType, p.version, JSON.stringify(p.definition), p.note, p.createdBy],
  );
  return rows[0]?.id ?? null;
}
