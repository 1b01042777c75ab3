/**
 * Customer segments over time and into action. Both use the customer-value page's own
 * segmentation (segmentCustomersAsOf, with the stored thresholds), in the caller's scope:
 * - movement: each customer's segment at two month ends, counted per (from, to);
 * - tasks: one follow-up task per customer of a segment for its owner rep, titled with the
 *   segment's suggested action, once per customer, segment and month.
 */

import { fixedSegments, quintileSegments } from '../../../../contracts/analytics-insights.ts';
import {
  type CreateSegmentTasksRequest,
  NO_SEGMENT,
  type SegmentMovement,
  type SegmentMovementQuery,
  type SegmentTasksResult,
} from '../../../../contracts/customer-segments.ts';
import { recordAudit } from '../../../platform/audit.ts';
import type { RequestContext } from '../../../platform/auth-context.ts';
import { addDays, businessDate, isIsoDate } from '../../../platform/dates.ts';
import { type Db, type Queryable, withTransaction } from '../../../platform/db.ts';
import { AppError } from '../../../platform/errors.ts';
import { createTask } from '../../workflow/index.ts';
import { labelLang } from '../semantic/semantic.service.ts';
import {
  getRfmThresholds,
  segmentActions,
  segmentCustomersAsOf,
  segmentLabels,
} from './customer-value.service.ts';
import * as repo from './segments.repository.ts';
import { countMovements, monthEnd, monthOf, previousMonth, segmentTaskRoles } from './segments.rules.ts';

const noSegmentLabel = { zh: '无（尚无订单）', en: 'None (no order yet)' };

const segmentsOf = (mode: 'fixed' | 'quintile'): readonly string[] =>
  mode === 'fixed' ? fixedSegments : quintileSegments;

export async function getSegmentMovement(
  db: Queryable,
  ctx: RequestContext,
  query: SegmentMovementQuery,
  today = businessDate(),
): Promise<SegmentMovement> {
  const lang = labelLang(ctx);
  // Default: the last complete month against the month before it.
  const to = query.to ?? previousMonth(monthOf(today));
  const from = query.from ?? previousMonth(to);
  if (from >= to) {
    throw new AppError(
      'INVALID_PERIOD',
      { detail: lang === 'en' ? 'the first month must come before the second' : '起始月份须早于结束月份' },
      { field: 'from' },
    );
  }
  const fromAsOf = monthEnd(from);
  const toAsOf = monthEnd(to);
  const thresholds = await getRfmThresholds(db);
  const [before, after] = await Promise.all(
    [fromAsOf, toAsOf].map((asOf) => segmentCustomersAsOf(db, ctx, asOf, { mode: query.mode, thresholds })),
  );
  const order = [NO_SEGMENT, ...segmentsOf(query.mode)];
  const movement = countMovements(
    new Map(before!.map((c) => [c.customerId, c.segment])),
    new Map(after!.map((c) => [c.customerId, c.segment])),
    order,
  );
  return {
    mode: query.mode,
    from: { month: from, asOf: fromAsOf },
    to: { month: to, asOf: toAsOf },
    segments: order.map((segment) => ({
      segment,
      label: (segment === NO_SEGMENT ? noSegmentLabel : segmentLabels[segment]!)[lang],
    })),
    ...movement,
  };
}

/** Due at the end of the business day `days` from today (China time). */
const dueAtEndOf = (today: string, days: number) => new Date(`${addDays(today, days)}T23:59:59+08:00`);

export async function createSegmentTasks(
  db: Db,
  ctx: RequestContext,
  segment: string,
  input: CreateSegmentTasksRequest,
  now = new Date(),
): Promise<SegmentTasksResult> {
  const lang = labelLang(ctx);
  if (!ctx.roles.some((role) => (segmentTaskRoles as readonly string[]).includes(role))) {
    throw new AppError('FORBIDDEN');
  }
  if (!segmentsOf(input.mode).includes(segment)) {
    throw new AppError(
      'ANALYTICS_UNKNOWN_FIELD',
      { kind: lang === 'en' ? 'segment' : '客户分群', field: segment },
      { field: 'segment' },
    );
  }
  const today = businessDate(now);
  const asOf = input.asOf ?? today;
  if (!isIsoDate(asOf)) throw new AppError('INVALID_PERIOD', { detail: asOf }, { field: 'asOf' });

  const thresholds = await getRfmThresholds(db);
  // The caller's scope: a regional manager hands out only the customers of their regions.
  const members = (await segmentCustomersAsOf(db, ctx, asOf, { mode: input.mode, thresholds }))
    .filter((c) => c.segment === segment)
    .map((c) => c.customerId);
  const key: repo.SegmentTaskKey = { mode: input.mode, segment, month: `${monthOf(asOf)}-01` };
  const action = segmentActions[segment]!;
  const label = segmentLabels[segment]!;

  return withTransaction(db, async (tx) => {
    await repo.lockSegmentMonth(tx, key);
    const tasked = await repo.listTaskedCustomers(tx, key, members);
    const owners = await repo.listCustomerOwners(
      tx,
      members.filter((id) => !tasked.has(id)),
    );
    const created: { customerId: number; taskId: number }[] = [];
    // One task each: createTask also notifies the rep and schedules reminders.
    for (const customer of owners) {
      if (customer.ownerRepId === null) continue;
      const taskId = await createTask(
        tx,
        {
          kind: 'follow_up',
          assigneeId: customer.ownerRepId,
          title: { zh: `${action.zh}：${customer.name}`, en: `${action.en}: ${customer.name}` },
          detail: {
            zh: `客户价值分群“${label.zh}”（${monthOf(asOf)}）`,
            en: `Customer value segment "${label.en}" (${monthOf(asOf)})`,
          },
          link: `/customers/${customer.customerId}`,
          documentType: 'customer',
          documentId: customer.customerId,
          documentRef: customer.name,
          regionId: customer.regionId,
          customerId: customer.customerId,
          dueAt: dueAtEndOf(today, input.dueInDays),
          createdBy: ctx.userId > 0 ? ctx.userId : null,
        },
        now,
      );
      created.push({ customerId: customer.customerId, taskId });
    }
    await repo.insertSegmentTasks(tx, key, created, ctx.userId > 0 ? ctx.userId : null);
    const result: SegmentTasksResult = {
      segment,
      month: monthOf(asOf),
      action: action[lang],
      customersInSegment: members.length,
      tasksCreated: created.length,
      alreadyTasked: tasked.size,
      withoutOwner: owners.length - created.length,
    };
    if (created.length > 0) {
      await recordAudit(tx, ctx, {
        action: 'create',
        entity: 'segment_tasks',
        entityId: segment,
        after: result,
      });
    }
    return result;
  });
}
