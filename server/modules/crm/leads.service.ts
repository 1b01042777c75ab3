import type {
  ConvertLeadRequest,
  CreateLeadRequest,
  DisqualifyLeadRequest,
  DuplicateCandidates,
  Lead,
  LeadListQuery,
  QualifyLeadRequest,
  UpdateLeadRequest,
} from '../../../contracts/crm.ts';
import { recordAudit } from '../../platform/audit.ts';
import type { RequestContext } from '../../platform/auth-context.ts';
import { businessDate } from '../../platform/dates.ts';
import { type Db, isForeignKeyViolation, type Queryable, withTransaction } from '../../platform/db.ts';
import { AppError } from '../../platform/errors.ts';
import { emitEvent } from '../../platform/events.ts';
import { nextDocumentNumber } from '../../platform/numbering.ts';
import { isInScope } from '../../platform/scope.ts';
import {
  createCustomerInTransaction,
  getCustomer,
  maskName,
  maskPhone,
  NEAR_DUPLICATE_SIMILARITY,
  normalizeCustomerName,
  seesPersonalData,
} from '../parties/index.ts';
import * as repo from './leads.repository.ts';
import {
  channelFromUtmMedium,
  maskEmail,
  normalizeEmail,
  normalizePhone,
  touchKindForLeadSource,
} from './leads.rules.ts';
import * as opportunitiesRepo from './opportunities.repository.ts';
import { insertTouches } from './touches.repository.ts';

const en = (ctx: RequestContext) => ctx.lang === 'en';

/** Contacts' names, phones and e-mails are personal information: masked for roles that do not need them. */
export function presentLead(ctx: RequestContext, lead: Lead): Lead {
  if (seesPersonalData(ctx)) return lead;
  return {
    ...lead,
    contactName: maskName(lead.contactName) ?? '',
    phone: maskPhone(lead.phone),
    email: maskEmail(lead.email),
  };
}

export async function listLeads(db: Db, ctx: RequestContext, query: LeadListQuery, maxPageSize: number) {
  const result = await repo.listLeads(db, ctx, query, maxPageSize);
  return {
    ...result,
    items: result.items.map((l) => presentLead(ctx, l)),
    page: query.page,
    pageSize: query.pageSize,
  };
}

export async function getLead(db: Queryable, ctx: RequestContext, id: number): Promise<Lead> {
  const lead = await repo.findLead(db, ctx, id);
  if (!lead) throw new AppError('NOT_FOUND');
  return presentLead(ctx, lead);
}

export async function exportLeads(
  db: Db,
  ctx: RequestContext,
  query: Partial<LeadListQuery>,
  maxRows: number,
) {
  const rows = await repo.listLeadsForExport(db, ctx, query, maxRows);
  if (rows.length > maxRows) throw new AppError('EXPORT_TOO_LARGE', { max: maxRows });
  const presented = rows.map((l) => presentLead(ctx, l));
  if (seesPersonalData(ctx) && presented.length > 0) {
    // Unmasked personal information leaving the system is recorded (PIPL).
    await recordAudit(db, ctx, {
      action: 'export_personal_data',
      entity: 'lead',
      after: { rows: presented.length, filters: query },
    });
  }
  return presented;
}

async function checkRegion(tx: Queryable, ctx: RequestContext, regionId: number | null) {
  if (regionId !== null) {
    const { rows } = await tx.query('SELECT 1 FROM regions WHERE id = $1', [regionId]);
    if (rows.length === 0) {
      throw new AppError('INVALID_REFERENCE', { entity: en(ctx) ? 'region' : '区域', value: regionId });
    }
  }
  // A lead without a region is seen only by company-wide users; others must place it in theirs.
  if (!isInScope(ctx, regionId)) throw new AppError('OUT_OF_SCOPE');
}

export interface LeadIntake {
  input: CreateLeadRequest;
  /** What to do when an open lead has the same phone or e-mail. */
  onDuplicate: 'reject' | 'merge';
}

