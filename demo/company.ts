/**
 * The demo company generator (`pulse demo --seed N --scale S`): deterministic for a seed, on an
 * empty database. Sections are independent functions over one transaction, so later modules
 * add their own (orders, campaigns, a recall…) without touching the others.
 */

import { rebuildRollupsConcurrently } from '../server/modules/analytics/index.ts';
import { hashPassword } from '../server/modules/auth/passwords.ts';
import { recordAudit } from '../server/platform/audit.ts';
import { systemContext } from '../server/platform/auth-context.ts';
import { addDays, businessDate } from '../server/platform/dates.ts';
import { type Db, type Queryable, withTransaction } from '../server/platform/db.ts';
import { analyticsExamplesSection } from './analytics-examples.ts';
import { approvalsSection } from './approvals.ts';
import { enterBulkMode } from './bulk-load.ts';
import { productLineSeeds, supplierSeeds } from './catalog-data.ts';
import { creditSection } from './credit.ts';
import { loadDataQualityExamples } from './data-quality-examples.ts';
import { historySections } from './history/index.ts';
import { marketingSection } from './marketing.ts';
import { generateCustomers, generateProducts, generateSalesForce } from './master-data.ts';
import { Random } from './random.ts';
import { regionRows } from './regions.ts';
import { targetsSection } from './targets.ts';
import { demoUsers } from './users.ts';

export const DEMO_PASSWORD = 'Pulse-demo-2026';

export interface DemoOptions {
  seed?: number;
  scale?: number;
  /** The demo's "today": history ends here. Fixed in tests for reproducible data. */
  today?: string;
  /** Months of order history before today's month (default 36); 0 loads master data only. */
  historyMonths?: number;
  /**
   * Progress for a progress bar: `done` of `total` work units (total is fixed per load) and the
   * step being worked on. Called often during long sections (per month, per batch of rows).
   */
  onProgress?: (step: string, done: number, total: number) => void;
  /**
   * false: commit without building the analytics rollups (default true). What a stop right
   * after the commit leaves; tests use it to check the scheduled refresh builds them.
   */
  buildRollups?: boolean;
}

/** Work units of a whole load, as reported to onProgress. */
export const PROGRESS_UNITS = 1000;

export interface DemoContext {
  tx: Queryable;
  random: Random;
  scale: number;
  today: string;
  regionIds: Map<string, number>;
  userIds: Map<string, number>;
  customerIds: Map<string, number>;
  productIds: Map<string, number>;
  warehouseIds: Map<string, number>;
  /** Months of history (loadDemoCompany always sets it; absent means none). */
  historyMonths?: number;
  /** Reports how far the running section is (0…1), with an optional detail for the step name. */
  progress?: (fraction: number, detail?: string) => void;
}

export interface DemoSection {
  name: string;
  /** Relative duration at scale 1, for progress (default 1). */
  weight?: number;
  run: (demo: DemoContext) => Promise<void>;
}

/**
 * Inserts rows given as columns of equal length, in one statement. A column whose values are
 * array literals ('{a,b}') names its column type in `cast`.
 */
export async function insertColumns(
  tx: Queryable,
  table: string,
  columns: Record<string, { type: string; values: unknown[]; cast?: string }>,
  returning?: string,
) {
  const names = Object.keys(columns);
  const selected = names.map((n, i) => `c${i}${columns[n]!.cast ? `::${columns[n]!.cast}` : ''}`).join(', ');
  const { rows } = await tx.query(
    `INSERT INTO ${table} (${names.join(', ')})
     SELECT ${selected} FROM unnest(${names.map((n, i) => `$${i + 1}::${columns[n]!.type}[]`).join(', ')})
       AS t(${names.map((_, i) => `c${i}`).join(', ')})
     ${returning ? `RETURNING ${returning}` : ''}`,
    names.map((n) => columns[n]!.values),
  );
  return rows;
}

