import type {
  Journal,
  JournalListQuery,
  JournalSourceType,
  TrialBalance,
} from '../../../../contracts/finance.ts';
import type { RequestContext } from '../../../platform/auth-context.ts';
import { businessDate } from '../../../platform/dates.ts';
import type { Db, Queryable } from '../../../platform/db.ts';
import { AppError } from '../../../platform/errors.ts';
import * as repo from './ledger.repository.ts';
import { type Entry, isBalanced, reversalEntries } from './ledger.rules.ts';

/**
 * A journal's description is written in Chinese whoever posts it: the books are kept in
 * Chinese (会计法 art. 22); screens and statements translate by source type and number.
 */
export interface PostingInput {
  businessDate: string;
  sourceType: JournalSourceType;
  sourceId: number;
  documentNumber: string | null;
  description: string;
  entries: readonly Entry[];
}

const actor = (ctx: RequestContext) => (ctx.userId > 0 ? ctx.userId : null);

/**
 * Posts one balanced journal inside the caller's transaction. A posting whose entries net to
 * nothing (e.g. a credit note applied at the invoice's own rate) writes no journal: null.
 */
export async function postJournal(
  tx: Queryable,
  ctx: RequestContext,
  input: PostingInput,
): Promise<number | null> {
  if (input.entries.length === 0) return null;
  // The database refuses an unbalanced journal at commit; failing here names the culprit.
  if (!isBalanced(input.entries)) throw new Error(`unbalanced ${input.sourceType} posting ${input.sourceId}`);
  return repo.insertJournal(tx, { ...input, createdBy: actor(ctx) });
}

/** Corrects a journal by posting its mirror image; the original stays as it was. */
export async function reverseJournal(
  tx: Queryable,
  ctx: RequestContext,
  journalId: number,
  input: Omit<PostingInput, 'entries'>,
): Promise<number> {
  const entries = await repo.findJournalEntries(tx, journalId);
  return repo.insertJournal(tx, {
    ...input,
    entries: reversalEntries(entries),
    reversalOf: journalId,
    createdBy: actor(ctx),
  });
}

export async function listJournals(
  db: Db,
  ctx: RequestContext,
  query: JournalListQuery,
  maxPageSize: number,
) {
  const result = await repo.listJournals(db, ctx, query, maxPageSize);
  return { ...result, page: query.page, pageSize: query.pageSize };
}

export async function getJournal(db: Db, ctx: RequestContext, id: number): Promise<Journal> {
  const found = await repo.findJournal(db, id);
  // Ledger detail is for company-wide finance readers; everyone else reads it through lists.
  if (!found || !ctx.isCompanyWide || ctx.distributorId !== null) throw new AppError('NOT_FOUND');
  return found;
}

/** Totals per account on a date; company-wide readers only (it spans every customer). */
export async function getTrialBalance(
  db: Db,
  ctx: RequestContext,
  asOf = businessDate(),
): Promise<TrialBalance> {
  if (!ctx.isCompanyWide || ctx.distributorId !== null) throw new AppError('FORBIDDEN');
  const accounts = (await repo.accountTotals(db, asOf)).map((a) => ({
    ...a,
    balanceFen: a.debitFen - a.creditFen,
  }));
  return {
    asOf,
    accounts,
    totalDebitFen: accounts.reduce((sum, a) => sum + a.debitFen, 0),
    totalCreditFen: accounts.reduce((sum, a) => sum + a.creditFen, 0),
  };
}
