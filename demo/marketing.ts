/**
 * Demo section: two years of marketing with a story. Campaigns (trade shows, academic
 * meetings, online ads, distributor promotions, e-mail) with costs booked over time; thousands of
 * leads with their touches; opportunities through every stage with realistic conversion and lost
 * reasons; touches between campaigns and customers that have orders, so that attribution has
 * something to say:
 *
 * - the trade shows (CMEF) cost the most and bring by far the most leads, but few of them buy,
 *   those who do buy little, and their orders bring service tickets: little profit, negative ROI;
 * - the academic meetings bring a few dozen leads, most become opportunities, and the hospitals
 *   that attended place large orders within weeks: much profit.
 *
 * Runs after the order history section: it reads sales_orders (and their invoices, if any) from
 * the database and only touches customers that have orders. Deterministic for a seed.
 */
import { normalizeCustomerName } from '../server/modules/parties/index.ts';
import { addDays, daysBetween } from '../server/platform/dates.ts';
import type { Queryable } from '../server/platform/db.ts';
import { type DemoContext, type DemoSection, insertColumns } from './company.ts';
import type { Random } from './random.ts';

type CampaignType = 'trade_show' | 'academic_meeting' | 'online_ad' | 'distributor_promotion' | 'email';

interface CampaignPlan {
  code: string;
  name: string;
  type: CampaignType;
  channel: string;
  regionCode: string | null;
  startsOn: string;
  endsOn: string;
  budgetFen: number;
  utm: [source: string, medium: string, campaign: string] | null;
  /** [date, category, amount in fen]: deposits before, the bill at the event, travel after. */
  costs: [string, string, number][];
  leads: number;
}

/** How leads of each kind of campaign behave in the funnel. */
const behaviour: Record<
  CampaignType,
  {
    toOpportunity: number;
    disqualified: number;
    win: number;
    amountYuan: [number, number];
    lostReasons: [string, number][];
    source: string;
  }
> = {
  trade_show: {
    toOpportunity: 0.06,
    disqualified: 0.4,
    win: 0.2,
    amountYuan: [30_000, 250_000],
    lostReasons: [
      ['price', 35],
      ['competitor', 30],
      ['no_budget', 15],
      ['timing', 10],
      ['no_decision', 10],
    ],
    source: 'event',
  },
  academic_meeting: {
    toOpportunity: 0.5,
    disqualified: 0.05,
    win: 0.6,
    amountYuan: [600_000, 3_000_000],
    lostReasons: [
      ['tender_lost', 40],
      ['competitor', 30],
      ['no_budget', 20],
      ['other', 10],
    ],
    source: 'event',
  },
  online_ad: {
    toOpportunity: 0.1,
    disqualified: 0.25,
    win: 0.3,
    amountYuan: [50_000, 400_000],
    lostReasons: [
      ['price', 40],
      ['competitor', 25],
      ['product_fit', 20],
      ['no_decision', 15],
    ],
    source: 'web_form',
  },
  distributor_promotion: {
    toOpportunity: 0.22,
    disqualified: 0.1,
    win: 0.45,
    amountYuan: [100_000, 800_000],
    lostReasons: [
      ['price', 50],
      ['timing', 30],
      ['other', 20],
    ],
    source: 'referral',
  },
  email: {
    toOpportunity: 0.05,
    disqualified: 0.3,
    win: 0.3,
    amountYuan: [30_000, 200_000],
    lostReasons: [
      ['no_decision', 50],
      ['price', 50],
    ],
    source: 'web_form',
  },
};

const stages = ['opportunity', 'quote', 'contract', 'won'] as const;

const fen = (yuan: number) => Math.round(yuan * 100);
const at = (date: string, random: Random) =>
  `${date} ${String(random.int(8, 19)).padStart(2, '0')}:${String(random.int(0, 59)).padStart(2, '0')}:00+08`;
const clampDate = (date: string, min: string, max: string) => (date < min ? min : date > max ? max : date);

