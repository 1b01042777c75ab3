import type {
  Journal,
  JournalListQuery,
  JournalSourceType,
  LedgerAccount,
} from '../../../../contracts/finance.ts';
import type { RequestContext } from '../../../platform/auth-context.ts';
import type { Queryable } from '../../../platform/db.ts';
import { pageClause } from '../../../platform/listing.ts';
import { scopeCondition } from '../../../platform/scope.ts';
import { likePattern, SqlParams } from '../../../platform/sql.ts';
import type { Entry } from './ledger.rules.ts';

export interface NewJournal {
  businessDate: string;
  sourceType: JournalSourceType;
  sourceId: number;
  documentNumber: string | null;
  description: string;
  reversalOf?: number | null;
  createdBy: number | null;
  entries: readonly Entry[];
}

/** Appends a journal and its entries; the balance is checked by the database at commit. */
export async function insertJournal(db: Queryable, journal: NewJournal): Promise<number> {
  const { rows } = await db.query<{ id: number }>(
    `INSERT INTO journals (business_date, source_type, source_id, document_number, description, reversal_of, created_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
    [
      journal.businessDate,
      journal.sourceType,
      journal.sourceId,
      journal.documentNumber,
      journal.description,
      journal.reversalOf ?? null,
      journal.createdBy,
    ],
  );
  const id = rows[0]!.id;
  await db.query(
    `INSERT INTO ledger_entries (journal_id, account, customer_id, debit_fen, credit_fen)
     SELECT $1, a, c, d, k FROM unnest($2::text[], $3::bigint[], $4::bigint[], $5::bigint[]) AS e(a, c, d, k)`,
    [
      id,
      journal.entries.map((e) => e.account),
      journal.entries.map((e) => e.customerId),
      journal.entries.map((e) => e.debitFen),
      journal.entries.map((e) => e.creditFen),
    ],
  );
  return id;
}

export async function findJournalEntries(db: Queryable, journalId: number): Promise<Entry[]> {
  const { rows } = await db.query<Entry>(
    `SELECT account, customer_id AS "customerId", debit_fen AS "debitFen", credit_fen AS "creditFen"
       FROM ledger_entries WHERE journal_id = $1 ORDER BY id`,
    [journalId],
  );
  return rows;
}

const journalColumns = `j.id, j.business_date AS "businessDate", j.source_type AS "sourceType", j.source_id AS "sourceId",
  j.document_number AS "documentNumber", j.description, j.reversal_of AS "reversalOf",
  to_char(j.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS "createdAt",
  (SELECT coalesce(json_agg(json_build_object('account', e.account, 'customerId', e.customer_id,
                                              'debitFen', e.debit_fen, 'creditFen', e.credit_fen) ORDER BY e.id), '[]')
     FROM ledger_entries e WHERE e.journal_id = j.id) AS entries`;

/**
 * Journals, newest first. A user limited to regions (or a distributor) sees only journals that
 * touch customers in scope, and only those customers' entries are relevant to them.
 */
export async function listJournals(
  db: Queryable,
  ctx: RequestContext,
  query: JournalListQuery,
  maxPageSize: number,
): Promise<{ items: Journal[]; total: number }> {
  const params = new SqlParams();
  const conditions = ['TRUE'];
  if (!ctx.isCompanyWide || ctx.distributorId !== null) {
    conditions.push(`EXISTS (SELECT 1 FROM ledger_entries se JOIN customers sc ON sc.id = se.customer_id
                             WHERE se.journal_id = j.id AND ${scopeCondition(ctx, { region: 'sc.region_id', customer: 'sc.id' }, params)})`);
  }
  if (query.from) conditions.push(`j.business_date >= ${params.add(query.from)}`);
  if (query.to) conditions.push(`j.business_date <= ${params.add(query.to)}`);
  if (query.sourceType) conditions.push(`j.source_type = ${params.add(query.sourceType)}`);
  if (query.customerId) {
    conditions.push(
      `EXISTS (SELECT 1 FROM ledger_entries ce WHERE ce.journal_id = j.id AND ce.customer_id = ${params.add(query.customerId)})`,
    );
  }
  if (query.q) conditions.push(`j.document_number ILIKE ${params.add(likePattern(query.q))}`);
  const where = conditions.join(' AND ');
  const countValues = [...params.values];
  const page = pageClause(query, maxPageSize, params);
  const [items, total] = await Promise.all([
    db.query<Journal>(
      `SELECT ${journalColumns} FROM journals j WHERE ${where} ORDER BY j.business_date DESC, j.id DESC ${page}`,
      params.values,
    ),
    db.query<{ n: number }>(`SELECT count(*)::int AS n FROM journals j WHERE ${where}`, countValues),
  ]);
  return { items: items.rows, total: total.rows[0]!.n };
}

export async function findJournal(db: Queryable, id: number): Promise<Journal | undefined> {
  const { rows } = await db.query<Journal>(`SELECT ${journalColumns} FROM journals j WHERE j.id = $1`, [id]);
  return rows[0];
}

export interface AccountTotal {
  account: LedgerAccount;
  nameZh: string;
  nameEn: string;
  debitFen: number;
  creditFen: number;
}

/** Debit and credit totals per account over journals dated on or before `asOf`. */
export async function accountTotals(db: Queryable, asOf: string): Promise<AccountTotal[]> {
  const { rows } = await db.query<AccountTotal>(
    `SELECT a.code AS account, a.name_zh AS "nameZh", a.name_en AS "nameEn",
            coalesce(sum(e.debit_fen), 0)::bigint AS "debitFen", coalesce(sum(e.credit_fen), 0)::bigint AS "creditFen"
       FROM ledger_accounts a
       LEFT JOIN (ledger_entries e JOIN journals j ON j.id = e.journal_id AND j.business_date <= $1)
              ON e.account = a.code
      GROUP BY a.code, a.name_zh, a.name_en ORDER BY a.code`,
    [asOf],
  );
  return rows;
}
