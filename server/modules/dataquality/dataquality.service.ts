import type { RequestContext } from '../../platform/auth-context.ts';
import { businessDate } from '../../platform/dates.ts';
import { type Db, withTransaction } from '../../platform/db.ts';
import { pageClause } from '../../platform/listing.ts';
import { scopeCondition } from '../../platform/scope.ts';
import { SqlParams } from '../../platform/sql.ts';
import {
  type DataQualityEntity,
  type Finding,
  findInvalidCodes,
  qualityScore,
  sqlRules,
} from './dataquality.rules.ts';

// One run at a time across servers; a second caller simply waits for the first to finish.
const RUN_LOCK = 7_401_003;

/** Re-evaluates every rule and replaces the snapshot of issues, in one transaction. */
export async function runDataQuality(
  db: Db,
  trigger: string,
  today = businessDate(),
): Promise<{ issues: number }> {
  return withTransaction(db, async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [RUN_LOCK]);
    const run = await tx.query<{ id: number }>(
      'INSERT INTO data_quality_runs (trigger) VALUES ($1) RETURNING id',
      [trigger],
    );
    await tx.query('DELETE FROM data_quality_issues');
    let issues = 0;
    for (const rule of sqlRules) {
      const result = await tx.query(
        `INSERT INTO data_quality_issues (entity, entity_id, rule, severity, detail)
         SELECT $2::text, entity_id, $3::text, $4::text, detail FROM (${rule.sql}) found
         WHERE $1::date IS NOT NULL -- types $1 for rules that do not use it`,
        [today, rule.entity, rule.rule, rule.severity],
      );
      issues += result.rowCount ?? 0;
    }
    const [customers, products] = await Promise.all([
      tx.query<{ id: number; taxId: string }>(
        'SELECT id, tax_id AS "taxId" FROM customers WHERE tax_id IS NOT NULL',
      ),
      tx.query<{ id: number; gtin: string | null; certificateNumber: string; deviceClass: number }>(
        'SELECT id, gtin, certificate_number AS "certificateNumber", device_class AS "deviceClass" FROM products',
      ),
    ]);
    const findings: Finding[] = findInvalidCodes({ customers: customers.rows, products: products.rows });
    if (findings.length > 0) {
      await tx.query(
        `INSERT INTO data_quality_issues (entity, entity_id, rule, severity, detail)
         SELECT * FROM unnest($1::text[], $2::bigint[], $3::text[], $4::text[], $5::jsonb[])`,
        [
          findings.map((f) => f.entity),
          findings.map((f) => f.entityId),
          findings.map((f) => f.rule),
          findings.map((f) => f.severity),
          findings.map((f) => JSON.stringify(f.detail)),
        ],
      );
      issues += findings.length;
    }
    await tx.query('UPDATE data_quality_runs SET finished_at = now(), issues = $2 WHERE id = $1', [
      run.rows[0]!.id,
      issues,
    ]);
    return { issues };
  });
}

/**
 * How each entity's records and issues are joined to scope: customers and their qualifications
 * belong to a region; products and suppliers are company data.
 */
const entitySources: Record<
  DataQualityEntity,
  { table: string; name: string; region: string | null; customer: string | null }
> = {
  customer: {
    table: 'customers e',
    name: "e.code || ' ' || e.name",
    region: 'e.region_id',
    customer: 'e.id',
  },
  qualification: {
    table: 'customer_qualifications e JOIN customers c ON c.id = e.customer_id',
    name: "c.name || ' · ' || e.number",
    region: 'c.region_id',
    customer: 'c.id',
  },
  product: { table: 'products e', name: "e.sku || ' ' || e.name_zh", region: null, customer: null },
  supplier: { table: 'suppliers e', name: "e.code || ' ' || e.name", region: null, customer: null },
};

function entityScope(ctx: RequestContext, entity: DataQualityEntity, params: SqlParams): string {
  const source = entitySources[entity];
  if (!source.region) return ctx.distributorId === null ? 'TRUE' : 'FALSE';
  return scopeCondition(ctx, { region: source.region, customer: source.customer ?? undefined }, params);
}

export interface EntitySummary {
  entity: DataQualityEntity;
  records: number;
  recordsWithIssues: number;
  score: number;
  issuesByRule: Record<string, number>;
}

