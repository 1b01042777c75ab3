import type { DuplicateCandidates, Lead, LeadListQuery } from '../../../contracts/crm.ts';
import type { RequestContext } from '../../platform/auth-context.ts';
import type { Queryable } from '../../platform/db.ts';
import { pageClause, sortClause } from '../../platform/listing.ts';
import { scopeCondition } from '../../platform/scope.ts';
import { likePattern, SqlParams } from '../../platform/sql.ts';
import { inRegionSubtree } from './crm.sql.ts';

const columns = `l.id, l.code, l.contact_name AS "contactName", l.organization, l.department, l.title, l.phone, l.email,
  l.region_id AS "regionId", r.name_zh AS "regionName", l.owner_id AS "ownerId", u.display_name AS "ownerName",
  l.source, l.campaign_id AS "campaignId", k.name AS "campaignName", l.channel,
  l.utm_source AS "utmSource", l.utm_medium AS "utmMedium", l.utm_campaign AS "utmCampaign",
  l.utm_term AS "utmTerm", l.utm_content AS "utmContent", l.interest, l.status, l.rating,
  l.estimated_value_fen AS "estimatedValueFen", l.qualification_note AS "qualificationNote",
  l.disqualified_reason AS "disqualifiedReason", l.duplicate_of_lead_id AS "duplicateOfLeadId",
  l.customer_id AS "customerId", c.name AS "customerName", o.id AS "opportunityId",
  to_char(l.converted_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS "convertedAt",
  to_char(l.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS "createdAt", l.version`;

const from = `leads l LEFT JOIN regions r ON r.id = l.region_id LEFT JOIN users u ON u.id = l.owner_id
  LEFT JOIN campaigns k ON k.id = l.campaign_id LEFT JOIN customers c ON c.id = l.customer_id
  LEFT JOIN opportunities o ON o.lead_id = l.id`;

const sortable: Record<string, string> = {
  code: 'l.code',
  contactName: 'l.contact_name',
  organization: 'l.organization',
  status: 'l.status',
  rating: 'l.rating',
  owner: 'u.display_name',
  region: 'r.name_zh',
  campaign: 'k.name',
  createdAt: 'l.created_at',
};

export function leadScope(ctx: RequestContext, params: SqlParams): string {
  return scopeCondition(ctx, { region: 'l.region_id' }, params);
}

function whereClause(ctx: RequestContext, query: Partial<LeadListQuery>, params: SqlParams): string {
  const conditions = [leadScope(ctx, params)];
  if (query.q) {
    const pattern = params.add(likePattern(query.q));
    conditions.push(
      `(l.contact_name ILIKE ${pattern} OR l.organization ILIKE ${pattern} OR l.code ILIKE ${pattern} OR l.phone ILIKE ${pattern})`,
    );
  }
  if (query.status) conditions.push(`l.status = ${params.add(query.status)}`);
  if (query.source) conditions.push(`l.source = ${params.add(query.source)}`);
  if (query.campaignId) conditions.push(`l.campaign_id = ${params.add(query.campaignId)}`);
  if (query.ownerId) conditions.push(`l.owner_id = ${params.add(query.ownerId)}`);
  if (query.channel) conditions.push(`l.channel = ${params.add(query.channel)}`);
  if (query.regionId) conditions.push(inRegionSubtree('l.region_id', query.regionId, params));
  return conditions.join(' AND ');
}

