import type { Region } from '../../../contracts/regions.ts';
import type { Queryable } from '../../platform/db.ts';

const columns = `id, parent_id AS "parentId", level, code, name_zh AS "nameZh", name_en AS "nameEn", version`;

export async function listRegions(db: Queryable): Promise<Region[]> {
  const { rows } = await db.query<Region>(`SELECT ${columns} FROM regions ORDER BY level <> 'country', code`);
  return rows;
}

export async function findRegion(db: Queryable, id: number): Promise<Region | undefined> {
  const { rows } = await db.query<Region>(`SELECT ${columns} FROM regions WHERE id = $1`, [id]);
  return rows[0];
}

export async function insertRegion(
  db: Queryable,
  region: { parentId: number | null; level: string; code: string; nameZh: string; nameEn: string },
): Promise<Region> {
  const { rows } = await db.query<Region>(
    `INSERT INTO regions (parent_id, level, code, name_zh, name_en) VALUES ($1, $2, $3, $4, $5) RETURNING ${columns}`,
    [region.parentId, region.level, region.code, region.nameZh, region.nameEn],
  );
  return rows[0]!;
}

export async function updateRegion(
  db: Queryable,
  id: number,
  version: number,
  changes: { nameZh?: string | undefined; nameEn?: string | undefined },
): Promise<Region | undefined> {
  const { rows } = await db.query<Region>(
    `UPDATE regions SET name_zh = coalesce($3, name_zh), name_en = coalesce($4, name_en), version = version + 1,
            updated_at = now()
      WHERE id = $1 AND version = $2 RETURNING ${columns}`,
    [id, version, changes.nameZh ?? null, changes.nameEn ?? null],
  );
  return rows[0];
}

export async function deleteRegion(db: Queryable, id: number): Promise<boolean> {
  const { rowCount } = await db.query('DELETE FROM regions WHERE id = $1', [id]);
  return rowCount === 1;
}

/** Every region at or below the given ones. */
export async function listDescendantIds(db: Queryable, ids: number[]): Promise<number[]> {
  const { rows } = await db.query<{ id: number }>(
    `WITH RECURSIVE tree AS (
       SELECT id FROM regions WHERE id = ANY($1::bigint[])
       UNION SELECT r.id FROM regions r JOIN tree t ON r.parent_id = t.id)
     SELECT id FROM tree`,
    [ids],
  );
  return rows.map((r) => r.id);
}
