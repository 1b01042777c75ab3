import { z } from 'zod';
import { isoDate, listQuery, pageOf } from './common.ts';
import { customerTypes, channels as salesChannels } from './customers.ts';
import { marketingChannels } from './marketing.ts';

export const leadSources = ['web_form', 'manual', 'import', 'event', 'referral'] as const;
export const leadStatuses = ['new', 'working', 'qualified', 'disqualified', 'converted'] as const;
export const leadRatings = ['hot', 'warm', 'cold'] as const;
export const disqualifyReasons = [
  'no_need',
  'no_budget',
  'competitor',
  'unreachable',
  'duplicate',
  'spam',
  'other',
] as const;
export const touchKinds = ['visit', 'form', 'attendance', 'call', 'sample'] as const;
export const opportunityStages = ['opportunity', 'quote', 'contract', 'won', 'paid', 'lost'] as const;
export type OpportunityStage = (typeof opportunityStages)[number];
export const lostReasons = [
  'price',
  'competitor',
  'no_budget',
  'tender_lost',
  'timing',
  'product_fit',
  'no_decision',
  'other',
] as const;

const fen = z.number().int().describe('Integer fen');
const text = (max: number) => z.string().trim().min(1).max(max);
const phone = z
  .string()
  .trim()
  .max(40)
  .regex(/^[+\d][\d\s()-]{4,}$/, 'expected a phone number');
const email = z.string().trim().max(200).pipe(z.email());

// ---------------------------------------------------------------------------------------------
// Leads

export const lead = z
  .object({
    id: z.number().int(),
    code: z.string(),
    contactName: z.string().describe('Personal information: masked for roles that do not need it'),
    organization: z.string().nullable(),
    department: z.string().nullable(),
    title: z.string().nullable(),
    phone: z.string().nullable().describe('Personal information: masked for roles that do not need it'),
    email: z.string().nullable().describe('Personal information: masked for roles that do not need it'),
    regionId: z.number().int().nullable(),
    regionName: z.string().nullable(),
    ownerId: z.number().int().nullable(),
    ownerName: z.string().nullable(),
    source: z.enum(leadSources),
    campaignId: z.number().int().nullable(),
    campaignName: z.string().nullable(),
    channel: z.enum(marketingChannels).nullable(),
    utmSource: z.string().nullable(),
    utmMedium: z.string().nullable(),
    utmCampaign: z.string().nullable(),
    utmTerm: z.string().nullable(),
    utmContent: z.string().nullable(),
    interest: z.string().nullable(),
    status: z.enum(leadStatuses),
    rating: z.enum(leadRatings).nullable(),
    estimatedValueFen: fen.nullable(),
    qualificationNote: z.string().nullable(),
    disqualifiedReason: z.enum(disqualifyReasons).nullable(),
    duplicateOfLeadId: z.number().int().nullable(),
    customerId: z.number().int().nullable(),
    customerName: z.string().nullable(),
    opportunityId: z.number().int().nullable(),
    convertedAt: z.string().nullable(),
    createdAt: z.string(),
    version: z.number().int(),
  })
  .meta({ id: 'Lead' });
export type Lead = z.infer<typeof lead>;
export const leadPage = pageOf(lead);

export const leadListQuery = listQuery.extend({
  status: z.enum(leadStatuses).optional(),
  source: z.enum(leadSources).optional(),
  campaignId: z.coerce.number().int().positive().optional(),
  ownerId: z.coerce.number().int().positive().optional(),
  regionId: z.coerce.number().int().positive().optional(),
  channel: z.enum(marketingChannels).optional(),
});
export type LeadListQuery = z.output<typeof leadListQuery>;

const leadFields = {
  contactName: text(100),
  organization: text(200).nullable(),
  department: text(100).nullable(),
  title: text(100).nullable(),
  phone: phone.nullable(),
  email: email.nullable(),
  regionId: z.number().int().positive().nullable(),
  ownerId: z.number().int().positive().nullable(),
  campaignId: z.number().int().positive().nullable(),
  channel: z.enum(marketingChannels).nullable(),
  interest: text(2000).nullable(),
};

