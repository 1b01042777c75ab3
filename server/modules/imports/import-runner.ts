/**
 * Dry run and commit: a pass over the stored file in batches, each batch parsed and checked
 * set-based against the database (one query per kind of lookup).
 *
 * - A dry run runs in a READ ONLY transaction: it cannot write business data even by mistake.
 * - A commit is one transaction that checks every row again against the records as they were
 *   before the import, staging the clean rows in a temporary table (see StagingTable); only if
 *   the whole file is clean do they move to the real table, batch by batch — otherwise it all
 *   rolls back. Imports of one entity take turns (advisory lock), so two of them cannot both
 *   decide a code is free; unique constraints catch anyone else (IMPORT_CONFLICT).
 * - Problems and progress are written on other connections, so a polling client sees progress
 *   and the problems survive the rollback of a refused commit.
 * - The audit trail gets one entry per committed import (job id, entity, file hash, counts),
 *   not one per row: a bulk load is one decision by one user, and a million entries would bury
 *   everything else. */
import type { ImportJob, ImportProblem, ImportProblemCode } from '../../../contracts/imports.ts';
import { recordAudit } from '../../platform/audit.ts';
import type { RequestContext } from '../../platform/auth-context.ts';
import { type Db, isUniqueViolation, type Queryable, withTransaction } from '../../platform/db.ts';
import { AppError, isAppError } from '../../platform/errors.ts';
import { openSheet } from './file-reader.ts';
import { type EntityDefinition, type EntityImporter, parseRows } from './import-entity.ts';
import type { ImportLimits } from './imports.config.ts';
import * as repo from './imports.repository.ts';
import {
  assertMayImport,
  definitionOf,
  getImport,
  listProblems,
  loadJob,
  presentJob,
  runnableMapping,
} from './imports.service.ts';
import { ProblemSink } from './problem-sink.ts';

export interface ImportProgress {
  phase: 'validating' | 'committing';
  processedRows: number;
  totalRows: number;
}

export interface RunOptions {
  limits: ImportLimits;
  onProgress?: (progress: ImportProgress) => void;
  /** How many problems to return with the result. */
  firstProblems?: number;
}

// Any constant works; it is only compared with itself.
const IMPORT_LOCK = 7_401_010;

class ProblemsFound extends Error {
  constructor(readonly sink: ProblemSink) {
    super('the file has problems');
  }
}

interface PassResult {
  importer: EntityImporter<unknown>;
  unchanged: number;
}

interface Pass {
  /** Commit: keep the clean rows aside (staged) for writing once the whole file is checked. */
  stage: boolean;
  content: Buffer;
  sink: ProblemSink;
  progress: (rowsDone: number) => Promise<void>;
}

/** One pass over the file: parse and check each batch set-based; in a commit, stage its rows. */
async function passOverFile(
  tx: Queryable,
  ctx: RequestContext,
  job: repo.JobRow,
  definition: EntityDefinition,
  limits: ImportLimits,
  { stage, content, sink, progress }: Pass,
): Promise<PassResult> {
  const { columns } = runnableMapping(job, definition);
  const sheet = await openSheet(
    content,
    { format: job.format, encoding: job.encoding },
    {
      batchSize: limits.batchSize,
      zip: { maxUnzippedBytes: limits.maxUnzippedBytes, maxEntries: limits.maxZipEntries },
    },
  );
  const importer = definition.createImporter({ ctx, columns });
  let processed = 0;
  let unchanged = 0;
  // Staging a batch runs in PostgreSQL while this process parses the next one; the driver
  // queues the next batch's queries behind it, so order is kept and a failure surfaces here.
  let staging: Promise<void> = Promise.resolve();
  try {
    for await (const batch of sheet.batches) {
      const rows = parseRows(batch, definition.fields, columns, sink.report);
      const checked = await importer.checkBatch(tx, rows, sink.report);
      await staging;
      unchanged += checked.unchanged;
      // After the first problem nothing more is staged (it will all roll back), but checking
      // goes on so that the user learns every problem at once.
      if (stage && sink.count === 0) {
        staging = importer.stageBatch(tx, checked.toInsert);
        // Awaited later; this only keeps Node from calling a failure unhandled meanwhile.
        staging.catch(() => {});
      }
      await sink.flush();
      processed += batch.length;
      await progress(processed);
    }
  } catch (error) {
    // A failed staging aborts the transaction, and the next query fails for that reason:
    // report the cause, not the consequence.
    await staging;
    throw error;
  }
  await staging;
  return { importer, unchanged };
}

function newSink(db: Db, job: repo.JobRow, definition: EntityDefinition, limits: ImportLimits): ProblemSink {
  const { columns } = runnableMapping(job, definition);
  return new ProblemSink(db, job.id, job.headers, columns, limits.maxStoredProblems);
}

function progressReporter(db: Db, job: repo.JobRow, options: RunOptions, phase: ImportProgress['phase']) {
  return async (processedRows: number) => {
    await repo.setProgress(db, job.id, processedRows);
    options.onProgress?.({ phase, processedRows, totalRows: job.totalRows });
  };
}

async function startRun(
  db: Db,
  ctx: RequestContext,
  id: number,
  phase: ImportProgress['phase'],
  limits: ImportLimits,
) {
  const job = await loadJob(db, ctx, id);
  const definition = definitionOf(job.entity);
  assertMayImport(ctx, definition);
  if (job.status === 'committed') return { job, definition, committed: true as const };
  runnableMapping(job, definition);
  if (!(await repo.claimJob(db, id, phase, limits.staleRunSeconds))) throw new AppError('IMPORT_BUSY');
  return { job, definition, committed: false as const };
}

