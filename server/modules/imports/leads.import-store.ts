/**
 * The SQL a lead import needs: set-based lookups per batch (campaigns, open leads and customers
 * with the same contact data) and the write of every staged lead with the defaults, number,
 * touch, event and audit entry a lead entered by hand gets (crm leads.service.ts).
 */
import type { RequestContext } from '../../platform/auth-context.ts';
import { businessDate } from '../../platform/dates.ts';
import type { Queryable } from '../../platform/db.ts';
import { formatDocumentNumber } from '../../platform/numbering.ts';
import { insertTouches, normalizedPhoneSql, touchKindForLeadSource } from '../crm/index.ts';
import { StagingTable } from './staging-table.ts';

export interface CampaignRef {
  id: number;
  code: string;
  channel: string;
  utmCampaign: string | null;
}

/** Campaigns by code (ignoring case) or by UTM campaign identifier. */
export async function findCampaigns(db: Queryable, codes: string[], utms: string[]): Promise<CampaignRef[]> {
  const { rows } = await db.query<CampaignRef>(
    `SELECT id, code, channel, utm_campaign AS "utmCampaign" FROM campaigns
      WHERE lower(code) = ANY($1::text[]) OR lower(utm_campaign) = ANY($2::text[])`,
    [codes.map((c) => c.toLowerCase()), utms.map((u) => u.toLowerCase())],
  );
  return rows;
}

export interface ExistingLead {
  id: number;
  code: string;
  contactName: string;
  organization: string | null;
  regionId: number | null;
  phoneNormalized: string | null;
  email: string | null;
}

/** Open leads (new, working, qualified) with one of these phones or e-mails: the hand-entry duplicate rule. */
export async function findOpenLeadsByContact(
  db: Queryable,
  phones: string[],
  emails: string[],
): Promise<ExistingLead[]> {
  if (phones.length === 0 && emails.length === 0) return [];
  const { rows } = await db.query<ExistingLead>(
    `SELECT id, code, contact_name AS "contactName", organization, region_id AS "regionId",
            phone_normalized AS "phoneNormalized", lower(email) AS email
       FROM leads
      WHERE status IN ('new', 'working', 'qualified')
        AND (phone_normalized = ANY($1::text[]) OR lower(email) = ANY($2::text[]))
      ORDER BY id`,
    [phones, emails],
  );
  return rows;
}

export interface CustomerByPhone {
  code: string;
  name: string;
  regionId: number;
  phoneNormalized: string;
}

/** Customers whose contact phone, normalised like a lead's, is one of these. */
export async function findCustomersByPhone(db: Queryable, phones: string[]): Promise<CustomerByPhone[]> {
  if (phones.length === 0) return [];
  const { rows } = await db.query<CustomerByPhone>(
    `SELECT code, name, region_id AS "regionId", phone AS "phoneNormalized"
       FROM (SELECT code, name, region_id, ${normalizedPhoneSql('contact_phone')} AS phone
               FROM customers WHERE contact_phone IS NOT NULL) c
      WHERE phone = ANY($1::text[])
      ORDER BY code`,
    [phones],
  );
  return rows;
}

export interface NewImportedLead {
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
  campaignId: number | null;
  channel: string | null;
  utmSource: string | null;
  utmMedium: string | null;
  utmCampaign: string | null;
  utmTerm: string | null;
  utmContent: string | null;
  interest: string | null;
}

const columns: [keyof NewImportedLead, string, string][] = [
  ['contactName', 'contact_name', 'text'],
  ['organization', 'organization', 'text'],
  ['organizationNormalized', 'organization_normalized', 'text'],
  ['department', 'department', 'text'],
  ['title', 'title', 'text'],
  ['phone', 'phone', 'text'],
  ['phoneNormalized', 'phone_normalized', 'text'],
  ['email', 'email', 'text'],
  ['regionId', 'region_id', 'bigint'],
  ['ownerId', 'owner_id', 'bigint'],
  ['campaignId', 'campaign_id', 'bigint'],
  ['channel', 'channel', 'text'],
  ['utmSource', 'utm_source', 'text'],
  ['utmMedium', 'utm_medium', 'text'],
  ['utmCampaign', 'utm_campaign', 'text'],
  ['utmTerm', 'utm_term', 'text'],
  ['utmContent', 'utm_content', 'text'],
  ['interest', 'interest', 'text'],
];

