/**
 * The SQL a touch import needs: set-based lookups per batch (campaigns, leads and customers by
 * code, touches already recorded) and the write of every staged touch through the CRM's
 * insertTouches, with a `create` audit entry each.
 */
import type { RequestContext } from '../../platform/auth-context.ts';
import type { Queryable } from '../../platform/db.ts';
import { insertTouches, type NewTouch } from '../crm/index.ts';
import { StagingTable } from './staging-table.ts';

export interface TouchCampaignRef {
  id: number;
  code: string;
  channel: string;
  regionId: number | null;
}

/** Campaigns by code, ignoring case. */
export async function findCampaignsByCode(db: Queryable, codes: string[]): Promise<TouchCampaignRef[]> {
  if (codes.length === 0) return [];
  const { rows } = await db.query<TouchCampaignRef>(
    `SELECT id, code, channel, region_id AS "regionId" FROM campaigns WHERE lower(code) = ANY($1::text[])`,
    [codes.map((c) => c.toLowerCase())],
  );
  return rows;
}

export interface TouchedLead {
  id: number;
  code: string;
  regionId: number | null;
  /** The customer the lead was converted into: its touches get the customer too. */
  customerId: number | null;
}

/** Leads by number, ignoring case. */
export async function findLeadsByCode(db: Queryable, codes: string[]): Promise<TouchedLead[]> {
  if (codes.length === 0) return [];
  const { rows } = await db.query<TouchedLead>(
    `SELECT id, code, region_id AS "regionId", customer_id AS "customerId" FROM leads
      WHERE upper(code) = ANY($1::text[])`,
    [codes.map((c) => c.toUpperCase())],
  );
  return rows;
}

export interface TouchedCustomer {
  id: number;
  code: string;
  regionId: number;
}

/** Customers by code, exactly as written (customer codes are case-sensitive elsewhere too). */
export async function findCustomersByCode(db: Queryable, codes: string[]): Promise<TouchedCustomer[]> {
  if (codes.length === 0) return [];
  const { rows } = await db.query<TouchedCustomer>(
    `SELECT id, code, region_id AS "regionId" FROM customers WHERE code = ANY($1::text[])`,
    [codes],
  );
  return rows;
}

export interface RecordedTouch {
  leadId: number | null;
  customerId: number | null;
  campaignId: number;
  /** Milliseconds since the epoch, to compare with a row's instant. */
  at: number;
  kind: string;
  channel: string;
  note: string | null;
}

export interface TouchKey {
  leadId: number | null;
  customerId: number | null;
  campaignId: number;
  touchedAt: string;
}

/**
 * Touches already recorded for one of these person + campaign + instant keys: a lead's key
 * matches on the lead, a customer's on the customer (which a converted lead's touches carry too).
 */
export async function findRecordedTouches(db: Queryable, keys: TouchKey[]): Promise<RecordedTouch[]> {
  if (keys.length === 0) return [];
  const { rows } = await db.query<RecordedTouch>(
    `SELECT t.lead_id AS "leadId", t.customer_id AS "customerId", t.campaign_id AS "campaignId",
            (extract(epoch FROM t.touched_at) * 1000)::float8 AS at, t.kind, t.channel, t.note
       FROM unnest($1::bigint[], $2::bigint[], $3::bigint[], $4::timestamptz[])
              AS k(lead_id, customer_id, campaign_id, at)
       JOIN touches t ON t.campaign_id = k.campaign_id AND t.touched_at = k.at
                     AND (t.lead_id = k.lead_id OR (k.lead_id IS NULL AND t.customer_id = k.customer_id))`,
    [
      keys.map((k) => k.leadId),
      keys.map((k) => k.customerId),
      keys.map((k) => k.campaignId),
      keys.map((k) => k.touchedAt),
    ],
  );
  return rows;
}

const STAGE = 'import_stage_touches';

const columns: [keyof NewTouch, string, string][] = [
  ['leadId', 'lead_id', 'bigint'],
  ['customerId', 'customer_id', 'bigint'],
  ['campaignId', 'campaign_id', 'bigint'],
  ['kind', 'kind', 'text'],
  ['channel', 'channel', 'text'],
  ['touchedAt', 'touched_at', 'text'],
  ['note', 'note', 'text'],
  ['createdBy', 'created_by', 'bigint'],
];

/** Staged touches keep their place in the file (`ordinal`), which orders their ids and audit entries. */
export function touchStaging(): StagingTable {
  return new StagingTable(STAGE, 'touches', [
    { column: 'ordinal', type: 'integer' },
    ...columns.map(([, column, type]) => ({ column, type })),
  ]);
}

/** A batch as one array per staged column, in the staging table's column order. */
export function touchColumnValues(touches: NewTouch[], firstOrdinal: number): unknown[][] {
  return [touches.map((_, i) => firstOrdinal + i), ...columns.map(([key]) => touches.map((t) => t[key]))];
}

/**
 * Moves the staged touches of each batch to `touches` through insertTouches (which derives the
 * business date and time in the company's zone, as for a touch recorded by hand or by API), and
 * appends one `create` audit entry per touch to the hash chain, in file order.
 */
export async function writeStagedTouches(
  tx: Queryable,
  ctx: RequestContext,
  batches: number,
  onProgress: (rowsWritten: number) => Promise<void>,
): Promise<number> {
  if (batches === 0) return 0;
  await tx.query(`CREATE INDEX ON ${STAGE} (batch)`);
  const createdBy = ctx.userId > 0 ? ctx.userId : null;
  let written = 0;
  for (let batch = 0; batch < batches; batch++) {
    const staged = await tx.query<NewTouch>(
      `SELECT lead_id AS "leadId", customer_id AS "customerId", campaign_id AS "campaignId",
              kind, channel, touched_at AS "touchedAt", note, created_by AS "createdBy"
         FROM ${STAGE} WHERE batch = $1 ORDER BY ordinal`,
      [batch],
    );
    const ids = await insertTouches(tx, staged.rows);
    await tx.query(
      `SELECT audit_append($2::bigint, $3::text, 'create', 'touch', t.id::text, NULL,
                jsonb_build_object('id', t.id, 'leadId', t.lead_id, 'customerId', t.customer_id,
                  'campaignId', t.campaign_id, 'kind', t.kind, 'channel', t.channel,
                  'touchedAt', t.touched_at, 'touchDate', t.touch_date, 'touchTime', t.touch_time,
                  'note', t.note, 'source', 'import'),
                NULL, $4::text)
         FROM (SELECT * FROM touches WHERE id = ANY($1::bigint[]) ORDER BY id) t`,
      [ids, createdBy, ctx.username ?? null, ctx.ip ?? null],
    );
    written += ids.length;
    await onProgress(written);
  }
  return written;
}
