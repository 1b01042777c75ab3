import type {
  CreateSupplierRequest,
  Supplier,
  SupplierListQuery,
  UpdateSupplierRequest,
} from '../../../contracts/catalog.ts';
import { recordAudit } from '../../platform/audit.ts';
import type { RequestContext } from '../../platform/auth-context.ts';
import { businessDate } from '../../platform/dates.ts';
import {
  type Db,
  isForeignKeyViolation,
  isUniqueViolation,
  type Queryable,
  withTransaction,
} from '../../platform/db.ts';
import { AppError } from '../../platform/errors.ts';
import { emitEvent } from '../../platform/events.ts';
import { definedChanges } from '../../platform/writes.ts';
import { isValidUnifiedSocialCreditCode } from './parties.rules.ts';
import { maskName, maskPhone, seesPersonalData } from './personal-data.ts';
import * as repo from './suppliers.repository.ts';
import { licenceStatus } from './suppliers.rules.ts';

/**
 * Contact names and phones are personal information: shown to the people who maintain
 * suppliers and to the roles that see customers' contacts, masked for everyone else.
 */
function seesSupplierContacts(ctx: RequestContext): boolean {
  return seesPersonalData(ctx) || ctx.permissions.includes('masterdata:write');
}

export function presentSupplier(
  ctx: RequestContext,
  row: repo.SupplierRow,
  today = businessDate(),
): Supplier {
  const supplier = { ...row, licenceStatus: licenceStatus(row, today) };
  if (seesSupplierContacts(ctx)) return supplier;
  return { ...supplier, contactName: maskName(row.contactName), contactPhone: maskPhone(row.contactPhone) };
}

export async function listSuppliers(
  db: Db,
  ctx: RequestContext,
  query: SupplierListQuery,
  maxPageSize: number,
) {
  const today = businessDate();
  const result = await repo.listSuppliers(db, query, today, maxPageSize);
  return {
    ...result,
    items: result.items.map((s) => presentSupplier(ctx, s, today)),
    page: query.page,
    pageSize: query.pageSize,
  };
}

export async function getSupplier(db: Queryable, ctx: RequestContext, id: number): Promise<Supplier> {
  const supplier = await repo.findSupplier(db, id);
  if (!supplier) throw new AppError('NOT_FOUND');
  return presentSupplier(ctx, supplier);
}

/** What another module needs to refer to a supplier (e.g. a product's manufacturer). */
export async function findSupplierReference(db: Queryable, id: number) {
  const supplier = await repo.findSupplier(db, id);
  return (
    supplier && { id: supplier.id, name: supplier.name, kind: supplier.kind, isActive: supplier.isActive }
  );
}

function businessRule(field: string, rule: string, en: string, zh: string, ctx: RequestContext): AppError {
  return new AppError('BUSINESS_RULE', { detail: ctx.lang === 'en' ? en : zh }, { field, rule });
}

function checkFields(
  ctx: RequestContext,
  supplier: Pick<CreateSupplierRequest, 'country' | 'taxId' | 'licenceNumber' | 'licenceValidUntil'>,
  changed?: ReadonlySet<string>,
) {
  const touches = (...fields: string[]) => !changed || fields.some((f) => changed.has(f));
  // Only Chinese companies have a unified social credit code; foreign ones keep their own tax number.
  if (
    touches('taxId', 'country') &&
    supplier.country === 'CN' &&
    supplier.taxId &&
    !isValidUnifiedSocialCreditCode(supplier.taxId)
  ) {
    throw businessRule(
      'taxId',
      'INVALID_TAX_ID',
      `"${supplier.taxId}" is not a valid unified social credit code`,
      `“${supplier.taxId}”不是有效的统一社会信用代码`,
      ctx,
    );
  }
  if (
    touches('licenceNumber', 'licenceValidUntil') &&
    supplier.licenceValidUntil &&
    !supplier.licenceNumber
  ) {
    throw businessRule(
      'licenceNumber',
      'LICENCE_NUMBER_MISSING',
      'A licence expiry needs the licence number',
      '填写许可证有效期时需同时填写许可证编号',
      ctx,
    );
  }
}

