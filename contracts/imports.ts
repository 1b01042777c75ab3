import { z } from 'zod';
import { pageOf } from './common.ts';

export const importEntities = [
  'customers',
  'products',
  'leads',
  'touches',
  'credit_ratings',
  'financial_ratios',
] as const;
export const importEntity = z.enum(importEntities);
export type ImportEntity = z.infer<typeof importEntity>;

export const importStatuses = [
  'uploaded',
  'validating',
  'validated',
  'committing',
  'committed',
  'failed',
] as const;
export type ImportStatus = (typeof importStatuses)[number];

/** What can be wrong with one row of an import. Stable: clients and reports rely on them. */
export const importProblemCodes = [
  'REQUIRED_MISSING',
  'BAD_FORMAT',
  'BAD_ENUM',
  'INVALID_GTIN',
  'INVALID_TAX_ID',
  'INVALID_CERTIFICATE',
  'UNKNOWN_REFERENCE',
  'DUPLICATE_IN_FILE',
  'DUPLICATE_EXISTING',
  'NEAR_DUPLICATE_EXISTING',
  'OUT_OF_SCOPE',
  'NOT_APPLICABLE',
] as const;
export const importProblemCode = z.enum(importProblemCodes);
export type ImportProblemCode = z.infer<typeof importProblemCode>;

export const importMapping = z
  .record(z.string(), z.string().nullable())
  .describe('Field name → the header of the file column imported into it (null or absent: not imported)');
export type ImportMapping = z.infer<typeof importMapping>;

export const importField = z.object({
  name: z.string(),
  labelZh: z.string(),
  labelEn: z.string(),
  required: z.boolean(),
});

export const importJob = z
  .object({
    id: z.number().int(),
    entity: importEntity,
    fileName: z.string(),
    sizeBytes: z.number().int(),
    sha256: z.string(),
    format: z.enum(['csv', 'xlsx']),
    encoding: z.enum(['utf-8', 'gbk', 'utf-16le']).nullable().describe('Detected encoding of a CSV file'),
    status: z.enum(importStatuses),
    headers: z.array(z.string()),
    sampleRows: z.array(z.array(z.string())).describe('The first data rows, cell by cell'),
    mapping: importMapping,
    fields: z.array(importField).describe('The fields of the entity, in display order'),
    unmappedRequiredFields: z.array(z.string()),
    totalRows: z.number().int(),
    processedRows: z
      .number()
      .int()
      .describe(
        'Progress of a running dry run or commit, 0 to totalRows (a commit checks, then writes: half each)',
      ),
    problemCount: z.number().int().nullable().describe('Null until a dry run has finished'),
    problemCounts: z.array(z.object({ code: importProblemCode, count: z.number().int() })),
    createdCount: z.number().int().nullable(),
    unchangedCount: z
      .number()
      .int()
      .nullable()
      .describe('Rows whose record already exists with identical data'),
    alreadyImportedByJobId: z
      .number()
      .int()
      .nullable()
      .describe('An earlier committed import of the very same file for the same entity'),
    failure: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
    validatedAt: z.string().nullable(),
    committedAt: z.string().nullable(),
  })
  .meta({ id: 'ImportJob' });
export type ImportJob = z.infer<typeof importJob>;

export const importJobPage = pageOf(importJob);
export const importJobListQuery = z.object({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).default(20),
});

export const uploadImportQuery = z.strictObject({
  entity: importEntity,
  fileName: z.string().trim().min(1).max(255),
  templateId: z.coerce
    .number()
    .int()
    .positive()
    .optional()
    .describe('Start from a saved mapping template instead of the suggested mapping'),
});

export const uploadImportBody = z
  .custom<Buffer>((value) => Buffer.isBuffer(value), 'expected the file as the raw request body')
  .meta({ type: 'string', format: 'binary', description: 'The file itself: CSV (UTF-8 or GBK) or .xlsx' });

export const updateMappingRequest = z.strictObject({
  mapping: importMapping,
  saveAsTemplate: z
    .string()
    .trim()
    .min(1)
    .max(100)
    .optional()
    .describe('Also save this mapping as a template under this name'),
});

export const importProblem = z
  .object({
    rowNumber: z.number().int().describe('Spreadsheet row number; the header is row 1'),
    field: z.string().nullable(),
    column: z.string().nullable().describe('The file header of the column'),
    code: importProblemCode,
    value: z.string().nullable(),
    message: z.string(),
  })
  .meta({ id: 'ImportProblem' });
export type ImportProblem = z.infer<typeof importProblem>;

export const importProblemPage = pageOf(importProblem);
export const importProblemQuery = z.object({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).default(100),
  code: importProblemCode.optional(),
});

export const dryRunResponse = z.object({
  job: importJob,
  problems: z.array(importProblem).describe('The first problems in row order; page through the rest'),
});

export const commitResponse = z.object({
  job: importJob,
  alreadyImported: z.boolean().describe('True when this file had been committed before: nothing was written'),
  created: z.number().int(),
  unchanged: z.number().int(),
});

export const importTemplate = z
  .object({
    id: z.number().int(),
    entity: importEntity,
    name: z.string(),
    mapping: importMapping,
    createdAt: z.string(),
  })
  .meta({ id: 'ImportTemplate' });
export type ImportTemplate = z.infer<typeof importTemplate>;
export const importTemplateList = z.object({ items: z.array(importTemplate) });
export const importTemplateQuery = z.object({ entity: importEntity.optional() });
export const saveImportTemplateRequest = z.strictObject({
  entity: importEntity,
  name: z.string().trim().min(1).max(100),
  mapping: importMapping,
});
