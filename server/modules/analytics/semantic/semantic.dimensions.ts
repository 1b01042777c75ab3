/**
 * The dimensions of the semantic layer: what a measure can be broken down and filtered by, with
 * the joins that reach each one's key and display name from a fact row.
 */
import type { AnalyticsDimensionName } from '../../../../contracts/analytics-query.ts';
import type { Capability, Label } from './semantic.sources.ts';

/** Joins a dimension needs, in dependency order. */
export type JoinName = 'rl' | 'c' | 'seg' | 'p' | 'pl' | 'u' | 'w';

export const joinSql: Record<JoinName, string> = {
  rl: 'LEFT JOIN analytics_region_levels rl ON rl.region_id = f.region_id',
  c: 'LEFT JOIN customers c ON c.id = f.customer_id',
  // Each customer's RFM segment, computed before the query (customer-segments.ts) and passed as
  // parameters: the compiler puts their placeholders where the braces are.
  seg: `LEFT JOIN unnest({segmentCustomerIds}::bigint[], {segmentCodes}::text[], {segmentLabels}::text[])
          AS seg(customer_id, segment, label) ON seg.customer_id = f.customer_id`,
  p: 'LEFT JOIN products p ON p.id = f.product_id',
  pl: 'LEFT JOIN product_lines pl ON pl.id = p.product_line_id',
  u: 'LEFT JOIN users u ON u.id = f.rep_id',
  w: 'LEFT JOIN warehouses w ON w.id = f.warehouse_id',
};

export interface Dimension {
  name: AnalyticsDimensionName;
  label: Label;
  /** What the fact rows must carry. Region dimensions need nothing: every fact has a region. */
  needs: Capability | null;
  joins: readonly JoinName[];
  /** The grouping key; `{date}` stands for the (possibly shifted) fact date. */
  key: string;
  /** Display names; null to show the key (codes such as a channel, translated by the client). */
  labelSql: Label | null;
  /** Codes the client translates (channel, customer type). */
  isCode?: boolean;
}

const dateDimension = (name: AnalyticsDimensionName, label: Label, format: string): Dimension => ({
  name,
  label,
  needs: 'date',
  joins: [],
  key: `to_char({date}, '${format}')`,
  labelSql: null,
});

export const dimensionList: readonly Dimension[] = [
  dateDimension('day', { zh: '日', en: 'Day' }, 'YYYY-MM-DD'),
  dateDimension('week', { zh: '周', en: 'Week' }, 'IYYY-"W"IW'),
  dateDimension('month', { zh: '月', en: 'Month' }, 'YYYY-MM'),
  dateDimension('quarter', { zh: '季度', en: 'Quarter' }, 'YYYY-"Q"Q'),
  dateDimension('year', { zh: '年', en: 'Year' }, 'YYYY'),
  {
    name: 'region',
    label: { zh: '大区', en: 'Sales region' },
    needs: null,
    joins: ['rl'],
    key: 'rl.sales_region_id',
    labelSql: { zh: 'rl.sales_region_zh', en: 'rl.sales_region_en' },
  },
  {
    name: 'province',
    label: { zh: '省份', en: 'Province' },
    needs: null,
    joins: ['rl'],
    key: 'rl.province_id',
    labelSql: { zh: 'rl.province_zh', en: 'rl.province_en' },
  },
  {
    name: 'city',
    label: { zh: '城市', en: 'City' },
    needs: null,
    joins: ['rl'],
    key: 'rl.city_id',
    labelSql: { zh: 'rl.city_zh', en: 'rl.city_en' },
  },
  {
    name: 'channel',
    label: { zh: '渠道', en: 'Channel' },
    needs: 'customer',
    joins: ['c'],
    key: 'c.channel',
    labelSql: null,
    isCode: true,
  },
  {
    name: 'customer',
    label: { zh: '客户', en: 'Customer' },
    needs: 'customer',
    joins: ['c'],
    key: 'c.id',
    labelSql: { zh: 'c.name', en: 'c.name' },
  },
  {
    name: 'customer_type',
    label: { zh: '客户类型', en: 'Customer type' },
    needs: 'customer',
    joins: ['c'],
    key: 'c.type',
    labelSql: null,
    isCode: true,
  },
  {
    name: 'hospital_grade',
    label: { zh: '医院等级', en: 'Hospital grade' },
    needs: 'customer',
    joins: ['c'],
    key: 'c.hospital_grade',
    labelSql: null,
    isCode: true,
  },
  {
    name: 'distributor_level',
    label: { zh: '经销商级别', en: 'Distributor level' },
    needs: 'customer',
    joins: ['c'],
    key: 'c.distributor_level',
    labelSql: null,
    isCode: true,
  },
  {
    // Fixed-threshold RFM segment (DOMAIN §6) as of the range's last day, or today when the range
    // ends later (a day to come has no recency yet); null for a customer without orders by then.
    name: 'customer_segment',
    label: { zh: '客户分群', en: 'Customer segment' },
    needs: 'customer',
    joins: ['seg'],
    key: 'seg.segment',
    labelSql: { zh: 'seg.label', en: 'seg.label' },
  },
  {
    name: 'product',
    label: { zh: '产品', en: 'Product' },
    needs: 'product',
    joins: ['p'],
    key: 'p.id',
    // Name and model/specification (规格型号), as a product is named on documents: one product
    // name covers many models (a screw system in several sizes), so the name alone repeats.
    labelSql: { zh: `p.name_zh || ' ' || p.model_spec`, en: `p.name_en || ' ' || p.model_spec` },
  },
  {
    name: 'product_line',
    label: { zh: '产品线', en: 'Product line' },
    needs: 'product',
    joins: ['p', 'pl'],
    key: 'pl.id',
    labelSql: { zh: 'pl.name_zh', en: 'pl.name_en' },
  },
  {
    name: 'device_class',
    label: { zh: '器械类别', en: 'Device class' },
    needs: 'product',
    joins: ['p'],
    key: 'p.device_class',
    labelSql: null,
    isCode: true,
  },
  {
    name: 'rep',
    label: { zh: '销售代表', en: 'Sales rep' },
    needs: 'rep',
    joins: ['u'],
    key: 'u.id',
    labelSql: { zh: 'u.display_name', en: 'u.display_name' },
  },
  {
    name: 'warehouse',
    label: { zh: '仓库', en: 'Warehouse' },
    needs: 'warehouse',
    joins: ['w'],
    key: 'w.id',
    labelSql: { zh: 'w.name', en: 'w.name' },
  },
];

export const dimensions = new Map<string, Dimension>(dimensionList.map((d) => [d.name, d]));
