/**
 * The master data the history is generated over, read back from the tables the earlier demo
 * sections wrote (so the history does not depend on how they generated it). Sorted by id, so
 * the same database gives the same world.
 */
import type { ComplianceQualification } from '../../server/modules/parties/parties.rules.ts';
import type { Queryable } from '../../server/platform/db.ts';
import type { CustomerKind } from './calendar.ts';

export interface WorldCustomer {
  /** Position in world.customers. */
  index: number;
  id: number;
  code: string;
  name: string;
  type: CustomerKind;
  hospitalGrade: string | null;
  distributorLevel: number | null;
  channel: 'direct' | 'distributor' | 'agent' | 'tender';
  regionId: number;
  salesRegion: string;
  ownerRepId: number | null;
  paymentTermsDays: number;
  minShelfLifeDays: number;
  isActive: boolean;
  qualifications: ComplianceQualification[];
}

export interface WorldProduct {
  index: number;
  id: number;
  sku: string;
  lineCode: string;
  gtin: string | null;
  deviceClass: 1 | 2 | 3;
  certificateNumber: string;
  certificateExpiry: string | null;
  isActive: boolean;
  standardCostFen: number;
  listPriceFen: number;
  floorPriceFen: number | null;
  /** As PostgreSQL prints numeric(5,4): '0.1300'. */
  vatRate: string;
  shelfLifeDays: number;
  isSerialTracked: boolean;
  isColdChain: boolean;
  manufacturerId: number | null;
}

export interface WorldSupplier {
  id: number;
  code: string;
  kind: string;
  country: string;
  licenceValidUntil: string | null;
}

export interface WorldWarehouse {
  id: number;
  code: string;
  isColdChain: boolean;
}

export interface World {
  customers: WorldCustomer[];
  products: WorldProduct[];
  suppliers: WorldSupplier[];
  warehouses: WorldWarehouse[];
  /** username → id, for created_by and approvals. */
  users: Map<string, number>;
}

export async function loadWorld(tx: Queryable): Promise<World> {
  const regions = await tx.query<{ id: number; parentId: number | null; level: string; code: string }>(
    'SELECT id, parent_id AS "parentId", level, code FROM regions ORDER BY id',
  );
  const byId = new Map(regions.rows.map((r) => [r.id, r]));
  const salesRegionOf = (regionId: number): string => {
    for (let r = byId.get(regionId); r; r = r.parentId === null ? undefined : byId.get(r.parentId)) {
      if (r.level === 'sales_region') return r.code;
    }
    return 'EAST';
  };

  const qualifications = await tx.query<ComplianceQualification & { customerId: number }>(
    `SELECT customer_id AS "customerId", type, number, covered_classes AS "coveredClasses", valid_from AS "validFrom",
            valid_until AS "validUntil"
       FROM customer_qualifications ORDER BY customer_id, id`,
  );
  const qualificationsOf = new Map<number, ComplianceQualification[]>();
  for (const { customerId, ...q } of qualifications.rows) {
    const list = qualificationsOf.get(customerId) ?? [];
    list.push({ ...q, coveredClasses: q.coveredClasses.map(Number) });
    qualificationsOf.set(customerId, list);
  }

  const customers = await tx.query<Omit<WorldCustomer, 'index' | 'salesRegion' | 'qualifications'>>(
    `SELECT id, code, name, type, hospital_grade AS "hospitalGrade", distributor_level AS "distributorLevel", channel,
            region_id AS "regionId", owner_rep_id AS "ownerRepId", payment_terms_days AS "paymentTermsDays",
            min_shelf_life_days AS "minShelfLifeDays", is_active AS "isActive"
       FROM customers ORDER BY id`,
  );
  const products = await tx.query<Omit<WorldProduct, 'index' | 'lineCode'> & { lineCode: string }>(
    `SELECT p.id, p.sku, l.code AS "lineCode", p.gtin, p.device_class AS "deviceClass",
            p.certificate_number AS "certificateNumber", p.certificate_expiry AS "certificateExpiry",
            p.is_active AS "isActive", p.standard_cost_fen AS "standardCostFen", p.list_price_fen AS "listPriceFen",
            p.floor_price_fen AS "floorPriceFen", p.vat_rate::text AS "vatRate",
            coalesce(p.shelf_life_days, 1825) AS "shelfLifeDays", p.is_serial_tracked AS "isSerialTracked",
            p.cold_chain_max_c IS NOT NULL AS "isColdChain", p.manufacturer_id AS "manufacturerId"
       FROM products p JOIN product_lines l ON l.id = p.product_line_id ORDER BY p.id`,
  );
  const suppliers = await tx.query<WorldSupplier>(
    `SELECT id, code, kind, country, licence_valid_until AS "licenceValidUntil" FROM suppliers ORDER BY id`,
  );
  const warehouses = await tx.query<WorldWarehouse>(
    'SELECT id, code, is_cold_chain AS "isColdChain" FROM warehouses WHERE is_active ORDER BY id',
  );
  const users = await tx.query<{ id: number; username: string }>(
    'SELECT id, username FROM users ORDER BY id',
  );
  return {
    customers: customers.rows.map((c, index) => ({
      ...c,
      index,
      salesRegion: salesRegionOf(c.regionId),
      qualifications: qualificationsOf.get(c.id) ?? [],
    })),
    products: products.rows.map((p, index) => ({ ...p, index })),
    suppliers: suppliers.rows,
    warehouses: warehouses.rows,
    users: new Map(users.rows.map((u) => [u.username, u.id])),
  };
}
