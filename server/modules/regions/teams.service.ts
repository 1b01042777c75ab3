/** Sales teams: a team works in a region, has a leader and members (reps). */
import type { CreateTeamRequest, Team, UpdateTeamRequest } from '../../../contracts/teams.ts';
import { recordAudit } from '../../platform/audit.ts';
import type { RequestContext } from '../../platform/auth-context.ts';
import {
  type Db,
  isForeignKeyViolation,
  isUniqueViolation,
  type Queryable,
  withTransaction,
} from '../../platform/db.ts';
import { AppError } from '../../platform/errors.ts';
import { scopeCondition } from '../../platform/scope.ts';
import { SqlParams } from '../../platform/sql.ts';

const columns = `t.id, t.name, t.region_id AS "regionId", t.leader_id AS "leaderId", t.version,
  (SELECT l.display_name FROM users l WHERE l.id = t.leader_id) AS "leaderName",
  coalesce((SELECT array_agg(m.user_id ORDER BY m.user_id)::int[] FROM team_members m WHERE m.team_id = t.id), '{}')
    AS "memberIds",
  coalesce((SELECT json_agg(json_build_object('id', u.id, 'displayName', u.display_name) ORDER BY u.id)
              FROM team_members m JOIN users u ON u.id = m.user_id WHERE m.team_id = t.id), '[]')
    AS members`;

/** Teams of the caller's regions (all for company-wide roles). */
export async function listTeams(db: Queryable, ctx: RequestContext): Promise<Team[]> {
  const params = new SqlParams();
  const scope = scopeCondition(ctx, { region: 't.region_id' }, params);
  const { rows } = await db.query<Team>(
    `SELECT ${columns} FROM teams t WHERE ${scope} ORDER BY t.name`,
    params.values,
  );
  return rows;
}

async function findTeam(db: Queryable, id: number): Promise<Team | undefined> {
  const { rows } = await db.query<Team>(`SELECT ${columns} FROM teams t WHERE t.id = $1`, [id]);
  return rows[0];
}

function translate(error: unknown, ctx: RequestContext, name?: string): never {
  if (isUniqueViolation(error))
    throw new AppError('DUPLICATE', { entity: ctx.lang === 'en' ? 'Team' : '团队', value: name ?? '' });
  if (isForeignKeyViolation(error)) {
    throw new AppError('INVALID_REFERENCE', {
      entity: ctx.lang === 'en' ? 'region, leader or member' : '区域、负责人或成员',
      value: '',
    });
  }
  throw error;
}

async function replaceMembers(tx: Queryable, teamId: number, memberIds: number[]) {
  await tx.query('DELETE FROM team_members WHERE team_id = $1', [teamId]);
  await tx.query('INSERT INTO team_members (team_id, user_id) SELECT $1, unnest($2::bigint[])', [
    teamId,
    memberIds,
  ]);
}

export async function createTeam(db: Db, ctx: RequestContext, input: CreateTeamRequest): Promise<Team> {
  return withTransaction(db, async (tx) => {
    try {
      const { rows } = await tx.query<{ id: number }>(
        'INSERT INTO teams (name, region_id, leader_id) VALUES ($1, $2, $3) RETURNING id',
        [input.name, input.regionId, input.leaderId],
      );
      await replaceMembers(tx, rows[0]!.id, input.memberIds);
      const created = (await findTeam(tx, rows[0]!.id))!;
      await recordAudit(tx, ctx, { action: 'create', entity: 'team', entityId: created.id, after: created });
      return created;
    } catch (error) {
      translate(error, ctx, input.name);
    }
  });
}

export async function updateTeam(
  db: Db,
  ctx: RequestContext,
  id: number,
  input: UpdateTeamRequest,
): Promise<Team> {
  return withTransaction(db, async (tx) => {
    const before = await findTeam(tx, id);
    if (!before) throw new AppError('NOT_FOUND');
    try {
      const { rowCount } = await tx.query(
        `UPDATE teams SET name = coalesce($3, name), region_id = coalesce($4, region_id),
                leader_id = CASE WHEN $5::boolean THEN $6 ELSE leader_id END, version = version + 1, updated_at = now()
          WHERE id = $1 AND version = $2`,
        [
          id,
          input.version,
          input.name ?? null,
          input.regionId ?? null,
          input.leaderId !== undefined,
          input.leaderId ?? null,
        ],
      );
      if (rowCount !== 1) throw new AppError('VERSION_CONFLICT');
      if (input.memberIds) await replaceMembers(tx, id, input.memberIds);
    } catch (error) {
      if (error instanceof AppError) throw error;
      translate(error, ctx, input.name);
    }
    const after = (await findTeam(tx, id))!;
    await recordAudit(tx, ctx, { action: 'update', entity: 'team', entityId: id, before, after });
    return after;
  });
}

export async function deleteTeam(db: Db, ctx: RequestContext, id: number): Promise<void> {
  await withTransaction(db, async (tx) => {
    const before = await findTeam(tx, id);
    if (!before) throw new AppError('NOT_FOUND');
    await tx.query('DELETE FROM teams WHERE id = $1', [id]);
    await recordAudit(tx, ctx, { action: 'delete', entity: 'team', entityId: id, before });
  });
}
