import { z } from 'zod';
import { importProblemCode } from './imports.ts';

/**
 * Revenue targets (quotas, 销售指标) per sales region (大区) and per rep, by month (issue #8).
 * Amounts are CNY fen. A target without a rep is the region's; a rep's quota names the sales
 * region it counts in. The semantic layer reads them as the measure `revenue_target` and the
 * comparison `target` (see semantic/targets.definitions.ts for how they add up).
 */

/** A month as YYYY-MM. */
export const yearMonth = z
  .string()
  .regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'expected a month as YYYY-MM')
  .describe('YYYY-MM');

/** Up to 100 billion yuan: far above any monthly target, far below bigint's limit. */
const amountFen = z.number().int().min(0).max(10_000_000_000_000);

export const revenueTarget = z
  .object({
    id: z.number().int(),
    month: yearMonth,
    regionId: z.number().int().describe('The sales region (大区)'),
    regionName: z.string(),
    repId: z.number().int().nullable().describe("Null: the region's own target"),
    repName: z.string().nullable(),
    amountFen: z.number().int(),
    version: z.number().int(),
    updatedAt: z.string(),
  })
  .meta({ id: 'RevenueTarget' });
export type RevenueTarget = z.infer<typeof revenueTarget>;

export const targetYearQuery = z.strictObject({
  year: z.coerce.number().int().min(2000).max(2100),
});
export type TargetYearQuery = z.output<typeof targetYearQuery>;

export const targetYear = z
  .object({
    year: z.number().int(),
    /** The sales regions in your scope: the rows of the grid, with or without targets. */
    regions: z.array(z.object({ id: z.number().int(), code: z.string(), name: z.string() })),
    /** The reps (sales reps and regional managers) working in those regions. */
    reps: z.array(
      z.object({
        id: z.number().int(),
        username: z.string(),
        name: z.string(),
        regionId: z.number().int().describe('The sales region their quota counts in by default'),
      }),
    ),
    targets: z.array(revenueTarget),
    /** Sales regions whose targets you may change (empty: read only). */
    editableRegionIds: z.array(z.number().int()),
  })
  .meta({ id: 'RevenueTargetYear' });
export type TargetYear = z.infer<typeof targetYear>;

export const upsertTargetRequest = z.strictObject({
  month: yearMonth,
  regionId: z.number().int().positive().describe('A sales region (大区)'),
  repId: z.number().int().positive().nullable().default(null).describe("Null for the region's own target"),
  amountFen: amountFen,
  version: z
    .number()
    .int()
    .nullable()
    .describe('Null to create; the version you read to change (a stale one is refused with 409)'),
});
export type UpsertTargetRequest = z.output<typeof upsertTargetRequest>;

export const deleteTargetQuery = z.strictObject({
  version: z.coerce.number().int().describe('The version you read; a stale one is refused with 409'),
});

export const importTargetsQuery = z.strictObject({
  fileName: z.string().trim().min(1).max(200).optional(),
});

export const targetImportProblem = z.object({
  rowNumber: z.number().int().describe('Spreadsheet row number, as Excel shows it'),
  column: z.string().nullable(),
  code: importProblemCode,
  message: z.string(),
});
export type TargetImportProblem = z.infer<typeof targetImportProblem>;

export const targetImportResult = z
  .object({
    isCommitted: z.boolean().describe('False when any row has a problem: then nothing was written'),
    rowCount: z.number().int(),
    created: z.number().int(),
    updated: z.number().int(),
    problems: z.array(targetImportProblem).describe('At most 1,000, in row order'),
  })
  .meta({ id: 'RevenueTargetImportResult' });
export type TargetImportResult = z.infer<typeof targetImportResult>;