function planCampaigns(random: Random, start: string, today: string, scale: number): CampaignPlan[] {
  const plans: CampaignPlan[] = [];
  const firstYear = Number(start.slice(0, 4));
  for (let year = firstYear; year <= Number(today.slice(0, 4)); year++) {
    const inRange = (date: string) => date >= start && date <= today;
    // CMEF, spring in Shanghai and autumn in Shenzhen: national, the biggest spend of the year.
    for (const [season, month, city] of [
      ['春季', '04', '上海'],
      ['秋季', '10', '深圳'],
    ] as const) {
      const opens = `${year}-${month}-11`;
      if (!inRange(opens)) continue;
      plans.push({
        code: `CMEF-${year}-${month === '04' ? 'S' : 'A'}`,
        name: `${year} 中国国际医疗器械博览会（CMEF ${season}·${city}）`,
        type: 'trade_show',
        channel: 'exhibition',
        regionCode: null,
        startsOn: opens,
        endsOn: addDays(opens, 3),
        budgetFen: fen(1_800_000),
        utm: ['cmef', 'offline', `cmef-${year}-${month}`],
        costs: [
          [addDays(opens, -120), 'booth', fen(random.int(500_000, 650_000))],
          [addDays(opens, -30), 'printing', fen(random.int(60_000, 90_000))],
          [opens, 'booth', fen(random.int(600_000, 750_000))],
          [addDays(opens, 3), 'samples', fen(random.int(80_000, 150_000))],
          [addDays(opens, 20), 'travel', fen(random.int(120_000, 200_000))],
        ],
        leads: Math.round(random.int(380, 460) * scale),
      });
    }
    // Academic meetings: the interventional cardiology congress and laboratory medicine congress.
    for (const [code, name, month, regionCode] of [
      ['CIT', '中国介入心脏病学大会（CIT）卫星会', '03', null],
      ['CSLM', '中华医学会检验医学分会年会专题会', '09', null],
      ['EAST-SALON', '华东区心内科主任学术沙龙', '06', 'EAST'],
    ] as const) {
      const opens = `${year}-${month}-18`;
      if (!inRange(opens)) continue;
      plans.push({
        code: `${code}-${year}`,
        name: `${year} ${name}`,
        type: 'academic_meeting',
        channel: 'academic',
        regionCode,
        startsOn: opens,
        endsOn: addDays(opens, 2),
        budgetFen: fen(400_000),
        utm: null,
        costs: [
          [addDays(opens, -60), 'sponsorship', fen(random.int(150_000, 220_000))],
          [opens, 'venue', fen(random.int(60_000, 100_000))],
          [addDays(opens, 10), 'travel', fen(random.int(30_000, 60_000))],
        ],
        leads: Math.round(random.int(18, 32) * Math.sqrt(scale)),
      });
    }
    // Search and WeChat ads run all year, billed monthly.
    for (const [code, name, channel, source, medium] of [
      ['BAIDU', '百度搜索推广', 'search', 'baidu', 'cpc'],
      ['WECHAT', '微信朋友圈广告', 'wechat', 'wechat', 'social'],
    ] as const) {
      const startsOn = clampDate(`${year}-01-01`, start, today);
      const endsOn = clampDate(`${year}-12-31`, start, today);
      if (startsOn >= endsOn) continue;
      const costs: [string, string, number][] = [];
      for (let month = 1; month <= 12; month++) {
        const billed = `${year}-${String(month).padStart(2, '0')}-28`;
        if (inRange(billed)) costs.push([billed, 'advertising', fen(random.int(25_000, 45_000))]);
      }
      plans.push({
        code: `${code}-${year}`,
        name: `${year} ${name}`,
        type: 'online_ad',
        channel,
        regionCode: null,
        startsOn,
        endsOn,
        budgetFen: fen(500_000),
        utm: [source, medium, `${code.toLowerCase()}-${year}`],
        costs,
        leads: Math.round(costs.length * random.int(45, 60) * scale),
      });
    }
    // Distributor promotions: one per quarter in a sales region.
    for (const [quarter, regionCode] of [
      [1, 'SOUTH'],
      [2, 'SOUTHWEST'],
      [3, 'NORTH'],
      [4, 'CENTRAL'],
    ] as const) {
      const startsOn = `${year}-${String(quarter * 3 - 2).padStart(2, '0')}-01`;
      if (!inRange(startsOn)) continue;
      plans.push({
        code: `DIST-${year}-Q${quarter}`,
        name: `${year} 第${quarter}季度经销商返利促销`,
        type: 'distributor_promotion',
        channel: 'distributor',
        regionCode,
        startsOn,
        endsOn: clampDate(addDays(startsOn, 89), start, today),
        budgetFen: fen(200_000),
        utm: null,
        costs: [
          [addDays(startsOn, 30), 'other', fen(random.int(50_000, 90_000))],
          [addDays(startsOn, 89), 'other', fen(random.int(60_000, 110_000))],
        ].filter(([date]) => inRange(date as string)) as [string, string, number][],
        leads: Math.round(random.int(30, 50) * scale),
      });
    }
    // The monthly customer newsletter.
    const startsOn = clampDate(`${year}-01-01`, start, today);
    const endsOn = clampDate(`${year}-12-31`, start, today);
    if (startsOn < endsOn) {
      const months = Math.max(1, Math.round(daysBetween(startsOn, endsOn) / 30));
      plans.push({
        code: `EDM-${year}`,
        name: `${year} 客户电子月刊`,
        type: 'email',
        channel: 'email',
        regionCode: null,
        startsOn,
        endsOn,
        budgetFen: fen(60_000),
        utm: ['newsletter', 'email', `edm-${year}`],
        costs: [[startsOn, 'agency', fen(random.int(20_000, 40_000))]],
        leads: Math.round(months * random.int(8, 12) * scale),
      });
    }
  }
  return plans;
}

