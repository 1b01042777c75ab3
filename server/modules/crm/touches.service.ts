import type { CreateTouchRequest, TouchListQuery } from '../../../contracts/crm.ts';
import { recordAudit } from '../../platform/audit.ts';
import type { RequestContext } from '../../platform/auth-context.ts';
import { type Db, withTransaction } from '../../platform/db.ts';
import { AppError } from '../../platform/errors.ts';
import * as repo from './touches.repository.ts';

const en = (ctx: RequestContext) => ctx.lang === 'en';

export async function listTouches(db: Db, ctx: RequestContext, query: TouchListQuery, maxPageSize: number) {
  const result = await repo.listTouches(db, ctx, query, maxPageSize);
  return { ...result, page: query.page, pageSize: query.pageSize };
}

/**
 * Records touches (one from the UI, many from an import or an integration) in one transaction:
 * every lead, customer and campaign must be in the caller's scope; a touch of a converted lead
 * also gets its customer, so attribution sees it; the channel defaults to the campaign's.
 */
export async function createTouches(db: Db, ctx: RequestContext, inputs: readonly CreateTouchRequest[]) {
  return withTransaction(db, async (tx) => {
    const leadIds = [...new Set(inputs.flatMap((t) => (t.leadId ? [t.leadId] : [])))];
    const customerIds = [...new Set(inputs.flatMap((t) => (t.customerId ? [t.customerId] : [])))];
    const campaignIds = [...new Set(inputs.map((t) => t.campaignId))];
    const [leads, customers, campaigns] = await Promise.all([
      repo.findLeadsInScope(tx, ctx, leadIds),
      repo.findCustomersInScope(tx, ctx, customerIds),
      repo.findCampaignChannels(tx, ctx, campaignIds),
    ]);
    const rows = inputs.map((input, index) => {
      const where = inputs.length > 1 ? { index } : {};
      if (input.leadId === null && input.customerId === null) {
        throw new AppError(
          'BUSINESS_RULE',
          { detail: en(ctx) ? 'a touch needs a lead or a customer' : '触点需要关联线索或客户' },
          { field: 'leadId', ...where },
        );
      }
      if (input.leadId !== null && !leads.has(input.leadId)) {
        throw new AppError(
          'INVALID_REFERENCE',
          { entity: en(ctx) ? 'lead' : '线索', value: input.leadId },
          where,
        );
      }
      if (input.customerId !== null && !customers.has(input.customerId)) {
        throw new AppError(
          'INVALID_REFERENCE',
          { entity: en(ctx) ? 'customer' : '客户', value: input.customerId },
          where,
        );
      }
      const channel = campaigns.get(input.campaignId);
      if (channel === undefined) {
        throw new AppError(
          'INVALID_REFERENCE',
          { entity: en(ctx) ? 'campaign' : '市场活动', value: input.campaignId },
          where,
        );
      }
      return {
        leadId: input.leadId,
        customerId: input.customerId ?? (input.leadId !== null ? (leads.get(input.leadId) ?? null) : null),
        campaignId: input.campaignId,
        kind: input.kind,
        channel: input.channel ?? channel,
        touchedAt: input.touchedAt,
        note: input.note,
        createdBy: ctx.userId > 0 ? ctx.userId : null,
      };
    });
    const ids = await repo.insertTouches(tx, rows);
    await recordAudit(tx, ctx, {
      action: 'create',
      entity: 'touch',
      entityId: ids.length === 1 ? ids[0] : null,
      after: ids.length === 1 ? rows[0] : { count: ids.length, firstId: ids[0], lastId: ids.at(-1) },
    });
    return { created: ids.length, ids };
  });
}

export async function deleteTouch(db: Db, ctx: RequestContext, id: number) {
  await withTransaction(db, async (tx) => {
    const before = await repo.findTouch(tx, ctx, id);
    if (!before) throw new AppError('NOT_FOUND');
    await repo.deleteTouch(tx, id);
    await recordAudit(tx, ctx, { action: 'delete', entity: 'touch', entityId: id, before });
  });
}

export async function getTouch(db: Db, ctx: RequestContext, id: number) {
  const found = await repo.findTouch(db, ctx, id);
  if (!found) throw new AppError('NOT_FOUND');
  return found;
}
