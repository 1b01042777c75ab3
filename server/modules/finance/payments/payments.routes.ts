import { errorResponse, idempotencyHeaders, idParam } from '../../../../contracts/common.ts';
import {
  allocateRequest,
  allocationResult,
  approveWriteOffRequest,
  createPaymentRequest,
  payment,
  paymentListQuery,
  paymentPage,
  rejectWriteOffRequest,
  requestWriteOffRequest,
  writeOff,
  writeOffListQuery,
  writeOffPage,
} from '../../../../contracts/finance.ts';
import { type App, type AppDeps, contextOf } from '../../../platform/http.ts';
import { replyIdempotent } from '../../../platform/idempotency.ts';
import { allocatePayment } from './allocations.service.ts';
import * as payments from './payments.service.ts';
import * as writeOffs from './write-offs.service.ts';

const errors = {
  400: errorResponse,
  403: errorResponse,
  404: errorResponse,
  409: errorResponse,
  422: errorResponse,
};

export function registerPaymentRoutes(app: App, deps: AppDeps) {
  const tags = ['finance'];
  const maxPageSize = deps.config.limits.maxPageSize;

  app.get(
    '/api/payments',
    {
      config: { access: 'finance:read' },
      schema: {
        tags,
        summary: 'Payments received, in your scope; filter by customer, method, unallocated credit, dates',
        querystring: paymentListQuery,
        response: { 200: paymentPage, 400: errorResponse, 403: errorResponse },
      },
    },
    async (request) => payments.listPayments(deps.db, contextOf(request), request.query, maxPageSize),
  );

  app.get(
    '/api/payments/:id',
    {
      config: { access: 'finance:read' },
      schema: {
        tags,
        summary: 'One payment with its allocations',
        params: idParam,
        response: { 200: payment, 404: errorResponse },
      },
    },
    async (request) => payments.getPayment(deps.db, contextOf(request), request.params.id),
  );

  app.post(
    '/api/payments',
    {
      config: { access: 'finance:write' },
      schema: {
        tags,
        summary: 'Record a payment (bank transfer, acceptance bill with its maturity date, or cash)',
        description:
          'Posts Dr CASH (NOTES_RECEIVABLE for an acceptance bill) / Cr CUSTOMER_CREDIT at the rate of the received ' +
          'date. With autoAllocate the open invoices are paid oldest due first; what is left stays as the ' +
          "customer's credit. Send an Idempotency-Key to make retries safe.",
        headers: idempotencyHeaders,
        body: createPaymentRequest,
        response: { 201: payment, ...errors },
      },
    },
    async (request, reply) => {
      const ctx = contextOf(request);
      return replyIdempotent(request, reply, deps.db, ctx, async (store) => ({
        statusCode: 201,
        body: await payments.createPayment(deps.db, ctx, request.body, { store }),
      }));
    },
  );

  app.post(
    '/api/payments/:id/allocations',
    {
      config: { access: 'finance:write' },
      schema: {
        tags,
        summary: "Allocate a payment to the customer's invoices (listed amounts, or oldest due first)",
        description:
          "Never more than the payment's unallocated amount (409 ALLOCATION_EXCEEDS_UNALLOCATED) nor an " +
          "invoice's open amount (409 ALLOCATION_EXCEEDS_OPEN_AMOUNT); same currency only (422 CURRENCY_MISMATCH). " +
          'Posts Dr CUSTOMER_CREDIT / Cr AR.',
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
        body: await allocatePayment(deps.db, ctx, request.params.id, request.body, { store }),
      }));
    },
  );

  app.post(
    '/api/invoices/:id/write-offs',
    {
      config: { access: 'finance:write' },
      schema: {
        tags,
        summary:
          "Request a write-off of the invoice's remaining amount; another user with finance:approve decides",
        headers: idempotencyHeaders,
        params: idParam,
        body: requestWriteOffRequest,
        response: { 201: writeOff, ...errors },
      },
    },
    async (request, reply) => {
      const ctx = contextOf(request);
      return replyIdempotent(request, reply, deps.db, ctx, async (store) => ({
        statusCode: 201,
        body: await writeOffs.requestWriteOff(deps.db, ctx, request.params.id, request.body, { store }),
      }));
    },
  );

  app.get(
    '/api/write-offs',
    {
      config: { access: 'finance:read' },
      schema: {
        tags,
        summary: 'Write-off requests and decisions',
        querystring: writeOffListQuery,
        response: { 200: writeOffPage, 400: errorResponse, 403: errorResponse },
      },
    },
    async (request) => writeOffs.listWriteOffs(deps.db, contextOf(request), request.query, maxPageSize),
  );

  app.get(
    '/api/write-offs/:id',
    {
      config: { access: 'finance:read' },
      schema: {
        tags,
        summary: 'One write-off request',
        params: idParam,
        response: { 200: writeOff, 404: errorResponse },
      },
    },
    async (request) => writeOffs.getWriteOff(deps.db, contextOf(request), request.params.id),
  );

  app.post(
    '/api/write-offs/:id/approve',
    {
      config: { access: 'finance:approve' },
      schema: {
        tags,
        summary:
          'Approve a write-off (not your own request): settles the invoice, posts Dr BAD_DEBT_EXPENSE / Cr AR',
        params: idParam,
        body: approveWriteOffRequest,
        response: { 200: writeOff, ...errors },
      },
    },
    async (request) =>
      writeOffs.approveWriteOff(deps.db, contextOf(request), request.params.id, request.body.note),
  );

  app.post(
    '/api/write-offs/:id/reject',
    {
      config: { access: 'finance:approve' },
      schema: {
        tags,
        summary: 'Reject a write-off request (not your own), with a reason',
        params: idParam,
        body: rejectWriteOffRequest,
        response: { 200: writeOff, ...errors },
      },
    },
    async (request) =>
      writeOffs.rejectWriteOff(deps.db, contextOf(request), request.params.id, request.body.note),
  );
}