interface OrderFact {
  id: number;
  customerId: number;
  orderDate: string;
  salesRegionId: number;
  grossProfitFen: number;
  valueFen: number;
  paidOn: string | null;
}

async function readOrders(tx: Queryable, since: string): Promise<OrderFact[]> {
  const { rows } = await tx.query<OrderFact>(
    `WITH RECURSIVE up(start_id, id, parent_id, level) AS (
       SELECT id, id, parent_id, level FROM regions
       UNION ALL SELECT up.start_id, r.id, r.parent_id, r.level FROM up JOIN regions r ON r.id = up.parent_id
        WHERE up.level NOT IN ('sales_region', 'country')),
     sales_region AS (SELECT start_id, id FROM up WHERE level IN ('sales_region', 'country')),
     inv AS (SELECT i.order_id, sum(i.net_cny_fen - i.cost_cny_fen) AS gp, bool_and(i.open_amount = 0) AS paid,
                    max(coalesce((SELECT max(a.allocated_on) FROM allocations a WHERE a.invoice_id = i.id), i.invoice_date))
                      AS paid_on
               FROM invoices i WHERE i.status <> 'cancelled' GROUP BY i.order_id)
     SELECT o.id, o.customer_id AS "customerId", to_char(o.order_date, 'YYYY-MM-DD') AS "orderDate",
            sr.id AS "salesRegionId", coalesce(inv.gp, o.net_cny_fen * 3 / 10)::bigint AS "grossProfitFen",
            o.net_cny_fen AS "valueFen",
            CASE WHEN inv.paid THEN to_char(inv.paid_on, 'YYYY-MM-DD') END AS "paidOn"
       FROM sales_orders o JOIN customers c ON c.id = o.customer_id
       JOIN sales_region sr ON sr.start_id = c.region_id
       LEFT JOIN inv ON inv.order_id = o.id
      WHERE o.status <> 'cancelled' AND o.order_date >= $1::date
      ORDER BY o.order_date, o.id`,
    [since],
  );
  return rows;
}

