/**
 * What automation triggers find: the scheduled scans and the subjects of an event, read from
 * the documents of other modules (reads only), plus the rules and their run log.
 */
import type {
  AutomationAction,
  AutomationCondition,
  AutomationTrigger,
  DocumentType,
} from '../../../contracts/workflow.ts';
import { addDays, businessDate, daysBetween } from '../../platform/dates.ts';
import type { Queryable } from '../../platform/db.ts';
import type { AutomationSubject } from './automation.rules.ts';
import { documentLabel, formatYuan } from './workflow.labels.ts';

const qualificationTypes: Record<string, { zh: string; en: string }> = {
  business_licence: { zh: '营业执照', en: 'business licence' },
  operating_licence: { zh: '医疗器械经营许可证', en: 'device operating licence' },
  filing_certificate: { zh: '医疗器械经营备案凭证', en: 'device filing certificate' },
  medical_institution_licence: { zh: '医疗机构执业许可证', en: 'medical institution licence' },
};

/** Customer qualifications whose validity ends within `withinDays` of today (today included). */
export async function scanExpiringQualifications(
  db: Queryable,
  today: string,
  withinDays: number,
): Promise<AutomationSubject[]> {
  const { rows } = await db.query<{
    id: number;
    type: string;
    number: string;
    validUntil: string;
    customerId: number;
    customerName: string;
    regionId: number;
    ownerId: number | null;
  }>(
    `SELECT q.id, q.type, q.number, q.valid_until AS "validUntil", c.id AS "customerId", c.name AS "customerName",
            c.region_id AS "regionId", c.owner_rep_id AS "ownerId"
       FROM customer_qualifications q JOIN customers c ON c.id = q.customer_id
      WHERE c.is_active AND q.valid_until BETWEEN $1::date AND $2::date
      ORDER BY q.valid_until, q.id`,
    [today, addDays(today, withinDays)],
  );
  return rows.map((q) => {
    const type = qualificationTypes[q.type] ?? { zh: q.type, en: q.type };
    return {
      key: `qualification:${q.id}:${q.validUntil}`,
      title: {
        zh: `${q.customerName} 的${type.zh}（${q.number}）将于 ${q.validUntil} 到期`,
        en: `${q.customerName}: ${type.en} ${q.number} expires on ${q.validUntil}`,
      },
      detail: {
        zh: '请联系客户更新资质并上传新证。',
        en: 'Ask the customer for the renewed document and upload it.',
      },
      link: `/customers/${q.customerId}`,
      regionId: q.regionId,
      customerId: q.customerId,
      ownerId: q.ownerId,
      facts: { daysLeft: daysBetween(today, q.validUntil) },
    };
  });
}

/** Active products whose registration certificate expires within `withinDays`. */
export async function scanExpiringCertificates(
  db: Queryable,
  today: string,
  withinDays: number,
): Promise<AutomationSubject[]> {
  const { rows } = await db.query<{
    id: number;
    sku: string;
    nameZh: string;
    nameEn: string;
    certificate: string;
    expiry: string;
  }>(
    `SELECT id, sku, name_zh AS "nameZh", name_en AS "nameEn", certificate_number AS certificate,
            certificate_expiry AS expiry
       FROM products WHERE is_active AND certificate_expiry BETWEEN $1::date AND $2::date
      ORDER BY certificate_expiry, id`,
    [today, addDays(today, withinDays)],
  );
  return rows.map((p) => ({
    key: `certificate:${p.id}:${p.expiry}`,
    title: {
      zh: `产品 ${p.sku} ${p.nameZh} 的注册证 ${p.certificate} 将于 ${p.expiry} 到期`,
      en: `Product ${p.sku} ${p.nameEn}: registration certificate ${p.certificate} expires on ${p.expiry}`,
    },
    link: '/products',
    regionId: null,
    customerId: null,
    ownerId: null,
    facts: { daysLeft: daysBetween(today, p.expiry) },
  }));
}

/**
 * Warehouse positions whose available stock (on hand − reserved) plus what is already on order
 * (purchase orders not yet received, drafts included) is below the reorder point.
 */
