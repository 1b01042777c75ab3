import type {
  ImportEntity,
  ImportMapping,
  ImportProblemCode,
  ImportStatus,
  ImportTemplate,
} from '../../../contracts/imports.ts';
import type { RequestContext } from '../../platform/auth-context.ts';
import type { Queryable } from '../../platform/db.ts';
import type { FileFormat, TextEncoding } from './file-reader.ts';
import type { RowProblem } from './import-entity.ts';

export interface JobRow {
  id: number;
  entity: ImportEntity;
  fileName: string;
  sha256: string;
  sizeBytes: number;
  format: FileFormat;
  encoding: TextEncoding | null;
  status: ImportStatus;
  headers: string[];
  sampleRows: string[][];
  mapping: ImportMapping;
  totalRows: number;
  progressRows: number;
  problemCount: number | null;
  problemCounts: Partial<Record<ImportProblemCode, number>> | null;
  createdCount: number | null;
  unchangedCount: number | null;
  duplicateOfJobId: number | null;
  failure: string | null;
  createdBy: number | null;
  createdAt: string;
  updatedAt: string;
  validatedAt: string | null;
  committedAt: string | null;
}

const iso = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')`;

const jobColumns = `id, entity, file_name AS "fileName", file_sha256 AS sha256, size_bytes AS "sizeBytes", format,
  encoding, status, headers, sample_rows AS "sampleRows", mapping, total_rows AS "totalRows",
  progress_rows AS "progressRows", problem_count AS "problemCount", problem_counts AS "problemCounts",
  created_count AS "createdCount", unchanged_count AS "unchangedCount", duplicate_of_job_id AS "duplicateOfJobId",
  failure, created_by AS "createdBy", ${iso('created_at')} AS "createdAt", ${iso('updated_at')} AS "updatedAt",
  ${iso('validated_at')} AS "validatedAt", ${iso('committed_at')} AS "committedAt"`;

/** Import jobs hold other people's files: only their creator and admins see them. */
function visibleTo(ctx: RequestContext, firstParam: number): { sql: string; params: unknown[] } {
  return {
    sql: `(created_by IS NOT DISTINCT FROM $${firstParam} OR $${firstParam + 1})`,
    params: [ctx.userId > 0 ? ctx.userId : null, ctx.roles.includes('admin')],
  };
}

export interface NewJob {
  entity: ImportEntity;
  fileName: string;
  sha256: string;
  sizeBytes: number;
  format: FileFormat;
  encoding: TextEncoding | null;
  headers: string[];
  sampleRows: string[][];
  mapping: ImportMapping;
  totalRows: number;
  duplicateOfJobId: number | null;
  createdBy: number | null;
}

export async function insertJob(db: Queryable, job: NewJob): Promise<number> {
  const { rows } = await db.query<{ id: number }>(
    `INSERT INTO import_jobs (entity, file_name, file_sha256, size_bytes, format, encoding, headers, sample_rows,
                              mapping, total_rows, duplicate_of_job_id, created_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9::jsonb, $10, $11, $12) RETURNING id`,
    [
      job.entity,
      job.fileName,
      job.sha256,
      job.sizeBytes,
      job.format,
      job.encoding,
      job.headers,
      JSON.stringify(job.sampleRows),
      JSON.stringify(job.mapping),
      job.totalRows,
      job.duplicateOfJobId,
      job.createdBy,
    ],
  );
  return rows[0]!.id;
}

/** Stores the file in parts; a few large statements, never one per row. */
export async function insertFileParts(db: Queryable, jobId: number, content: Buffer, partBytes: number) {
  for (let part = 0; part * partBytes < content.length || part === 0; part++) {
    await db.query('INSERT INTO import_files (job_id, part, content) VALUES ($1, $2, $3)', [
      jobId,
      part,
      content.subarray(part * partBytes, (part + 1) * partBytes),
    ]);
  }
}

export async function readFile(db: Queryable, jobId: number): Promise<Buffer> {
  const { rows } = await db.query<{ count: number }>(
    'SELECT count(*)::int AS count FROM import_files WHERE job_id = $1',
    [jobId],
  );
  const parts: Buffer[] = [];
  // Part by part, so that no single result carries the whole file.
  for (let part = 0; part < rows[0]!.count; part++) {
    const result = await db.query<{ content: Buffer }>(
      'SELECT content FROM import_files WHERE job_id = $1 AND part = $2',
      [jobId, part],
    );
    parts.push(result.rows[0]!.content);
  }
  return Buffer.concat(parts);
}

