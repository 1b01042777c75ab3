import { z } from 'zod';
import { errorResponse, idempotencyHeaders, idParam } from '../../../../contracts/common.ts';
import {
  allocateRequest,
  allocationResult,
  cancelInvoiceRequest,
  createCreditNoteRequest,
  createInvoiceRequest,
  creditNote,
  creditNoteListQuery,
  creditNotePage,
  type InvoiceSummary,
  invoice,
  invoiceListQuery,
  invoicePage,
  updateInvoiceRequest,
} from '../../../../contracts/finance.ts';
import { type ExportColumn, renderExport, sendDownload } from '../../../platform/export.ts';
import { type App, type AppDeps, contextOf } from '../../../platform/http.ts';
import { replyIdempotent } from '../../../platform/idempotency.ts';
import { formatMajor as major } from '../money.rules.ts';
import { allocateCreditNote } from '../payments/allocations.service.ts';
import * as creditNotes from './credit-notes.service.ts';
import * as invoices from './invoices.service.ts';

const errors = {
  400: errorResponse,
  403: errorResponse,
  404: errorResponse,
  409: errorResponse,
  422: errorResponse,
};
const exportQuery = invoiceListQuery
  .omit({ page: true, pageSize: true })
  .extend({ format: z.enum(['csv', 'xlsx']).default('csv') });

function exportColumns(lang: 'zh-CN' | 'en'): ExportColumn<InvoiceSummary>[] {
  const zh = lang === 'zh-CN';
  return [
    { header: zh ? '发票号' : 'Number', value: (i) => i.number, width: 20 },
    { header: zh ? '金税发票号' : 'VAT invoice number', value: (i) => i.vatInvoiceNumber, width: 22 },
    { header: zh ? '客户' : 'Customer', value: (i) => i.customerName, width: 32 },
    { header: zh ? '开票日期' : 'Invoice date', value: (i) => i.invoiceDate },
    { header: zh ? '到期日' : 'Due date', value: (i) => i.dueDate },
    { header: zh ? '状态' : 'Status', value: (i) => i.status },
    { header: zh ? '币种' : 'Currency', value: (i) => i.currency },
    { header: zh ? '汇率' : 'Exchange rate', value: (i) => i.exchangeRate },
    { header: zh ? '不含税金额' : 'Net', value: (i) => major(i.netAmount) },
    { header: zh ? '税额' : 'VAT', value: (i) => major(i.taxAmount) },
    { header: zh ? '价税合计' : 'Gross', value: (i) => major(i.grossAmount) },
    { header: zh ? '未结金额' : 'Open', value: (i) => major(i.openAmount) },
    { header: zh ? '价税合计（人民币）' : 'Gross (CNY)', value: (i) => major(i.grossCnyFen) },
    { header: zh ? '未结金额（人民币）' : 'Open (CNY)', value: (i) => major(i.openCnyFen) },
  ];
}

