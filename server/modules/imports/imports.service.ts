import { createHash } from 'node:crypto';
import type {
  ImportEntity,
  ImportJob,
  ImportMapping,
  ImportProblem,
  ImportProblemCode,
  ImportTemplate,
} from '../../../contracts/imports.ts';
import { importProblemCodes } from '../../../contracts/imports.ts';
import type { RequestContext } from '../../platform/auth-context.ts';
import { type Db, type Queryable, withTransaction } from '../../platform/db.ts';
import { AppError, localized } from '../../platform/errors.ts';
import { type ExportColumn, toCsv } from '../../platform/export.ts';
import type { Lang } from '../../platform/i18n.ts';
import { type ResolvedMapping, resolveMapping, suggestMapping } from './column-mapping.ts';
import { creditRatingsImport, financialRatiosImport } from './credit-inputs.import.ts';
import { customersImport } from './customers.import.ts';
import { detectEncoding, detectFormat, type FileFacts, openSheet } from './file-reader.ts';
import type { EntityDefinition } from './import-entity.ts';
import type { ImportLimits } from './imports.config.ts';
import * as repo from './imports.repository.ts';
import { leadsImport } from './leads.import.ts';
import { productsImport } from './products.import.ts';
import { touchesImport } from './touches.import.ts';

const definitions: Record<ImportEntity, EntityDefinition> = {
  customers: customersImport,
  products: productsImport,
  leads: leadsImport,
  touches: touchesImport,
  credit_ratings: creditRatingsImport,
  financial_ratios: financialRatiosImport,
};

export function definitionOf(entity: ImportEntity): EntityDefinition {
  return definitions[entity];
}

/** Importing creates records: the user needs that right for the entity, not only imports:run. */
export function assertMayImport(ctx: RequestContext, definition: EntityDefinition): void {
  if (ctx.via === 'system') return;
  if (!ctx.permissions.includes(definition.writePermission)) throw new AppError('FORBIDDEN');
}

export async function loadJob(db: Queryable, ctx: RequestContext, id: number): Promise<repo.JobRow> {
  const job = await repo.findJob(db, ctx, id);
  if (!job) throw new AppError('NOT_FOUND');
  return job;
}

/** The mapping of a job, checked to be runnable: valid, with every required field mapped. */
export function runnableMapping(job: repo.JobRow, definition: EntityDefinition): ResolvedMapping {
  const check = resolveMapping(job.mapping, job.headers, definition.fields);
  if (!check.ok) throw new AppError('IMPORT_INVALID_MAPPING', { detail: check.problems.join('; ') });
  if (check.resolved.unmappedRequired.length > 0) {
    throw new AppError(
      'IMPORT_INVALID_MAPPING',
      {
        detail: localized(
          `required fields not mapped: ${check.resolved.unmappedRequired.join(', ')}`,
          `必填字段未映射：${check.resolved.unmappedRequired.join('、')}`,
        ),
      },
      { unmappedRequiredFields: check.resolved.unmappedRequired },
    );
  }
  return check.resolved;
}

export function presentJob(job: repo.JobRow): ImportJob {
  const definition = definitionOf(job.entity);
  const check = resolveMapping(job.mapping, job.headers, definition.fields);
  const counts = job.problemCounts ?? {};
  return {
    id: job.id,
    entity: job.entity,
    fileName: job.fileName,
    sizeBytes: job.sizeBytes,
    sha256: job.sha256,
    format: job.format,
    encoding: job.encoding,
    status: job.status,
    headers: job.headers,
    sampleRows: job.sampleRows,
    mapping: job.mapping,
    fields: definition.fields.map(({ name, labelZh, labelEn, required }) => ({
      name,
      labelZh,
      labelEn,
      required,
    })),
    unmappedRequiredFields: check.ok
      ? check.resolved.unmappedRequired
      : definition.fields.filter((f) => f.required).map((f) => f.name),
    totalRows: job.totalRows,
    processedRows: job.progressRows,
    problemCount: job.problemCount,
    problemCounts: importProblemCodes.flatMap((code) =>
      counts[code] ? [{ code, count: counts[code] }] : [],
    ),
    createdCount: job.createdCount,
    unchangedCount: job.unchangedCount,
    alreadyImportedByJobId: job.duplicateOfJobId,
    failure: job.failure,
    createdAt: job.createdAt,
    updatedAt: job.updatedAt,
    validatedAt: job.validatedAt,
    committedAt: job.committedAt,
  };
}

