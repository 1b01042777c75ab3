import type {
  CreateCustomerRequest,
  Customer,
  CustomerListQuery,
  UpdateCustomerRequest,
} from '../../../contracts/customers.ts';
import { recordAudit } from '../../platform/audit.ts';
import type { RequestContext } from '../../platform/auth-context.ts';
import {
  type Db,
  isForeignKeyViolation,
  isUniqueViolation,
  type Queryable,
  withTransaction,
} from '../../platform/db.ts';
import { AppError, localized } from '../../platform/errors.ts';
import { emitEvent } from '../../platform/events.ts';
import { isInScope } from '../../platform/scope.ts';
import * as repo from './customers.repository.ts';
import {
  type ComplianceQualification,
  isValidUnifiedSocialCreditCode,
  normalizeCustomerName,
} from './parties.rules.ts';
import { maskName, maskPhone, seesPersonalData } from './personal-data.ts';

/** Contact names and phones are personal information: masked for roles that do not need them. */
export function presentCustomer(ctx: RequestContext, customer: Customer): Customer {
  if (seesPersonalData(ctx)) return customer;
  return {
    ...customer,
    contactName: maskName(customer.contactName),
    contactPhone: maskPhone(customer.contactPhone),
  };
}

export async function listCustomers(
  db: Db,
  ctx: RequestContext,
  query: CustomerListQuery,
  maxPageSize: number,
) {
  const result = await repo.listCustomers(db, ctx, query, maxPageSize);
  return {
    ...result,
    items: result.items.map((c) => presentCustomer(ctx, c)),
    page: query.page,
    pageSize: query.pageSize,
  };
}

export async function getCustomer(db: Queryable, ctx: RequestContext, id: number): Promise<Customer> {
  const customer = await repo.findCustomer(db, ctx, id);
  // Out of scope and missing look the same: a user must not learn that a record exists.
  if (!customer) throw new AppError('NOT_FOUND');
  return presentCustomer(ctx, customer);
}

/** A customer in scope with the qualifications a sale is checked against (one round trip). */
export async function getCustomerForSale(
  db: Queryable,
  ctx: RequestContext,
  id: number,
): Promise<{ customer: Customer; qualifications: ComplianceQualification[] }> {
  const row = await repo.findCustomerForSale(db, ctx, id);
  if (!row) throw new AppError('NOT_FOUND');
  const { qualifications, ...customer } = row;
  return { customer: presentCustomer(ctx, customer), qualifications };
}

async function checkRegionInScope(tx: Queryable, ctx: RequestContext, regionId: number) {
  const { rows } = await tx.query<{ id: number }>('SELECT id FROM regions WHERE id = $1', [regionId]);
  if (rows.length === 0)
    throw new AppError('INVALID_REFERENCE', {
      entity: ctx.lang === 'en' ? 'region' : '区域',
      value: regionId,
    });
  if (!isInScope(ctx, regionId)) throw new AppError('OUT_OF_SCOPE');
}

function checkFields(ctx: RequestContext, customer: Partial<CreateCustomerRequest>) {
  if (customer.taxId && !isValidUnifiedSocialCreditCode(customer.taxId)) {
    throw new AppError(
      'BUSINESS_RULE',
      {
        detail:
          ctx.lang === 'en'
            ? `"${customer.taxId}" is not a valid unified social credit code`
            : `“${customer.taxId}”不是有效的统一社会信用代码`,
      },
      { field: 'taxId', rule: 'INVALID_TAX_ID' },
    );
  }
  if (customer.type !== undefined) {
    if (customer.type !== 'hospital' && customer.hospitalGrade) {
      throw new AppError(
        'BUSINESS_RULE',
        { detail: localized('only hospitals have a grade', '只有医院有等级') },
        { field: 'hospitalGrade' },
      );
    }
    if (
      (customer.type === 'distributor') !==
      (customer.distributorLevel !== null && customer.distributorLevel !== undefined)
    ) {
      throw new AppError(
        'BUSINESS_RULE',
        {
          detail: localized(
            'a distributor needs a level, and only a distributor has one',
            '经销商必须有级别，且只有经销商有级别',
          ),
        },
        {
          field: 'distributorLevel',
        },
      );
    }
  }
}

async function checkNotDuplicate(tx: Queryable, ctx: RequestContext, name: string, exceptId?: number) {
  const existing = await repo.findByNormalizedName(tx, normalizeCustomerName(name), exceptId);
  if (existing) {
    throw new AppError(
      'DUPLICATE',
      { entity: ctx.lang === 'en' ? 'Customer' : '客户', value: existing.name },
      {
        existingCode: existing.code,
      },
    );
  }
}