export type LeadIntakeResult = { outcome: 'created'; lead: Lead } | { outcome: 'merged'; leadId: number };

/**
 * Creates a lead inside the caller's transaction: normalised contact data, the campaign from its
 * id or UTM identifier, the channel from the campaign or UTM medium, the owner rep of its region,
 * and a touch with the campaign. An open lead with the same phone or e-mail is the same person
 * asking again: refused (409) or merged (the new request becomes a touch on the existing lead).
 */
export async function createLeadInTransaction(
  tx: Queryable,
  ctx: RequestContext,
  { input, onDuplicate }: LeadIntake,
): Promise<LeadIntakeResult> {
  await checkRegion(tx, ctx, input.regionId);
  let campaignId = input.campaignId;
  let campaignChannel: string | null = null;
  if (campaignId !== null) {
    const campaign = await repo.findCampaignRef(tx, campaignId);
    if (!campaign)
      throw new AppError('INVALID_REFERENCE', {
        entity: en(ctx) ? 'campaign' : '市场活动',
        value: campaignId,
      });
    campaignChannel = campaign.channel;
  } else if (input.utmCampaign) {
    const campaign = await repo.findCampaignByUtm(tx, input.utmCampaign);
    if (campaign) {
      campaignId = campaign.id;
      campaignChannel = campaign.channel;
    }
  }
  const phoneNormalized = normalizePhone(input.phone);
  const email = normalizeEmail(input.email);
  const now = new Date().toISOString();
  const createdBy = ctx.userId > 0 ? ctx.userId : null;

  const existing = await repo.findOpenLeadByContact(tx, phoneNormalized, email);
  if (existing) {
    if (onDuplicate === 'reject') {
      const visible = isInScope(ctx, existing.regionId);
      throw new AppError(
        'LEAD_DUPLICATE',
        { code: visible ? existing.code : '***', name: visible ? existing.contactName : '***' },
        visible ? { leadId: existing.id } : undefined,
      );
    }
    if (campaignId !== null) {
      await insertTouches(tx, [
        {
          leadId: existing.id,
          customerId: null,
          campaignId,
          kind: touchKindForLeadSource(input.source),
          channel: input.channel ?? campaignChannel ?? 'direct',
          touchedAt: now,
          note: input.interest,
          createdBy,
        },
      ]);
    }
    await recordAudit(tx, ctx, {
      action: 'merge_request',
      entity: 'lead',
      entityId: existing.id,
      after: { source: input.source, campaignId, utmCampaign: input.utmCampaign },
    });
    return { outcome: 'merged', leadId: existing.id };
  }

  const ownerId =
    input.ownerId ?? (input.regionId !== null ? await repo.findRegionRep(tx, input.regionId) : null);
  const channel = input.channel ?? campaignChannel ?? channelFromUtmMedium(input.utmMedium);
  let created: { id: number; createdAt: string };
  try {
    created = await repo.insertLead(tx, {
      code: await nextDocumentNumber(tx, 'LD', businessDate()),
      contactName: input.contactName,
      organization: input.organization,
      organizationNormalized: input.organization ? normalizeCustomerName(input.organization) : null,
      department: input.department,
      title: input.title,
      phone: input.phone,
      phoneNormalized,
      email,
      regionId: input.regionId,
      ownerId,
      source: input.source,
      campaignId,
      channel,
      utmSource: input.utmSource,
      utmMedium: input.utmMedium,
      utmCampaign: input.utmCampaign,
      utmTerm: input.utmTerm,
      utmContent: input.utmContent,
      interest: input.interest,
      createdBy,
    });
  } catch (error) {
    if (isForeignKeyViolation(error)) {
      throw new AppError('INVALID_REFERENCE', {
        entity: en(ctx) ? 'owner' : '负责人',
        value: input.ownerId ?? '',
      });
    }
    throw error;
  }
  if (campaignId !== null) {
    await insertTouches(tx, [
      {
        leadId: created.id,
        customerId: null,
        campaignId,
        kind: touchKindForLeadSource(input.source),
        channel: channel ?? 'direct',
        touchedAt: now,
        note: null,
        createdBy,
      },
    ]);
  }
  const lead = (await repo.findLead(tx, null, created.id))!;
  await recordAudit(tx, ctx, { action: 'create', entity: 'lead', entityId: created.id, after: lead });
  await emitEvent(tx, 'lead.created', { leadId: created.id, ownerId, regionId: input.regionId });
  return { outcome: 'created', lead: presentLead(ctx, lead) };
}

