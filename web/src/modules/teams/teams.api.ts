import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { createTeamRequest, Team, teamList, updateTeamRequest } from '../../../../contracts/teams.ts';
import type { assignableRepList } from '../../../../contracts/users.ts';
import { apiDelete, apiGet, apiPatch, apiPost } from '../../shared/api.ts';

type TeamList = z.infer<typeof teamList>;
export type AssignableRep = z.infer<typeof assignableRepList>['items'][number];
export type CreateTeamInput = z.input<typeof createTeamRequest>;
export type UpdateTeamInput = z.input<typeof updateTeamRequest>;

export const teamKeys = {
  all: ['teams'] as const,
  list: ['teams', 'list'] as const,
  // Not under ['users', …]: the customers module keeps a differently shaped list there.
  assignableReps: ['teams', 'assignable-reps'] as const,
};

export function fetchTeams(signal?: AbortSignal): Promise<Team[]> {
  return apiGet<TeamList>('/api/teams', { signal }).then((list) => list.items);
}

/** The caller's teams, all at once: a company has tens of teams, not thousands. */
export function useTeams() {
  return useQuery({ queryKey: teamKeys.list, queryFn: ({ signal }) => fetchTeams(signal) });
}

/**
 * Reps and regional managers who may join a team in the caller's regions. The endpoint needs
 * customers:write, so callers enable this only for users who hold it (and may edit teams).
 */
export function useAssignableReps(enabled: boolean) {
  return useQuery({
    queryKey: teamKeys.assignableReps,
    queryFn: async ({ signal }) =>
      (await apiGet<{ items: AssignableRep[] }>('/api/users/assignable-reps', { signal })).items,
    enabled,
    staleTime: 5 * 60_000,
  });
}

function useInvalidateTeams() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: teamKeys.list });
}

export function useCreateTeam() {
  const invalidate = useInvalidateTeams();
  return useMutation({
    mutationFn: (input: CreateTeamInput) => apiPost<Team>('/api/teams', input),
    onSuccess: invalidate,
  });
}

export function useUpdateTeam() {
  const invalidate = useInvalidateTeams();
  return useMutation({
    mutationFn: ({ id, changes }: { id: number; changes: UpdateTeamInput }) =>
      apiPatch<Team>(`/api/teams/${id}`, changes),
    onSuccess: invalidate,
  });
}

export function useDeleteTeam() {
  const invalidate = useInvalidateTeams();
  return useMutation({
    mutationFn: (id: number) => apiDelete<void>(`/api/teams/${id}`),
    onSuccess: invalidate,
  });
}
