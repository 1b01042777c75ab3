import { z } from 'zod';

/** A person on a team, named so that readers without access to the user list can see who it is. */
export const teamPerson = z.object({ id: z.number().int(), displayName: z.string() });

export const team = z
  .object({
    id: z.number().int(),
    name: z.string(),
    regionId: z.number().int(),
    leaderId: z.number().int().nullable(),
    leaderName: z.string().nullable(),
    memberIds: z.array(z.number().int()),
    members: z.array(teamPerson).describe('The members with their names, in the order of memberIds'),
    version: z.number().int(),
  })
  .meta({ id: 'Team' });
export type Team = z.infer<typeof team>;
export const teamList = z.object({ items: z.array(team) });

export const createTeamRequest = z.strictObject({
  name: z.string().trim().min(1).max(100),
  regionId: z.number().int().positive(),
  leaderId: z.number().int().positive().nullable().default(null),
  memberIds: z.array(z.number().int().positive()).default([]),
});
export type CreateTeamRequest = z.output<typeof createTeamRequest>;

export const updateTeamRequest = z.strictObject({
  version: z.number().int(),
  name: z.string().trim().min(1).max(100).optional(),
  regionId: z.number().int().positive().optional(),
  leaderId: z.number().int().positive().nullable().optional(),
  memberIds: z.array(z.number().int().positive()).optional(),
});
export type UpdateTeamRequest = z.output<typeof updateTeamRequest>;
