import type { Role } from '../../../contracts/auth.ts';
import type { Queryable } from '../../platform/db.ts';

export interface UserRecord {
  id: number;
  username: string;
  displayName: string;
  passwordHash: string;
  roles: Role[];
  language: 'zh-CN' | 'en' | null;
  distributorId: number | null;
  isActive: boolean;
}

const userColumns = `id, username, display_name AS "displayName", password_hash AS "passwordHash", roles,
  language, distributor_id AS "distributorId", is_active AS "isActive"`;

export async function findUserByUsername(db: Queryable, username: string): Promise<UserRecord | undefined> {
  const { rows } = await db.query<UserRecord>(
    `SELECT ${userColumns} FROM users WHERE lower(username) = lower($1)`,
    [username],
  );
  return rows[0];
}

export async function findUserById(db: Queryable, id: number): Promise<UserRecord | undefined> {
  const { rows } = await db.query<UserRecord>(`SELECT ${userColumns} FROM users WHERE id = $1`, [id]);
  return rows[0];
}

/** The user's assigned regions and every region below them. */
export async function listScopeRegionIds(db: Queryable, userId: number): Promise<number[]> {
  const { rows } = await db.query<{ id: number }>(
    `WITH RECURSIVE scope AS (
       SELECT region_id AS id FROM user_regions WHERE user_id = $1
       UNION
       SELECT r.id FROM regions r JOIN scope s ON r.parent_id = s.id
     )
     SELECT id FROM scope ORDER BY id`,
    [userId],
  );
  return rows.map((r) => r.id);
}

export async function listRecentFailures(
  db: Queryable,
  username: string,
  ip: string,
  since: Date,
): Promise<{ account: Date[]; ip: Date[] }> {
  // Failures count only since the account's last successful sign-in.
  const { rows } = await db.query<{ kind: 'account' | 'ip'; at: Date }>(
    `SELECT 'account' AS kind, at FROM login_attempts a
      WHERE username = lower($1) AND NOT succeeded AND at > $3
        AND at > coalesce((SELECT max(at) FROM login_attempts s WHERE s.username = lower($1) AND s.succeeded), '-infinity')
     UNION ALL
     SELECT 'ip', at FROM login_attempts WHERE ip = $2 AND NOT succeeded AND at > $3`,
    [username, ip, since],
  );
  return {
    account: rows.filter((r) => r.kind === 'account').map((r) => r.at),
    ip: rows.filter((r) => r.kind === 'ip').map((r) => r.at),
  };
}

export async function insertLoginAttempt(db: Queryable, username: string, ip: string, succeeded: boolean) {
  await db.query('INSERT INTO login_attempts (username, ip, succeeded) VALUES (lower($1), $2, $3)', [
    username,
    ip,
    succeeded,
  ]);
}

export interface SessionRecord {
  userId: number;
  createdAt: Date;
  lastSeenAt: Date;
  expiresAt: Date;
  revokedAt: Date | null;
}

export async function insertSession(
  db: Queryable,
  session: {
    tokenHash: string;
    userId: number;
    expiresAt: Date;
    ip: string | null;
    userAgent: string | null;
  },
) {
  await db.query(
    'INSERT INTO sessions (token_hash, user_id, expires_at, ip, user_agent) VALUES ($1, $2, $3, $4, $5)',
    [session.tokenHash, session.userId, session.expiresAt, session.ip, session.userAgent],
  );
}

export interface SessionWithUser extends SessionRecord {
  /** The session's user; undefined when that user no longer exists. */
  user: UserRecord | undefined;
  /** The user's assigned regions with every region below them (see listScopeRegionIds). */
  scopeRegionIds: number[];
  /** Last seen longer ago than the touch interval (by the database's clock): touch it. */
  isTouchDue: boolean;
}

/**
 * Everything a request authenticated by a session cookie needs, in one round trip: the
 * session, its user and the user's regional scope.
 */