async function loadRegions(demo: DemoContext) {
  for (const row of regionRows()) {
    const { rows } = await demo.tx.query<{ id: number }>(
      'INSERT INTO regions (parent_id, level, code, name_zh, name_en) VALUES ($1, $2, $3, $4, $5) RETURNING id',
      [
        row.parentCode ? demo.regionIds.get(row.parentCode) : null,
        row.level,
        row.code,
        row.nameZh,
        row.nameEn,
      ],
    );
    demo.regionIds.set(row.code, rows[0]!.id);
  }
}

async function loadUsers(demo: DemoContext) {
  // One hash for the shared demo password: hashing it 50 times would only cost start-up time.
  const hash = await hashPassword(DEMO_PASSWORD);
  const salesForce = generateSalesForce(demo.random.fork('sales-force'));
  const named = new Set(salesForce.map((p) => p.username));
  const office = demoUsers.filter((u) => !named.has(u.username) && !u.distributorCode);
  const people = [
    {
      username: 'admin',
      displayName: '系统管理员',
      roles: ['admin'],
      regionCode: null,
      managerUsername: null,
    },
    ...office.map((u) => ({
      username: u.username,
      displayName: u.displayName,
      roles: u.roles,
      regionCode: null,
      managerUsername: u.manager ?? null,
    })),
    ...salesForce,
  ];
  const rows = await insertColumns(
    demo.tx,
    'users',
    {
      username: { type: 'text', values: people.map((p) => p.username) },
      display_name: { type: 'text', values: people.map((p) => p.displayName) },
      password_hash: { type: 'text', values: people.map(() => hash) },
      roles: { type: 'text', values: people.map((p) => `{${p.roles.join(',')}}`), cast: 'text[]' },
    },
    'id, username',
  );
  for (const row of rows as { id: number; username: string }[]) demo.userIds.set(row.username, row.id);
  for (const person of people) {
    if (person.managerUsername) {
      await demo.tx.query('UPDATE users SET manager_id = $2 WHERE id = $1', [
        demo.userIds.get(person.username),
        demo.userIds.get(person.managerUsername),
      ]);
    }
    if (person.regionCode) {
      await demo.tx.query('INSERT INTO user_regions (user_id, region_id) VALUES ($1, $2)', [
        demo.userIds.get(person.username),
        demo.regionIds.get(person.regionCode),
      ]);
    }
  }
}

