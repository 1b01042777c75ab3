import { z } from 'zod';

export const errorResponse = z
  .object({
    error: z.object({
      code: z.string().describe('Stable machine-readable code, e.g. NOT_FOUND, VALIDATION_FAILED'),
      message: z.string().describe("Human message in the caller's language"),
      details: z.record(z.string(), z.unknown()).optional(),
    }),
  })
  .meta({ id: 'Error' });
export type ErrorResponse = z.infer<typeof errorResponse>;

export const idParam = z.strictObject({ id: z.coerce.number().int().positive() });

/** Paging and search parameters shared by every list endpoint. */
export const listQuery = z.object({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).default(50),
  q: z.string().trim().max(200).optional(),
  sort: z.string().max(60).optional().describe('Field name, prefixed with - for descending'),
});

export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({
    items: z.array(item),
    total: z.number().int(),
    page: z.number().int(),
    pageSize: z.number().int(),
  });
}

/** A business date, YYYY-MM-DD. */
export const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date as YYYY-MM-DD');

/** Headers of a POST that creates a document: the same key and body replays the first response. */
export const idempotencyHeaders = z.object({
  'idempotency-key': z
    .string()
    .min(1)
    .max(200)
    .regex(/^[\x21-\x7e]+$/, 'printable ASCII without spaces')
    .optional()
    .describe(
      'Same key + same body → the stored response, one effect; same key + another body → 422 ' +
        'IDEMPOTENCY_KEY_REUSED; while the first request runs → 409 IDEMPOTENCY_IN_PROGRESS',
    ),
});