export async function scanStockBelowReorderPoint(db: Queryable, today: string): Promise<AutomationSubject[]> {
  const { rows } = await db.query<{
    warehouseId: number;
    warehouseName: string;
    regionId: number;
    productId: number;
    sku: string;
    nameZh: string;
    nameEn: string;
    reorderPoint: number;
    orderQuantity: number;
    supplierId: number;
    unitPriceFen: number;
    available: number;
    onOrder: number;
  }>(
    `SELECT rp.warehouse_id AS "warehouseId", w.name AS "warehouseName", w.region_id AS "regionId",
            rp.product_id AS "productId", p.sku, p.name_zh AS "nameZh", p.name_en AS "nameEn",
            rp.reorder_point AS "reorderPoint", rp.order_quantity AS "orderQuantity", rp.supplier_id AS "supplierId",
            rp.unit_price_fen AS "unitPriceFen",
            coalesce((SELECT sum(b.on_hand - b.reserved) FROM stock_balances b
                       WHERE b.warehouse_id = rp.warehouse_id AND b.product_id = rp.product_id), 0)::int AS available,
            coalesce((SELECT sum(l.quantity - l.received_quantity) FROM purchase_order_lines l
                        JOIN purchase_orders po ON po.id = l.purchase_order_id
                       WHERE po.warehouse_id = rp.warehouse_id AND l.product_id = rp.product_id
                         AND po.status IN ('draft', 'confirmed', 'partially_received')), 0)::int AS "onOrder"
       FROM reorder_points rp JOIN warehouses w ON w.id = rp.warehouse_id JOIN products p ON p.id = rp.product_id
      WHERE w.is_active AND p.is_active
      ORDER BY rp.warehouse_id, rp.product_id`,
  );
  return rows
    .filter((r) => r.available + r.onOrder < r.reorderPoint)
    .map((r) => ({
      key: `reorder:${r.warehouseId}:${r.productId}:${today}`,
      title: {
        zh: `${r.warehouseName} 的 ${r.sku} ${r.nameZh} 可用 ${r.available}，低于再订货点 ${r.reorderPoint}`,
        en: `${r.warehouseName}: ${r.sku} ${r.nameEn} has ${r.available} available, below the reorder point ${r.reorderPoint}`,
      },
      link: '/purchase-orders',
      regionId: r.regionId,
      customerId: null,
      ownerId: null,
      facts: { amountFen: r.orderQuantity * r.unitPriceFen },
      draft: {
        warehouseId: r.warehouseId,
        productId: r.productId,
        supplierId: r.supplierId,
        quantity: r.orderQuantity,
        unitPriceFen: r.unitPriceFen,
      },
    }));
}

/**
 * Open opportunities of at least `minAmountFen` without activity (an edit or a stage change)
 * for at least `idleDays` business days.
 */
export async function scanIdleOpportunities(
  db: Queryable,
  today: string,
  idleDays: number,
  minAmountFen: number,
): Promise<AutomationSubject[]> {
  const { rows } = await db.query<{
    id: number;
    number: string;
    name: string;
    amountFen: number;
    regionId: number;
    customerId: number;
    ownerId: number | null;
    lastActivity: Date;
  }>(
    `SELECT o.id, o.number, o.name, o.amount_fen AS "amountFen", o.region_id AS "regionId",
            o.customer_id AS "customerId", o.owner_id AS "ownerId",
            greatest(o.updated_at, coalesce((SELECT max(h.entered_at) FROM opportunity_stage_history h
                                              WHERE h.opportunity_id = o.id), o.updated_at)) AS "lastActivity"
       FROM opportunities o
      WHERE o.stage IN ('opportunity', 'quote', 'contract') AND o.amount_fen >= $1
      ORDER BY o.id`,
    [minAmountFen],
  );
  return rows
    .map((o) => ({ o, lastDay: businessDate(o.lastActivity) }))
    .filter(({ lastDay }) => daysBetween(lastDay, today) >= idleDays)
    .map(({ o, lastDay }) => ({
      key: `opportunity:${o.id}:${lastDay}`,
      title: {
        zh: `商机 ${o.number} ${o.name}（${formatYuan(o.amountFen)}）已 ${daysBetween(lastDay, today)} 天无进展`,
        en: `Opportunity ${o.number} ${o.name} (${formatYuan(o.amountFen)}) idle for ${daysBetween(lastDay, today)} days`,
      },
      link: null,
      regionId: o.regionId,
      customerId: o.customerId,
      ownerId: o.ownerId,
      facts: { idleDays: daysBetween(lastDay, today), amountFen: o.amountFen },
    }));
}

