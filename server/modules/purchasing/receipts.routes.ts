import { errorResponse, idParam } from '../../../contracts/common.ts';
import {
  createReceiptRequest,
  gspReceiptRecordQuery,
  receipt,
  receiptListQuery,
  receiptPage,
} from '../../../contracts/purchasing.ts';
import { type ExportColumn, renderExport, sendDownload } from '../../platform/export.ts';
import { type App, type AppDeps, contextOf } from '../../platform/http.ts';
import type { GspReceiptRow } from './receipts.repository.ts';
import * as receipts from './receipts.service.ts';

const resultNames = {
  accepted: { en: 'Accepted', zh: '合格' },
  rejected: { en: 'Rejected', zh: '不合格' },
  partially_accepted: { en: 'Partially accepted', zh: '部分合格' },
} as const;

/** The GSP purchase-receipt record (DOMAIN §2), one row per lot received. */
export function gspColumns(lang: 'zh-CN' | 'en'): ExportColumn<GspReceiptRow>[] {
  const zh = lang === 'zh-CN';
  return [
    { header: zh ? '到货日期' : 'Arrival date', value: (r) => r.arrivalDate },
    { header: zh ? '收货单号' : 'Receipt number', value: (r) => r.receiptNumber },
    { header: zh ? '产品名称' : 'Product name', value: (r) => r.productName, width: 28 },
    { header: zh ? '规格型号' : 'Model/spec', value: (r) => r.modelSpec, width: 20 },
    {
      header: zh ? '注册证编号/备案编号' : 'Registration/filing number',
      value: (r) => r.certificateNumber,
      width: 24,
    },
    {
      header: zh ? '批号/序列号' : 'Lot or serial',
      value: (r) => (r.serials.length > 0 ? `${r.lotNumber} / ${r.serials.join(', ')}` : r.lotNumber),
      width: 24,
    },
    { header: zh ? '生产日期' : 'Production date', value: (r) => r.productionDate },
    { header: zh ? '有效期至' : 'Expiry', value: (r) => r.expiryDate },
    { header: zh ? '生产企业' : 'Manufacturer', value: (r) => r.manufacturer, width: 28 },
    { header: zh ? '供货单位' : 'Supplier', value: (r) => r.supplier, width: 28 },
    { header: zh ? '单位' : 'Unit', value: (r) => r.unit },
    { header: zh ? '到货数量' : 'Quantity received', value: (r) => r.quantityReceived },
    { header: zh ? '验收合格数量' : 'Quantity accepted', value: (r) => r.quantityAccepted },
    { header: zh ? '不合格数量' : 'Quantity rejected', value: (r) => r.quantityRejected },
    {
      header: zh ? '验收结论' : 'Inspection result',
      value: (r) => resultNames[r.inspectionResult][zh ? 'zh' : 'en'],
    },
    { header: zh ? '验收人' : 'Inspector', value: (r) => r.inspector },
    { header: zh ? '检验报告编号' : 'Inspection report', value: (r) => r.reportRef },
  ];
}

export function registerReceiptRoutes(app: App, deps: AppDeps) {
  const tags = ['purchasing'];

  app.get(
    '/api/receipts',
    {
      config: { access: 'purchasing:read' },
      schema: {
        tags,
        summary: 'Receipts: search by number, filter by order, supplier, warehouse, arrival dates',
        querystring: receiptListQuery,
        response: { 200: receiptPage, 400: errorResponse, 403: errorResponse },
      },
    },
    async (request) => receipts.listReceipts(deps.db, request.query, deps.config.limits.maxPageSize),
  );

  app.get(
    '/api/receipts/gsp-record',
    {
      config: { access: 'purchasing:read' },
      schema: {
        tags,
        summary: 'GSP purchase-receipt record for an arrival-date range, as CSV or Excel (for the regulator)',
        querystring: gspReceiptRecordQuery,
      },
    },
    async (request, reply) => {
      const ctx = contextOf(request);
      const { format, ...range } = request.query;
      const rows = await receipts.listGspReceiptRecord(deps.db, ctx, range, deps.config.limits.maxExportRows);
      const file = await renderExport(format, gspColumns(ctx.lang), rows, 'gsp-purchase-receipts');
      return sendDownload(reply, file);
    },
  );

  app.get(
    '/api/receipts/:id',
    {
      config: { access: 'purchasing:read' },
      schema: {
        tags,
        summary: 'One receipt with its lots and inspection',
        params: idParam,
        response: { 200: receipt, 403: errorResponse, 404: errorResponse },
      },
    },
    async (request) => receipts.getReceipt(deps.db, request.params.id),
  );

  app.post(
    '/api/receipts',
    {
      config: { access: 'purchasing:write' },
      schema: {
        tags,
        summary:
          'Receive goods against a confirmed purchase order, by UDI scan or typed lot, with inspection per line; ' +
          'accepted units enter stock',
        body: createReceiptRequest,
        response: {
          201: receipt,
          400: errorResponse,
          403: errorResponse,
          404: errorResponse,
          409: errorResponse,
          422: errorResponse,
        },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await receipts.postReceipt(deps.db, contextOf(request), request.body)),
  );
}