export async function listLeads(
  db: Queryable,
  ctx: RequestContext,
  query: LeadListQuery,
  maxPageSize: number,
): Promise<{ items: Lead[]; total: number }> {
  const params = new SqlParams();
  const where = whereClause(ctx, query, params);
  const order = sortClause(query.sort, sortable, 'l.created_at DESC, l.id DESC');
  const countParams = params.values.length;
  const page = pageClause(query, maxPageSize, params);
  const [items, total] = await Promise.all([
    db.query<Lead>(`SELECT ${columns} FROM ${from} WHERE ${where} ${order} ${page}`, params.values),
    db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM leads l WHERE ${where}`,
      params.values.slice(0, countParams),
    ),
  ]);
  return { items: items.rows, total: total.rows[0]!.n };
}

export async function listLeadsForExport(
  db: Queryable,
  ctx: RequestContext,
  query: Partial<LeadListQuery>,
  limit: number,
): Promise<Lead[]> {
  const params = new SqlParams();
  const where = whereClause(ctx, query, params);
  const order = sortClause(query.sort, sortable, 'l.created_at DESC, l.id DESC');
  const { rows } = await db.query<Lead>(
    `SELECT ${columns} FROM ${from} WHERE ${where} ${order} LIMIT ${params.add(limit + 1)}`,
    params.values,
  );
  return rows;
}

/** One lead inside the caller's scope (ctx null: any lead, for the public intake). */
export async function findLead(
  db: Queryable,
  ctx: RequestContext | null,
  id: number,
  lock = false,
): Promise<Lead | undefined> {
  const params = new SqlParams();
  const idParam = params.add(id);
  const scope = ctx ? leadScope(ctx, params) : 'TRUE';
  const { rows } = await db.query<Lead>(
    `SELECT ${columns} FROM ${from} WHERE l.id = ${idParam} AND ${scope}${lock ? ' FOR UPDATE OF l' : ''}`,
    params.values,
  );
  return rows[0];
}

export interface NewLead {
  code: string;
  contactName: string;
  organization: string | null;
  organizationNormalized: string | null;
  department: string | null;
  title: string | null;
  phone: string | null;
  phoneNormalized: string | null;
  email: string | null;
  regionId: number | null;
  ownerId: number | null;
  source: string;
  campaignId: number | null;
  channel: string | null;
  utmSource: string | null;
  utmMedium: string | null;
  utmCampaign: string | null;
  utmTerm: string | null;
  utmContent: string | null;
  interest: string | null;
  createdBy: number | null;
}

const leadColumns: Record<keyof NewLead, string> = {
  code: 'code',
  contactName: 'contact_name',
  organization: 'organization',
  organizationNormalized: 'organization_normalized',
  department: 'department',
  title: 'title',
  phone: 'phone',
  phoneNormalized: 'phone_normalized',
  email: 'email',
  regionId: 'region_id',
  ownerId: 'owner_id',
  source: 'source',
  campaignId: 'campaign_id',
  channel: 'channel',
  utmSource: 'utm_source',
  utmMedium: 'utm_medium',
  utmCampaign: 'utm_campaign',
  utmTerm: 'utm_term',
  utmContent: 'utm_content',
  interest: 'interest',
  createdBy: 'created_by',
};

export async function insertLead(db: Queryable, lead: NewLead): Promise<{ id: number; createdAt: string }> {
  const keys = Object.keys(leadColumns) as (keyof NewLead)[];
  const params = new SqlParams();
  const values = keys.map((key) => params.add(lead[key]));
  const { rows } = await db.query<{ id: number; createdAt: string }>(
    `INSERT INTO leads (${keys.map((k) => leadColumns[k]).join(', ')}) VALUES (${values.join(', ')})
     RETURNING id, created_at::text AS "createdAt"`,
    params.values,
  );
  return rows[0]!;
}

export type LeadChanges = Partial<
  Omit<NewLead, 'code' | 'source' | 'createdBy'> & {
    status: string;
    rating: string | null;
    estimatedValueFen: number | null;
    qualificationNote: string | null;
    disqualifiedReason: string | null;
    duplicateOfLeadId: number | null;
    customerId: number;
  }
>;

const changeColumns: Record<keyof LeadChanges, string> = {
  ...Object.fromEntries(
    Object.entries(leadColumns).filter(([k]) => !['code', 'source', 'createdBy'].includes(k)),
  ),
  status: 'status',
  rating: 'rating',
  estimatedValueFen: 'estimated_value_fen',
  qualificationNote: 'qualification_note',
  disqualifiedReason: 'disqualified_reason',
  duplicateOfLeadId: 'duplicate_of_lead_id',
  customerId: 'customer_id',
} as Record<keyof LeadChanges, string>;

/** Applies the defined changes when the version matches; `converted` also stamps converted_at. */
export async function updateLead(
  db: Queryable,
  id: number,
  version: number,
  changes: LeadChanges,
): Promise<boolean> {
  const params = new SqlParams();
  const sets: string[] = [];
  for (const [key, column] of Object.entries(changeColumns) as [keyof LeadChanges, string][]) {
    if (changes[key] !== undefined) sets.push(`${column} = ${params.add(changes[key])}`);
  }
  if (changes.status === 'converted') sets.push('converted_at = now()');
  const { rowCount } = await db.query(
    `UPDATE leads SET ${[...sets, 'version = version + 1', 'updated_at = now()'].join(', ')}
      WHERE id = ${params.add(id)} AND version = ${params.add(version)}`,
    params.values,
  );
  return rowCount === 1;
}

/** Gives the lead's touches its customer, so attribution sees the whole history. */
export async function attachTouchesToCustomer(db: Queryable, leadId: number, customerId: number) {
  await db.query('UPDATE touches SET customer_id = $2 WHERE lead_id = $1 AND customer_id IS NULL', [
    leadId,
    customerId,
  ]);
}

/**
 * The sales rep who owns a region: a rep assigned to the region itself or, failing that, to the
 * nearest region above it; among several, the one with the fewest open leads (then the oldest
 * account), so that new leads are spread over the team.
 */
export async function findRegionRep(db: Queryable, regionId: number): Promise<number | null> {
  const { rows } = await db.query<{ id: number }>(
    `WITH RECURSIVE up AS (
       SELECT id, parent_id, 0 AS depth FROM regions WHERE id = $1
       UNION ALL SELECT r.id, r.parent_id, up.depth + 1 FROM regions r JOIN up ON r.id = up.parent_id
     )
     SELECT u.id FROM up JOIN user_regions ur ON ur.region_id = up.id JOIN users u ON u.id = ur.user_id
      WHERE u.is_active AND 'sales_rep' = ANY(u.roles)
      ORDER BY up.depth,
               (SELECT count(*) FROM leads l WHERE l.owner_id = u.id AND l.status IN ('new', 'working', 'qualified')),
               u.id
      LIMIT 1`,
    [regionId],
  );
  return rows[0]?.id ?? null;
}

export async function findCampaignRef(db: Queryable, id: number) {
  const { rows } = await db.query<{ id: number; channel: string; regionId: number | null }>(
    'SELECT id, channel, region_id AS "regionId" FROM campaigns WHERE id = $1',
    [id],
  );
  return rows[0];
}

export async function findCampaignByUtm(db: Queryable, utmCampaign: string) {
  const { rows } = await db.query<{ id: number; channel: string }>(
    'SELECT id, channel FROM campaigns WHERE lower(utm_campaign) = lower($1)',
    [utmCampaign],
  );
  return rows[0];
}

export async function findRegionByCode(db: Queryable, code: string): Promise<number | null> {
  const { rows } = await db.query<{ id: number }>('SELECT id FROM regions WHERE upper(code) = upper($1)', [
    code,
  ]);
  return rows[0]?.id ?? null;
}

/** An open lead (new, working, qualified) with the same phone or e-mail: the same person asking again. */
export async function findOpenLeadByContact(
  db: Queryable,
  phoneNormalized: string | null,
  email: string | null,
  exceptId = 0,
): Promise<{ id: number; code: string; contactName: string; regionId: number | null } | undefined> {
  if (!phoneNormalized && !email) return undefined;
  const { rows } = await db.query<{ id: number; code: string; contactName: string; regionId: number | null }>(
    `SELECT id, code, contact_name AS "contactName", region_id AS "regionId" FROM leads
      WHERE status IN ('new', 'working', 'qualified') AND id <> $3
        AND ((phone_normalized IS NOT NULL AND phone_normalized = $1) OR (email IS NOT NULL AND lower(email) = $2))
      ORDER BY id LIMIT 1`,
    [phoneNormalized, email, exceptId],
  );
  return rows[0];
}

/** SQL for a phone column normalised like normalizePhone (digits only, without +86 / 0086). */
export const normalizedPhoneSql = (column: string) => `(CASE
    WHEN regexp_replace(${column}, '\\D', '', 'g') LIKE '0086%' AND length(regexp_replace(${column}, '\\D', '', 'g')) > 11
      THEN substr(regexp_replace(${column}, '\\D', '', 'g'), 5)
    WHEN regexp_replace(${column}, '\\D', '', 'g') LIKE '86%' AND length(regexp_replace(${column}, '\\D', '', 'g')) = 13
      THEN substr(regexp_replace(${column}, '\\D', '', 'g'), 3)
    ELSE regexp_replace(${column}, '\\D', '', 'g') END)`;

/**
 * Leads and customers that may be the same as this lead, in the caller's scope: same phone or
 * e-mail, or an organization name equal or trigram-similar (the customers' near-duplicate rule,
 * parties.rules.ts) to the normalised one.
 */
export async function findDuplicateCandidates(
  db: Queryable,
  ctx: RequestContext,
  lead: {
    id: number;
    phoneNormalized: string | null;
    email: string | null;
    organizationNormalized: string | null;
  },
  threshold: number,
): Promise<DuplicateCandidates> {
  await db.query("SELECT set_config('pg_trgm.similarity_threshold', $1, true)", [String(threshold)]);
  const params = new SqlParams();
  const id = params.add(lead.id);
  const phone = params.add(lead.phoneNormalized);
  const email = params.add(lead.email?.toLowerCase() ?? null);
  const org = params.add(lead.organizationNormalized);
  const leadScopeSql = leadScope(ctx, params);
  const leads = await db.query<DuplicateCandidates['leads'][number]>(
    `SELECT DISTINCT ON (l.id) l.id, l.code, l.contact_name AS "contactName", l.organization, l.status, m.reason,
            m.similarity
       FROM leads l
       JOIN LATERAL (
         SELECT 'phone' AS reason, 1::float8 AS similarity WHERE ${phone}::text IS NOT NULL AND l.phone_normalized = ${phone}
         UNION ALL SELECT 'email', 1 WHERE ${email}::text IS NOT NULL AND lower(l.email) = ${email}
         UNION ALL SELECT 'organization', similarity(l.organization_normalized, ${org})::float8
          WHERE ${org}::text IS NOT NULL AND (l.organization_normalized % ${org} OR l.organization_normalized = ${org})
       ) m ON true
      WHERE l.id <> ${id} AND ${leadScopeSql}
      ORDER BY l.id, m.similarity DESC
      LIMIT 50`,
    params.values,
  );
  const customerParams = new SqlParams();
  const cPhone = customerParams.add(lead.phoneNormalized);
  const cOrg = customerParams.add(lead.organizationNormalized);
  const cScope = scopeCondition(ctx, { region: 'c.region_id', customer: 'c.id' }, customerParams);
  const customers = await db.query<DuplicateCandidates['customers'][number]>(
    `SELECT DISTINCT ON (c.id) c.id, c.code, c.name, m.reason, m.similarity
       FROM customers c
       JOIN LATERAL (
         SELECT 'phone' AS reason, 1::float8 AS similarity
          WHERE ${cPhone}::text IS NOT NULL AND c.contact_phone IS NOT NULL AND ${normalizedPhoneSql('c.contact_phone')} = ${cPhone}
         UNION ALL SELECT 'organization', similarity(c.name_normalized, ${cOrg})::float8
          WHERE ${cOrg}::text IS NOT NULL AND (c.name_normalized % ${cOrg} OR c.name_normalized = ${cOrg})
       ) m ON true
      WHERE ${cScope}
      ORDER BY c.id, m.similarity DESC
      LIMIT 50`,
    customerParams.values,
  );
  const bySimilarity = <T extends { similarity: number }>(a: T, b: T) => b.similarity - a.similarity;
  return { leads: leads.rows.sort(bySimilarity), customers: customers.rows.sort(bySimilarity) };
}

export async function insertIntakeLog(db: Queryable, ip: string, outcome: string, leadId: number | null) {
  await db.query('INSERT INTO lead_intake_log (ip, outcome, lead_id) VALUES ($1, $2, $3)', [
    ip,
    outcome,
    leadId,
  ]);
}

/**
 * Submissions from this address in the last `minutes` (refused ones do not count), under a lock
 * so that concurrent submissions count each other.
 */
export async function countRecentIntake(db: Queryable, ip: string, minutes: number): Promise<number> {
  await db.query("SELECT pg_advisory_xact_lock(hashtext('lead-intake:' || $1))", [ip]);
  const { rows } = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM lead_intake_log
      WHERE ip = $1 AND at > now() - make_interval(mins => $2) AND outcome <> 'rate_limited'`,
    [ip, minutes],
  );
  return rows[0]!.n;
}

/** The oldest submission still in the window: when it leaves, one more is allowed. */
export async function secondsUntilIntakeFrees(db: Queryable, ip: string, minutes: number): Promise<number> {
  const { rows } = await db.query<{ s: number }>(
    `SELECT greatest(1, ceil(extract(epoch FROM (min(at) + make_interval(mins => $2) - now()))))::int AS s
       FROM lead_intake_log WHERE ip = $1 AND at > now() - make_interval(mins => $2) AND outcome <> 'rate_limited'`,
    [ip, minutes],
  );
  return rows[0]?.s ?? 60;
}