async function loadCustomers(demo: DemoContext) {
  const random = demo.random.fork('customers');
  const salesForce = generateSalesForce(demo.random.fork('sales-force'));
  const customers = generateCustomers(random, demo.scale, salesForce);
  const rows = await insertColumns(
    demo.tx,
    'customers',
    {
      code: { type: 'text', values: customers.map((c) => c.code) },
      name: { type: 'text', values: customers.map((c) => c.name) },
      name_normalized: { type: 'text', values: customers.map((c) => c.nameNormalized) },
      type: { type: 'text', values: customers.map((c) => c.type) },
      hospital_grade: { type: 'text', values: customers.map((c) => c.hospitalGrade) },
      distributor_level: { type: 'smallint', values: customers.map((c) => c.distributorLevel) },
      channel: { type: 'text', values: customers.map((c) => c.channel) },
      tax_id: { type: 'text', values: customers.map((c) => c.taxId) },
      region_id: { type: 'bigint', values: customers.map((c) => demo.regionIds.get(c.cityCode)) },
      address: { type: 'text', values: customers.map((c) => c.address) },
      contact_name: { type: 'text', values: customers.map((c) => c.contactName) },
      contact_phone: { type: 'text', values: customers.map((c) => c.contactPhone) },
      owner_rep_id: {
        type: 'bigint',
        values: customers.map((c) => (c.ownerUsername ? demo.userIds.get(c.ownerUsername) : null)),
      },
      payment_terms_days: { type: 'int', values: customers.map((c) => c.paymentTermsDays) },
      min_shelf_life_days: { type: 'int', values: customers.map((c) => c.minShelfLifeDays) },
      is_target: { type: 'boolean', values: customers.map((c) => c.isTarget) },
    },
    'id, code',
  );
  for (const row of rows as { id: number; code: string }[]) demo.customerIds.set(row.code, row.id);

  // Qualifications: hospitals their institution licence, distributors and agents an operating
  // licence; a few expire within 30 days and one has expired.
  const qualificationRandom = demo.random.fork('qualifications');
  const qualifications = customers
    .filter((c) => c.type !== 'clinic')
    .map((c, index) => {
      const isInstitution = c.type === 'hospital';
      const roll = qualificationRandom.next();
      const validUntil =
        index === 7
          ? addDays(demo.today, -20)
          : roll < 0.04
            ? addDays(demo.today, qualificationRandom.int(3, 29))
            : addDays(demo.today, qualificationRandom.int(120, 1700));
      return {
        customerId: demo.customerIds.get(c.code)!,
        type: isInstitution ? 'medical_institution_licence' : 'operating_licence',
        number: isInstitution
          ? `PDY${String(qualificationRandom.int(10_000_000, 99_999_999))}A1001`
          : `${c.name.slice(0, 2)}食药监械经营许${qualificationRandom.int(2018, 2024)}${String(index).padStart(4, '0')}号`,
        coveredClasses: isInstitution ? '{}' : '{2,3}',
        validFrom: addDays(validUntil, -5 * 365),
        validUntil,
      };
    });
  await insertColumns(demo.tx, 'customer_qualifications', {
    customer_id: { type: 'bigint', values: qualifications.map((q) => q.customerId) },
    type: { type: 'text', values: qualifications.map((q) => q.type) },
    number: { type: 'text', values: qualifications.map((q) => q.number) },
    covered_classes: {
      type: 'text',
      values: qualifications.map((q) => q.coveredClasses),
      cast: 'smallint[]',
    },
    valid_from: { type: 'date', values: qualifications.map((q) => q.validFrom) },
    valid_until: { type: 'date', values: qualifications.map((q) => q.validUntil) },
  });
}