export async function createLead(db: Db, ctx: RequestContext, input: CreateLeadRequest): Promise<Lead> {
  return withTransaction(db, async (tx) => {
    const result = await createLeadInTransaction(tx, ctx, { input, onDuplicate: 'reject' });
    if (result.outcome !== 'created') throw new Error('unreachable: duplicates are refused');
    return result.lead;
  });
}

/**
 * Creates many leads at once (the import path): all or nothing, one transaction; a lead whose
 * phone or e-mail matches an open lead is merged into it rather than duplicated.
 */
export async function createLeads(
  db: Db,
  ctx: RequestContext,
  inputs: readonly CreateLeadRequest[],
): Promise<{ created: number[]; merged: number[] }> {
  return withTransaction(db, async (tx) => {
    const created: number[] = [];
    const merged: number[] = [];
    for (const input of inputs) {
      const result = await createLeadInTransaction(tx, ctx, { input, onDuplicate: 'merge' });
      if (result.outcome === 'created') created.push(result.lead.id);
      else merged.push(result.leadId);
    }
    return { created, merged };
  });
}

async function lockLead(tx: Queryable, ctx: RequestContext, id: number): Promise<Lead> {
  const lead = await repo.findLead(tx, ctx, id, true);
  if (!lead) throw new AppError('NOT_FOUND');
  return lead;
}

function refuseClosed(ctx: RequestContext, lead: Lead) {
  if (lead.status === 'converted') throw new AppError('LEAD_ALREADY_CONVERTED', { code: lead.code });
  if (lead.status === 'disqualified') {
    throw new AppError('INVALID_STATUS', {
      entity: en(ctx) ? 'lead' : '线索',
      status: en(ctx) ? 'disqualified' : '已作废',
    });
  }
}

async function saveLead(
  tx: Queryable,
  ctx: RequestContext,
  before: Lead,
  version: number,
  changes: repo.LeadChanges,
  action: string,
  reason?: string | null,
): Promise<Lead> {
  if (!(await repo.updateLead(tx, before.id, version, changes))) throw new AppError('VERSION_CONFLICT');
  const after = (await repo.findLead(tx, ctx, before.id))!;
  await recordAudit(tx, ctx, {
    action,
    entity: 'lead',
    entityId: before.id,
    before,
    after,
    reason: reason ?? null,
  });
  return after;
}

