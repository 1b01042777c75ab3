import { describe, expect, it } from 'vitest';
import type { Team } from '../../../../contracts/teams.ts';
import { filterTeams, relatedRegions, splitByRegion, teamChanges, toTeamRequest } from './teams.rules.ts';

// 中国(1) → 华东(2) → 江苏(3) → 南京(4); 华南(5) → 广东(6)
const regions = [
  { id: 1, parentId: null },
  { id: 2, parentId: 1 },
  { id: 3, parentId: 2 },
  { id: 4, parentId: 3 },
  { id: 5, parentId: 1 },
  { id: 6, parentId: 5 },
];

const team = (overrides: Partial<Team>): Team => ({
  id: 1,
  name: '华东一组',
  regionId: 2,
  leaderId: 10,
  leaderName: '李华东',
  memberIds: [11],
  members: [{ id: 11, displayName: '张伟' }],
  version: 3,
  ...overrides,
});

describe('teams screen rules', () => {
  it('relates a region to everything below and above it, but not to its neighbours', () => {
    expect([...relatedRegions(3, regions)].sort()).toEqual([1, 2, 3, 4]);
    expect(relatedRegions(2, regions).has(6)).toBe(false);
  });

  it('offers a 江苏 rep and a 华东 manager first for a 华东 team, a 华南 rep after them', () => {
    const people = [
      { id: 21, regionIds: [6] },
      { id: 22, regionIds: [3] },
      { id: 23, regionIds: [2] },
      { id: 24, regionIds: [] },
    ];
    const { near, other } = splitByRegion(people, 2, regions);
    expect(near.map((p) => p.id)).toEqual([22, 23]);
    expect(other.map((p) => p.id)).toEqual([21, 24]);
    expect(splitByRegion(people, undefined, regions).other).toHaveLength(4);
  });

  it('finds a team by its name, its leader or a member, within a region and below it', () => {
    const teams = [team({}), team({ id: 2, name: '华南组', regionId: 6, leaderName: null, members: [] })];
    expect(filterTeams(teams, { term: '张伟' }).map((t) => t.id)).toEqual([1]);
    expect(filterTeams(teams, { term: ' 华南 ' }).map((t) => t.id)).toEqual([2]);
    expect(filterTeams(teams, { term: '', regionIds: new Set([5, 6]) }).map((t) => t.id)).toEqual([2]);
  });

  it('sends only what changed, with the version that was read', () => {
    const before = team({ memberIds: [11, 12] });
    const request = toTeamRequest({
      name: ' 华东一组 ',
      regionId: 2,
      leaderId: undefined,
      memberIds: [12, 11, 12],
    });
    expect(request).toEqual({ name: '华东一组', regionId: 2, leaderId: null, memberIds: [11, 12] });
    expect(teamChanges(before, request)).toEqual({ version: 3, leaderId: null });
    expect(teamChanges(before, { ...request, memberIds: [12] })).toEqual({
      version: 3,
      leaderId: null,
      memberIds: [12],
    });
  });
});
