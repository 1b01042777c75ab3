import { type AuditQuery, auditPage, auditQuery, auditVerification } from '../../../contracts/audit.ts';
import { verifyAuditChain } from '../../platform/audit.ts';
import type { Db } from '../../platform/db.ts';
import type { App, AppDeps } from '../../platform/http.ts';
import { pageClause } from '../../platform/listing.ts';
import { SqlParams } from '../../platform/sql.ts';

/** Reading the trail is itself not audited; it is append-only and visible to auditing roles only. */
async function listAuditEntries(db: Db, query: AuditQuery, maxPageSize: number) {
  const params = new SqlParams();
  const conditions: string[] = ['TRUE'];
  if (query.entity) conditions.push(`entity = ${params.add(query.entity)}`);
  if (query.entityId) conditions.push(`entity_id = ${params.add(query.entityId)}`);
  if (query.actor) conditions.push(`actor_name = ${params.add(query.actor)}`);
  if (query.action) conditions.push(`action = ${params.add(query.action)}`);
  if (query.from) conditions.push(`at >= ${params.add(query.from)}`);
  if (query.to) conditions.push(`at < ${params.add(query.to)}`);
  const where = conditions.join(' AND ');
  const countValues = [...params.values];
  const page = pageClause(query, maxPageSize, params);
  const [items, total] = await Promise.all([
    db.query(
      `SELECT seq, to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS at, actor_id AS "actorId",
              actor_name AS "actorName", action, entity, entity_id AS "entityId", before, after, reason, ip
         FROM audit_log WHERE ${where} ORDER BY seq DESC ${page}`,
      params.values,
    ),
    db.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_log WHERE ${where}`, countValues),
  ]);
  return { items: items.rows, total: total.rows[0]!.n, page: query.page, pageSize: query.pageSize };
}

export function registerAuditRoutes(app: App, deps: AppDeps) {
  const tags = ['audit'];
  app.get(
    '/api/audit',
    {
      config: { access: 'audit:read' },
      schema: {
        tags,
        summary: 'The audit trail, newest first, with filters',
        querystring: auditQuery,
        response: { 200: auditPage },
      },
    },
    async (request) => listAuditEntries(deps.db, request.query, deps.config.limits.maxPageSize),
  );
  app.get(
    '/api/audit/verify',
    {
      config: { access: 'audit:read' },
      schema: {
        tags,
        summary: "Check the trail's hash chain and report the first broken link",
        response: { 200: auditVerification },
      },
    },
    async () => verifyAuditChain(deps.db),
  );
}