const SAMPLE_ROWS = 5;
const SAMPLE_CELL_CHARS = 200;

export interface UploadInput {
  entity: ImportEntity;
  fileName: string;
  content: Buffer;
  templateId?: number | undefined;
}

/**
 * Stores the file and reads it once: detects format and encoding, finds the header, counts
 * the rows (refusing files over the limits) and suggests a mapping. Writes no business data.
 */
export async function uploadImport(
  db: Db,
  ctx: RequestContext,
  input: UploadInput,
  limits: ImportLimits,
): Promise<ImportJob> {
  const definition = definitionOf(input.entity);
  assertMayImport(ctx, definition);
  const { content } = input;
  if (content.length > limits.maxFileBytes) {
    throw new AppError('IMPORT_FILE_TOO_LARGE', {
      maxMegabytes: Math.floor(limits.maxFileBytes / 1024 / 1024),
    });
  }
  if (content.length === 0) {
    throw new AppError('IMPORT_UNREADABLE_FILE', { detail: localized('the file is empty', '文件为空') });
  }
  const format = detectFormat(content);
  const facts: FileFacts = { format, encoding: format === 'csv' ? detectEncoding(content) : null };
  const sheet = await openSheet(content, facts, {
    batchSize: limits.batchSize,
    zip: { maxUnzippedBytes: limits.maxUnzippedBytes, maxEntries: limits.maxZipEntries },
  });
  if (sheet.headers.length > limits.maxColumns) {
    throw new AppError('IMPORT_UNREADABLE_FILE', {
      detail: localized(`more than ${limits.maxColumns} columns`, `超过 ${limits.maxColumns} 列`),
    });
  }
  let totalRows = 0;
  const sampleRows: string[][] = [];
  for await (const batch of sheet.batches) {
    for (const row of batch) {
      if (sampleRows.length >= SAMPLE_ROWS) break;
      sampleRows.push(sheet.headers.map((_, i) => (row.cells[i] ?? '').slice(0, SAMPLE_CELL_CHARS)));
    }
    totalRows += batch.length;
    if (totalRows > limits.maxRows) throw new AppError('IMPORT_TOO_MANY_ROWS', { max: limits.maxRows });
  }
  if (totalRows === 0)
    throw new AppError('IMPORT_UNREADABLE_FILE', {
      detail: localized('there are no rows below the header', '表头下方没有数据行'),
    });

  const mapping = await initialMapping(db, input, sheet.headers, definition);
  const sha256 = createHash('sha256').update(content).digest('hex');
  const id = await withTransaction(db, async (tx) => {
    const jobId = await repo.insertJob(tx, {
      entity: input.entity,
      fileName: input.fileName,
      sha256,
      sizeBytes: content.length,
      format,
      encoding: facts.encoding,
      headers: sheet.headers,
      sampleRows,
      mapping,
      totalRows,
      duplicateOfJobId: (await repo.findCommittedJobByFile(tx, input.entity, sha256, 0)) ?? null,
      createdBy: ctx.userId > 0 ? ctx.userId : null,
    });
    await repo.insertFileParts(tx, jobId, content, limits.filePartBytes);
    return jobId;
  });
  return presentJob(await loadJob(db, ctx, id));
}

/** A saved template's columns where the file has them; otherwise what the headers suggest. */
async function initialMapping(
  db: Queryable,
  input: UploadInput,
  headers: string[],
  definition: EntityDefinition,
): Promise<ImportMapping> {
  const suggested = suggestMapping(headers, definition.fields);
  if (input.templateId === undefined) return suggested;
  const template = await repo.findTemplate(db, input.templateId);
  if (!template || template.entity !== input.entity) {
    throw new AppError('INVALID_REFERENCE', {
      entity: localized('import template', '导入模板'),
      value: input.templateId,
    });
  }
  const present = new Set(headers);
  const mapping: ImportMapping = Object.create(null);
  for (const field of definition.fields) {
    const header = Object.hasOwn(template.mapping, field.name) ? template.mapping[field.name] : null;
    mapping[field.name] = header && present.has(header) ? header : null;
  }
  return mapping;
}

export async function getImport(db: Queryable, ctx: RequestContext, id: number): Promise<ImportJob> {
  return presentJob(await loadJob(db, ctx, id));
}

export async function listImports(db: Queryable, ctx: RequestContext, page: number, pageSize: number) {
  const result = await repo.listJobs(db, ctx, page, pageSize);
  return { items: result.items.map(presentJob), total: result.total, page, pageSize };
}

