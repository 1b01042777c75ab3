/** SQL fragments shared by the crm module's repositories. */
import type { SqlParams } from '../../platform/sql.ts';

/** `column` lies in the region `regionId` or below it. */
export function inRegionSubtree(column: string, regionId: number, params: SqlParams): string {
  return `${column} IN (WITH RECURSIVE tree AS (
      SELECT id FROM regions WHERE id = ${params.add(regionId)}
      UNION SELECT r.id FROM regions r JOIN tree t ON r.parent_id = t.id) SELECT id FROM tree)`;
}
