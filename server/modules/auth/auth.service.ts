import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { CurrentUser } from '../../../contracts/auth.ts';
import { recordAudit } from '../../platform/audit.ts';
import type { RequestContext } from '../../platform/auth-context.ts';
import type { AppConfig } from '../../platform/config.ts';
import { type Db, type Queryable, withTransaction } from '../../platform/db.ts';
import { AppError } from '../../platform/errors.ts';
import type { Lang } from '../../platform/i18n.ts';
import { isCompanyWide, permissionsOf } from '../../platform/permissions.ts';
import * as repo from './auth.repository.ts';
import { isAcceptablePassword, parseApiKey, sessionState, throttleWaitSeconds } from './auth.rules.ts';
import { hashPassword, verifyAgainstDummy, verifyPassword } from './passwords.ts';

export interface AuthDeps {
  db: Db;
  config: AppConfig;
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/**
 * Builds the acting user's context: roles, permissions, regions with descendants, distributor.
 * `scopeRegionIds` are the user's regions when the caller has read them already.
 */
export async function buildContext(
  db: Queryable,
  user: repo.UserRecord,
  request: { lang: Lang; ip: string | null; via: RequestContext['via'] },
  scopeRegionIds?: number[],
): Promise<RequestContext> {
  const companyWide = isCompanyWide(user.roles);
  return {
    userId: user.id,
    username: user.username,
    displayName: user.displayName,
    roles: user.roles,
    permissions: permissionsOf(user.roles),
    isCompanyWide: companyWide,
    regionIds:
      companyWide || user.distributorId !== null
        ? []
        : (scopeRegionIds ?? (await repo.listScopeRegionIds(db, user.id))),
    distributorId: user.distributorId,
    lang: request.lang,
    ip: request.ip,
    via: request.via,
  };
}

export function toCurrentUser(ctx: RequestContext, language: CurrentUser['language']): CurrentUser {
  return {
    id: ctx.userId,
    username: ctx.username,
    displayName: ctx.displayName,
    roles: ctx.roles,
    language,
    regionIds: ctx.regionIds,
    isCompanyWide: ctx.isCompanyWide,
    distributorId: ctx.distributorId,
    permissions: ctx.permissions,
  };
}

export interface LoginResult {
  token: string;
  ctx: RequestContext;
  user: repo.UserRecord;
}

/**
 * Signs a user in. Unknown usernames and wrong passwords get the same answer and cost the
 * same time; too many failures per account or per IP are refused with the time to wait.
 */
export async function login(
  deps: AuthDeps,
  input: {
    username: string;
    password: string;
    ip: string;
    userAgent: string | null;
    previousToken?: string;
    lang: Lang;
  },
): Promise<LoginResult> {
  const { db, config } = deps;
  const now = new Date();
  const since = new Date(now.getTime() - config.throttle.windowMinutes * 60_000);
  const failures = await repo.listRecentFailures(db, input.username, input.ip, since);
  const wait = throttleWaitSeconds(failures.account, failures.ip, config.throttle, now);
  if (wait > 0) throw new AppError('TOO_MANY_ATTEMPTS', { seconds: wait }, { retryAfterSeconds: wait });

  const user = await repo.findUserByUsername(db, input.username);
  const passwordOk = user?.isActive
    ? await verifyPassword(user.passwordHash, input.password)
    : await verifyAgainstDummy(input.password);
  if (!user || !passwordOk) {
    await withTransaction(db, async (tx) => {
      await repo.insertLoginAttempt(tx, input.username, input.ip, false);
      await recordAudit(
        tx,
        { ...anonymous(input.lang, input.ip), username: input.username },
        { action: 'login_failed', entity: 'session', after: { username: input.username } },
      );
    });
    throw new AppError('INVALID_CREDENTIALS');
  }

  const token = randomBytes(32).toString('base64url');
  const ctx = await buildContext(db, user, { lang: input.lang, ip: input.ip, via: 'session' });
  await withTransaction(db, async (tx) => {
    // Rotate: a session token the browser already held is ended, never reused.
    if (input.previousToken) await repo.revokeSession(tx, hashToken(input.previousToken));
    await repo.insertSession(tx, {
      tokenHash: hashToken(token),
      userId: user.id,
      expiresAt: new Date(now.getTime() + config.session.absoluteHours * 3600_000),
      ip: input.ip,
      userAgent: input.userAgent,
    });
    await repo.insertLoginAttempt(tx, input.username, input.ip, true);
    await recordAudit(tx, ctx, { action: 'login', entity: 'session', entityId: user.id });
  });
  return { token, ctx, user };
}

function anonymous(lang: Lang, ip: string | null): RequestContext {
  return {
    userId: 0,
    username: 'anonymous',
    displayName: 'anonymous',
    roles: [],
    permissions: [],
    isCompanyWide: false,
    regionIds: [],
    distributorId: null,
    lang,
    ip,
    via: 'session',
  };
}

export async function logout(deps: AuthDeps, token: string, ctx: RequestContext | null): Promise<void> {
  await withTransaction(deps.db, async (tx) => {
    const userId = await repo.revokeSession(tx, hashToken(token));
    if (userId !== null)
      await recordAudit(tx, ctx, { action: 'logout', entity: 'session', entityId: userId });
  });
}

export type ResolvedAuth = { ctx: RequestContext; language: CurrentUser['language'] } | { problem: AppError };

/** Resolves a session cookie's token; ended or expired sessions are a clear 401, not a silent anonymous call. */
export async function resolveSession(
  deps: AuthDeps,
  token: string,
  request: { lang: Lang; ip: string | null; langHeader: string | undefined },
): Promise<ResolvedAuth> {
  const tokenHash = hashToken(token);
  // One round trip for every authenticated request: session, user and scope together.
  const session = await repo.findSessionWithUser(deps.db, tokenHash);
  if (!session) return { problem: new AppError('UNAUTHENTICATED') };
  const state = sessionState(session, deps.config.session.idleMinutes, new Date());
  if (state !== 'active') {
    return { problem: new AppError(state === 'revoked' ? 'UNAUTHENTICATED' : 'SESSION_EXPIRED') };
  }
  const user = session.user;
  if (!user?.isActive) return { problem: new AppError('UNAUTHENTICATED') };
  // The touch writes at most once a minute anyway; asking only then saves a round trip.
  if (session.isTouchDue) await repo.touchSession(deps.db, tokenHash);
  const ctx = await buildContext(
    deps.db,
    user,
    { lang: request.lang, ip: request.ip, via: 'session' },
    session.scopeRegionIds,
  );
  return { ctx, language: user.language };
}

export async function resolveApiKey(
  deps: AuthDeps,
  key: string,
  request: { lang: Lang; ip: string | null },
): Promise<ResolvedAuth> {
  const parsed = parseApiKey(key);
  const record = parsed ? await repo.findApiKeyByPrefix(deps.db, parsed.prefix) : undefined;
  const presented = Buffer.from(hashToken(key), 'hex');
  if (!record || record.revokedAt || !timingSafeEqual(presented, Buffer.from(record.keyHash, 'hex'))) {
    return { problem: new AppError('INVALID_API_KEY') };
  }
  const user = await repo.findUserById(deps.db, record.userId);
  if (!user?.isActive) return { problem: new AppError('INVALID_API_KEY') };
  await repo.touchApiKey(deps.db, record.id);
  const ctx = await buildContext(deps.db, user, { lang: request.lang, ip: request.ip, via: 'api_key' });
  return { ctx, language: user.language };
}

export async function updateLanguage(deps: AuthDeps, ctx: RequestContext, language: 'zh-CN' | 'en' | null) {
  await withTransaction(deps.db, async (tx) => {
    const before = await repo.findUserById(tx, ctx.userId);
    await repo.updateUserLanguage(tx, ctx.userId, language);
    await recordAudit(tx, ctx, {
      action: 'update',
      entity: 'user',
      entityId: ctx.userId,
      before: { language: before?.language ?? null },
      after: { language },
    });
  });
}

export async function changePassword(
  deps: AuthDeps,
  ctx: RequestContext,
  input: { currentPassword: string; newPassword: string },
) {
  const user = await repo.findUserById(deps.db, ctx.userId);
  if (!user || !(await verifyPassword(user.passwordHash, input.currentPassword))) {
    throw new AppError('INVALID_CREDENTIALS');
  }
  if (!isAcceptablePassword(input.newPassword)) throw new AppError('WEAK_PASSWORD');
  const hash = await hashPassword(input.newPassword);
  await withTransaction(deps.db, async (tx) => {
    await repo.updateUserPassword(tx, ctx.userId, hash);
    await recordAudit(tx, ctx, { action: 'change_password', entity: 'user', entityId: ctx.userId });
  });
}

export function toApiKeyResponse(record: repo.ApiKeyRecord) {
  return {
    id: record.id,
    name: record.name,
    prefix: record.prefix,
    createdAt: record.createdAt.toISOString(),
    lastUsedAt: record.lastUsedAt?.toISOString() ?? null,
    revokedAt: record.revokedAt?.toISOString() ?? null,
  };
}

/** Creates an API key acting as the user; the whole key is returned once and only its hash kept. */
export async function createApiKey(deps: AuthDeps, ctx: RequestContext, name: string) {
  const prefix = randomBytes(4).toString('hex');
  const key = `pulse_${prefix}_${randomBytes(32).toString('base64url')}`;
  const record = await withTransaction(deps.db, async (tx) => {
    const created = await repo.insertApiKey(tx, {
      userId: ctx.userId,
      name,
      prefix,
      keyHash: hashToken(key),
    });
    await recordAudit(tx, ctx, {
      action: 'create',
      entity: 'api_key',
      entityId: created.id,
      after: { name, prefix },
    });
    return created;
  });
  return { ...toApiKeyResponse(record), key };
}

export async function listApiKeys(deps: AuthDeps, ctx: RequestContext) {
  return (await repo.listApiKeys(deps.db, ctx.userId)).map(toApiKeyResponse);
}

export async function revokeApiKey(deps: AuthDeps, ctx: RequestContext, id: number) {
  return withTransaction(deps.db, async (tx) => {
    const record = await repo.revokeApiKey(tx, id, ctx.userId);
    if (!record) throw new AppError('NOT_FOUND');
    await recordAudit(tx, ctx, { action: 'revoke', entity: 'api_key', entityId: id });
    return toApiKeyResponse(record);
  });
}
