import { z } from 'zod';
import { isoDate, listQuery, pageOf } from './common.ts';

export const campaignTypes = [
  'trade_show',
  'academic_meeting',
  'online_ad',
  'distributor_promotion',
  'email',
] as const;
export type CampaignType = (typeof campaignTypes)[number];

/** Marketing channels (where a campaign or a touch reaches people); not the customer's sales channel. */
export const marketingChannels = [
  'exhibition',
  'academic',
  'search',
  'social',
  'wechat',
  'email',
  'distributor',
  'direct',
  'referral',
] as const;
export type MarketingChannel = (typeof marketingChannels)[number];

export const campaignCostCategories = [
  'venue',
  'booth',
  'advertising',
  'travel',
  'sponsorship',
  'samples',
  'printing',
  'agency',
  'other',
] as const;

export const salesSpendCategories = ['salaries', 'travel', 'commission', 'entertainment', 'other'] as const;
export const afterSalesCostKinds = ['service_ticket', 'replacement', 'logistics', 'other'] as const;

const fen = z.number().int().describe('Integer fen (1 yuan = 100 fen)');
const utm = z.string().trim().min(1).max(120);

export const campaign = z
  .object({
    id: z.number().int(),
    code: z.string(),
    name: z.string(),
    type: z.enum(campaignTypes),
    channel: z.enum(marketingChannels),
    regionId: z.number().int().nullable().describe('null: a national campaign'),
    regionName: z.string().nullable(),
    startsOn: isoDate,
    endsOn: isoDate,
    budgetFen: fen,
    utmSource: z.string().nullable(),
    utmMedium: z.string().nullable(),
    utmCampaign: z.string().nullable(),
    ownerId: z.number().int().nullable(),
    ownerName: z.string().nullable(),
    note: z.string().nullable(),
    costFen: fen.describe('Actual costs booked so far'),
    leads: z.number().int(),
    touches: z.number().int(),
    version: z.number().int(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Campaign' });
export type Campaign = z.infer<typeof campaign>;
export const campaignPage = pageOf(campaign);

export const campaignListQuery = listQuery.extend({
  type: z.enum(campaignTypes).optional(),
  channel: z.enum(marketingChannels).optional(),
  regionId: z.coerce.number().int().positive().optional(),
  activeOn: isoDate.optional().describe('Campaigns running on this date'),
});
export type CampaignListQuery = z.output<typeof campaignListQuery>;

const campaignFields = {
  code: z.string().trim().min(1).max(40),
  name: z.string().trim().min(2).max(200),
  type: z.enum(campaignTypes),
  channel: z.enum(marketingChannels),
  regionId: z.number().int().positive().nullable(),
  startsOn: isoDate,
  endsOn: isoDate,
  budgetFen: fen.min(0),
  utmSource: utm.nullable(),
  utmMedium: utm.nullable(),
  utmCampaign: utm.nullable(),
  ownerId: z.number().int().positive().nullable(),
  note: z.string().trim().max(2000).nullable(),
};

export const createCampaignRequest = z.strictObject({
  ...campaignFields,
  regionId: campaignFields.regionId.default(null),
  budgetFen: campaignFields.budgetFen.default(0),
  utmSource: campaignFields.utmSource.default(null),
  utmMedium: campaignFields.utmMedium.default(null),
  utmCampaign: campaignFields.utmCampaign.default(null),
  ownerId: campaignFields.ownerId.default(null),
  note: campaignFields.note.default(null),
});
export type CreateCampaignRequest = z.output<typeof createCampaignRequest>;

export const updateCampaignRequest = z.strictObject({
  version: z.number().int(),
  ...Object.fromEntries(Object.entries(campaignFields).map(([k, v]) => [k, v.optional()])),
} as { version: z.ZodNumber } & {
  [K in keyof typeof campaignFields]: z.ZodOptional<(typeof campaignFields)[K]>;
});
export type UpdateCampaignRequest = z.output<typeof updateCampaignRequest>;

export const campaignCost = z
  .object({
    id: z.number().int(),
    campaignId: z.number().int(),
    costDate: isoDate,
    category: z.enum(campaignCostCategories),
    amountFen: fen,
    note: z.string().nullable(),
    createdByName: z.string().nullable(),
    createdAt: z.string(),
  })
  .meta({ id: 'CampaignCost' });
export type CampaignCost = z.infer<typeof campaignCost>;
export const campaignCostList = z.object({ items: z.array(campaignCost), totalFen: fen });

export const createCampaignCostRequest = z.strictObject({
  costDate: isoDate,
  category: z.enum(campaignCostCategories),
  amountFen: fen.refine((v) => v !== 0, 'must not be 0').describe('Negative for a refund or correction'),
  note: z.string().trim().max(500).nullable().default(null),
});
export type CreateCampaignCostRequest = z.output<typeof createCampaignCostRequest>;

export const campaignCostParams = z.strictObject({
  id: z.coerce.number().int().positive(),
  costId: z.coerce.number().int().positive(),
});

export const salesSpendEntry = z
  .object({
    id: z.number().int(),
    spendDate: isoDate,
    regionId: z.number().int().nullable(),
    category: z.enum(salesSpendCategories),
    amountFen: fen,
    note: z.string().nullable(),
  })
  .meta({ id: 'SalesSpend' });
export const salesSpendList = z.object({ items: z.array(salesSpendEntry), totalFen: fen });
export const salesSpendQuery = z.strictObject({ from: isoDate.optional(), to: isoDate.optional() });
export const createSalesSpendRequest = z.strictObject({
  spendDate: isoDate,
  regionId: z.number().int().positive().nullable().default(null),
  category: z.enum(salesSpendCategories),
  amountFen: fen.refine((v) => v !== 0, 'must not be 0'),
  note: z.string().trim().max(500).nullable().default(null),
});
export type CreateSalesSpendRequest = z.output<typeof createSalesSpendRequest>;

export const afterSalesCost = z
  .object({
    id: z.number().int(),
    orderId: z.number().int(),
    costDate: isoDate,
    kind: z.enum(afterSalesCostKinds),
    amountFen: fen,
    note: z.string().nullable(),
  })
  .meta({ id: 'AfterSalesCost' });
export const createAfterSalesCostRequest = z.strictObject({
  orderId: z.number().int().positive(),
  costDate: isoDate,
  kind: z.enum(afterSalesCostKinds),
  amountFen: fen.min(1),
  note: z.string().trim().max(500).nullable().default(null),
});
export type CreateAfterSalesCostRequest = z.output<typeof createAfterSalesCostRequest>;

export const marketingSettings = z
  .object({
    attributionLookbackDays: z.number().int(),
    timeDecayHalfLifeDays: z.number().int(),
    yearlyChurnBp: z.number().int().nullable().describe('Basis points; null = measured from the orders'),
    intakeMaxPerIp: z.number().int(),
    intakeWindowMinutes: z.number().int(),
    intakeMinFillSeconds: z.number().int(),
    version: z.number().int(),
  })
  .meta({ id: 'MarketingSettings' });
export type MarketingSettings = z.infer<typeof marketingSettings>;
export const updateMarketingSettingsRequest = z.strictObject({
  version: z.number().int(),
  attributionLookbackDays: z.number().int().min(1).max(1095).optional(),
  timeDecayHalfLifeDays: z.number().int().min(1).max(365).optional(),
  yearlyChurnBp: z.number().int().min(1).max(10_000).nullable().optional(),
  intakeMaxPerIp: z.number().int().min(1).max(10_000).optional(),
  intakeWindowMinutes: z.number().int().min(1).max(1440).optional(),
  intakeMinFillSeconds: z.number().int().min(0).max(600).optional(),
});
export type UpdateMarketingSettingsRequest = z.output<typeof updateMarketingSettingsRequest>;

// ---------------------------------------------------------------------------------------------
// Funnel

export const funnelStages = ['lead', 'opportunity', 'quote', 'contract', 'won', 'paid'] as const;
export type FunnelStageName = (typeof funnelStages)[number];

/** Filters shared by the funnel and attribution analyses. */
export const analysisFilters = z.strictObject({
  from: isoDate,
  to: isoDate,
  regionId: z.coerce.number().int().positive().optional(),
  ownerId: z.coerce.number().int().positive().optional(),
  channel: z.enum(marketingChannels).optional(),
  campaignId: z.coerce.number().int().positive().optional(),
});
export type AnalysisFilters = z.output<typeof analysisFilters>;

const stageConversion = z.object({
  from: z.enum(funnelStages),
  to: z.enum(funnelStages),
  rate: z.number().nullable().describe('Reached `to` ÷ reached `from` (fraction)'),
  trailingRate: z.number().nullable().describe('Average rate of the trailing periods'),
});

export const funnelReport = z
  .object({
    from: isoDate,
    to: isoDate,
    stages: z.array(
      z.object({
        stage: z.enum(funnelStages),
        reached: z.number().int(),
        averageDaysInStage: z.number().nullable(),
      }),
    ),
    conversions: z.array(stageConversion),
    bottleneck: z
      .object({ from: z.enum(funnelStages), to: z.enum(funnelStages), gap: z.number() })
      .nullable()
      .describe('The transition whose conversion fell furthest below its trailing average'),
    trailingPeriods: z.number().int(),
    winRate: z.number().nullable().describe('Won ÷ (won + lost) among opportunities closed in the period'),
    won: z.number().int(),
    lost: z.number().int(),
    openOpportunities: z.number().int().describe('Open at the end of the period'),
    averageWonDealFen: z.number().nullable(),
    averageCycleDays: z.number().nullable().describe('Mean days from opportunity created to won'),
    salesVelocityFenPerDay: z
      .number()
      .nullable()
      .describe('open × average won deal × win rate ÷ average cycle days (a rate, unrounded)'),
    lostReasons: z.array(z.object({ reason: z.string(), count: z.number().int() })),
  })
  .meta({ id: 'FunnelReport' });
export type FunnelReport = z.infer<typeof funnelReport>;

export const funnelBreakdownQuery = analysisFilters.extend({
  by: z.enum(['region', 'owner', 'channel', 'campaign', 'month']),
});
export const funnelBreakdown = z
  .object({
    by: z.enum(['region', 'owner', 'channel', 'campaign', 'month']),
    rows: z.array(
      z.object({
        key: z.string(),
        label: z.string(),
        reached: z.record(z.enum(funnelStages), z.number().int()),
        conversions: z.array(stageConversion.omit({ trailingRate: true })),
        won: z.number().int(),
        lost: z.number().int(),
        winRate: z.number().nullable(),
      }),
    ),
  })
  .meta({ id: 'FunnelBreakdown' });
export type FunnelBreakdown = z.infer<typeof funnelBreakdown>;

// ---------------------------------------------------------------------------------------------
// Attribution

export const attributionModelNames = [
  'first_touch',
  'last_touch',
  'linear',
  'time_decay',
  'position_based',
] as const;
export type AttributionModelName = (typeof attributionModelNames)[number];

export const attributionQuery = analysisFilters.extend({
  lookbackDays: z.coerce.number().int().min(1).max(1095).optional().describe('Default: the settings'),
});
export type AttributionQuery = z.output<typeof attributionQuery>;

const attributedAmounts = z.object({
  revenueFen: fen,
  grossProfitFen: fen,
  collectedCashFen: fen,
  afterSalesCostFen: fen,
});

export const orderAttribution = z
  .object({
    order: z.object({
      id: z.number().int(),
      number: z.string(),
      orderDate: isoDate,
      customerId: z.number().int(),
      customerName: z.string(),
      revenueFen: fen.describe('Invoiced excl. VAT, net of credit notes'),
      grossProfitFen: fen.describe('Revenue − cost of the lots shipped, net of returned lots'),
      collectedCashFen: fen.describe('Payments allocated to its invoices'),
      afterSalesCostFen: fen.describe('Scrapped returned units and after-sales costs booked on it'),
    }),
    lookbackDays: z.number().int(),
    status: z.enum(['attributed', 'unattributed']),
    touches: z.array(
      z.object({
        touchId: z.number().int(),
        date: isoDate,
        time: z.string(),
        ageDays: z.number().int(),
        kind: z.string(),
        channel: z.enum(marketingChannels),
        campaignId: z.number().int(),
        campaignName: z.string(),
      }),
    ),
    models: z.array(
      z.object({
        model: z.enum(attributionModelNames),
        shares: z.array(attributedAmounts.extend({ touchId: z.number().int() })),
      }),
    ),
  })
  .meta({ id: 'OrderAttribution' });
export type OrderAttribution = z.infer<typeof orderAttribution>;

const modelResult = attributedAmounts.extend({
  roi: z.number().nullable().describe('(GP − cost − after-sales) ÷ cost, a fraction'),
});

export const attributionReport = z
  .object({
    from: isoDate,
    to: isoDate,
    lookbackDays: z.number().int(),
    orders: z.object({
      total: z.number().int(),
      attributed: z.number().int(),
      unattributed: z.number().int(),
      revenueFen: fen,
      grossProfitFen: fen,
      collectedCashFen: fen,
    }),
    campaigns: z.array(
      z.object({
        campaignId: z.number().int(),
        code: z.string(),
        name: z.string(),
        type: z.enum(campaignTypes),
        channel: z.enum(marketingChannels),
        costFen: fen.describe('Costs booked in the period'),
        leads: z.number().int(),
        opportunities: z.number().int(),
        leadToOpportunity: z.number().nullable(),
        costPerLeadFen: fen.nullable(),
        ordersTouched: z.number().int(),
        newCustomers: z.number().int().describe('Customers whose first order was touched by it'),
        cacFen: fen.nullable(),
        models: z.record(z.enum(attributionModelNames), modelResult),
      }),
    ),
    channels: z.array(
      z.object({
        channel: z.enum(marketingChannels),
        costFen: fen,
        leads: z.number().int(),
        opportunities: z.number().int(),
        leadToOpportunity: z.number().nullable(),
        costPerLeadFen: fen.nullable(),
        models: z.record(z.enum(attributionModelNames), modelResult),
      }),
    ),
    economics: z.object({
      marketingSpendFen: fen,
      salesSpendFen: fen,
      newCustomers: z.number().int(),
      cacFen: fen.nullable(),
      averageYearlyGrossProfitFen: fen.nullable(),
      yearlyChurnBp: z.number().int().nullable(),
      ltvFen: fen.nullable(),
      ltvToCac: z.number().nullable(),
    }),
  })
  .meta({ id: 'AttributionReport' });
export type AttributionReport = z.infer<typeof attributionReport>;