function translateWriteError(error: unknown, ctx: RequestContext, code: string | undefined): never {
  if (isUniqueViolation(error)) {
    throw new AppError(
      'DUPLICATE',
      { entity: ctx.lang === 'en' ? 'Supplier' : '供应商', value: code ?? '' },
      { field: 'code' },
    );
  }
  throw error;
}

export async function createSupplier(
  db: Db,
  ctx: RequestContext,
  input: CreateSupplierRequest,
): Promise<Supplier> {
  checkFields(ctx, input);
  return withTransaction(db, async (tx) => {
    let id: number;
    try {
      id = await repo.insertSupplier(tx, input);
    } catch (error) {
      translateWriteError(error, ctx, input.code);
    }
    const created = (await repo.findSupplier(tx, id))!;
    await recordAudit(tx, ctx, { action: 'create', entity: 'supplier', entityId: id, after: created });
    await emitEvent(tx, 'supplier.changed', { supplierId: id, action: 'create' });
    return presentSupplier(ctx, created);
  });
}

export async function updateSupplier(
  db: Db,
  ctx: RequestContext,
  id: number,
  input: UpdateSupplierRequest,
): Promise<Supplier> {
  return withTransaction(db, async (tx) => {
    const before = await repo.findSupplier(tx, id, true);
    if (!before) throw new AppError('NOT_FOUND');
    const { version, ...rest } = input;
    if (before.version !== version) throw new AppError('VERSION_CONFLICT');
    const changes = definedChanges(rest);
    checkFields(ctx, { ...before, ...changes }, new Set(Object.keys(changes)));
    if (changes.kind === 'supplier' && before.kind !== 'supplier') {
      await checkNotManufacturerOfProducts(tx, ctx, id);
    }
    try {
      if (!(await repo.updateSupplier(tx, id, version, changes))) throw new AppError('VERSION_CONFLICT');
    } catch (error) {
      if (error instanceof AppError) throw error;
      translateWriteError(error, ctx, changes.code);
    }
    const after = (await repo.findSupplier(tx, id))!;
    await recordAudit(tx, ctx, { action: 'update', entity: 'supplier', entityId: id, before, after });
    await emitEvent(tx, 'supplier.changed', { supplierId: id, action: 'update' });
    return presentSupplier(ctx, after);
  });
}

/** A company that manufactures our products cannot be turned into a mere supplier. */
async function checkNotManufacturerOfProducts(tx: Queryable, ctx: RequestContext, id: number) {
  const n = await repo.countProductsMadeBy(tx, id);
  if (n > 0) {
    throw businessRule(
      'kind',
      'MANUFACTURER_IN_USE',
      `${n} product(s) name this company as their manufacturer`,
      `有 ${n} 个产品以该企业为生产企业`,
      ctx,
    );
  }
}

export async function deleteSupplier(db: Db, ctx: RequestContext, id: number): Promise<void> {
  await withTransaction(db, async (tx) => {
    const before = await repo.findSupplier(tx, id, true);
    if (!before) throw new AppError('NOT_FOUND');
    try {
      await repo.deleteSupplier(tx, id);
    } catch (error) {
      if (isForeignKeyViolation(error)) {
        throw new AppError('IN_USE', {
          detail:
            ctx.lang === 'en' ? 'products or documents; deactivate it instead' : '产品或单据，请改为停用',
        });
      }
      throw error;
    }
    await recordAudit(tx, ctx, { action: 'delete', entity: 'supplier', entityId: id, before });
    await emitEvent(tx, 'supplier.changed', { supplierId: id, action: 'delete' });
  });
}

export async function exportSuppliers(
  db: Db,
  ctx: RequestContext,
  query: Partial<SupplierListQuery>,
  maxRows: number,
) {
  const today = businessDate();
  const rows = await repo.listSuppliersForExport(db, query, today, maxRows);
  if (rows.length > maxRows) throw new AppError('EXPORT_TOO_LARGE', { max: maxRows });
  const presented = rows.map((s) => presentSupplier(ctx, s, today));
  if (seesSupplierContacts(ctx) && presented.some((s) => s.contactName || s.contactPhone)) {
    // Unmasked personal information leaving the system is recorded (PIPL).
    await recordAudit(db, ctx, {
      action: 'export_personal_data',
      entity: 'supplier',
      after: { rows: presented.length, filters: query },
    });
  }
  return presented;
}