/** Items of a CNY price list priced below the product's floor price. */
export async function priceListItemsBelowFloor(
  db: Queryable,
  priceListId: number,
): Promise<AutomationSubject[]> {
  const { rows } = await db.query<{
    code: string;
    name: string;
    productId: number;
    sku: string;
    price: number;
    floor: number;
    regionId: number | null;
    customerId: number | null;
  }>(
    `SELECT pl.code, pl.name, i.product_id AS "productId", p.sku, i.unit_price AS price, p.floor_price_fen AS floor,
            c.region_id AS "regionId", pl.customer_id AS "customerId"
       FROM price_lists pl JOIN price_list_items i ON i.price_list_id = pl.id JOIN products p ON p.id = i.product_id
       LEFT JOIN customers c ON c.id = pl.customer_id
      WHERE pl.id = $1 AND pl.is_active AND pl.currency = 'CNY' AND p.floor_price_fen IS NOT NULL
        AND i.unit_price < p.floor_price_fen
      ORDER BY i.product_id`,
    [priceListId],
  );
  return rows.map((r) => ({
    key: `price_list:${priceListId}:${r.productId}:${r.price}`,
    title: {
      zh: `价目表 ${r.code} 中 ${r.sku} 的价格 ${formatYuan(r.price)} 低于底价 ${formatYuan(r.floor)}`,
      en: `Price list ${r.code}: ${r.sku} at ${formatYuan(r.price)} is below the floor ${formatYuan(r.floor)}`,
    },
    link: null,
    regionId: r.regionId,
    customerId: r.customerId,
    ownerId: null,
    facts: { amountFen: r.price },
  }));
}

/** Lines of a confirmed order whose net CNY unit price is below the floor it was priced with. */
export async function orderLinesBelowFloor(db: Queryable, orderId: number): Promise<AutomationSubject[]> {
  const { rows } = await db.query<{
    number: string;
    regionId: number;
    customerId: number;
    ownerId: number | null;
    grossFen: number;
    lineNo: number;
    sku: string;
    unitNetFen: number;
    floor: number;
  }>(
    `SELECT o.number, o.region_id AS "regionId", o.customer_id AS "customerId", o.owner_rep_id AS "ownerId",
            o.gross_cny_fen AS "grossFen", l.line_no AS "lineNo", p.sku,
            (l.net_cny_fen / l.quantity)::bigint AS "unitNetFen", l.floor_price_fen AS floor
       FROM sales_orders o JOIN sales_order_lines l ON l.order_id = o.id JOIN products p ON p.id = l.product_id
      WHERE o.id = $1 AND l.floor_price_fen IS NOT NULL AND l.net_cny_fen < l.floor_price_fen * l.quantity
      ORDER BY l.line_no`,
    [orderId],
  );
  return rows.map((r) => ({
    key: `order:${orderId}:${r.lineNo}`,
    title: {
      zh: `订单 ${r.number} 第 ${r.lineNo} 行 ${r.sku} 单价 ${formatYuan(r.unitNetFen)} 低于底价 ${formatYuan(r.floor)}`,
      en: `Order ${r.number} line ${r.lineNo}: ${r.sku} at ${formatYuan(r.unitNetFen)} is below the floor ${formatYuan(r.floor)}`,
    },
    link: `/orders/${orderId}`,
    regionId: r.regionId,
    customerId: r.customerId,
    ownerId: r.ownerId,
    facts: { amountFen: r.grossFen },
    document: { type: null, id: orderId, ref: r.number, amountFen: r.grossFen },
  }));
}

/** The customer whose credit grade changed (event credit.grade_changed). */
export async function creditGradeSubject(
  db: Queryable,
  payload: { customerId: number; from: string | null; to: string; key: string },
): Promise<AutomationSubject[]> {
  const { rows } = await db.query<{ id: number; name: string; regionId: number; ownerId: number | null }>(
    `SELECT id, name, region_id AS "regionId", owner_rep_id AS "ownerId" FROM customers WHERE id = $1`,
    [payload.customerId],
  );
  const c = rows[0];
  if (!c) return [];
  return [
    {
      key: `credit_grade:${payload.key}`,
      title: {
        zh: `${c.name} 的信用等级由 ${payload.from ?? '—'} 变为 ${payload.to}，请复核信用额度与账期`,
        en: `${c.name}: credit grade changed from ${payload.from ?? '—'} to ${payload.to}; review the limit and terms`,
      },
      link: `/customers/${c.id}`,
      regionId: c.regionId,
      customerId: c.id,
      ownerId: c.ownerId,
      facts: { fromGrade: payload.from, toGrade: payload.to },
    },
  ];
}