const STAGE = 'import_stage_leads';

/** Staged leads keep their place in the file (`ordinal`), which orders their LD numbers. */
export function leadStaging(): StagingTable {
  return new StagingTable(STAGE, 'leads', [
    { column: 'ordinal', type: 'integer' },
    ...columns.map(([, column, type]) => ({ column, type })),
  ]);
}

/** A batch as one array per staged column, in the staging table's column order. */
export function leadColumnValues(leads: NewImportedLead[], firstOrdinal: number): unknown[][] {
  return [leads.map((_, i) => firstOrdinal + i), ...columns.map(([key]) => leads.map((l) => l[key]))];
}

interface WrittenLead {
  id: number;
  regionId: number | null;
  ownerId: number | null;
  campaignId: number | null;
  channel: string | null;
}

/**
 * Moves the `count` staged leads to `leads` as a hand-entered lead would be: source import,
 * status new, the day's next LD numbers (one counter update for all of them), a touch with the
 * campaign, a `lead.created` event and a `create` audit entry each.
 */
export async function writeStagedLeads(tx: Queryable, ctx: RequestContext, count: number): Promise<number> {
  if (count === 0) return 0;
  const day = businessDate();
  const counter = await tx.query<{ last: number }>(
    `INSERT INTO document_counters (prefix, day, last_value) VALUES ('LD', $1, $2)
     ON CONFLICT (prefix, day) DO UPDATE SET last_value = document_counters.last_value + $2
     RETURNING last_value AS last`,
    [day, count],
  );
  const first = counter.rows[0]!.last - count + 1;
  const codes = Array.from({ length: count }, (_, i) => formatDocumentNumber('LD', day, first + i));
  const names = columns.map(([, column]) => column).join(', ');
  const createdBy = ctx.userId > 0 ? ctx.userId : null;
  const { rows } = await tx.query<WrittenLead>(
    `WITH inserted AS (
       INSERT INTO leads (code, source, created_by, ${names})
       SELECT ($1::text[])[row_number() OVER (ORDER BY ordinal)], 'import', $2::bigint, ${names}
         FROM ${STAGE}
       RETURNING id, code, region_id, owner_id, campaign_id, channel
     ), events AS (
       INSERT INTO outbox_events (type, payload)
       SELECT 'lead.created', jsonb_build_object('leadId', id, 'ownerId', owner_id, 'regionId', region_id)
         FROM inserted
     )
     SELECT id, region_id AS "regionId", owner_id AS "ownerId", campaign_id AS "campaignId", channel
       FROM inserted ORDER BY code`,
    [codes, createdBy],
  );
  // One entry per lead, in number order, appended to the hash chain like recordAudit does.
  await tx.query(
    `SELECT audit_append($2::bigint, $3::text, 'create', 'lead', l.id::text, NULL,
              jsonb_build_object('id', l.id, 'code', l.code, 'contactName', l.contact_name,
                'organization', l.organization, 'department', l.department, 'title', l.title,
                'phone', l.phone, 'email', l.email, 'regionId', l.region_id, 'ownerId', l.owner_id,
                'source', l.source, 'campaignId', l.campaign_id, 'channel', l.channel,
                'utmSource', l.utm_source, 'utmMedium', l.utm_medium, 'utmCampaign', l.utm_campaign,
                'utmTerm', l.utm_term, 'utmContent', l.utm_content, 'interest', l.interest,
                'status', l.status, 'createdAt', l.created_at, 'version', l.version),
              NULL, $4::text)
       FROM (SELECT * FROM leads WHERE id = ANY($1::bigint[]) ORDER BY code) l`,
    [rows.map((r) => r.id), createdBy, ctx.username ?? null, ctx.ip ?? null],
  );
  const now = new Date().toISOString();
  await insertTouches(
    tx,
    rows
      .filter((lead) => lead.campaignId !== null)
      .map((lead) => ({
        leadId: lead.id,
        customerId: null,
        campaignId: lead.campaignId!,
        kind: touchKindForLeadSource('import'),
        channel: lead.channel ?? 'direct',
        touchedAt: now,
        note: null,
        createdBy,
      })),
  );
  return rows.length;
}