async function firstProblems(db: Queryable, ctx: RequestContext, id: number, count: number) {
  if (count === 0) return [];
  return (await listProblems(db, ctx, id, { page: 1, pageSize: count }, count)).items;
}

function failureText(error: unknown): string {
  return isAppError(error) ? `${error.code}: ${error.message}` : 'INTERNAL_ERROR';
}

/** Checks every row and records its problems; writes no business data. */
export async function dryRunImport(
  db: Db,
  ctx: RequestContext,
  id: number,
  options: RunOptions,
): Promise<{ job: ImportJob; problems: ImportProblem[] }> {
  const { job, definition, committed } = await startRun(db, ctx, id, 'validating', options.limits);
  if (committed) throw new AppError('IMPORT_ALREADY_COMMITTED');
  try {
    const content = await repo.readFile(db, id);
    const report = progressReporter(db, job, options, 'validating');
    const result = await withTransaction(
      db,
      async (tx) => {
        await tx.query('SET TRANSACTION READ ONLY');
        await repo.deleteProblems(db, id);
        const sink = newSink(db, job, definition, options.limits);
        const pass = await passOverFile(tx, ctx, job, definition, options.limits, {
          stage: false,
          content,
          sink,
          progress: report,
        });
        return { sink, unchanged: pass.unchanged };
      },
      { isolation: 'REPEATABLE READ' },
    );
    await repo.finishValidation(db, id, {
      problemCount: result.sink.count,
      problemCounts: result.sink.countsByCode(),
      unchangedCount: result.unchanged,
    });
  } catch (error) {
    await repo.markFailed(db, id, failureText(error));
    throw error;
  }
  return {
    job: await getImport(db, ctx, id),
    problems: await firstProblems(db, ctx, id, options.firstProblems ?? 100),
  };
}

export interface CommitResult {
  job: ImportJob;
  alreadyImported: boolean;
  created: number;
  unchanged: number;
}

/**
 * Writes every row in one transaction, or nothing. Idempotent: committing a committed job, or
 * a job whose very file was committed before, writes nothing and says so; rows identical to
 * existing records count as unchanged.
 */
export async function commitImport(
  db: Db,
  ctx: RequestContext,
  id: number,
  options: RunOptions,
): Promise<CommitResult> {
  const current = await loadJob(db, ctx, id);
  assertMayImport(ctx, definitionOf(current.entity));
  const earlier =
    current.status === 'committed'
      ? undefined
      : await repo.findCommittedJobByFile(db, current.entity, current.sha256, id);
  if (earlier !== undefined) {
    await repo.markCommitted(db, id, { created: 0, unchanged: 0, duplicateOfJobId: earlier });
    await repo.deleteFile(db, id);
  }
  if (current.status === 'committed' || earlier !== undefined) {
    return { job: await getImport(db, ctx, id), alreadyImported: true, created: 0, unchanged: 0 };
  }

  const { job, definition, committed } = await startRun(db, ctx, id, 'committing', options.limits);
  if (committed) return { job: presentJob(job), alreadyImported: true, created: 0, unchanged: 0 };
  let result: { created: number; unchanged: number };
  try {
    const content = await repo.readFile(db, id);
    const report = progressReporter(db, job, options, 'committing');
    const half = (rows: number) => Math.floor(rows / 2);
    result = await withTransaction(db, async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [IMPORT_LOCK, job.entity]);
      await repo.deleteProblems(db, id);
      const sink = newSink(db, job, definition, options.limits);
      // Every row is checked against the records as they were before the import, and staged;
      // only when the whole file is clean do the staged rows move to the real table.
      const pass = await passOverFile(tx, ctx, job, definition, options.limits, {
        stage: true,
        content,
        sink,
        progress: (rows) => report(half(rows)),
      });
      if (sink.count > 0) throw new ProblemsFound(sink);
      const toWrite = Math.max(1, job.totalRows - pass.unchanged);
      const created = await pass.importer.writeStaged(tx, (written) =>
        report(half(job.totalRows) + Math.floor(((job.totalRows - half(job.totalRows)) * written) / toWrite)),
      );
      await report(job.totalRows);
      await recordAudit(tx, ctx, {
        action: 'import',
        entity: 'import_job',
        entityId: job.id,
        after: {
          entity: job.entity,
          fileName: job.fileName,
          sha256: job.sha256,
          rows: job.totalRows,
          created,
          unchanged: pass.unchanged,
        },
      });
      await repo.markCommitted(tx, id, { created, unchanged: pass.unchanged });
      return { created, unchanged: pass.unchanged };
    });
  } catch (error) {
    if (error instanceof ProblemsFound) {
      await repo.finishValidation(db, id, {
        problemCount: error.sink.count,
        problemCounts: error.sink.countsByCode(),
        unchangedCount: 0,
      });
      throw new AppError(
        'IMPORT_HAS_PROBLEMS',
        { count: error.sink.count },
        { problemCounts: error.sink.countsByCode() as Record<ImportProblemCode, number> },
      );
    }
    await repo.markFailed(db, id, failureText(error));
    // A concurrent writer took a code or tax id after our check: nothing was written.
    if (isUniqueViolation(error)) throw new AppError('IMPORT_CONFLICT');
    throw error;
  }
  // The file has served its purpose; its hash stays for recognising a re-upload.
  await repo.deleteFile(db, id);
  return {
    job: presentJob(await loadJob(db, ctx, id)),
    alreadyImported: false,
    created: result.created,
    unchanged: result.unchanged,
  };
}