async function loadCatalog(demo: DemoContext) {
  const lineIds = new Map<string, number>();
  const lines = await insertColumns(
    demo.tx,
    'product_lines',
    {
      code: { type: 'text', values: productLineSeeds.map((l) => l.code) },
      name_zh: { type: 'text', values: productLineSeeds.map((l) => l.nameZh) },
      name_en: { type: 'text', values: productLineSeeds.map((l) => l.nameEn) },
    },
    'id, code',
  );
  for (const row of lines as { id: number; code: string }[]) lineIds.set(row.code, row.id);

  const supplierIds = new Map<string, number>();
  const random = demo.random.fork('suppliers');
  const suppliers = await insertColumns(
    demo.tx,
    'suppliers',
    {
      code: { type: 'text', values: supplierSeeds.map((s) => s[0]) },
      name: { type: 'text', values: supplierSeeds.map((s) => s[1]) },
      kind: { type: 'text', values: supplierSeeds.map((s) => s[2]) },
      country: { type: 'text', values: supplierSeeds.map((s) => s[3]) },
      licence_number: {
        type: 'text',
        values: supplierSeeds.map((s, i) =>
          s[4] ? `${s[4]}食药监械生产许${2010 + i}${String(i + 1).padStart(4, '0')}号` : null,
        ),
      },
      licence_valid_until: {
        type: 'date',
        values: supplierSeeds.map((s, i) =>
          s[4] ? addDays(demo.today, i === 2 ? 25 : random.int(200, 1600)) : null,
        ),
      },
    },
    'id, code',
  );
  for (const row of suppliers as { id: number; code: string }[]) supplierIds.set(row.code, row.id);

  const products = generateProducts(demo.random.fork('products'), demo.scale, demo.today);
  const rows = await insertColumns(
    demo.tx,
    'products',
    {
      sku: { type: 'text', values: products.map((p) => p.sku) },
      name_zh: { type: 'text', values: products.map((p) => p.nameZh) },
      name_en: { type: 'text', values: products.map((p) => p.nameEn) },
      model_spec: { type: 'text', values: products.map((p) => p.modelSpec) },
      product_line_id: { type: 'bigint', values: products.map((p) => lineIds.get(p.lineCode)) },
      unit: { type: 'text', values: products.map((p) => p.unit) },
      gtin: { type: 'text', values: products.map((p) => p.gtin) },
      certificate_number: { type: 'text', values: products.map((p) => p.certificateNumber) },
      device_class: { type: 'smallint', values: products.map((p) => p.deviceClass) },
      certificate_expiry: { type: 'date', values: products.map((p) => p.certificateExpiry) },
      manufacturer_id: { type: 'bigint', values: products.map((p) => supplierIds.get(p.manufacturerCode)) },
      storage_condition: { type: 'text', values: products.map((p) => p.storageCondition) },
      cold_chain_min_c: { type: 'numeric', values: products.map((p) => p.coldChainMinC) },
      cold_chain_max_c: { type: 'numeric', values: products.map((p) => p.coldChainMaxC) },
      shelf_life_days: { type: 'int', values: products.map((p) => p.shelfLifeDays) },
      standard_cost_fen: { type: 'bigint', values: products.map((p) => p.standardCostFen) },
      list_price_fen: { type: 'bigint', values: products.map((p) => p.listPriceFen) },
      floor_price_fen: { type: 'bigint', values: products.map((p) => p.floorPriceFen) },
      vat_rate: { type: 'numeric', values: products.map((p) => p.vatRate) },
      is_serial_tracked: { type: 'boolean', values: products.map((p) => p.isSerialTracked) },
      is_implant: { type: 'boolean', values: products.map((p) => p.isImplant) },
    },
    'id, sku',
  );
  for (const row of rows as { id: number; sku: string }[]) demo.productIds.set(row.sku, row.id);

  const warehouses = [
    ['WH-SH', '上海中心仓', 'SH-SH', true],
    ['WH-BJ', '北京华北仓', 'BJ-BJ', true],
    ['WH-GZ', '广州华南仓', 'GD-GZ', false],
    ['WH-CD', '成都西南仓', 'SC-CD', false],
  ] as const;
  const stored = await insertColumns(
    demo.tx,
    'warehouses',
    {
      code: { type: 'text', values: warehouses.map((w) => w[0]) },
      name: { type: 'text', values: warehouses.map((w) => w[1]) },
      region_id: { type: 'bigint', values: warehouses.map((w) => demo.regionIds.get(w[2])) },
      is_cold_chain: { type: 'boolean', values: warehouses.map((w) => w[3]) },
    },
    'id, code',
  );
  for (const row of stored as { id: number; code: string }[]) demo.warehouseIds.set(row.code, row.id);
}

async function loadDistributorUser(demo: DemoContext) {
  const user = demoUsers.find((u) => u.distributorCode);
  if (!user) return;
  // The first level-1 distributor gets the demo distributor login.
  const { rows } = await demo.tx.query<{ id: number; name: string }>(
    `SELECT id, name FROM customers WHERE type = 'distributor' ORDER BY distributor_level, code LIMIT 1`,
  );
  const hash = await hashPassword(DEMO_PASSWORD);
  await demo.tx.query(
    `INSERT INTO users (username, display_name, password_hash, roles, distributor_id) VALUES ($1, $2, $3, '{distributor}', $4)`,
    [user.username, `${rows[0]!.name} 业务员`, hash, rows[0]!.id],
  );
}