export async function loadMarketing(demo: DemoContext): Promise<void> {
  const { tx, today } = demo;
  const random = demo.random.fork('marketing');
  const start = addDays(today, -730);
  const orders = await readOrders(tx, addDays(start, -180));
  const recentOrders = orders.filter((o) => o.orderDate >= start);

  // Where leads come from: the cities of each sales region, and the reps who own them.
  const { rows: cityRows } = await tx.query<{ id: number; salesRegionId: number; name: string }>(
    `SELECT c.id, coalesce(sr.id, p.parent_id) AS "salesRegionId",
            regexp_replace(c.name_zh, '市$', '') AS name
       FROM regions c JOIN regions p ON p.id = c.parent_id LEFT JOIN regions sr ON sr.id = p.parent_id
      WHERE c.level = 'city'`,
  );
  const { rows: repRows } = await tx.query<{ id: number; regionId: number }>(
    `SELECT u.id, ur.region_id AS "regionId" FROM users u JOIN user_regions ur ON ur.user_id = u.id
      WHERE 'sales_rep' = ANY(u.roles) AND u.is_active ORDER BY u.id`,
  );
  const salesRegionIds = [...new Set(cityRows.map((c) => c.salesRegionId))];
  const citiesOf = new Map(salesRegionIds.map((id) => [id, cityRows.filter((c) => c.salesRegionId === id)]));
  const repsOf = (salesRegionId: number) =>
    repRows.filter((r) => r.regionId === salesRegionId).map((r) => r.id);
  const ordersByCustomer = new Map<number, OrderFact[]>();
  for (const order of orders) {
    const list = ordersByCustomer.get(order.customerId) ?? [];
    list.push(order);
    ordersByCustomer.set(order.customerId, list);
  }
  const customersOfRegion = new Map<number, number[]>();
  for (const [customerId, list] of ordersByCustomer) {
    const region = list[0]!.salesRegionId;
    customersOfRegion.set(region, [...(customersOfRegion.get(region) ?? []), customerId]);
  }

  // Customers ranked by what an order of theirs earns: trade-show deals go to the small buyers.
  const customerGp = [...ordersByCustomer.entries()].map(([customerId, list]) => ({
    customerId,
    averageGp: list.reduce((s, o) => s + o.grossProfitFen, 0) / list.length,
  }));
  customerGp.sort((a, b) => a.averageGp - b.averageGp);
  const gpRank = new Map(customerGp.map((c, i) => [c.customerId, i / Math.max(1, customerGp.length - 1)]));
  const fitsCampaign = (type: CampaignType, customerId: number) => {
    const rank = gpRank.get(customerId) ?? 0.5;
    if (type === 'academic_meeting') return rank >= 0.5;
    if (type === 'distributor_promotion') return true;
    return rank < (type === 'trade_show' ? 0.25 : 0.5);
  };

  // 1. Campaigns and their costs.
  const plans = planCampaigns(random.fork('campaigns'), start, today, demo.scale);
  const { rows: marketingUser } = await tx.query<{ id: number }>(
    `SELECT id FROM users WHERE 'marketing' = ANY(roles) ORDER BY id LIMIT 1`,
  );
  const inserted = await insertColumns(
    tx,
    'campaigns',
    {
      code: { type: 'text', values: plans.map((p) => p.code) },
      name: { type: 'text', values: plans.map((p) => p.name) },
      type: { type: 'text', values: plans.map((p) => p.type) },
      channel: { type: 'text', values: plans.map((p) => p.channel) },
      region_id: {
        type: 'bigint',
        values: plans.map((p) => (p.regionCode ? (demo.regionIds.get(p.regionCode) ?? null) : null)),
      },
      starts_on: { type: 'date', values: plans.map((p) => p.startsOn) },
      ends_on: { type: 'date', values: plans.map((p) => p.endsOn) },
      budget_fen: { type: 'bigint', values: plans.map((p) => p.budgetFen) },
      utm_source: { type: 'text', values: plans.map((p) => p.utm?.[0] ?? null) },
      utm_medium: { type: 'text', values: plans.map((p) => p.utm?.[1] ?? null) },
      utm_campaign: { type: 'text', values: plans.map((p) => p.utm?.[2] ?? null) },
      owner_id: { type: 'bigint', values: plans.map(() => marketingUser[0]?.id ?? null) },
    },
    'id, code',
  );
  const campaignId = new Map(inserted.map((r) => [r.code as string, Number(r.id)]));
  const costs = plans.flatMap((p) =>
    p.costs
      .filter(([date]) => date <= today)
      .map(([date, category, amount]) => ({ campaign: p.code, date, category, amount })),
  );
  await insertColumns(tx, 'campaign_costs', {
    campaign_id: { type: 'bigint', values: costs.map((c) => campaignId.get(c.campaign)) },
    cost_date: { type: 'date', values: costs.map((c) => c.date) },
    category: { type: 'text', values: costs.map((c) => c.category) },
    amount_fen: { type: 'bigint', values: costs.map((c) => c.amount) },
  });

  // 2. Leads, and what became of them.
  const leadRandom = random.fork('leads');
  const touches: {
    leadIndex: number | null;
    customerId: number | null;
    campaign: string;
    kind: string;
    channel: string;
    date: string;
  }[] = [];
  const leads: {
    code: string;
    campaign: CampaignPlan;
    createdOn: string;
    cityId: number;
    salesRegionId: number;
    ownerId: number | null;
    status: string;
    disqualifiedReason: string | null;
    rating: string | null;
    customerId: number | null;
    convertedOn: string | null;
    phone: string;
  }[] = [];
  const usedCustomers = new Set<number>();
  const codeCounter = new Map<string, number>();
  const nextCode = (prefix: string, date: string) => {
    const key = `${prefix}-${date}`;
    const n = (codeCounter.get(key) ?? 0) + 1;
    codeCounter.set(key, n);
    return `${prefix}-${date.replaceAll('-', '')}-${String(n).padStart(4, '0')}`;
  };
  for (const plan of plans) {
    const rule = behaviour[plan.type];
    const regionChoices = plan.regionCode
      ? [demo.regionIds.get(plan.regionCode)!].filter((id) => citiesOf.has(id))
      : salesRegionIds;
    if (regionChoices.length === 0) continue;
    const lastDay =
      plan.type === 'online_ad' || plan.type === 'email' ? plan.endsOn : addDays(plan.endsOn, 14);
    for (let i = 0; i < plan.leads; i++) {
      const createdOn =
        plan.type === 'trade_show' || plan.type === 'academic_meeting'
          ? addDays(plan.startsOn, leadRandom.int(0, Math.max(0, daysBetween(plan.startsOn, plan.endsOn))))
          : addDays(plan.startsOn, leadRandom.int(0, Math.max(0, daysBetween(plan.startsOn, lastDay))));
      if (createdOn > today) continue;
      const salesRegionId = leadRandom.pick(regionChoices);
      const city = leadRandom.pick(citiesOf.get(salesRegionId)!);
      const reps = repsOf(salesRegionId);
      const age = daysBetween(createdOn, today);
      const roll = leadRandom.next();
      let status = age < 20 ? leadRandom.pick(['new', 'working']) : 'working';
      let disqualifiedReason: string | null = null;
      let customerId: number | null = null;
      let convertedOn: string | null = null;
      if (age >= 7 && roll < rule.toOpportunity) {
        const candidates = (customersOfRegion.get(salesRegionId) ?? []).filter(
          (c) => !usedCustomers.has(c) && fitsCampaign(plan.type, c),
        );
        if (candidates.length > 0) {
          customerId = leadRandom.pick(candidates);
          usedCustomers.add(customerId);
          status = 'converted';
          convertedOn = addDays(createdOn, leadRandom.int(3, Math.min(20, age)));
        }
      } else if (roll < rule.toOpportunity + rule.disqualified) {
        status = 'disqualified';
        disqualifiedReason = leadRandom.weighted([
          ['no_need', 40],
          ['no_budget', 20],
          ['unreachable', 25],
          [plan.type === 'online_ad' ? 'spam' : 'competitor', 15],
        ]);
      } else if (age > 120) {
        status = leadRandom.chance(0.5) ? 'qualified' : 'working';
      }
      leads.push({
        code: nextCode('LD', createdOn),
        campaign: plan,
        createdOn,
        cityId: city.id,
        salesRegionId,
        ownerId: reps.length > 0 ? leadRandom.pick(reps) : null,
        status,
        disqualifiedReason,
        rating:
          status === 'qualified' || status === 'converted' ? leadRandom.pick(['hot', 'warm', 'cold']) : null,
        customerId,
        convertedOn,
        phone: `1${leadRandom.pick(['35', '38', '39', '58', '86'])}${String(leadRandom.int(0, 99_999_999)).padStart(8, '0')}`,
      });
      touches.push({
        leadIndex: leads.length - 1,
        customerId,
        campaign: plan.code,
        kind: rule.source === 'event' ? 'attendance' : rule.source === 'web_form' ? 'form' : 'call',
        channel: plan.channel,
        date: createdOn,
      });
    }
  }
  const cityName = new Map(cityRows.map((c) => [c.id, c.name]));
  const prospects = [
    '第四人民医院',
    '妇幼保健院',
    '中西医结合医院',
    '口腔医院',
    '康复医院',
    '眼科医院',
    '肿瘤医院',
  ];
  const surnames = [
    '王',
    '李',
    '张',
    '刘',
    '陈',
    '杨',
    '黄',
    '赵',
    '吴',
    '周',
    '徐',
    '孙',
    '马',
    '朱',
    '胡',
    '林',
  ];
  // Converted leads carry their customer's name; the others are normalised as the service does.
  const { rows: customerNames } = await tx.query<{ id: number; name: string; normalized: string }>(
    'SELECT id, name, name_normalized AS normalized FROM customers WHERE id = ANY($1::bigint[])',
    [[...new Set(leads.flatMap((l) => (l.customerId === null ? [] : [l.customerId])))]],
  );
  const customerName = new Map(customerNames.map((c) => [Number(c.id), c]));
  const organizations = leads.map((l, i) => {
    if (l.customerId !== null) return customerName.get(l.customerId)!;
    const city = cityName.get(l.cityId) ?? '';
    const name =
      l.campaign.type === 'distributor_promotion'
        ? `${city}${['康泰', '华信', '仁和', '瑞康', '德润'][i % 5]}医疗器械有限公司`
        : `${city}市${prospects[i % prospects.length]}`;
    return { name, normalized: normalizeCustomerName(name) };
  });
  const leadRows = await insertColumns(
    tx,
    'leads',
    {
      code: { type: 'text', values: leads.map((l) => l.code) },
      contact_name: {
        type: 'text',
        values: leads.map(
          (_lead, i) => `${surnames[i % surnames.length]}${['医生', '主任', '护士长', '科长'][i % 4]}`,
        ),
      },
      organization: { type: 'text', values: organizations.map((o) => o.name) },
      organization_normalized: { type: 'text', values: organizations.map((o) => o.normalized) },
      phone: { type: 'text', values: leads.map((l) => l.phone) },
      phone_normalized: { type: 'text', values: leads.map((l) => l.phone) },
      region_id: { type: 'bigint', values: leads.map((l) => l.cityId) },
      owner_id: { type: 'bigint', values: leads.map((l) => l.ownerId) },
      source: { type: 'text', values: leads.map((l) => behaviour[l.campaign.type].source) },
      campaign_id: { type: 'bigint', values: leads.map((l) => campaignId.get(l.campaign.code)) },
      channel: { type: 'text', values: leads.map((l) => l.campaign.channel) },
      utm_source: { type: 'text', values: leads.map((l) => l.campaign.utm?.[0] ?? null) },
      utm_medium: { type: 'text', values: leads.map((l) => l.campaign.utm?.[1] ?? null) },
      utm_campaign: { type: 'text', values: leads.map((l) => l.campaign.utm?.[2] ?? null) },
      status: { type: 'text', values: leads.map((l) => l.status) },
      rating: { type: 'text', values: leads.map((l) => l.rating) },
      disqualified_reason: { type: 'text', values: leads.map((l) => l.disqualifiedReason) },
      customer_id: { type: 'bigint', values: leads.map((l) => l.customerId) },
      converted_at: {
        type: 'timestamptz',
        values: leads.map((l) => (l.convertedOn ? `${l.convertedOn} 15:00:00+08` : null)),
      },
      created_at: { type: 'timestamptz', values: leads.map((l) => at(l.createdOn, leadRandom)) },
    },
    'id',
  );
  const leadIds = leadRows.map((r) => Number(r.id));

  // 3. Opportunities of the converted leads, through the stages.
  const dealRandom = random.fork('opportunities');
  const opportunities: {
    leadIndex: number;
    number: string;
    createdOn: string;
    stage: string;
    furthest: string;
    history: [string, string][];
    amountFen: number;
    orderId: number | null;
    wonOn: string | null;
    paidOn: string | null;
    lostOn: string | null;
    lostReason: string | null;
  }[] = [];
  leads.forEach((lead, leadIndex) => {
    if (lead.status !== 'converted' || !lead.customerId || !lead.convertedOn) return;
    const rule = behaviour[lead.campaign.type];
    const createdOn = lead.convertedOn;
    const history: [string, string][] = [
      ['lead', lead.createdOn],
      ['opportunity', createdOn],
    ];
    const firstOrderDay = addDays(createdOn, 14);
    const laterOrders = (ordersByCustomer.get(lead.customerId) ?? []).filter(
      (o) => o.orderDate >= firstOrderDay && o.orderDate <= today,
    );
    const age = daysBetween(createdOn, today);
    const wins = dealRandom.chance(rule.win) && laterOrders.length > 0;
    let amountFen = fen(dealRandom.int(rule.amountYuan[0], rule.amountYuan[1]));
    let stage = 'opportunity';
    let orderId: number | null = null;
    let wonOn: string | null = null;
    let paidOn: string | null = null;
    let lostOn: string | null = null;
    let lostReason: string | null = null;
    if (wins) {
      const order = laterOrders[0]!;
      orderId = order.id;
      wonOn = order.orderDate;
      amountFen = order.valueFen;
      const span = daysBetween(createdOn, wonOn);
      history.push(['quote', addDays(createdOn, Math.round(span * 0.3))]);
      if (dealRandom.chance(0.7)) history.push(['contract', addDays(createdOn, Math.round(span * 0.7))]);
      history.push(['won', wonOn]);
      stage = 'won';
      if (order.paidOn && order.paidOn >= wonOn) {
        paidOn = order.paidOn;
        history.push(['paid', paidOn]);
        stage = 'paid';
      }
    } else if (age > 60 || dealRandom.chance(0.5)) {
      // Lost at some stage before winning.
      const reached = dealRandom.weighted([
        [1, 45],
        [2, 35],
        [3, 20],
      ]);
      const stepDays = Math.max(3, Math.min(25, Math.floor(age / 4)));
      for (let k = 1; k < reached; k++) history.push([stages[k]!, addDays(createdOn, stepDays * k)]);
      lostOn = clampDate(addDays(createdOn, stepDays * reached), createdOn, today);
      lostReason = dealRandom.weighted(rule.lostReasons);
      history.push(['lost', lostOn]);
      stage = 'lost';
    } else {
      // Still open: somewhere in the pipeline.
      const reached = dealRandom.weighted([
        [1, 40],
        [2, 35],
        [3, 25],
      ]);
      const stepDays = Math.max(1, Math.floor(age / (reached + 1)));
      for (let k = 1; k < reached; k++) history.push([stages[k]!, addDays(createdOn, stepDays * k)]);
      stage = stages[reached - 1]!;
    }
    const funnel = history.map(([s]) => s).filter((s) => s !== 'lost' && s !== 'lead');
    opportunities.push({
      leadIndex,
      number: nextCode('OP', createdOn),
      createdOn,
      stage,
      furthest: funnel[funnel.length - 1]!,
      history,
      amountFen,
      orderId,
      wonOn,
      paidOn,
      lostOn,
      lostReason,
    });
  });
  const opportunityRows = await insertColumns(
    tx,
    'opportunities',
    {
      number: { type: 'text', values: opportunities.map((o) => o.number) },
      name: {
        type: 'text',
        values: opportunities.map(
          (o) =>
            `${leads[o.leadIndex]!.campaign.type === 'academic_meeting' ? '科室设备配置项目' : '耗材采购'}（${o.number.slice(3, 11)}）`,
        ),
      },
      customer_id: { type: 'bigint', values: opportunities.map((o) => leads[o.leadIndex]!.customerId) },
      region_id: {
        type: 'bigint',
        values: opportunities.map((o) => leads[o.leadIndex]!.cityId),
      },
      lead_id: { type: 'bigint', values: opportunities.map((o) => leadIds[o.leadIndex]) },
      owner_id: { type: 'bigint', values: opportunities.map((o) => leads[o.leadIndex]!.ownerId) },
      campaign_id: {
        type: 'bigint',
        values: opportunities.map((o) => campaignId.get(leads[o.leadIndex]!.campaign.code)),
      },
      channel: { type: 'text', values: opportunities.map((o) => leads[o.leadIndex]!.campaign.channel) },
      stage: { type: 'text', values: opportunities.map((o) => o.stage) },
      furthest_stage: { type: 'text', values: opportunities.map((o) => o.furthest) },
      lost_reason: { type: 'text', values: opportunities.map((o) => o.lostReason) },
      amount_fen: { type: 'bigint', values: opportunities.map((o) => o.amountFen) },
      expected_close_date: { type: 'date', values: opportunities.map((o) => addDays(o.createdOn, 90)) },
      tender_number: {
        type: 'text',
        values: opportunities.map((o, i) =>
          leads[o.leadIndex]!.campaign.type === 'academic_meeting'
            ? `ZB-${o.createdOn.slice(0, 4)}-${String(i + 1).padStart(4, '0')}`
            : null,
        ),
      },
      order_id: { type: 'bigint', values: opportunities.map((o) => o.orderId) },
      created_on: { type: 'date', values: opportunities.map((o) => o.createdOn) },
      won_on: { type: 'date', values: opportunities.map((o) => o.wonOn) },
      paid_on: { type: 'date', values: opportunities.map((o) => o.paidOn) },
      lost_on: { type: 'date', values: opportunities.map((o) => o.lostOn) },
      created_at: { type: 'timestamptz', values: opportunities.map((o) => `${o.createdOn} 15:00:00+08`) },
      // Last activity = the last stage change, so the idle-opportunity automation has real material.
      updated_at: {
        type: 'timestamptz',
        values: opportunities.map((o) => `${o.history[o.history.length - 1]![1]} 11:00:00+08`),
      },
    },
    'id',
  );
  // Converted leads' region is the customer's: align the opportunity's scope with the customer.
  await tx.query(
    `UPDATE opportunities o SET region_id = c.region_id FROM customers c
      WHERE c.id = o.customer_id AND o.id = ANY($1::bigint[])`,
    [opportunityRows.map((r) => Number(r.id))],
  );
  const history = opportunities.flatMap((o, i) =>
    o.history.map(([stage, date]) => ({
      id: Number(opportunityRows[i]!.id),
      stage,
      date,
      reason: stage === 'lost' ? o.lostReason : null,
    })),
  );
  await insertColumns(tx, 'opportunity_stage_history', {
    opportunity_id: { type: 'bigint', values: history.map((h) => h.id) },
    stage: { type: 'text', values: history.map((h) => h.stage) },
    entered_at: { type: 'timestamptz', values: history.map((h) => `${h.date} 11:00:00+08`) },
    entered_on: { type: 'date', values: history.map((h) => h.date) },
    lost_reason: { type: 'text', values: history.map((h) => h.reason) },
  });

  // 4. Touches between campaigns and customers that have orders.
  const touchRandom = random.fork('touches');
  const allBuyers = customerGp.map((c) => c.customerId);
  const tradeShowCustomers = new Map<number, string>();
  for (const plan of plans) {
    if (plan.startsOn > today) continue;
    const code = plan.code;
    if (plan.type === 'trade_show') {
      // Many visitors, but those who come are customers who buy little in the months after.
      const windowEnd = addDays(plan.startsOn, 180);
      const following = new Map<number, number>(allBuyers.map((c) => [c, 0]));
      for (const o of recentOrders) {
        if (o.orderDate > plan.startsOn && o.orderDate <= windowEnd) {
          following.set(o.customerId, (following.get(o.customerId) ?? 0) + o.grossProfitFen);
        }
      }
      const lowest = [...following.entries()]
        .sort((a, b) => a[1] - b[1] || a[0] - b[0])
        .slice(0, Math.max(1, Math.ceil(following.size * 0.3)))
        .map(([customerId]) => customerId);
      const visitors = Math.min(lowest.length, Math.round(60 * demo.scale));
      for (let i = 0; i < visitors; i++) {
        const customerId = touchRandom.pick(lowest);
        const date = addDays(plan.startsOn, touchRandom.int(0, 3));
        touches.push({
          leadIndex: null,
          customerId,
          campaign: code,
          kind: touchRandom.chance(0.3) ? 'sample' : 'visit',
          channel: plan.channel,
          date,
        });
        tradeShowCustomers.set(customerId, date);
      }
    } else if (plan.type === 'academic_meeting') {
      // Few attendees: the departments that place big orders in the weeks after.
      const windowEnd = addDays(plan.startsOn, 60);
      const after = recentOrders
        .filter((o) => o.orderDate > plan.startsOn && o.orderDate <= windowEnd)
        .sort((a, b) => b.grossProfitFen - a.grossProfitFen);
      const attendees = [...new Set(after.map((o) => o.customerId))].slice(
        0,
        Math.round(8 * Math.sqrt(demo.scale)),
      );
      for (const customerId of attendees) {
        touches.push({
          leadIndex: null,
          customerId,
          campaign: code,
          kind: 'attendance',
          channel: plan.channel,
          date: plan.startsOn,
        });
        if (touchRandom.chance(0.5)) {
          touches.push({
            leadIndex: null,
            customerId,
            campaign: code,
            kind: 'call',
            channel: plan.channel,
            date: addDays(plan.startsOn, touchRandom.int(5, 20)),
          });
        }
      }
    } else if (plan.type === 'online_ad' || plan.type === 'email') {
      const days = Math.max(1, daysBetween(plan.startsOn, plan.endsOn));
      const count = Math.round((plan.type === 'email' ? 0.15 : 0.25) * allBuyers.length * (days / 365));
      for (let i = 0; i < count; i++) {
        touches.push({
          leadIndex: null,
          customerId: touchRandom.pick(allBuyers),
          campaign: code,
          kind: plan.type === 'email' ? 'visit' : touchRandom.chance(0.2) ? 'form' : 'visit',
          channel: plan.channel,
          date: addDays(plan.startsOn, touchRandom.int(0, days)),
        });
      }
    } else {
      const regionId = plan.regionCode ? demo.regionIds.get(plan.regionCode) : undefined;
      const dealers = regionId ? (customersOfRegion.get(regionId) ?? []) : [];
      for (const customerId of dealers.slice(0, Math.round(25 * demo.scale))) {
        touches.push({
          leadIndex: null,
          customerId,
          campaign: code,
          kind: touchRandom.chance(0.5) ? 'call' : 'visit',
          channel: plan.channel,
          date: addDays(
            plan.startsOn,
            touchRandom.int(0, Math.max(0, daysBetween(plan.startsOn, plan.endsOn))),
          ),
        });
      }
    }
  }
  const dated = touches.filter((t) => t.date <= today);
  await insertColumns(tx, 'touches', {
    lead_id: {
      type: 'bigint',
      values: dated.map((t) => (t.leadIndex === null ? null : leadIds[t.leadIndex])),
    },
    customer_id: { type: 'bigint', values: dated.map((t) => t.customerId) },
    campaign_id: { type: 'bigint', values: dated.map((t) => campaignId.get(t.campaign)) },
    kind: { type: 'text', values: dated.map((t) => t.kind) },
    channel: { type: 'text', values: dated.map((t) => t.channel) },
    touched_at: { type: 'timestamptz', values: dated.map((t) => `${t.date} 10:30:00+08`) },
    touch_date: { type: 'date', values: dated.map((t) => t.date) },
    touch_time: { type: 'text', values: dated.map(() => '10:30:00') },
  });

  // 5. After-sales: the trade-show buyers' orders bring service tickets.
  const serviceRandom = random.fork('after-sales');
  const tickets = recentOrders.filter((o) => {
    const visited = tradeShowCustomers.get(o.customerId);
    return visited !== undefined && o.orderDate >= visited && serviceRandom.chance(0.25);
  });
  await insertColumns(tx, 'after_sales_costs', {
    order_id: { type: 'bigint', values: tickets.map((o) => o.id) },
    cost_date: {
      type: 'date',
      values: tickets.map((o) => clampDate(addDays(o.orderDate, 30), o.orderDate, today)),
    },
    kind: { type: 'text', values: tickets.map(() => 'service_ticket') },
    amount_fen: { type: 'bigint', values: tickets.map(() => fen(serviceRandom.int(3_000, 12_000))) },
  });

  // 6. Sales spend (travel and commissions) per sales region and month, for CAC.
  const spend: { date: string; regionId: number; category: string; amount: number }[] = [];
  for (let month = 0; month < 24; month++) {
    const date = addDays(start, month * 30 + 27);
    if (date > today) break;
    for (const regionId of salesRegionIds) {
      spend.push({ date, regionId, category: 'travel', amount: fen(random.int(15_000, 40_000)) });
    }
  }
  await insertColumns(tx, 'sales_spend', {
    spend_date: { type: 'date', values: spend.map((s) => s.date) },
    region_id: { type: 'bigint', values: spend.map((s) => s.regionId) },
    category: { type: 'text', values: spend.map((s) => s.category) },
    amount_fen: { type: 'bigint', values: spend.map((s) => s.amount) },
  });

  // Document numbers handed out here must not be handed out again.
  const counters = [...codeCounter.entries()].map(([key, value]) => ({
    prefix: key.slice(0, 2),
    day: key.slice(3),
    value,
  }));
  await tx.query(
    `INSERT INTO document_counters (prefix, day, last_value)
     SELECT * FROM unnest($1::text[], $2::date[], $3::int[])
     ON CONFLICT (prefix, day) DO UPDATE SET last_value = greatest(document_counters.last_value, EXCLUDED.last_value)`,
    [counters.map((c) => c.prefix), counters.map((c) => c.day), counters.map((c) => c.value)],
  );
}

/** Runs after the order history sections (demoSections in demo/company.ts). */
export const marketingSection: DemoSection = {
  name: 'campaigns, leads and the funnel',
  // Campaigns are planned around the order history; without history (master data only) there is none.
  run: async (demo) => {
    if (demo.historyMonths) await loadMarketing(demo);
  },
};