export const createLeadRequest = z.strictObject({
  contactName: leadFields.contactName,
  organization: leadFields.organization.default(null),
  department: leadFields.department.default(null),
  title: leadFields.title.default(null),
  phone: leadFields.phone.default(null),
  email: leadFields.email.default(null),
  regionId: leadFields.regionId.default(null),
  ownerId: leadFields.ownerId.default(null).describe('Empty: the rep of the lead’s region'),
  source: z.enum(leadSources).default('manual'),
  campaignId: leadFields.campaignId.default(null),
  channel: leadFields.channel.default(null).describe('Empty: the campaign’s channel'),
  utmSource: text(120).nullable().default(null),
  utmMedium: text(120).nullable().default(null),
  utmCampaign: text(120).nullable().default(null),
  utmTerm: text(120).nullable().default(null),
  utmContent: text(120).nullable().default(null),
  interest: leadFields.interest.default(null),
});
export type CreateLeadRequest = z.output<typeof createLeadRequest>;

export const updateLeadRequest = z.strictObject({
  version: z.number().int(),
  ...Object.fromEntries(Object.entries(leadFields).map(([k, v]) => [k, v.optional()])),
  status: z.enum(['new', 'working']).optional(),
} as { version: z.ZodNumber; status: z.ZodOptional<z.ZodEnum<{ new: 'new'; working: 'working' }>> } & {
  [K in keyof typeof leadFields]: z.ZodOptional<(typeof leadFields)[K]>;
});
export type UpdateLeadRequest = z.output<typeof updateLeadRequest>;

export const qualifyLeadRequest = z.strictObject({
  version: z.number().int(),
  rating: z.enum(leadRatings),
  estimatedValueFen: fen.min(0).nullable().default(null),
  note: text(2000).nullable().default(null),
});
export type QualifyLeadRequest = z.output<typeof qualifyLeadRequest>;

export const disqualifyLeadRequest = z.strictObject({
  version: z.number().int(),
  reason: z.enum(disqualifyReasons),
  duplicateOfLeadId: z.number().int().positive().nullable().default(null),
  note: text(2000).nullable().default(null),
});
export type DisqualifyLeadRequest = z.output<typeof disqualifyLeadRequest>;

export const convertLeadRequest = z.strictObject({
  version: z.number().int(),
  /** Either an existing customer, or the fields of a new one (defaults from the lead). */
  customerId: z.number().int().positive().nullable().default(null),
  newCustomer: z
    .strictObject({
      code: text(40).optional().describe('Default: C-<lead code>'),
      name: text(200).optional().describe('Default: the lead’s organization'),
      type: z.enum(customerTypes).default('hospital'),
      channel: z.enum(salesChannels).default('direct'),
      hospitalGrade: z.enum(['3A', '3B', '3C', '2A', '2B', '2C', '1', 'ungraded']).nullable().default(null),
      distributorLevel: z.number().int().min(1).max(3).nullable().default(null),
    })
    .nullable()
    .default(null),
  opportunity: z
    .strictObject({
      name: text(200),
      amountFen: fen.min(0).default(0),
      expectedCloseDate: isoDate.nullable().default(null),
    })
    .nullable()
    .default(null),
});
export type ConvertLeadRequest = z.output<typeof convertLeadRequest>;

export const leadConversion = z
  .object({
    lead: lead,
    customerId: z.number().int(),
    isNewCustomer: z.boolean(),
    opportunityId: z.number().int().nullable(),
  })
  .meta({ id: 'LeadConversion' });

export const duplicateCandidates = z
  .object({
    leads: z.array(
      z.object({
        id: z.number().int(),
        code: z.string(),
        contactName: z.string(),
        organization: z.string().nullable(),
        status: z.enum(leadStatuses),
        reason: z.enum(['phone', 'email', 'organization']),
        similarity: z.number(),
      }),
    ),
    customers: z.array(
      z.object({
        id: z.number().int(),
        code: z.string(),
        name: z.string(),
        reason: z.enum(['phone', 'organization']),
        similarity: z.number(),
      }),
    ),
  })
  .meta({ id: 'DuplicateCandidates' });
export type DuplicateCandidates = z.infer<typeof duplicateCandidates>;

