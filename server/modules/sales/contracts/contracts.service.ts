import type {
  CancelSalesContractRequest,
  CreateSalesContractRequest,
  SalesContract,
  SalesContractListQuery,
} from '../../../../contracts/sales-contracts.ts';
import { recordAudit } from '../../../platform/audit.ts';
import type { RequestContext } from '../../../platform/auth-context.ts';
import { businessDate } from '../../../platform/dates.ts';
import { type Db, type Queryable, withTransaction } from '../../../platform/db.ts';
import { AppError, localized } from '../../../platform/errors.ts';
import { emitEvent } from '../../../platform/events.ts';
import type { StoreResponse } from '../../../platform/idempotency.ts';
import { nextDocumentNumber } from '../../../platform/numbering.ts';
import { findMissingProducts } from '../pricing/pricing.repository.ts';
import { customerReference } from '../pricing/pricing.service.ts';
import * as repo from './contracts.repository.ts';
import { canCancel, checkContractInput } from './contracts.rules.ts';

const contractEntity = localized('contract', '合同');

export async function getContract(db: Queryable, ctx: RequestContext, id: number): Promise<SalesContract> {
  const contract = await repo.findContract(db, ctx, id);
  if (!contract) throw new AppError('NOT_FOUND');
  return contract;
}

export async function listContracts(
  db: Db,
  ctx: RequestContext,
  query: SalesContractListQuery,
  maxPageSize: number,
) {
  const result = await repo.listContracts(db, ctx, query, maxPageSize);
  return { ...result, page: query.page, pageSize: query.pageSize };
}

/**
 * Agrees prices with a customer in your scope for a period. From then on the contract's price
 * comes first when the customer's orders and quotes in its currency are priced on a day of its
 * period; our floor price is still checked on every order (below it needs an approval there).
 */
export async function createContract(
  db: Db,
  ctx: RequestContext,
  input: CreateSalesContractRequest,
  options: { store?: StoreResponse } = {},
): Promise<SalesContract> {
  const problem = checkContractInput(input);
  if (problem) {
    throw new AppError(
      'BUSINESS_RULE',
      { detail: localized(problem.en, problem.zh) },
      { field: problem.field },
    );
  }
  return withTransaction(db, async (tx) => {
    const customer = await customerReference(tx, ctx, input.customerId);
    if (input.quoteId !== null && !(await repo.isQuoteOfCustomer(tx, input.quoteId, customer.id))) {
      throw new AppError(
        'INVALID_REFERENCE',
        { entity: localized('quote of this customer', '该客户的报价'), value: input.quoteId },
        { field: 'quoteId' },
      );
    }
    const missing = await findMissingProducts(
      tx,
      input.lines.map((l) => l.productId),
    );
    if (missing.length > 0) {
      throw new AppError(
        'INVALID_REFERENCE',
        { entity: localized('product', '产品'), value: missing.join(', ') },
        { field: 'lines', productIds: missing },
      );
    }
    const id = await repo.insertContract(
      tx,
      {
        number: await nextDocumentNumber(tx, 'CT', businessDate()),
        customerId: customer.id,
        regionId: customer.regionId,
        quoteId: input.quoteId,
        currency: input.currency,
        validFrom: input.validFrom,
        validUntil: input.validUntil,
        note: input.note,
        createdBy: ctx.userId > 0 ? ctx.userId : null,
      },
      input.lines,
    );
    const contract = (await repo.findContract(tx, ctx, id))!;
    await emitEvent(tx, 'sales_contract.created', {
      contractId: id,
      number: contract.number,
      customerId: customer.id,
      validFrom: contract.validFrom,
      validUntil: contract.validUntil,
    });
    await recordAudit(tx, ctx, { action: 'create', entity: 'sales_contract', entityId: id, after: contract });
    await options.store?.(tx, 201, contract);
    return contract;
  });
}

/** Ends an active contract early: later orders are priced without it; earlier orders keep their prices. */
export async function cancelContract(
  db: Db,
  ctx: RequestContext,
  id: number,
  input: CancelSalesContractRequest,
): Promise<SalesContract> {
  return withTransaction(db, async (tx) => {
    const before = await repo.findContract(tx, ctx, id, true);
    if (!before) throw new AppError('NOT_FOUND');
    if (before.version !== input.version) throw new AppError('VERSION_CONFLICT');
    if (!canCancel(before.status)) {
      throw new AppError('INVALID_STATUS', {
        entity: contractEntity,
        status: localized(before.status, before.status === 'cancelled' ? '已取消' : '有效'),
      });
    }
    if (!(await repo.cancelContract(tx, id, input.version))) throw new AppError('VERSION_CONFLICT');
    const after = (await repo.findContract(tx, ctx, id))!;
    await emitEvent(tx, 'sales_contract.cancelled', {
      contractId: id,
      number: after.number,
      reason: input.reason,
    });
    await recordAudit(tx, ctx, {
      action: 'cancel',
      entity: 'sales_contract',
      entityId: id,
      before: { status: before.status, version: before.version },
      after: { status: after.status, version: after.version },
      reason: input.reason,
    });
    return after;
  });
}
