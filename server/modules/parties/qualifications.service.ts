import type {
  CreateQualificationRequest,
  Qualification,
  UpdateQualificationRequest,
} from '../../../contracts/customers.ts';
import { recordAudit } from '../../platform/audit.ts';
import type { RequestContext } from '../../platform/auth-context.ts';
import { businessDate } from '../../platform/dates.ts';
import { type Db, isUniqueViolation, type Queryable, withTransaction } from '../../platform/db.ts';
import { AppError } from '../../platform/errors.ts';
import { emitEvent } from '../../platform/events.ts';
import { findCustomer } from './customers.repository.ts';
import { qualificationStatus } from './parties.rules.ts';
import * as repo from './qualifications.repository.ts';

export function presentQualification(row: repo.QualificationRow, today = businessDate()): Qualification {
  return { ...row, status: qualificationStatus(row, today) };
}

function checkValidity(
  ctx: RequestContext,
  q: { validFrom: string | null; validUntil: string | null; type: string; coveredClasses: number[] },
) {
  if (q.validFrom && q.validUntil && q.validUntil < q.validFrom) {
    throw new AppError(
      'BUSINESS_RULE',
      { detail: ctx.lang === 'en' ? 'valid until is before valid from' : '有效期止早于有效期起' },
      {
        field: 'validUntil',
      },
    );
  }
  if (q.type === 'operating_licence' && !q.coveredClasses.includes(3)) {
    throw new AppError(
      'BUSINESS_RULE',
      {
        detail:
          ctx.lang === 'en' ? 'an operating licence covers Class III' : '医疗器械经营许可证应涵盖第三类',
      },
      { field: 'coveredClasses' },
    );
  }
}

async function customerInScope(db: Queryable, ctx: RequestContext, customerId: number) {
  const customer = await findCustomer(db, ctx, customerId);
  if (!customer) throw new AppError('NOT_FOUND');
  return customer;
}

export async function listQualifications(db: Db, ctx: RequestContext, customerId: number) {
  await customerInScope(db, ctx, customerId);
  return (await repo.listQualifications(db, [customerId])).map((q) => presentQualification(q));
}

export async function addQualification(
  db: Db,
  ctx: RequestContext,
  customerId: number,
  input: CreateQualificationRequest,
) {
  checkValidity(ctx, input);
  return withTransaction(db, async (tx) => {
    await customerInScope(tx, ctx, customerId);
    try {
      const created = await repo.insertQualification(tx, customerId, input);
      await recordAudit(tx, ctx, {
        action: 'create',
        entity: 'customer_qualification',
        entityId: created.id,
        after: created,
      });
      await emitEvent(tx, 'qualification.changed', {
        qualificationId: created.id,
        customerId,
        action: 'create',
      });
      return presentQualification(created);
    } catch (error) {
      if (isUniqueViolation(error))
        throw new AppError('DUPLICATE', {
          entity: ctx.lang === 'en' ? 'Qualification' : '资质',
          value: input.number,
        });
      throw error;
    }
  });
}

export async function updateQualification(
  db: Db,
  ctx: RequestContext,
  customerId: number,
  id: number,
  input: UpdateQualificationRequest,
) {
  return withTransaction(db, async (tx) => {
    await customerInScope(tx, ctx, customerId);
    const before = await repo.findQualification(tx, customerId, id);
    if (!before) throw new AppError('NOT_FOUND');
    const { version, ...changes } = input;
    const merged = {
      ...before,
      ...Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined)),
    };
    checkValidity(ctx, merged);
    const after = await repo.updateQualification(tx, id, version, merged);
    if (!after) throw new AppError('VERSION_CONFLICT');
    await recordAudit(tx, ctx, {
      action: 'update',
      entity: 'customer_qualification',
      entityId: id,
      before,
      after,
    });
    await emitEvent(tx, 'qualification.changed', { qualificationId: id, customerId, action: 'update' });
    return presentQualification(after);
  });
}

export async function deleteQualification(db: Db, ctx: RequestContext, customerId: number, id: number) {
  await withTransaction(db, async (tx) => {
    await customerInScope(tx, ctx, customerId);
    const before = await repo.findQualification(tx, customerId, id);
    if (!before) throw new AppError('NOT_FOUND');
    await repo.deleteQualification(tx, id);
    await recordAudit(tx, ctx, { action: 'delete', entity: 'customer_qualification', entityId: id, before });
    await emitEvent(tx, 'qualification.changed', { qualificationId: id, customerId, action: 'delete' });
  });
}