// ---------------------------------------------------------------------------------------------
// Public intake

export const leadFormToken = z.object({
  formToken: z.string(),
  expiresInSeconds: z.number().int(),
});

export const publicLeadRequest = z.strictObject({
  contactName: text(100),
  organization: text(200).nullable().default(null),
  department: text(100).nullable().default(null),
  title: text(100).nullable().default(null),
  phone: phone.nullable().default(null),
  email: email.nullable().default(null),
  regionCode: text(40).nullable().default(null).describe('A region code (province or city), when known'),
  interest: text(2000).nullable().default(null),
  utmSource: text(120).nullable().default(null),
  utmMedium: text(120).nullable().default(null),
  utmCampaign: text(120).nullable().default(null),
  utmTerm: text(120).nullable().default(null),
  utmContent: text(120).nullable().default(null),
  formToken: z.string().max(200).describe('From GET /api/public/leads/form-token when the form was shown'),
  website: z.string().max(500).default('').describe('Leave empty: a field people do not see'),
});
export type PublicLeadRequest = z.output<typeof publicLeadRequest>;

export const publicLeadResponse = z.object({ status: z.literal('received') });

// ---------------------------------------------------------------------------------------------
// Touches

export const touch = z
  .object({
    id: z.number().int(),
    leadId: z.number().int().nullable(),
    leadCode: z.string().nullable(),
    customerId: z.number().int().nullable(),
    customerName: z.string().nullable(),
    campaignId: z.number().int(),
    campaignName: z.string(),
    kind: z.enum(touchKinds),
    channel: z.enum(marketingChannels),
    touchedAt: z.string(),
    touchDate: isoDate,
    note: z.string().nullable(),
  })
  .meta({ id: 'Touch' });
export type Touch = z.infer<typeof touch>;
export const touchPage = pageOf(touch);
export const touchListQuery = listQuery.extend({
  leadId: z.coerce.number().int().positive().optional(),
  customerId: z.coerce.number().int().positive().optional(),
  campaignId: z.coerce.number().int().positive().optional(),
  kind: z.enum(touchKinds).optional(),
  from: isoDate.optional(),
  to: isoDate.optional(),
});
export type TouchListQuery = z.output<typeof touchListQuery>;

const touchInput = z.strictObject({
  leadId: z.number().int().positive().nullable().default(null),
  customerId: z.number().int().positive().nullable().default(null),
  campaignId: z.number().int().positive(),
  kind: z.enum(touchKinds),
  channel: z.enum(marketingChannels).nullable().default(null).describe('Empty: the campaign’s channel'),
  touchedAt: z.iso.datetime({ offset: true }),
  note: text(1000).nullable().default(null),
});
export const createTouchRequest = touchInput;
export type CreateTouchRequest = z.output<typeof createTouchRequest>;
export const createTouchesRequest = z.strictObject({ touches: z.array(touchInput).min(1).max(5000) });
export type CreateTouchesRequest = z.output<typeof createTouchesRequest>;
export const createdTouches = z.object({ created: z.number().int(), ids: z.array(z.number().int()) });

// ---------------------------------------------------------------------------------------------
// Opportunities

export const opportunityProduct = z.object({
  productId: z.number().int(),
  productName: z.string(),
  quantity: z.number().int(),
  amountFen: fen,
});