export function registerInvoiceRoutes(app: App, deps: AppDeps) {
  const tags = ['finance'];
  const maxPageSize = deps.config.limits.maxPageSize;

  app.get(
    '/api/invoices',
    {
      config: { access: 'finance:read' },
      schema: {
        tags,
        summary:
          'Invoices in your scope: search by number, customer or VAT number; filter by status, customer, dates',
        querystring: invoiceListQuery,
        response: { 200: invoicePage, 400: errorResponse, 403: errorResponse },
      },
    },
    async (request) => invoices.listInvoices(deps.db, contextOf(request), request.query, maxPageSize),
  );

  app.get(
    '/api/invoices/export',
    {
      config: { access: 'finance:read' },
      schema: { tags, summary: 'Export the filtered invoices as CSV or Excel', querystring: exportQuery },
    },
    async (request, reply) => {
      const ctx = contextOf(request);
      const { format, ...query } = request.query;
      const rows = await invoices.exportInvoices(deps.db, ctx, query, deps.config.limits.maxExportRows);
      return sendDownload(reply, await renderExport(format, exportColumns(ctx.lang), rows, 'invoices'));
    },
  );

  app.get(
    '/api/invoices/:id',
    {
      config: { access: 'finance:read' },
      schema: {
        tags,
        summary: 'One invoice with its lines, allocations, credit notes and write-offs',
        params: idParam,
        response: { 200: invoice, 404: errorResponse },
      },
    },
    async (request) => invoices.getInvoice(deps.db, contextOf(request), request.params.id),
  );

  app.post(
    '/api/invoices',
    {
      config: { access: 'finance:write' },
      schema: {
        tags,
        summary: 'Invoice a shipped shipment (all lines not invoiced yet, or the chosen ones)',
        description:
          'Net per line = quantity × unit price × (1 − discount) and VAT per line = net × rate, each rounded half ' +
          'up to the fen; CNY at the rate of the invoice date, split exactly over the lines; due by the ' +
          "customer's payment terms. A shipment line is invoiced at most once (409 ALREADY_INVOICED). Posts " +
          'Dr AR / Cr REVENUE / Cr VAT_OUTPUT. Send an Idempotency-Key to make retries safe.',
        headers: idempotencyHeaders,
        body: createInvoiceRequest,
        response: { 201: invoice, ...errors },
      },
    },
    async (request, reply) => {
      const ctx = contextOf(request);
      return replyIdempotent(request, reply, deps.db, ctx, async (store) => ({
        statusCode: 201,
        body: await invoices.createInvoice(deps.db, ctx, request.body, { store }),
      }));
    },
  );

  app.patch(
    '/api/invoices/:id',
    {
      config: { access: 'finance:write' },
      schema: {
        tags,
        summary: 'Record the Golden Tax (金税) VAT invoice number, or change the note',
        params: idParam,
        body: updateInvoiceRequest,
        response: { 200: invoice, ...errors },
      },
    },
    async (request) => invoices.updateInvoice(deps.db, contextOf(request), request.params.id, request.body),
  );

  app.post(
    '/api/invoices/:id/cancel',
    {
      config: { access: 'finance:write' },
      schema: {
        tags,
        summary:
          'Cancel an invoice nothing was settled on (its journal is reversed, its lines can be invoiced again)',
        params: idParam,
        body: cancelInvoiceRequest,
        response: { 200: invoice, ...errors },
      },
    },
    async (request) => invoices.cancelInvoice(deps.db, contextOf(request), request.params.id, request.body),
  );

  app.get(
    '/api/credit-notes',
    {
      config: { access: 'finance:read' },
      schema: {
        tags,
        summary: 'Credit notes in your scope',
        querystring: creditNoteListQuery,
        response: { 200: creditNotePage, 400: errorResponse, 403: errorResponse },
      },
    },
    async (request) => creditNotes.listCreditNotes(deps.db, contextOf(request), request.query, maxPageSize),
  );

  app.get(
    '/api/credit-notes/:id',
    {
      config: { access: 'finance:read' },
      schema: {
        tags,
        summary: 'One credit note with its lines and allocations',
        params: idParam,
        response: { 200: creditNote, 404: errorResponse },
      },
    },
    async (request) => creditNotes.getCreditNote(deps.db, contextOf(request), request.params.id),
  );

  app.post(
    '/api/credit-notes',
    {
      config: { access: 'finance:write' },
      schema: {
        tags,
        summary:
          'Issue a credit note against an invoice (units of lines, a price allowance, or everything left)',
        description:
          'Reverses revenue and VAT in proportion (Dr REVENUE, Dr VAT_OUTPUT / Cr AR) at the invoice rate and is ' +
          'applied at once to its invoice as far as that is open; the rest stays open for other invoices. ' +
          'Returned goods get their credit note through POST /api/returns.',
        headers: idempotencyHeaders,
        body: createCreditNoteRequest,
        response: { 201: creditNote, ...errors },
      },
    },
    async (request, reply) => {
      const ctx = contextOf(request);
      return replyIdempotent(request, reply, deps.db, ctx, async (store) => ({
        statusCode: 201,
        body: await creditNotes.createCreditNote(deps.db, ctx, request.body, { store }),
      }));
    },
  );

  app.post(
    '/api/credit-notes/:id/allocations',
    {
      config: { access: 'finance:write' },
      schema: {
        tags,
        summary: "Apply an unapplied credit note to the customer's invoices (listed, or oldest due first)",
        headers: idempotencyHeaders,
        params: idParam,
        body: allocateRequest,
        response: { 201: allocationResult, ...errors },
      },
    },
    async (request, reply) => {
      const ctx = contextOf(request);
      return replyIdempotent(request, reply, deps.db, ctx, async (store) => ({
        statusCode: 201,
        body: await allocateCreditNote(deps.db, ctx, request.params.id, request.body, { store }),
      }));
    },
  );
}
