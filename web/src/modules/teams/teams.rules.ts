/** Pure logic of the teams screen: which regions relate, which teams match a filter, what changed. */
import type { Team } from '../../../../contracts/teams.ts';

interface RegionLink {
  id: number;
  parentId: number | null;
}

function childrenByParent(regions: readonly RegionLink[]): Map<number, number[]> {
  const children = new Map<number, number[]>();
  for (const region of regions) {
    if (region.parentId === null) continue;
    const list = children.get(region.parentId) ?? [];
    list.push(region.id);
    children.set(region.parentId, list);
  }
  return children;
}

/** The region and everything below it. */
export function regionWithDescendants(regionId: number, regions: readonly RegionLink[]): Set<number> {
  const children = childrenByParent(regions);
  const result = new Set<number>([regionId]);
  const queue = [regionId];
  while (queue.length > 0) {
    for (const child of children.get(queue.pop()!) ?? []) {
      if (result.has(child)) continue;
      result.add(child);
      queue.push(child);
    }
  }
  return result;
}

/**
 * The regions whose people belong with a team of `regionId`: the region, everything below it
 * (a rep of 江苏 in a 华东 team) and everything above it (a 华东 manager in a 江苏 team).
 */
export function relatedRegions(regionId: number, regions: readonly RegionLink[]): Set<number> {
  const related = regionWithDescendants(regionId, regions);
  const parentOf = new Map(regions.map((region) => [region.id, region.parentId]));
  let parent = parentOf.get(regionId) ?? null;
  while (parent !== null && !related.has(parent)) {
    related.add(parent);
    parent = parentOf.get(parent) ?? null;
  }
  return related;
}

/** Splits people into those working in the team's region and the others, each keeping its order. */
export function splitByRegion<P extends { regionIds: readonly number[] }>(
  people: readonly P[],
  regionId: number | undefined,
  regions: readonly RegionLink[],
): { near: P[]; other: P[] } {
  if (regionId === undefined) return { near: [], other: [...people] };
  const related = relatedRegions(regionId, regions);
  const near: P[] = [];
  const other: P[] = [];
  for (const person of people) (person.regionIds.some((id) => related.has(id)) ? near : other).push(person);
  return { near, other };
}

export interface TeamFilter {
  /** Matched against the team's, the leader's and the members' names. */
  term: string;
  /** Teams of this region or below it. */
  regionIds?: Set<number>;
}

export function filterTeams(teams: readonly Team[], filter: TeamFilter): Team[] {
  const term = filter.term.trim().toLowerCase();
  return teams.filter((team) => {
    if (filter.regionIds && !filter.regionIds.has(team.regionId)) return false;
    if (!term) return true;
    const names = [team.name, team.leaderName ?? '', ...team.members.map((member) => member.displayName)];
    return names.some((name) => name.toLowerCase().includes(term));
  });
}

export interface TeamFormValues {
  name: string;
  regionId: number | undefined;
  leaderId: number | null | undefined;
  memberIds: number[];
}

export interface TeamRequest {
  name: string;
  regionId: number;
  leaderId: number | null;
  memberIds: number[];
}

export function toTeamRequest(values: TeamFormValues): TeamRequest {
  return {
    name: values.name.trim(),
    regionId: values.regionId ?? 0,
    leaderId: values.leaderId ?? null,
    // The server replaces the member list as given; send each person once, in a stable order.
    memberIds: [...new Set(values.memberIds ?? [])].sort((a, b) => a - b),
  };
}

/** Only what changed, with the version read, so a save does not overwrite someone else's other edits. */
export function teamChanges(team: Team, request: TeamRequest): { version: number } & Partial<TeamRequest> {
  const changes: { version: number } & Partial<TeamRequest> = { version: team.version };
  if (request.name !== team.name) changes.name = request.name;
  if (request.regionId !== team.regionId) changes.regionId = request.regionId;
  if (request.leaderId !== team.leaderId) changes.leaderId = request.leaderId;
  const before = [...team.memberIds].sort((a, b) => a - b);
  if (before.join(',') !== request.memberIds.join(',')) changes.memberIds = request.memberIds;
  return changes;
}