/** The document of a finished approval (events approval.approved / approval.rejected). */
export function approvalSubject(payload: {
  approvalId: number;
  documentType: DocumentType;
  documentId: number;
  documentRef: string;
  status: string;
  amountFen: number | null;
  regionId: number | null;
  customerId: number | null;
  initiatorId: number | null;
}): AutomationSubject {
  const label = documentLabel(payload.documentType, payload.documentRef);
  const approved = payload.status === 'approved';
  return {
    key: `approval:${payload.approvalId}`,
    title: approved
      ? { zh: `${label.zh} 已审批通过，请做好后续安排`, en: `${label.en} is approved; plan what follows` }
      : { zh: `${label.zh} 被驳回`, en: `${label.en} was rejected` },
    link: `/workflow/approvals/${payload.approvalId}`,
    regionId: payload.regionId,
    customerId: payload.customerId,
    ownerId: payload.initiatorId,
    facts: {
      documentType: payload.documentType,
      ...(payload.amountFen !== null ? { amountFen: payload.amountFen } : {}),
    },
    document: {
      type: payload.documentType,
      id: payload.documentId,
      ref: payload.documentRef,
      amountFen: payload.amountFen,
    },
  };
}

// ---------------------------------------------------------------------------------------
// Rules and runs

export interface RuleRow {
  id: number;
  code: string;
  nameZh: string;
  nameEn: string;
  trigger: AutomationTrigger;
  condition: AutomationCondition;
  action: AutomationAction;
  isActive: boolean;
  isDefault: boolean;
  version: number;
  firedCount: number;
  lastFiredAt: Date | null;
}

const ruleColumns = `r.id, r.code, r.name_zh AS "nameZh", r.name_en AS "nameEn", r.trigger, r.condition, r.action,
  r.is_active AS "isActive", r.is_default AS "isDefault", r.version,
  (SELECT count(*)::int FROM workflow_automation_runs x WHERE x.rule_id = r.id AND x.outcome = 'fired') AS "firedCount",
  (SELECT max(x.created_at) FROM workflow_automation_runs x WHERE x.rule_id = r.id) AS "lastFiredAt"`;

export async function listRules(db: Queryable): Promise<RuleRow[]> {
  const { rows } = await db.query<RuleRow>(
    `SELECT ${ruleColumns} FROM workflow_automation_rules r ORDER BY r.id`,
  );
  return rows;
}

export async function findRule(db: Queryable, id: number): Promise<RuleRow | undefined> {
  const { rows } = await db.query<RuleRow>(
    `SELECT ${ruleColumns} FROM workflow_automation_rules r WHERE r.id = $1`,
    [id],
  );
  return rows[0];
}

export async function activeRulesFor(
  db: Queryable,
  trigger: { event: string } | { scan: string },
): Promise<RuleRow[]> {
  const [key, value] = 'event' in trigger ? ['event', trigger.event] : ['scan', trigger.scan];
  const { rows } = await db.query<RuleRow>(
    `SELECT ${ruleColumns} FROM workflow_automation_rules r WHERE r.is_active AND r.trigger ->> '${key}' = $1 ORDER BY r.id`,
    [value],
  );
  return rows;
}

/** Claims (rule, subject): true the first time only. */
export async function claimRun(tx: Queryable, ruleId: number, subjectKey: string): Promise<number | null> {
  const { rows } = await tx.query<{ id: number }>(
    `INSERT INTO workflow_automation_runs (rule_id, subject_key, outcome) VALUES ($1, $2, 'fired')
     ON CONFLICT (rule_id, subject_key) DO NOTHING RETURNING id`,
    [ruleId, subjectKey],
  );
  return rows[0]?.id ?? null;
}

export async function finishRun(
  db: Queryable,
  runId: number,
  outcome: 'fired' | 'failed',
  detail: Record<string, unknown>,
): Promise<void> {
  await db.query('UPDATE workflow_automation_runs SET outcome = $2, detail = $3::jsonb WHERE id = $1', [
    runId,
    outcome,
    JSON.stringify(detail),
  ]);
}
