import { z } from 'zod';
import { errorResponse, idParam } from '../../../../contracts/common.ts';
import {
  type ReceivableItem,
  receivablesPage,
  receivablesQuery,
  statement,
  statementQuery,
} from '../../../../contracts/finance.ts';
import { type ExportColumn, renderExport, sendDownload } from '../../../platform/export.ts';
import { type App, type AppDeps, contextOf } from '../../../platform/http.ts';
import { formatMajor as major } from '../money.rules.ts';
import * as statements from './statements.service.ts';

const exportQuery = receivablesQuery
  .omit({ page: true, pageSize: true })
  .extend({ format: z.enum(['csv', 'xlsx']).default('csv') });

function exportColumns(lang: 'zh-CN' | 'en'): ExportColumn<ReceivableItem>[] {
  const zh = lang === 'zh-CN';
  return [
    { header: zh ? '发票号' : 'Invoice', value: (r) => r.invoiceNumber, width: 20 },
    { header: zh ? '客户' : 'Customer', value: (r) => r.customerName, width: 32 },
    { header: zh ? '开票日期' : 'Invoice date', value: (r) => r.invoiceDate },
    { header: zh ? '到期日' : 'Due date', value: (r) => r.dueDate },
    { header: zh ? '币种' : 'Currency', value: (r) => r.currency },
    { header: zh ? '未结金额' : 'Open', value: (r) => major(r.openAmount) },
    { header: zh ? '未结金额（人民币）' : 'Open (CNY)', value: (r) => major(r.openCnyFen) },
    { header: zh ? '逾期天数' : 'Days past due', value: (r) => r.daysPastDue },
    { header: zh ? '账龄' : 'Aging bucket', value: (r) => r.bucket },
  ];
}

export function registerStatementRoutes(app: App, deps: AppDeps) {
  const tags = ['finance'];

  app.get(
    '/api/customers/:id/statement',
    {
      config: { access: 'finance:read' },
      schema: {
        tags,
        summary:
          'Customer statement for a period (对账单): opening balance, movements, closing balance in CNY',
        description:
          'Balance = receivable − unapplied credit. Lines are the journals of the period: invoices, credit notes, ' +
          'payments, allocations, write-offs, cancellations. Closing = opening + the balance changes of the lines.',
        params: idParam,
        querystring: statementQuery,
        response: { 200: statement, 400: errorResponse, 404: errorResponse },
      },
    },
    async (request) => statements.getStatement(deps.db, contextOf(request), request.params.id, request.query),
  );

  app.get(
    '/api/receivables',
    {
      config: { access: 'finance:read' },
      schema: {
        tags,
        summary: 'Open receivables on a date with days past due and aging bucket (DOMAIN §4), in your scope',
        querystring: receivablesQuery,
        response: { 200: receivablesPage, 400: errorResponse, 403: errorResponse },
      },
    },
    async (request) =>
      statements.listReceivables(deps.db, contextOf(request), request.query, deps.config.limits.maxPageSize),
  );

  app.get(
    '/api/receivables/export',
    {
      config: { access: 'finance:read' },
      schema: {
        tags,
        summary: 'Export the open receivables (aging) as CSV or Excel',
        querystring: exportQuery,
      },
    },
    async (request, reply) => {
      const ctx = contextOf(request);
      const { format, ...query } = request.query;
      const rows = await statements.exportReceivables(
        deps.db,
        ctx,
        { ...query, page: 1, pageSize: 1 },
        deps.config.limits.maxExportRows,
      );
      return sendDownload(reply, await renderExport(format, exportColumns(ctx.lang), rows, 'receivables'));
    },
  );
}
