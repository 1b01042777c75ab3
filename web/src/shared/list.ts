import type { SorterResult } from 'antd/es/table/interface';
import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router-dom';

export const PAGE_SIZES = [20, 50, 100] as const;
const DEFAULT_PAGE_SIZE = 20;

export type SortOrder = 'ascend' | 'descend' | null;

/** The API's sort parameter ('name', '-updatedAt') from a table's sorter. */
export function sortFromSorter<T>(sorter: SorterResult<T> | SorterResult<T>[]): string | undefined {
  const first = Array.isArray(sorter) ? sorter[0] : sorter;
  if (!first?.order || first.columnKey === undefined) return undefined;
  const key = String(first.columnKey);
  return first.order === 'descend' ? `-${key}` : key;
}

/** The sort order a column shows for the API's sort parameter. */
export function sortOrderOf(sort: string | undefined, key: string): SortOrder {
  if (sort === key) return 'ascend';
  if (sort === `-${key}`) return 'descend';
  return null;
}

export interface ListState<F extends string> {
  page: number;
  pageSize: number;
  q: string;
  sort: string | undefined;
  filters: Record<F, string | undefined>;
}

export interface ListStateChange<F extends string> {
  page?: number;
  pageSize?: number;
  q?: string;
  sort?: string | undefined;
  filters?: Partial<Record<F, string | undefined>>;
}

function positiveInt(value: string | null, fallback: number): number {
  const n = Number(value);
  return Number.isInteger(n) && n > 0 ? n : fallback;
}

/**
 * Paging, search, sort and filters of a list page, kept in the address so a reload, a shared
 * link or the back button from a detail page shows the same list.
 */
// `filterKeys` must keep its identity between renders: pass a module-level constant.
export function useListState<F extends string>(filterKeys: readonly F[]) {
  const [params, setParams] = useSearchParams();

  const state = useMemo<ListState<F>>(() => {
    const filters = {} as Record<F, string | undefined>;
    for (const key of filterKeys) filters[key] = params.get(key) ?? undefined;
    const pageSize = positiveInt(params.get('pageSize'), DEFAULT_PAGE_SIZE);
    return {
      page: positiveInt(params.get('page'), 1),
      pageSize: (PAGE_SIZES as readonly number[]).includes(pageSize) ? pageSize : DEFAULT_PAGE_SIZE,
      q: params.get('q') ?? '',
      sort: params.get('sort') ?? undefined,
      filters,
    };
  }, [params, filterKeys]);

  const update = useCallback(
    (change: ListStateChange<F>) => {
      setParams(
        (current) => {
          const next = new URLSearchParams(current);
          const set = (key: string, value: string | number | undefined) => {
            if (value === undefined || value === '') next.delete(key);
            else next.set(key, String(value));
          };
          if ('q' in change) set('q', change.q?.trim());
          if ('sort' in change) set('sort', change.sort);
          for (const [key, value] of Object.entries(change.filters ?? {}))
            set(key, value as string | undefined);
          if (change.pageSize !== undefined) set('pageSize', change.pageSize);
          // Another question starts again at its first page.
          const resetsPage = 'q' in change || 'sort' in change || change.filters !== undefined;
          set('page', change.page ?? (resetsPage ? undefined : (current.get('page') ?? undefined)));
          if (next.get('page') === '1') next.delete('page');
          return next;
        },
        { replace: true },
      );
    },
    [setParams],
  );

  /** The list request's query parameters (filters as the API expects them). */
  const query = useMemo(
    () => ({
      page: state.page,
      pageSize: state.pageSize,
      q: state.q || undefined,
      sort: state.sort,
      ...state.filters,
    }),
    [state],
  );

  return { ...state, query, update };
}