export const opportunity = z
  .object({
    id: z.number().int(),
    number: z.string(),
    name: z.string(),
    customerId: z.number().int(),
    customerName: z.string(),
    regionId: z.number().int(),
    regionName: z.string(),
    leadId: z.number().int().nullable(),
    leadCode: z.string().nullable(),
    ownerId: z.number().int().nullable(),
    ownerName: z.string().nullable(),
    campaignId: z.number().int().nullable(),
    campaignName: z.string().nullable(),
    channel: z.enum(marketingChannels).nullable(),
    stage: z.enum(opportunityStages),
    furthestStage: z.enum(['opportunity', 'quote', 'contract', 'won', 'paid']),
    lostReason: z.enum(lostReasons).nullable(),
    lostNote: z.string().nullable(),
    amountFen: fen,
    expectedCloseDate: isoDate.nullable(),
    tenderNumber: z.string().nullable(),
    tenderBudgetFen: fen.nullable(),
    tenderDeadline: isoDate.nullable(),
    quoteId: z.number().int().nullable(),
    quoteNumber: z.string().nullable(),
    contractId: z.number().int().nullable(),
    contractNumber: z.string().nullable(),
    orderId: z.number().int().nullable(),
    orderNumber: z.string().nullable(),
    createdOn: isoDate,
    wonOn: isoDate.nullable(),
    paidOn: isoDate.nullable(),
    lostOn: isoDate.nullable(),
    products: z.array(opportunityProduct),
    version: z.number().int(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Opportunity' });
export type Opportunity = z.infer<typeof opportunity>;
export const opportunityPage = pageOf(opportunity);

export const opportunityListQuery = listQuery.extend({
  stage: z.enum(opportunityStages).optional(),
  isOpen: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
  ownerId: z.coerce.number().int().positive().optional(),
  customerId: z.coerce.number().int().positive().optional(),
  campaignId: z.coerce.number().int().positive().optional(),
  regionId: z.coerce.number().int().positive().optional(),
});
export type OpportunityListQuery = z.output<typeof opportunityListQuery>;

const productInput = z.strictObject({
  productId: z.number().int().positive(),
  quantity: z.number().int().min(1),
  amountFen: fen.min(0).default(0),
});

const opportunityFields = {
  name: text(200),
  ownerId: z.number().int().positive().nullable(),
  campaignId: z.number().int().positive().nullable(),
  channel: z.enum(marketingChannels).nullable(),
  amountFen: fen.min(0),
  expectedCloseDate: isoDate.nullable(),
  tenderNumber: text(80).nullable(),
  tenderBudgetFen: fen.min(0).nullable(),
  tenderDeadline: isoDate.nullable(),
  products: z.array(productInput).max(200),
};

export const createOpportunityRequest = z.strictObject({
  customerId: z.number().int().positive(),
  name: opportunityFields.name,
  ownerId: opportunityFields.ownerId.default(null),
  campaignId: opportunityFields.campaignId.default(null),
  channel: opportunityFields.channel.default(null),
  amountFen: opportunityFields.amountFen.default(0),
  expectedCloseDate: opportunityFields.expectedCloseDate.default(null),
  tenderNumber: opportunityFields.tenderNumber.default(null),
  tenderBudgetFen: opportunityFields.tenderBudgetFen.default(null),
  tenderDeadline: opportunityFields.tenderDeadline.default(null),
  products: opportunityFields.products.default([]),
});
export type CreateOpportunityRequest = z.output<typeof createOpportunityRequest>;

export const updateOpportunityRequest = z.strictObject({
  version: z.number().int(),
  ...Object.fromEntries(Object.entries(opportunityFields).map(([k, v]) => [k, v.optional()])),
} as { version: z.ZodNumber } & {
  [K in keyof typeof opportunityFields]: z.ZodOptional<(typeof opportunityFields)[K]>;
});
export type UpdateOpportunityRequest = z.output<typeof updateOpportunityRequest>;

export const changeStageRequest = z.strictObject({
  version: z.number().int(),
  stage: z.enum(opportunityStages),
  lostReason: z.enum(lostReasons).nullable().default(null),
  note: text(1000).nullable().default(null),
  quoteId: z.number().int().positive().nullable().default(null).describe('Links a quote (stage quote)'),
  contractId: z.number().int().positive().nullable().default(null).describe('Links a contract'),
  orderId: z.number().int().positive().nullable().default(null).describe('Won = an order: links it'),
});
export type ChangeStageRequest = z.output<typeof changeStageRequest>;

export const opportunityTimeline = z
  .object({
    items: z.array(
      z.object({
        at: z.string(),
        kind: z.enum(['stage', 'touch', 'lead_created', 'change']),
        stage: z.enum([...opportunityStages, 'lead']).nullable(),
        title: z.string(),
        detail: z.string().nullable(),
        by: z.string().nullable(),
      }),
    ),
  })
  .meta({ id: 'OpportunityTimeline' });
export type OpportunityTimeline = z.infer<typeof opportunityTimeline>;