export async function findSessionWithUser(
  db: Queryable,
  tokenHash: string,
): Promise<SessionWithUser | undefined> {
  const { rows } = await db.query<
    SessionRecord & Partial<UserRecord> & { scopeRegionIds: number[]; isTouchDue: boolean }
  >({
    name: 'auth_session_with_user',
    text: `SELECT s.user_id AS "userId", s.created_at AS "createdAt", s.last_seen_at AS "lastSeenAt",
                  s.expires_at AS "expiresAt", s.revoked_at AS "revokedAt",
                  s.last_seen_at < now() - interval '1 minute' AS "isTouchDue", u.*,
                  ARRAY(WITH RECURSIVE scope AS (
                          SELECT region_id AS id FROM user_regions WHERE user_id = s.user_id
                          UNION
                          SELECT r.id FROM regions r JOIN scope ON r.parent_id = scope.id
                        )
                        SELECT id FROM scope ORDER BY id) AS "scopeRegionIds"
             FROM sessions s LEFT JOIN LATERAL (SELECT ${userColumns} FROM users WHERE id = s.user_id) u ON true
            WHERE s.token_hash = $1`,
    values: [tokenHash],
  });
  const row = rows[0];
  if (!row) return undefined;
  const { userId, createdAt, lastSeenAt, expiresAt, revokedAt, isTouchDue, scopeRegionIds, ...user } = row;
  return {
    userId,
    createdAt,
    lastSeenAt,
    expiresAt,
    revokedAt,
    isTouchDue,
    scopeRegionIds: scopeRegionIds.map(Number),
    user: user.id === null || user.id === undefined ? undefined : (user as UserRecord),
  };
}

/** Records activity at most once a minute, to keep reads from turning into writes. */
export async function touchSession(db: Queryable, tokenHash: string) {
  await db.query(
    `UPDATE sessions SET last_seen_at = now()
      WHERE token_hash = $1 AND last_seen_at < now() - interval '1 minute'`,
    [tokenHash],
  );
}

export async function revokeSession(db: Queryable, tokenHash: string): Promise<number | null> {
  const { rows } = await db.query<{ userId: number }>(
    `UPDATE sessions SET revoked_at = now() WHERE token_hash = $1 AND revoked_at IS NULL RETURNING user_id AS "userId"`,
    [tokenHash],
  );
  return rows[0]?.userId ?? null;
}

export async function updateUserLanguage(db: Queryable, userId: number, language: string | null) {
  await db.query('UPDATE users SET language = $2, updated_at = now(), version = version + 1 WHERE id = $1', [
    userId,
    language,
  ]);
}

export async function updateUserPassword(db: Queryable, userId: number, passwordHash: string) {
  await db.query(
    `UPDATE users SET password_hash = $2, must_change_password = false, updated_at = now(), version = version + 1
      WHERE id = $1`,
    [userId, passwordHash],
  );
}

export interface ApiKeyRecord {
  id: number;
  userId: number;
  name: string;
  prefix: string;
  keyHash: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

const apiKeyColumns = `id, user_id AS "userId", name, prefix, key_hash AS "keyHash", created_at AS "createdAt",
  last_used_at AS "lastUsedAt", revoked_at AS "revokedAt"`;

export async function insertApiKey(
  db: Queryable,
  key: { userId: number; name: string; prefix: string; keyHash: string },
): Promise<ApiKeyRecord> {
  const { rows } = await db.query<ApiKeyRecord>(
    `INSERT INTO api_keys (user_id, name, prefix, key_hash) VALUES ($1, $2, $3, $4) RETURNING ${apiKeyColumns}`,
    [key.userId, key.name, key.prefix, key.keyHash],
  );
  return rows[0]!;
}

export async function findApiKeyByPrefix(db: Queryable, prefix: string): Promise<ApiKeyRecord | undefined> {
  const { rows } = await db.query<ApiKeyRecord>(`SELECT ${apiKeyColumns} FROM api_keys WHERE prefix = $1`, [
    prefix,
  ]);
  return rows[0];
}

export async function listApiKeys(db: Queryable, userId: number): Promise<ApiKeyRecord[]> {
  const { rows } = await db.query<ApiKeyRecord>(
    `SELECT ${apiKeyColumns} FROM api_keys WHERE user_id = $1 ORDER BY id`,
    [userId],
  );
  return rows;
}

export async function revokeApiKey(
  db: Queryable,
  id: number,
  userId: number,
): Promise<ApiKeyRecord | undefined> {
  const { rows } = await db.query<ApiKeyRecord>(
    `UPDATE api_keys SET revoked_at = coalesce(revoked_at, now()) WHERE id = $1 AND user_id = $2
     RETURNING ${apiKeyColumns}`,
    [id, userId],
  );
  return rows[0];
}

export async function touchApiKey(db: Queryable, id: number) {
  await db.query(
    `UPDATE api_keys SET last_used_at = now()
      WHERE id = $1 AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute')`,
    [id],
  );
}