export async function deleteFile(db: Queryable, jobId: number): Promise<void> {
  await db.query('DELETE FROM import_files WHERE job_id = $1', [jobId]);
}

export async function findJob(db: Queryable, ctx: RequestContext, id: number): Promise<JobRow | undefined> {
  const visible = visibleTo(ctx, 2);
  const { rows } = await db.query<JobRow>(
    `SELECT ${jobColumns} FROM import_jobs WHERE id = $1 AND ${visible.sql}`,
    [id, ...visible.params],
  );
  return rows[0];
}

export async function listJobs(db: Queryable, ctx: RequestContext, page: number, pageSize: number) {
  const visible = visibleTo(ctx, 1);
  const [items, total] = await Promise.all([
    db.query<JobRow>(
      `SELECT ${jobColumns} FROM import_jobs WHERE ${visible.sql} ORDER BY id DESC LIMIT $3 OFFSET $4`,
      [...visible.params, pageSize, (page - 1) * pageSize],
    ),
    db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM import_jobs WHERE ${visible.sql}`,
      visible.params,
    ),
  ]);
  return { items: items.rows, total: total.rows[0]!.n };
}

/** The committed job that imported this very file before, if any. */
export async function findCommittedJobByFile(
  db: Queryable,
  entity: ImportEntity,
  sha256: string,
  exceptId: number,
): Promise<number | undefined> {
  const { rows } = await db.query<{ id: number }>(
    `SELECT id FROM import_jobs WHERE entity = $1 AND file_sha256 = $2 AND status = 'committed' AND id <> $3
      ORDER BY id LIMIT 1`,
    [entity, sha256, exceptId],
  );
  return rows[0]?.id;
}

export async function updateMapping(db: Queryable, id: number, mapping: ImportMapping): Promise<boolean> {
  const { rowCount } = await db.query(
    `UPDATE import_jobs SET mapping = $2::jsonb, status = 'uploaded', problem_count = NULL, problem_counts = NULL,
            unchanged_count = NULL, progress_rows = 0, failure = NULL, validated_at = NULL, updated_at = now()
      WHERE id = $1 AND status IN ('uploaded', 'validated', 'failed')`,
    [id, JSON.stringify(mapping)],
  );
  return rowCount === 1;
}

/**
 * Moves a job into a running state unless it already runs. A run whose process died leaves
 * the job looking busy; after `staleSeconds` without progress it may be started again.
 */
export async function claimJob(
  db: Queryable,
  id: number,
  running: 'validating' | 'committing',
  staleSeconds: number,
): Promise<boolean> {
  const { rowCount } = await db.query(
    `UPDATE import_jobs SET status = $2, progress_rows = 0, failure = NULL, updated_at = now()
      WHERE id = $1 AND (status IN ('uploaded', 'validated', 'failed')
            OR (status IN ('validating', 'committing') AND updated_at < now() - make_interval(secs => $3)))`,
    [id, running, staleSeconds],
  );
  return rowCount === 1;
}

export async function setProgress(db: Queryable, id: number, rows: number): Promise<void> {
  await db.query('UPDATE import_jobs SET progress_rows = $2, updated_at = now() WHERE id = $1', [id, rows]);
}

export interface ValidationOutcome {
  problemCount: number;
  problemCounts: Partial<Record<ImportProblemCode, number>>;
  unchangedCount: number;
}

export async function finishValidation(db: Queryable, id: number, outcome: ValidationOutcome): Promise<void> {
  await db.query(
    `UPDATE import_jobs SET status = 'validated', problem_count = $2, problem_counts = $3::jsonb, unchanged_count = $4,
            validated_at = now(), updated_at = now()
      WHERE id = $1`,
    [id, outcome.problemCount, JSON.stringify(outcome.problemCounts), outcome.unchangedCount],
  );
}

export async function markCommitted(
  db: Queryable,
  id: number,
  counts: { created: number; unchanged: number; duplicateOfJobId?: number },
): Promise<void> {
  const { rowCount } = await db.query(
    `UPDATE import_jobs SET status = 'committed', created_count = $2, unchanged_count = $3, problem_count = 0,
            problem_counts = '{}'::jsonb, duplicate_of_job_id = coalesce($4, duplicate_of_job_id),
            committed_at = now(), updated_at = now()
      WHERE id = $1 AND status <> 'committed'`,
    [id, counts.created, counts.unchanged, counts.duplicateOfJobId ?? null],
  );
  if (rowCount !== 1) throw new Error(`import job ${id} was committed twice`);
}

export async function markFailed(db: Queryable, id: number, failure: string): Promise<void> {
  await db.query(
    `UPDATE import_jobs SET status = 'failed', failure = $2, updated_at = now() WHERE id = $1 AND status <> 'committed'`,
    [id, failure],
  );
}

export async function deleteProblems(db: Queryable, jobId: number): Promise<void> {
  await db.query('DELETE FROM import_problems WHERE job_id = $1', [jobId]);
}

export async function insertProblems(
  db: Queryable,
  jobId: number,
  firstSeq: number,
  problems: readonly (RowProblem & { column: string | null })[],
): Promise<void> {
  if (problems.length === 0) return;
  await db.query(
    `INSERT INTO import_problems (job_id, seq, row_number, field, column_header, code, value, message_en, message_zh)
     SELECT $1, $2 + ord - 1, row_number, field, column_header, code, value, message_en, message_zh
       FROM unnest($3::int[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[])
            WITH ORDINALITY AS p(row_number, field, column_header, code, value, message_en, message_zh, ord)`,
    [
      jobId,
      firstSeq,
      problems.map((p) => p.rowNumber),
      problems.map((p) => p.field),
      problems.map((p) => p.column),
      problems.map((p) => p.code),
      problems.map((p) => p.value),
      problems.map((p) => p.en),
      problems.map((p) => p.zh),
    ],
  );
}

export interface ProblemRow {
  rowNumber: number;
  field: string | null;
  column: string | null;
  code: ImportProblemCode;
  value: string | null;
  messageEn: string;
  messageZh: string;
}

export async function listProblems(
  db: Queryable,
  jobId: number,
  options: { limit: number; offset: number; code?: ImportProblemCode | undefined },
): Promise<{ items: ProblemRow[]; total: number }> {
  const filter = options.code ? 'AND code = $4' : '';
  const params: unknown[] = [jobId, options.limit, options.offset, ...(options.code ? [options.code] : [])];
  const [items, total] = await Promise.all([
    db.query<ProblemRow>(
      `SELECT row_number AS "rowNumber", field, column_header AS column, code, value, message_en AS "messageEn",
              message_zh AS "messageZh"
         FROM import_problems WHERE job_id = $1 ${filter} ORDER BY row_number, seq LIMIT $2 OFFSET $3`,
      params,
    ),
    db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM import_problems WHERE job_id = $1 ${options.code ? 'AND code = $2' : ''}`,
      options.code ? [jobId, options.code] : [jobId],
    ),
  ]);
  return { items: items.rows, total: total.rows[0]!.n };
}