export async function updateMapping(
  db: Db,
  ctx: RequestContext,
  id: number,
  request: { mapping: ImportMapping; saveAsTemplate?: string | undefined },
): Promise<ImportJob> {
  const job = await loadJob(db, ctx, id);
  const definition = definitionOf(job.entity);
  assertMayImport(ctx, definition);
  if (job.status === 'committed') throw new AppError('IMPORT_ALREADY_COMMITTED');
  const check = resolveMapping(request.mapping, job.headers, definition.fields);
  if (!check.ok) throw new AppError('IMPORT_INVALID_MAPPING', { detail: check.problems.join('; ') });
  await withTransaction(db, async (tx) => {
    if (!(await repo.updateMapping(tx, id, check.resolved.mapping))) throw new AppError('IMPORT_BUSY');
    await repo.deleteProblems(tx, id);
    if (request.saveAsTemplate) {
      await repo.upsertTemplate(tx, {
        entity: job.entity,
        name: request.saveAsTemplate,
        mapping: check.resolved.mapping,
        createdBy: ctx.userId > 0 ? ctx.userId : null,
      });
    }
  });
  return getImport(db, ctx, id);
}

function presentProblem(problem: repo.ProblemRow, lang: Lang): ImportProblem {
  return {
    rowNumber: problem.rowNumber,
    field: problem.field,
    column: problem.column,
    code: problem.code,
    value: problem.value,
    message: lang === 'en' ? problem.messageEn : problem.messageZh,
  };
}

export async function listProblems(
  db: Queryable,
  ctx: RequestContext,
  id: number,
  query: { page: number; pageSize: number; code?: ImportProblemCode | undefined },
  maxPageSize: number,
) {
  await loadJob(db, ctx, id);
  if (query.pageSize > maxPageSize) throw new AppError('PAGE_SIZE_TOO_LARGE', { max: maxPageSize });
  const result = await repo.listProblems(db, id, {
    limit: query.pageSize,
    offset: (query.page - 1) * query.pageSize,
    code: query.code,
  });
  return {
    items: result.items.map((p) => presentProblem(p, ctx.lang)),
    total: result.total,
    page: query.page,
    pageSize: query.pageSize,
  };
}

/** The error report: every stored problem as CSV (UTF-8 with BOM, formula-safe cells). */
export async function exportProblems(db: Queryable, ctx: RequestContext, id: number, maxRows: number) {
  const job = await loadJob(db, ctx, id);
  const { items } = await repo.listProblems(db, id, { limit: maxRows, offset: 0 });
  const zh = ctx.lang === 'zh-CN';
  const columns: ExportColumn<ImportProblem>[] = [
    { header: zh ? '行号' : 'Row', value: (p) => p.rowNumber },
    { header: zh ? '列' : 'Column', value: (p) => p.column },
    { header: zh ? '字段' : 'Field', value: (p) => p.field },
    { header: zh ? '问题代码' : 'Code', value: (p) => p.code },
    { header: zh ? '值' : 'Value', value: (p) => p.value },
    { header: zh ? '说明' : 'Message', value: (p) => p.message },
  ];
  const base = job.fileName.replace(/\.[^.]*$/, '').replace(/[^\p{L}\p{N}_-]+/gu, '_');
  return {
    body: toCsv(
      columns,
      items.map((p) => presentProblem(p, ctx.lang)),
    ),
    filename: `${base || 'import'}-problems.csv`,
  };
}

export async function listTemplates(db: Queryable, entity: ImportEntity | undefined) {
  return { items: await repo.listTemplates(db, entity) };
}

export async function saveTemplate(
  db: Queryable,
  ctx: RequestContext,
  request: { entity: ImportEntity; name: string; mapping: ImportMapping },
): Promise<ImportTemplate> {
  const definition = definitionOf(request.entity);
  assertMayImport(ctx, definition);
  const fields = new Set(definition.fields.map((f) => f.name));
  const unknown = Object.keys(request.mapping).filter((key) => !fields.has(key));
  if (unknown.length > 0) {
    throw new AppError('IMPORT_INVALID_MAPPING', {
      detail: localized(`unknown fields: ${unknown.join(', ')}`, `未知字段：${unknown.join('、')}`),
    });
  }
  const mapping: ImportMapping = Object.create(null);
  for (const field of definition.fields) mapping[field.name] = request.mapping[field.name] || null;
  return repo.upsertTemplate(db, {
    entity: request.entity,
    name: request.name,
    mapping,
    createdBy: ctx.userId > 0 ? ctx.userId : null,
  });
}
