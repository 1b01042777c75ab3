import type { z } from 'zod';
import type { createUserRequest, User, updateUserRequest } from '../../../contracts/users.ts';
import { recordAudit } from '../../platform/audit.ts';
import type { RequestContext } from '../../platform/auth-context.ts';
import { type Db, isForeignKeyViolation, isUniqueViolation, withTransaction } from '../../platform/db.ts';
import { AppError, localized } from '../../platform/errors.ts';
import { hashPassword } from '../auth/passwords.ts';
import * as repo from './users.repository.ts';

type CreateUser = z.output<typeof createUserRequest>;
type UpdateUser = z.output<typeof updateUserRequest>;

function checkDistributorBinding(roles: readonly string[], distributorId: number | null) {
  if (roles.includes('distributor') !== (distributorId !== null)) {
    throw new AppError('BUSINESS_RULE', {
      detail: localized(
        'a distributor user needs a distributorId, and only a distributor user may have one',
        '经销商用户必须指定所属经销商，且只有经销商用户可以指定',
      ),
    });
  }
}

function translateWriteError(error: unknown, username?: string): never {
  if (isUniqueViolation(error))
    throw new AppError('DUPLICATE', { entity: localized('User', '用户'), value: username ?? '' });
  if (isForeignKeyViolation(error)) {
    throw new AppError('INVALID_REFERENCE', {
      entity: localized('region, manager or distributor', '区域、上级或经销商'),
      value: '',
    });
  }
  throw error;
}

export async function createUser(db: Db, ctx: RequestContext, input: CreateUser): Promise<User> {
  checkDistributorBinding(input.roles, input.distributorId);
  const passwordHash = await hashPassword(input.password);
  return withTransaction(db, async (tx) => {
    try {
      const id = await repo.insertUser(tx, { ...input, passwordHash });
      await repo.replaceUserRegions(tx, id, input.regionIds);
      const created = (await repo.findUser(tx, id))!;
      await recordAudit(tx, ctx, { action: 'create', entity: 'user', entityId: id, after: created });
      return created;
    } catch (error) {
      translateWriteError(error, input.username);
    }
  });
}

export async function updateUser(db: Db, ctx: RequestContext, id: number, input: UpdateUser): Promise<User> {
  const passwordHash = input.password ? await hashPassword(input.password) : undefined;
  return withTransaction(db, async (tx) => {
    const before = await repo.findUser(tx, id);
    if (!before) throw new AppError('NOT_FOUND');
    const { version, regionIds, password: _password, ...changes } = input;
    checkDistributorBinding(
      changes.roles ?? before.roles,
      changes.distributorId !== undefined ? changes.distributorId : before.distributorId,
    );
    try {
      if (!(await repo.updateUser(tx, id, version, { ...changes, passwordHash }))) {
        throw new AppError('VERSION_CONFLICT');
      }
      if (regionIds) await repo.replaceUserRegions(tx, id, regionIds);
    } catch (error) {
      if (error instanceof AppError) throw error;
      translateWriteError(error);
    }
    // A deactivated user or a new password ends every open session at once.
    if (changes.isActive === false || passwordHash) await repo.revokeUserSessions(tx, id);
    const after = (await repo.findUser(tx, id))!;
    await recordAudit(tx, ctx, {
      action: 'update',
      entity: 'user',
      entityId: id,
      before,
      after: passwordHash ? { ...after, passwordChanged: true } : after,
    });
    return after;
  });
}

export async function listUsers(db: Db): Promise<User[]> {
  return repo.listUsers(db);
}

export async function getUser(db: Db, id: number): Promise<User> {
  const found = await repo.findUser(db, id);
  if (!found) throw new AppError('NOT_FOUND');
  return found;
}
