import { AppError } from './errors.ts';
import { orderBy, type SqlParams } from './sql.ts';

export interface PageRequest {
  page: number;
  pageSize: number;
  sort?: string | undefined;
}

/** LIMIT/OFFSET for a page, refusing pages larger than the configured cap. */
export function pageClause(request: PageRequest, maxPageSize: number, params: SqlParams): string {
  if (request.pageSize > maxPageSize) throw new AppError('PAGE_SIZE_TOO_LARGE', { max: maxPageSize });
  return `LIMIT ${params.add(request.pageSize)} OFFSET ${params.add((request.page - 1) * request.pageSize)}`;
}

/** ORDER BY from an allow-list of sort keys; anything else is a 400, never SQL. */
export function sortClause(
  sort: string | undefined,
  allowed: Record<string, string>,
  fallback: string,
): string {
  const result = orderBy(sort, allowed, fallback);
  if ('error' in result) throw new AppError('INVALID_QUERY', { detail: result.error });
  return result.sql;
}