export async function getDataQualitySummary(db: Db, ctx: RequestContext) {
  const summaries: EntitySummary[] = [];
  for (const entity of Object.keys(entitySources) as DataQualityEntity[]) {
    const source = entitySources[entity];
    const params = new SqlParams();
    const scope = entityScope(ctx, entity, params);
    const { rows } = await db.query<{
      records: number;
      with_issues: number;
      by_rule: Record<string, number> | null;
    }>(
      `WITH scoped AS (SELECT e.id FROM ${source.table} WHERE ${scope}),
            found AS (SELECT i.entity_id, i.rule FROM data_quality_issues i JOIN scoped s ON s.id = i.entity_id
                       WHERE i.entity = ${params.add(entity)})
       SELECT (SELECT count(*)::int FROM scoped) AS records,
              (SELECT count(DISTINCT entity_id)::int FROM found) AS with_issues,
              (SELECT jsonb_object_agg(rule, n) FROM (SELECT rule, count(*)::int AS n FROM found GROUP BY rule) r) AS by_rule`,
      params.values,
    );
    const row = rows[0]!;
    summaries.push({
      entity,
      records: row.records,
      recordsWithIssues: row.with_issues,
      score: qualityScore(row.records, row.with_issues),
      issuesByRule: row.by_rule ?? {},
    });
  }
  const lastRun = await db.query<{ finishedAt: Date | null }>(
    'SELECT finished_at AS "finishedAt" FROM data_quality_runs WHERE finished_at IS NOT NULL ORDER BY id DESC LIMIT 1',
  );
  return { entities: summaries, lastRunAt: lastRun.rows[0]?.finishedAt?.toISOString() ?? null };
}

export interface IssueQuery {
  entity?: DataQualityEntity | undefined;
  rule?: string | undefined;
  page: number;
  pageSize: number;
}

export async function listDataQualityIssues(
  db: Db,
  ctx: RequestContext,
  query: IssueQuery,
  maxPageSize: number,
) {
  const entities = query.entity ? [query.entity] : (Object.keys(entitySources) as DataQualityEntity[]);
  const params = new SqlParams();
  const parts = entities.map((entity) => {
    const source = entitySources[entity];
    const scope = entityScope(ctx, entity, params);
    return `SELECT i.id, i.entity, i.entity_id AS "entityId", ${source.name} AS "entityName", i.rule, i.severity, i.detail
              FROM data_quality_issues i JOIN ${source.table} ON e.id = i.entity_id
             WHERE i.entity = ${params.add(entity)} AND ${scope}`;
  });
  const rule = query.rule ? `WHERE rule = ${params.add(query.rule)}` : '';
  const union = `(${parts.join(' UNION ALL ')}) issues ${rule}`;
  const countValues = [...params.values];
  const page = pageClause(query, maxPageSize, params);
  const [items, total] = await Promise.all([
    db.query(`SELECT * FROM ${union} ORDER BY severity, rule, id ${page}`, params.values),
    db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${union}`, countValues),
  ]);
  return { items: items.rows, total: total.rows[0]!.n, page: query.page, pageSize: query.pageSize };
}

/** Certificates, qualifications and licences expiring within `withinDays` (or already expired), in scope. */
export async function listExpiringDocuments(
  db: Db,
  ctx: RequestContext,
  withinDays: number,
  today = businessDate(),
) {
  const params = new SqlParams();
  const todayParam = params.add(today);
  const days = params.add(withinDays);
  const customerScope = scopeCondition(ctx, { region: 'c.region_id', customer: 'c.id' }, params);
  const companyData = ctx.distributorId === null ? 'TRUE' : 'FALSE';
  const { rows } = await db.query(
    `SELECT * FROM (
       SELECT 'qualification' AS kind, q.id, q.type AS "documentType", q.number, c.name AS "holder", c.id AS "customerId",
              q.valid_until AS "validUntil", q.valid_until - ${todayParam}::date AS "daysLeft"
         FROM customer_qualifications q JOIN customers c ON c.id = q.customer_id
        WHERE q.valid_until <= ${todayParam}::date + ${days}::int AND ${customerScope}
       UNION ALL
       SELECT 'product_certificate', p.id, 'registration_certificate', p.certificate_number,
              CASE WHEN ${params.add(ctx.lang)} = 'en' THEN p.name_en ELSE p.name_zh END, NULL::bigint,
              p.certificate_expiry, p.certificate_expiry - ${todayParam}::date
         FROM products p WHERE p.certificate_expiry <= ${todayParam}::date + ${days}::int AND ${companyData}
       UNION ALL
       SELECT 'supplier_licence', s.id, 'supplier_licence', s.licence_number, s.name, NULL::bigint,
              s.licence_valid_until, s.licence_valid_until - ${todayParam}::date
         FROM suppliers s WHERE s.licence_valid_until <= ${todayParam}::date + ${days}::int AND ${companyData}
     ) docs ORDER BY "daysLeft", kind, id`,
    params.values,
  );
  return { items: rows };
}
