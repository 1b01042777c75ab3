/**
 * Data-quality rules. Each rule finds records with one kind of problem; a record's entity
 * scores 100 when none of its records has an issue. Set-based rules run as SQL; the few that
 * need a check digit run here on the rows the SQL returns.
 */

import { parseCertificateNumber } from '../catalog/certificate.rules.ts';
import { isValidGtin } from '../catalog/gtin.rules.ts';
import { isValidUnifiedSocialCreditCode, NEAR_DUPLICATE_SIMILARITY } from '../parties/parties.rules.ts';

export type DataQualityEntity = 'customer' | 'qualification' | 'product' | 'supplier';
export type Severity = 'error' | 'warning';

export interface SqlRule {
  entity: DataQualityEntity;
  rule: string;
  severity: Severity;
  /** Returns `entity_id` and a `detail` jsonb; `$1` is today's business date. */
  sql: string;
}

export interface Finding {
  entity: DataQualityEntity;
  entityId: number;
  rule: string;
  severity: Severity;
  detail: Record<string, unknown>;
}

const expiring = (
  entity: DataQualityEntity,
  rule: string,
  table: string,
  column: string,
  label: string,
  /** More jsonb_build_object arguments, e.g. the holder's id for a link. */
  extra = '',
): SqlRule[] => [
  {
    entity,
    rule: `${rule}_EXPIRED`,
    severity: 'error',
    sql: `SELECT id AS entity_id, jsonb_build_object('${label}', ${column}${extra}) AS detail FROM ${table}
           WHERE ${column} < $1::date`,
  },
  {
    entity,
    rule: `${rule}_EXPIRING`,
    severity: 'warning',
    sql: `SELECT id AS entity_id, jsonb_build_object('${label}', ${column}, 'daysLeft', ${column} - $1::date${extra}) AS detail
            FROM ${table} WHERE ${column} BETWEEN $1::date AND $1::date + 90`,
  },
];

export const sqlRules: SqlRule[] = [
  {
    entity: 'customer',
    rule: 'CONTACT_MISSING',
    severity: 'warning',
    sql: `SELECT id AS entity_id, '{}'::jsonb AS detail FROM customers
           WHERE is_active AND (contact_name IS NULL OR contact_phone IS NULL)`,
  },
  {
    entity: 'customer',
    rule: 'OWNER_MISSING',
    severity: 'warning',
    sql: `SELECT id AS entity_id, '{}'::jsonb AS detail FROM customers WHERE is_active AND owner_rep_id IS NULL`,
  },
  {
    entity: 'customer',
    rule: 'TAX_ID_MISSING',
    severity: 'error',
    sql: `SELECT id AS entity_id, '{}'::jsonb AS detail FROM customers
           WHERE is_active AND type IN ('distributor', 'agent') AND tax_id IS NULL`,
  },
  {
    // DOMAIN §4: public hospitals must pay SME suppliers within 60 days at most.
    entity: 'customer',
    rule: 'HOSPITAL_TERMS_OVER_60',
    severity: 'warning',
    sql: `SELECT id AS entity_id, jsonb_build_object('paymentTermsDays', payment_terms_days) AS detail FROM customers
           WHERE type = 'hospital' AND payment_terms_days > 60`,
  },
  {
    entity: 'customer',
    rule: 'DISTRIBUTOR_WITHOUT_VALID_LICENCE',
    severity: 'error',
    sql: `SELECT c.id AS entity_id, '{}'::jsonb AS detail FROM customers c
           WHERE c.is_active AND c.type IN ('distributor', 'agent')
             AND NOT EXISTS (SELECT 1 FROM customer_qualifications q
                              WHERE q.customer_id = c.id AND q.type IN ('operating_licence', 'filing_certificate')
                                AND (q.valid_until IS NULL OR q.valid_until >= $1::date))`,
  },
  {
    entity: 'customer',
    rule: 'NEAR_DUPLICATE',
    severity: 'warning',
    sql: `SELECT a.id AS entity_id, jsonb_build_object('otherId', b.id, 'otherName', b.name,
                 'similarity', round(similarity(a.name_normalized, b.name_normalized)::numeric, 2)) AS detail
            FROM customers a JOIN customers b ON a.id <> b.id AND a.name_normalized % b.name_normalized
           WHERE similarity(a.name_normalized, b.name_normalized) >= ${NEAR_DUPLICATE_SIMILARITY}`,
  },
  ...expiring(
    'qualification',
    'QUALIFICATION',
    'customer_qualifications',
    'valid_until',
    'validUntil',
    ", 'customerId', customer_id",
  ),
  ...expiring('product', 'CERTIFICATE', 'products', 'certificate_expiry', 'certificateExpiry'),
  {
    entity: 'product',
    rule: 'GTIN_MISSING',
    severity: 'warning',
    sql: `SELECT id AS entity_id, '{}'::jsonb AS detail FROM products WHERE is_active AND gtin IS NULL`,
  },
  {
    entity: 'product',
    rule: 'MANUFACTURER_MISSING',
    severity: 'warning',
    sql: `SELECT id AS entity_id, '{}'::jsonb AS detail FROM products WHERE is_active AND manufacturer_id IS NULL`,
  },
  {
    entity: 'product',
    rule: 'SHELF_LIFE_MISSING',
    severity: 'warning',
    sql: `SELECT id AS entity_id, '{}'::jsonb AS detail FROM products WHERE is_active AND shelf_life_days IS NULL`,
  },
  {
    entity: 'product',
    rule: 'COLD_CHAIN_RANGE_MISSING',
    severity: 'error',
    sql: `SELECT id AS entity_id, jsonb_build_object('storageCondition', storage_condition) AS detail FROM products
           WHERE storage_condition ~ '(冷|2-8|2～8|℃|°C|refrigerat)' AND (cold_chain_min_c IS NULL OR cold_chain_max_c IS NULL)`,
  },
  {
    entity: 'product',
    rule: 'FLOOR_ABOVE_LIST_PRICE',
    severity: 'error',
    sql: `SELECT id AS entity_id, jsonb_build_object('floorPriceFen', floor_price_fen, 'listPriceFen', list_price_fen) AS detail
            FROM products WHERE floor_price_fen > list_price_fen`,
  },
  ...expiring('supplier', 'SUPPLIER_LICENCE', 'suppliers', 'licence_valid_until', 'licenceValidUntil'),
];

