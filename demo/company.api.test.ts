import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCertificateNumber } from '../server/modules/catalog/certificate.rules.ts';
import { isValidGtin } from '../server/modules/catalog/gtin.rules.ts';
import { isValidUnifiedSocialCreditCode } from '../server/modules/parties/parties.rules.ts';
import { tableChecksums } from '../server/platform/backup.ts';
import { createTestDatabase, type TestDatabase } from '../server/testing/test-db.ts';
import { loadDemoCompany } from './company.ts';

let first: TestDatabase;
let second: TestDatabase;
const today = '2026-11-23';

beforeAll(async () => {
  [first, second] = await Promise.all([createTestDatabase(), createTestDatabase()]);
  // Master data only: the history has tests of its own (history*.api.test.ts).
  await loadDemoCompany(first.db, { seed: 7, today, historyMonths: 0 });
  await loadDemoCompany(second.db, { seed: 7, today, historyMonths: 0 });
}, 120_000);
afterAll(async () => {
  await first.drop();
  await second.drop();
});

/** Checksums of the business tables, leaving out timestamps that differ between runs. */
async function contentChecksums(db: TestDatabase) {
  const { rows } = await db.db.query<{ t: string; md5: string; n: number }>(`
    SELECT 'customers' AS t, count(*)::int AS n, md5(string_agg(concat_ws('|', code, name, type, hospital_grade, distributor_level, channel, tax_id, region_id, owner_rep_id, payment_terms_days, is_target), ',' ORDER BY code)) AS md5 FROM customers
    UNION ALL SELECT 'products', count(*)::int, md5(string_agg(concat_ws('|', sku, name_zh, model_spec, gtin, certificate_number, device_class, certificate_expiry, list_price_fen, standard_cost_fen), ',' ORDER BY sku)) FROM products
    UNION ALL SELECT 'users', count(*)::int, md5(string_agg(concat_ws('|', username, display_name, roles::text, manager_id), ',' ORDER BY username)) FROM users
    UNION ALL SELECT 'qualifications', count(*)::int, md5(string_agg(concat_ws('|', customer_id, type, number, valid_until), ',' ORDER BY customer_id, number)) FROM customer_qualifications`);
  return rows;
}

describe('demo company generator', () => {
  it('is deterministic: the same seed gives the same content in every table', async () => {
    const a = await contentChecksums(first);
    expect(a.every((r) => r.n > 0)).toBe(true);
    expect(await contentChecksums(second)).toEqual(a);
    // Same row counts in every table, too.
    const counts = (t: Record<string, { rows: number }>) =>
      Object.fromEntries(Object.entries(t).map(([k, v]) => [k, v.rows]));
    const [ca, cb] = await Promise.all([tableChecksums(first.adminUrl), tableChecksums(second.adminUrl)]);
    expect(counts(cb)).toEqual(counts(ca));
  });

  it('has the size the issue asks for: ~300 hospitals, ~60 distributors, ~400 products in 12 lines, ~40 in sales', async () => {
    const { rows } = await first.db.query<{ k: string; n: number }>(`
      SELECT type AS k, count(*)::int AS n FROM customers WHERE code NOT LIKE 'DQ%' GROUP BY type
      UNION ALL SELECT 'planted', count(*)::int FROM customers WHERE code LIKE 'DQ%'
      UNION ALL SELECT 'products', count(*)::int FROM products
      UNION ALL SELECT 'lines', count(*)::int FROM product_lines
      UNION ALL SELECT 'sales', count(*)::int FROM users WHERE roles && '{sales_rep,regional_manager}'`);
    const n = Object.fromEntries(rows.map((r) => [r.k, r.n]));
    expect(n.hospital).toBe(300);
    expect(n.distributor).toBe(60);
    // Plus the customers planted with data-quality problems (demo/data-quality-examples.ts).
    expect(n.planted).toBe(4);
    expect(n.lines).toBe(12);
    expect(n.products).toBeGreaterThanOrEqual(390);
    expect(n.products).toBeLessThanOrEqual(420);
    expect(n.sales).toBe(40);
  });

  it('writes only valid codes: GTIN check digits, certificate shapes and classes, credit codes', async () => {
    const products = await first.db.query<{ gtin: string; certificate_number: string; device_class: number }>(
      'SELECT gtin, certificate_number, device_class FROM products',
    );
    for (const p of products.rows) {
      expect(isValidGtin(p.gtin)).toBe(true);
      const certificate = parseCertificateNumber(p.certificate_number);
      expect(certificate.ok, p.certificate_number).toBe(true);
      if (certificate.ok) expect(certificate.deviceClass).toBe(p.device_class);
    }
    const customers = await first.db.query<{ tax_id: string }>(
      'SELECT tax_id FROM customers WHERE tax_id IS NOT NULL',
    );
    for (const c of customers.rows) expect(isValidUnifiedSocialCreditCode(c.tax_id)).toBe(true);
  });

  it('includes qualifications expiring within 30 days and one expired', async () => {
    const { rows } = await first.db.query<{ expired: number; expiring: number }>(
      `SELECT count(*) FILTER (WHERE valid_until < $1::date)::int AS expired,
              count(*) FILTER (WHERE valid_until BETWEEN $1::date AND $1::date + 30)::int AS expiring
         FROM customer_qualifications`,
      [today],
    );
    expect(rows[0]!.expired).toBe(1);
    expect(rows[0]!.expiring).toBeGreaterThan(2);
  });
});