export async function updateLead(
  db: Db,
  ctx: RequestContext,
  id: number,
  input: UpdateLeadRequest,
): Promise<Lead> {
  return withTransaction(db, async (tx) => {
    const before = await lockLead(tx, ctx, id);
    refuseClosed(ctx, before);
    const { version, ...changes } = input;
    if (changes.regionId !== undefined) await checkRegion(tx, ctx, changes.regionId);
    const phoneNormalized = changes.phone !== undefined ? normalizePhone(changes.phone) : undefined;
    const email = changes.email !== undefined ? normalizeEmail(changes.email) : undefined;
    if (phoneNormalized || email) {
      const other = await repo.findOpenLeadByContact(tx, phoneNormalized ?? null, email ?? null, id);
      if (other) {
        const visible = isInScope(ctx, other.regionId);
        throw new AppError('LEAD_DUPLICATE', {
          code: visible ? other.code : '***',
          name: visible ? other.contactName : '***',
        });
      }
    }
    if (changes.campaignId) {
      if (!(await repo.findCampaignRef(tx, changes.campaignId))) {
        throw new AppError('INVALID_REFERENCE', {
          entity: en(ctx) ? 'campaign' : '市场活动',
          value: changes.campaignId,
        });
      }
    }
    try {
      const after = await saveLead(
        tx,
        ctx,
        before,
        version,
        {
          ...changes,
          ...(phoneNormalized !== undefined ? { phoneNormalized } : {}),
          ...(email !== undefined ? { email } : {}),
          ...(changes.organization !== undefined
            ? {
                organizationNormalized: changes.organization
                  ? normalizeCustomerName(changes.organization)
                  : null,
              }
            : {}),
        },
        'update',
      );
      return presentLead(ctx, after);
    } catch (error) {
      if (isForeignKeyViolation(error)) {
        throw new AppError('INVALID_REFERENCE', {
          entity: en(ctx) ? 'owner' : '负责人',
          value: changes.ownerId ?? '',
        });
      }
      throw error;
    }
  });
}

export async function qualifyLead(
  db: Db,
  ctx: RequestContext,
  id: number,
  input: QualifyLeadRequest,
): Promise<Lead> {
  return withTransaction(db, async (tx) => {
    const before = await lockLead(tx, ctx, id);
    refuseClosed(ctx, before);
    const after = await saveLead(
      tx,
      ctx,
      before,
      input.version,
      {
        status: 'qualified',
        rating: input.rating,
        estimatedValueFen: input.estimatedValueFen,
        qualificationNote: input.note,
      },
      'qualify',
    );
    return presentLead(ctx, after);
  });
}

export async function disqualifyLead(
  db: Db,
  ctx: RequestContext,
  id: number,
  input: DisqualifyLeadRequest,
): Promise<Lead> {
  return withTransaction(db, async (tx) => {
    const before = await lockLead(tx, ctx, id);
    refuseClosed(ctx, before);
    if (input.duplicateOfLeadId !== null) {
      if (input.duplicateOfLeadId === id || !(await repo.findLead(tx, ctx, input.duplicateOfLeadId))) {
        throw new AppError('INVALID_REFERENCE', {
          entity: en(ctx) ? 'lead' : '线索',
          value: input.duplicateOfLeadId,
        });
      }
    }
    const after = await saveLead(
      tx,
      ctx,
      before,
      input.version,
      {
        status: 'disqualified',
        disqualifiedReason: input.reason,
        duplicateOfLeadId: input.duplicateOfLeadId,
      },
      'disqualify',
      input.note,
    );
    return presentLead(ctx, after);
  });
}

/**
 * Converts a lead into a customer (an existing one, or a new one from the lead's details) and,
 * when asked, an opportunity, in one transaction. Nothing of the lead is lost: it stays, marked
 * converted and pointing to the customer; its touches get the customer too; the opportunity's
 * stage history starts with the lead.
 */
