import { errorResponse, idParam } from '../../../../contracts/common.ts';
import {
  journal,
  journalListQuery,
  journalPage,
  trialBalance,
  trialBalanceQuery,
} from '../../../../contracts/finance.ts';
import { type App, type AppDeps, contextOf } from '../../../platform/http.ts';
import * as ledger from './ledger.service.ts';

export function registerLedgerRoutes(app: App, deps: AppDeps) {
  const tags = ['finance'];

  app.get(
    '/api/ledger/journals',
    {
      config: { access: 'finance:read' },
      schema: {
        tags,
        summary: 'Receivables ledger journals with their entries (CNY fen), newest first',
        description:
          'Journals are never changed or deleted; a correction is a reversal journal (reversalOf).',
        querystring: journalListQuery,
        response: { 200: journalPage, 400: errorResponse, 403: errorResponse },
      },
    },
    async (request) =>
      ledger.listJournals(deps.db, contextOf(request), request.query, deps.config.limits.maxPageSize),
  );

  app.get(
    '/api/ledger/journals/:id',
    {
      config: { access: 'finance:read' },
      schema: {
        tags,
        summary: 'One journal',
        params: idParam,
        response: { 200: journal, 404: errorResponse },
      },
    },
    async (request) => ledger.getJournal(deps.db, contextOf(request), request.params.id),
  );

  app.get(
    '/api/ledger/trial-balance',
    {
      config: { access: 'finance:read' },
      schema: {
        tags,
        summary: 'Debits, credits and balance per account on a date (company-wide readers)',
        querystring: trialBalanceQuery,
        response: { 200: trialBalance, 400: errorResponse, 403: errorResponse },
      },
    },
    async (request) => ledger.getTrialBalance(deps.db, contextOf(request), request.query.asOf),
  );
}
