import { z } from 'zod';
import { isoDate } from './common.ts';

/**
 * Customer value (RFM, DOMAIN §6) over time and into action: how customers moved between
 * segments from one month end to the next, and a segment turned into follow-up tasks for the
 * customers' owner reps. Segments are the customer-value page's, with the stored thresholds.
 */

const yearMonth = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'expected a month as YYYY-MM');

export const segmentMovementQuery = z.strictObject({
  from: yearMonth.optional().describe('Default: the month before `to`'),
  to: yearMonth.optional().describe('Default: the last complete month'),
  mode: z.enum(['fixed', 'quintile']).default('fixed'),
});
export type SegmentMovementQuery = z.output<typeof segmentMovementQuery>;

/** `none`: the customer had no order yet at that month end (so no segment). */
export const NO_SEGMENT = 'none';

export const segmentMovement = z.object({
  mode: z.enum(['fixed', 'quintile']),
  from: z.object({ month: yearMonth, asOf: isoDate }),
  to: z.object({ month: yearMonth, asOf: isoDate }),
  /** Row and column order of the matrix; `none` first. */
  segments: z.array(z.object({ segment: z.string(), label: z.string() })),
  /** Customers per (segment at the first month end, segment at the second); zero cells left out. */
  cells: z.array(z.object({ from: z.string(), to: z.string(), customers: z.number().int() })),
  customers: z.number().int().describe('Customers with a segment at either month end'),
  moved: z.number().int().describe('Customers whose segment changed (joining from none included)'),
});
export type SegmentMovement = z.infer<typeof segmentMovement>;

export const segmentParam = z.strictObject({ segment: z.string().max(40) });

export const createSegmentTasksRequest = z.strictObject({
  mode: z.enum(['fixed', 'quintile']).default('fixed'),
  asOf: isoDate.optional().describe("The segmentation date; default today's business date"),
  dueInDays: z.number().int().min(0).max(90).default(7),
});
export type CreateSegmentTasksRequest = z.output<typeof createSegmentTasksRequest>;

export const segmentTasksResult = z.object({
  segment: z.string(),
  month: yearMonth.describe('Tasks are created once per customer, segment and month'),
  action: z.string().describe('The title of the tasks: the segment’s suggested action'),
  customersInSegment: z.number().int().describe('Customers of the segment inside your scope'),
  tasksCreated: z.number().int(),
  alreadyTasked: z.number().int().describe('Customers who got this segment’s task this month already'),
  withoutOwner: z.number().int().describe('Customers without an active owner rep: no task'),
});
export type SegmentTasksResult = z.infer<typeof segmentTasksResult>;