export async function convertLead(db: Db, ctx: RequestContext, id: number, input: ConvertLeadRequest) {
  return withTransaction(db, async (tx) => {
    const before = await lockLead(tx, ctx, id);
    refuseClosed(ctx, before);
    if (before.regionId === null) throw new AppError('LEAD_REGION_REQUIRED', { code: before.code });
    const raw = (await repo.findLead(tx, null, id))!;

    let customerId: number;
    let regionId: number;
    let isNewCustomer = false;
    if (input.customerId !== null) {
      const customer = await getCustomer(tx, ctx, input.customerId).catch(() => null);
      if (!customer) {
        throw new AppError('INVALID_REFERENCE', {
          entity: en(ctx) ? 'customer' : '客户',
          value: input.customerId,
        });
      }
      customerId = customer.id;
      regionId = customer.regionId;
    } else {
      const fields = input.newCustomer;
      const name = fields?.name ?? raw.organization;
      if (!name) {
        throw new AppError(
          'BUSINESS_RULE',
          { detail: en(ctx) ? 'the new customer needs a name' : '新客户需要名称' },
          { field: 'newCustomer.name' },
        );
      }
      const customer = await createCustomerInTransaction(tx, ctx, {
        code: fields?.code ?? `C-${raw.code}`,
        name,
        type: fields?.type ?? 'hospital',
        hospitalGrade: fields?.hospitalGrade ?? null,
        distributorLevel: fields?.distributorLevel ?? null,
        channel: fields?.channel ?? 'direct',
        taxId: null,
        regionId: before.regionId,
        address: null,
        contactName: raw.contactName,
        contactPhone: raw.phone,
        ownerRepId: raw.ownerId,
        paymentTermsDays: 30,
        minShelfLifeDays: 0,
        isTarget: false,
        isActive: true,
      });
      customerId = customer.id;
      regionId = customer.regionId;
      isNewCustomer = true;
    }

    await repo.updateLead(tx, id, input.version, { status: 'converted', customerId }).then((ok) => {
      if (!ok) throw new AppError('VERSION_CONFLICT');
    });
    await repo.attachTouchesToCustomer(tx, id, customerId);

    let opportunityId: number | null = null;
    if (input.opportunity) {
      const createdBy = ctx.userId > 0 ? ctx.userId : null;
      opportunityId = await opportunitiesRepo.insertOpportunity(tx, {
        number: await nextDocumentNumber(tx, 'OP', businessDate()),
        name: input.opportunity.name,
        customerId,
        regionId,
        leadId: id,
        ownerId: raw.ownerId,
        campaignId: raw.campaignId,
        channel: raw.channel,
        amountFen: input.opportunity.amountFen,
        expectedCloseDate: input.opportunity.expectedCloseDate,
        tenderNumber: null,
        tenderBudgetFen: null,
        tenderDeadline: null,
        createdOn: businessDate(),
        createdBy,
      });
      await opportunitiesRepo.insertHistory(tx, opportunityId, [
        { stage: 'lead', enteredAt: raw.createdAt, changedBy: raw.ownerId },
        { stage: 'opportunity', enteredAt: null, changedBy: createdBy },
      ]);
      const opportunity = await opportunitiesRepo.findOpportunity(tx, null, opportunityId);
      await recordAudit(tx, ctx, {
        action: 'create',
        entity: 'opportunity',
        entityId: opportunityId,
        after: opportunity,
      });
    }
    const after = (await repo.findLead(tx, null, id))!;
    await recordAudit(tx, ctx, {
      action: 'convert',
      entity: 'lead',
      entityId: id,
      before,
      after: { ...after, isNewCustomer },
    });
    await emitEvent(tx, 'lead.converted', { leadId: id, customerId, opportunityId });
    return { lead: presentLead(ctx, after), customerId, isNewCustomer, opportunityId };
  });
}

export async function findDuplicates(db: Db, ctx: RequestContext, id: number): Promise<DuplicateCandidates> {
  return withTransaction(db, async (tx) => {
    const lead = await repo.findLead(tx, ctx, id);
    if (!lead) throw new AppError('NOT_FOUND');
    const raw = (await repo.findLead(tx, null, id))!;
    const result = await repo.findDuplicateCandidates(
      tx,
      ctx,
      {
        id,
        phoneNormalized: normalizePhone(raw.phone),
        email: normalizeEmail(raw.email),
        organizationNormalized: raw.organization ? normalizeCustomerName(raw.organization) : null,
      },
      NEAR_DUPLICATE_SIMILARITY,
    );
    if (seesPersonalData(ctx)) return result;
    return {
      ...result,
      leads: result.leads.map((l) => ({ ...l, contactName: maskName(l.contactName) ?? '' })),
    };
  });
}