const templateColumns = `id, entity, name, mapping, ${iso('created_at')} AS "createdAt"`;

export async function listTemplates(
  db: Queryable,
  entity: ImportEntity | undefined,
): Promise<ImportTemplate[]> {
  const { rows } = await db.query<ImportTemplate>(
    `SELECT ${templateColumns} FROM import_templates WHERE $1::text IS NULL OR entity = $1 ORDER BY entity, name`,
    [entity ?? null],
  );
  return rows;
}

export async function findTemplate(db: Queryable, id: number): Promise<ImportTemplate | undefined> {
  const { rows } = await db.query<ImportTemplate>(
    `SELECT ${templateColumns} FROM import_templates WHERE id = $1`,
    [id],
  );
  return rows[0];
}

/** Saving under an existing name replaces that template's mapping. */
export async function upsertTemplate(
  db: Queryable,
  template: { entity: ImportEntity; name: string; mapping: ImportMapping; createdBy: number | null },
): Promise<ImportTemplate> {
  const { rows } = await db.query<ImportTemplate>(
    `INSERT INTO import_templates (entity, name, mapping, created_by) VALUES ($1, $2, $3::jsonb, $4)
     ON CONFLICT (entity, name) DO UPDATE SET mapping = EXCLUDED.mapping, updated_at = now()
     RETURNING ${templateColumns}`,
    [template.entity, template.name, JSON.stringify(template.mapping), template.createdBy],
  );
  return rows[0]!;
}
