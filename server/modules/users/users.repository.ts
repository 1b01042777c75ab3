import type { Role } from '../../../contracts/auth.ts';
import type { Queryable } from '../../platform/db.ts';

export interface UserRow {
  id: number;
  username: string;
  displayName: string;
  roles: Role[];
  language: 'zh-CN' | 'en' | null;
  distributorId: number | null;
  managerId: number | null;
  email: string | null;
  phone: string | null;
  isActive: boolean;
  regionIds: number[];
  version: number;
}

const columns = `u.id, u.username, u.display_name AS "displayName", u.roles, u.language,
  u.distributor_id AS "distributorId", u.manager_id AS "managerId", u.email, u.phone, u.is_active AS "isActive",
  u.version,
  coalesce((SELECT array_agg(region_id ORDER BY region_id)::int[] FROM user_regions ur WHERE ur.user_id = u.id), '{}')
    AS "regionIds"`;

export async function countUsers(db: Queryable): Promise<number> {
  const { rows } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM users');
  return rows[0]!.n;
}

export async function findUser(db: Queryable, id: number): Promise<UserRow | undefined> {
  const { rows } = await db.query<UserRow>(`SELECT ${columns} FROM users u WHERE u.id = $1`, [id]);
  return rows[0];
}

export async function listUsers(db: Queryable): Promise<UserRow[]> {
  const { rows } = await db.query<UserRow>(`SELECT ${columns} FROM users u ORDER BY u.username`);
  return rows;
}

export interface NewUser {
  username: string;
  displayName: string;
  passwordHash: string;
  roles: Role[];
  language?: 'zh-CN' | 'en' | null;
  distributorId?: number | null;
  managerId?: number | null;
  email?: string | null;
  phone?: string | null;
  mustChangePassword?: boolean;
}

export async function insertUser(db: Queryable, user: NewUser): Promise<number> {
  const { rows } = await db.query<{ id: number }>(
    `INSERT INTO users (username, display_name, password_hash, roles, language, distributor_id, manager_id, email,
                        phone, must_change_password)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
    [
      user.username,
      user.displayName,
      user.passwordHash,
      user.roles,
      user.language ?? null,
      user.distributorId ?? null,
      user.managerId ?? null,
      user.email ?? null,
      user.phone ?? null,
      user.mustChangePassword ?? false,
    ],
  );
  return rows[0]!.id;
}

export async function replaceUserRegions(db: Queryable, userId: number, regionIds: number[]) {
  await db.query('DELETE FROM user_regions WHERE user_id = $1', [userId]);
  if (regionIds.length > 0) {
    await db.query('INSERT INTO user_regions (user_id, region_id) SELECT $1, unnest($2::bigint[])', [
      userId,
      regionIds,
    ]);
  }
}

export interface UserChanges {
  displayName?: string;
  roles?: Role[];
  distributorId?: number | null;
  managerId?: number | null;
  email?: string | null;
  phone?: string | null;
  isActive?: boolean;
  passwordHash?: string;
}

/** Applies the changes when the stored version matches; returns false on a version conflict. */
export async function updateUser(
  db: Queryable,
  id: number,
  version: number,
  changes: UserChanges,
): Promise<boolean> {
  const sets: string[] = [];
  const values: unknown[] = [id, version];
  const map: Record<keyof UserChanges, string> = {
    displayName: 'display_name',
    roles: 'roles',
    distributorId: 'distributor_id',
    managerId: 'manager_id',
    email: 'email',
    phone: 'phone',
    isActive: 'is_active',
    passwordHash: 'password_hash',
  };
  for (const [key, column] of Object.entries(map) as [keyof UserChanges, string][]) {
    if (changes[key] === undefined) continue;
    values.push(changes[key]);
    sets.push(`${column} = $${values.length}`);
  }
  const { rowCount } = await db.query(
    `UPDATE users SET ${[...sets, 'version = version + 1', 'updated_at = now()'].join(', ')}
      WHERE id = $1 AND version = $2`,
    values,
  );
  return rowCount === 1;
}

export async function revokeUserSessions(db: Queryable, userId: number) {
  await db.query('UPDATE sessions SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL', [
    userId,
  ]);
}

/**
 * Sales reps and regional managers who can own customers, limited to those working in the
 * caller's regions (all of them for a company-wide caller).
 */
export async function listAssignableReps(db: Queryable, scopeRegionIds: number[] | null) {
  const { rows } = await db.query<{ id: number; username: string; displayName: string; regionIds: number[] }>(
    `SELECT u.id, u.username, u.display_name AS "displayName",
            coalesce(array_agg(ur.region_id ORDER BY ur.region_id) FILTER (WHERE ur.region_id IS NOT NULL), '{}')::int[]
              AS "regionIds"
       FROM users u LEFT JOIN user_regions ur ON ur.user_id = u.id
      WHERE u.is_active AND u.roles && ARRAY['sales_rep', 'regional_manager']::text[]
        AND ($1::bigint[] IS NULL OR ur.region_id = ANY($1))
      GROUP BY u.id ORDER BY u.display_name`,
    [scopeRegionIds],
  );
  return rows;
}