/** Rows whose codes need a check-digit test, which SQL cannot do. */
export interface CodeRows {
  customers: { id: number; taxId: string }[];
  products: { id: number; gtin: string | null; certificateNumber: string; deviceClass: number }[];
}

export function findInvalidCodes(rows: CodeRows): Finding[] {
  const findings: Finding[] = [];
  for (const c of rows.customers) {
    if (!isValidUnifiedSocialCreditCode(c.taxId)) {
      findings.push({
        entity: 'customer',
        entityId: c.id,
        rule: 'TAX_ID_INVALID',
        severity: 'error',
        detail: { taxId: c.taxId },
      });
    }
  }
  for (const p of rows.products) {
    if (p.gtin !== null && !isValidGtin(p.gtin)) {
      findings.push({
        entity: 'product',
        entityId: p.id,
        rule: 'GTIN_INVALID',
        severity: 'error',
        detail: { gtin: p.gtin },
      });
    }
    const certificate = parseCertificateNumber(p.certificateNumber);
    if (!certificate.ok) {
      findings.push({
        entity: 'product',
        entityId: p.id,
        rule: 'CERTIFICATE_NUMBER_INVALID',
        severity: 'error',
        detail: { certificateNumber: p.certificateNumber },
      });
    } else if (certificate.deviceClass !== p.deviceClass) {
      findings.push({
        entity: 'product',
        entityId: p.id,
        rule: 'CERTIFICATE_CLASS_MISMATCH',
        severity: 'error',
        detail: {
          certificateNumber: p.certificateNumber,
          deviceClass: p.deviceClass,
          certificateClass: certificate.deviceClass,
        },
      });
    }
  }
  return findings;
}

/** Score of an entity type: the share of its records without any issue, as a percentage with one decimal. */
export function qualityScore(records: number, recordsWithIssues: number): number {
  if (records === 0) return 100;
  return Math.round(((records - recordsWithIssues) / records) * 1000) / 10;
}
