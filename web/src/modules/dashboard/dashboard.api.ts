import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { SalesOverview } from '../../../../contracts/analytics.ts';
import { apiGet } from '../../shared/api.ts';

export interface OverviewParams {
  from?: string;
  to?: string;
  regionId?: number;
  channel?: string;
}

export const dashboardKeys = {
  all: ['dashboard'] as const,
  salesOverview: (params: OverviewParams) => ['dashboard', 'sales-overview', params] as const,
};

/** The whole overview in one answer: every card shows the same period, scope and filters. */
export function useSalesOverview(params: OverviewParams) {
  return useQuery({
    queryKey: dashboardKeys.salesOverview(params),
    queryFn: ({ signal }) =>
      apiGet<SalesOverview>('/api/dashboard/sales-overview', { signal, query: { ...params } }),
    placeholderData: keepPreviousData,
    // Figures move with every invoice; a minute old is fresh enough for a landing page.
    staleTime: 60_000,
  });
}