function translateWriteError(
  error: unknown,
  ctx: RequestContext,
  input: Partial<CreateCustomerRequest>,
): never {
  if (isUniqueViolation(error)) {
    const field = String((error as { constraint?: string }).constraint).includes('tax') ? 'taxId' : 'code';
    throw new AppError(
      'DUPLICATE',
      { entity: ctx.lang === 'en' ? 'Customer' : '客户', value: String(input[field] ?? '') },
      { field },
    );
  }
  if (isForeignKeyViolation(error))
    throw new AppError('INVALID_REFERENCE', {
      entity: localized('owner rep', '负责销售代表'),
      value: input.ownerRepId ?? '',
    });
  throw error;
}

export async function createCustomer(
  db: Db,
  ctx: RequestContext,
  input: CreateCustomerRequest,
): Promise<Customer> {
  return withTransaction(db, (tx) => createCustomerInTransaction(tx, ctx, input));
}

/**
 * Creates a customer inside the caller's transaction, with the same checks, audit and event as
 * the API (lead conversion creates one together with the opportunity).
 */
export async function createCustomerInTransaction(
  tx: Queryable,
  ctx: RequestContext,
  input: CreateCustomerRequest,
): Promise<Customer> {
  checkFields(ctx, input);
  await checkRegionInScope(tx, ctx, input.regionId);
  await checkNotDuplicate(tx, ctx, input.name);
  let id: number;
  try {
    id = await repo.insertCustomer(tx, { ...input, nameNormalized: normalizeCustomerName(input.name) });
  } catch (error) {
    translateWriteError(error, ctx, input);
  }
  const created = (await repo.findCustomer(tx, ctx, id))!;
  await recordAudit(tx, ctx, { action: 'create', entity: 'customer', entityId: id, after: created });
  await emitEvent(tx, 'customer.changed', { customerId: id, action: 'create' });
  return presentCustomer(ctx, created);
}

export async function updateCustomer(
  db: Db,
  ctx: RequestContext,
  id: number,
  input: UpdateCustomerRequest,
): Promise<Customer> {
  return withTransaction(db, async (tx) => {
    const before = await repo.findCustomer(tx, ctx, id, true);
    if (!before) throw new AppError('NOT_FOUND');
    const { version, ...changes } = input;
    const merged = {
      ...before,
      ...Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined)),
    };
    checkFields(ctx, {
      ...changes,
      type: merged.type,
      hospitalGrade: merged.hospitalGrade,
      distributorLevel: merged.distributorLevel,
    });
    if (changes.regionId !== undefined) await checkRegionInScope(tx, ctx, changes.regionId);
    if (changes.name !== undefined) await checkNotDuplicate(tx, ctx, changes.name, id);
    try {
      const updated = await repo.updateCustomer(tx, id, version, {
        ...changes,
        ...(changes.name !== undefined ? { nameNormalized: normalizeCustomerName(changes.name) } : {}),
      });
      if (!updated) throw new AppError('VERSION_CONFLICT');
    } catch (error) {
      if (error instanceof AppError) throw error;
      translateWriteError(error, ctx, changes);
    }
    const after = (await repo.findCustomer(tx, ctx, id))!;
    await recordAudit(tx, ctx, { action: 'update', entity: 'customer', entityId: id, before, after });
    await emitEvent(tx, 'customer.changed', { customerId: id, action: 'update' });
    return presentCustomer(ctx, after);
  });
}

export async function deleteCustomer(db: Db, ctx: RequestContext, id: number): Promise<void> {
  await withTransaction(db, async (tx) => {
    const before = await repo.findCustomer(tx, ctx, id, true);
    if (!before) throw new AppError('NOT_FOUND');
    try {
      await repo.deleteCustomer(tx, id);
    } catch (error) {
      if (isForeignKeyViolation(error)) {
        throw new AppError('IN_USE', {
          detail: ctx.lang === 'en' ? 'documents or users; deactivate it instead' : '单据或用户，请改为停用',
        });
      }
      throw error;
    }
    await recordAudit(tx, ctx, { action: 'delete', entity: 'customer', entityId: id, before });
    await emitEvent(tx, 'customer.changed', { customerId: id, action: 'delete' });
  });
}

export async function exportCustomers(
  db: Db,
  ctx: RequestContext,
  query: Partial<CustomerListQuery>,
  maxRows: number,
) {
  const rows = await repo.listCustomersForExport(db, ctx, query, maxRows);
  if (rows.length > maxRows) throw new AppError('EXPORT_TOO_LARGE', { max: maxRows });
  const presented = rows.map((c) => presentCustomer(ctx, c));
  if (seesPersonalData(ctx) && presented.some((c) => c.contactName || c.contactPhone)) {
    // Unmasked personal information leaving the system is recorded (PIPL).
    await recordAudit(db, ctx, {
      action: 'export_personal_data',
      entity: 'customer',
      after: { rows: presented.length, filters: query },
    });
  }
  return presented;
}
