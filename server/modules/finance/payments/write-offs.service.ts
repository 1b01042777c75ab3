/**
 * Writing off what is left of an invoice: one user requests, another with finance:approve
 * decides (four eyes, also enforced by a CHECK); only the approval settles the invoice and
 * posts Dr BAD_DEBT_EXPENSE / Cr AR.
 */
import type { RequestWriteOffRequest, WriteOff, WriteOffListQuery } from '../../../../contracts/finance.ts';
import { recordAudit } from '../../../platform/audit.ts';
import type { RequestContext } from '../../../platform/auth-context.ts';
import { businessDate } from '../../../platform/dates.ts';
import { type Db, isUniqueViolation, type Queryable, withTransaction } from '../../../platform/db.ts';
import { AppError } from '../../../platform/errors.ts';
import { emitEvent } from '../../../platform/events.ts';
import type { StoreResponse } from '../../../platform/idempotency.ts';
import { nextDocumentNumber } from '../../../platform/numbering.ts';
import { laterDate, say, violates } from '../finance.shared.ts';
import { findInvoice, settleInvoices } from '../invoices/invoices.repository.ts';
import { invoiceStatusFor } from '../invoices/invoices.rules.ts';
import { writeOffEntries } from '../ledger/ledger.rules.ts';
import { postJournal } from '../ledger/ledger.service.ts';
import { cnyOfStep, formatMoney } from '../money.rules.ts';
import { openCny } from './allocation.rules.ts';
import { type LockedInvoice, lockOpenInvoices } from './allocations.repository.ts';
import * as repo from './write-offs.repository.ts';

export async function listWriteOffs(
  db: Db,
  ctx: RequestContext,
  query: WriteOffListQuery,
  maxPageSize: number,
) {
  const result = await repo.listWriteOffs(db, ctx, query, maxPageSize);
  return { ...result, page: query.page, pageSize: query.pageSize };
}

export async function getWriteOff(db: Queryable, ctx: RequestContext, id: number): Promise<WriteOff> {
  const found = await repo.findWriteOff(db, ctx, id);
  if (!found) throw new AppError('NOT_FOUND');
  return found;
}

function exceedsOpen(invoiceNumber: string, currency: string, open: number, requested: number) {
  return new AppError(
    'WRITE_OFF_EXCEEDS_OPEN_AMOUNT',
    {
      invoice: invoiceNumber,
      open: formatMoney(open, currency),
      requested: formatMoney(requested, currency),
    },
    { openAmount: open },
  );
}

/** Asks for the invoice's remaining amount (or part of it) to be written off. */
export async function requestWriteOff(
  db: Db,
  ctx: RequestContext,
  invoiceId: number,
  input: RequestWriteOffRequest,
  options: { store?: StoreResponse } = {},
): Promise<WriteOff> {
  if (ctx.userId <= 0) throw new AppError('FORBIDDEN');
  try {
    return await withTransaction(db, async (tx) => {
      const invoice = await findInvoice(tx, ctx, invoiceId, true);
      if (!invoice) throw new AppError('NOT_FOUND');
      if (invoice.status !== 'open' && invoice.status !== 'partially_paid') {
        throw new AppError('INVALID_STATUS', { entity: say(ctx, 'invoice', '发票'), status: invoice.status });
      }
      const amount = input.amount ?? invoice.openAmount;
      if (amount > invoice.openAmount)
        throw exceedsOpen(invoice.number, invoice.currency, invoice.openAmount, amount);
      const id = await repo.insertWriteOff(tx, {
        number: await nextDocumentNumber(tx, 'WO', businessDate()),
        invoiceId,
        customerId: invoice.customerId,
        regionId: invoice.regionId,
        amount,
        reason: input.reason,
        requestedBy: ctx.userId,
      });
      const created = (await repo.findWriteOff(tx, ctx, id))!;
      await recordAudit(tx, ctx, {
        action: 'request',
        entity: 'write_off',
        entityId: id,
        after: created,
        reason: input.reason,
      });
      await emitEvent(tx, 'write_off.requested', {
        writeOffId: id,
        invoiceId,
        amount,
        requestedBy: ctx.userId,
      });
      await options.store?.(tx, 201, created);
      return created;
    });
  } catch (error) {
    if (isUniqueViolation(error, 'write_offs_one_pending')) {
      throw new AppError('CONFLICT', {
        detail: say(
          ctx,
          'a write-off of this invoice is already waiting for approval',
          '该发票已有待审批的核销申请',
        ),
      });
    }
    throw error;
  }
}