/** The sections in order; later modules append theirs (campaigns, a recall, rebates…). */
export const demoSections: DemoSection[] = [
  { name: 'regions', run: loadRegions },
  { name: 'users', run: loadUsers },
  { name: 'customers', run: loadCustomers },
  { name: 'catalog', run: loadCatalog },
  { name: 'distributor user', run: loadDistributorUser },
  { name: 'data-quality examples', run: loadDataQualityExamples },
  ...historySections,
  // Ratings read the history's invoices and payments.
  creditSection,
  // Campaigns and leads are drawn from the order history, so they come after it.
  marketingSection,
  // Monthly targets: the actual revenue trend plus 5–15 %, read from the history's invoices.
  targetsSection,
  // Saved reports and KPI alerts of a few demo users (questions only, no figures).
  analyticsExamplesSection,
  // Next year's contracts of three tender hospitals, waiting in the approvers' inboxes.
  approvalsSection,
  // After the commit, loadDemoCompany sums the documents of every section into the analytics
  // rollups.
];

/**
 * The rollups' share of a load's duration, for progress (a section's weight): about a tenth of
 * the whole, as the history's simulation (30) is about a third.
 */
const ROLLUPS_WEIGHT = 10;

export async function loadDemoCompany(db: Db, options: DemoOptions = {}): Promise<DemoContext> {
  const scale = options.scale ?? 1;
  if (!Number.isInteger(scale) || scale < 1) throw new RangeError('scale must be a whole number ≥ 1');
  const historyMonths = options.historyMonths ?? 36;
  if (!Number.isInteger(historyMonths) || historyMonths < 0 || historyMonths > 120) {
    throw new RangeError('historyMonths must be a whole number from 0 to 120');
  }
  const { rows } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM customers');
  if (rows[0]!.n > 0) throw new Error('The demo company loads into an empty database only.');
  const sectionsWeight = demoSections.reduce((sum, s) => sum + (s.weight ?? 1), 0);
  const totalWeight = sectionsWeight + ROLLUPS_WEIGHT;
  let reported = -1;
  // A section's start is always told (a short section may not move the bar), so that a
  // listener timing the sections puts each one's time under its own name.
  const report = (step: string, weightDone: number, isSectionStart = false) => {
    const done = Math.min(PROGRESS_UNITS, Math.floor((weightDone / totalWeight) * PROGRESS_UNITS));
    if (done === reported && !isSectionStart) return;
    reported = done;
    options.onProgress?.(step, done, PROGRESS_UNITS);
  };
  const demo = await withTransaction(db, async (tx) => {
    const isBulk = await enterBulkMode(tx);
    const demo: DemoContext = {
      tx,
      random: new Random(options.seed ?? 2026),
      scale,
      today: options.today ?? businessDate(),
      regionIds: new Map(),
      userIds: new Map(),
      customerIds: new Map(),
      productIds: new Map(),
      warehouseIds: new Map(),
      historyMonths,
      progress: () => {},
    };
    let before = 0;
    for (const section of demoSections) {
      const weight = section.weight ?? 1;
      demo.progress = (fraction, detail) =>
        report(detail ? `${section.name}: ${detail}` : section.name, before + weight * Math.min(1, fraction));
      report(section.name, before, true);
      await section.run(demo);
      before += weight;
    }
    await recordAudit(tx, systemContext(), {
      action: 'load_demo',
      entity: 'demo_company',
      after: {
        seed: options.seed ?? 2026,
        scale,
        today: demo.today,
        customers: demo.customerIds.size,
        products: demo.productIds.size,
      },
    });
    // In bulk mode the commit verifies every reference and journal (migration 0010).
    if (isBulk) report('checking references', sectionsWeight, true);
    return demo;
  });
  // The analytics rollups are summed once the documents have committed, two at a time on two
  // connections (the loading transaction is one backend, on one core). The bulk inserts left
  // every day and every customer marked dirty, so until each is built — and for good, should the
  // process stop first, until the scheduled refresh builds them — analytics read those from the
  // documents: the answers are exact either way.
  if (options.buildRollups !== false) {
    report('analytics rollups', sectionsWeight, true);
    await rebuildRollupsConcurrently(db, 2);
  }
  report('done', totalWeight, true);
  return demo;
}
