import { z } from 'zod';
import { isoDate } from './common.ts';

export const dataQualityEntities = ['customer', 'qualification', 'product', 'supplier'] as const;
export const dataQualityEntity = z.enum(dataQualityEntities);

export const dataQualitySummary = z
  .object({
    entities: z.array(
      z.object({
        entity: dataQualityEntity,
        records: z.number().int(),
        recordsWithIssues: z.number().int(),
        score: z.number().describe('Share of records without issues, percent'),
        issuesByRule: z.record(z.string(), z.number().int()),
      }),
    ),
    lastRunAt: z.string().nullable(),
  })
  .meta({ id: 'DataQualitySummary' });

export const dataQualityIssue = z.object({
  id: z.number().int(),
  entity: dataQualityEntity,
  entityId: z.number().int(),
  entityName: z.string(),
  rule: z.string().describe('Stable rule code, e.g. TAX_ID_INVALID, QUALIFICATION_EXPIRED, NEAR_DUPLICATE'),
  severity: z.enum(['error', 'warning']),
  detail: z.record(z.string(), z.unknown()),
});

export const dataQualityIssuePage = z.object({
  items: z.array(dataQualityIssue),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
});

export const dataQualityIssueQuery = z.object({
  entity: dataQualityEntity.optional(),
  rule: z.string().max(60).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).default(50),
});

export const expiringQuery = z.object({ withinDays: z.coerce.number().int().min(0).max(365).default(30) });

export const expiringDocuments = z.object({
  items: z.array(
    z.object({
      kind: z.enum(['qualification', 'product_certificate', 'supplier_licence']),
      id: z.number().int(),
      documentType: z.string(),
      number: z.string().nullable(),
      holder: z.string(),
      /** The customer holding a qualification, for a direct link; null for other documents. */
      customerId: z.number().int().nullable(),
      validUntil: isoDate,
      daysLeft: z.number().int().describe('Negative when already expired'),
    }),
  ),
});