type Decision = { approve: true; note: string | null } | { approve: false; note: string };

async function decide(db: Db, ctx: RequestContext, id: number, decision: Decision): Promise<WriteOff> {
  const today = businessDate();
  try {
    return await withTransaction(db, async (tx) => {
      const peek = await repo.findWriteOff(tx, ctx, id);
      if (!peek) throw new AppError('NOT_FOUND');
      // Invoice first, then the request: the same lock order as requesting a write-off.
      const locked: LockedInvoice | undefined = (
        await lockOpenInvoices(tx, peek.customerId, [peek.invoiceId])
      )[0];
      const before = (await repo.findWriteOff(tx, ctx, id, true))!;
      if (before.status !== 'requested') {
        throw new AppError('INVALID_STATUS', {
          entity: say(ctx, 'write-off', '核销申请'),
          status: before.status,
        });
      }
      if (before.requestedBy === ctx.userId) throw new AppError('SELF_APPROVAL');
      let journalId: number | null = null;
      let amountCnyFen: number | null = null;
      let writtenOffOn: string | null = null;
      if (decision.approve) {
        const open = locked?.openAmount ?? 0;
        if (!locked || before.amount > open)
          throw exceedsOpen(before.invoiceNumber, before.currency, open, before.amount);
        const settledBefore = locked.grossAmount - locked.openAmount;
        amountCnyFen = cnyOfStep(settledBefore, before.amount, locked.grossAmount, locked.grossCnyFen);
        writtenOffOn = laterDate(today, locked.invoiceDate);
        const openAfter = locked.openAmount - before.amount;
        await settleInvoices(tx, [
          {
            invoiceId: locked.id,
            paid: 0,
            credited: 0,
            writtenOff: before.amount,
            openCnyFen: openCny(settledBefore + before.amount, locked.grossAmount, locked.grossCnyFen),
            status: invoiceStatusFor({
              grossAmount: locked.grossAmount,
              openAmount: openAfter,
              writtenOffAmount: locked.writtenOffAmount + before.amount,
            }),
          },
        ]);
        journalId = await postJournal(tx, ctx, {
          businessDate: writtenOffOn,
          sourceType: 'write_off',
          sourceId: id,
          documentNumber: before.number,
          description: `坏账核销 ${before.number}（${before.invoiceNumber}）`,
          entries: writeOffEntries(before.customerId, amountCnyFen),
        });
      }
      const changed = await repo.decideWriteOff(tx, id, before.version, {
        status: decision.approve ? 'approved' : 'rejected',
        decidedBy: ctx.userId,
        note: decision.note,
        writtenOffOn,
        amountCnyFen,
        journalId,
      });
      if (!changed) throw new AppError('VERSION_CONFLICT');
      const after = (await repo.findWriteOff(tx, ctx, id))!;
      await recordAudit(tx, ctx, {
        action: decision.approve ? 'approve' : 'reject',
        entity: 'write_off',
        entityId: id,
        before,
        after,
        reason: decision.note,
      });
      if (decision.approve) {
        await emitEvent(tx, 'invoice.written_off', {
          invoiceId: before.invoiceId,
          number: before.invoiceNumber,
          writeOffId: id,
          customerId: before.customerId,
          amount: before.amount,
          amountCnyFen,
          writtenOffOn,
        });
      }
      return after;
    });
  } catch (error) {
    if (violates(error, 'write_off_four_eyes')) throw new AppError('SELF_APPROVAL');
    throw error;
  }
}

export async function approveWriteOff(db: Db, ctx: RequestContext, id: number, note: string | undefined) {
  if (ctx.userId <= 0) throw new AppError('FORBIDDEN');
  return decide(db, ctx, id, { approve: true, note: note ?? null });
}

export async function rejectWriteOff(db: Db, ctx: RequestContext, id: number, note: string) {
  if (ctx.userId <= 0) throw new AppError('FORBIDDEN');
  return decide(db, ctx, id, { approve: false, note });
}
