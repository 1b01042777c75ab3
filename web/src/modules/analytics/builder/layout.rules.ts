/**
 * The builder's layout as pure data: which dimensions are rows and columns, which measures are
 * values, and what a drag or a removal does to it. No React, no I/O: tested on its own.
 */
import { MAX_REPORT_DIMENSIONS, type ReportLayout } from '../../../../../contracts/saved-reports.ts';

export type Zone = 'rows' | 'columns' | 'values';
export type FieldKind = 'dimension' | 'measure';

export interface Field {
  kind: FieldKind;
  name: string;
}

export const zones: readonly Zone[] = ['rows', 'columns', 'values'];

/** Measures are values; dimensions are rows or columns. */
export function acceptsField(zone: Zone, kind: FieldKind): boolean {
  return zone === 'values' ? kind === 'measure' : kind === 'dimension';
}

export function zoneOf(layout: ReportLayout, name: string): Zone | null {
  return zones.find((zone) => layout[zone].includes(name)) ?? null;
}

export function removeField(layout: ReportLayout, name: string): ReportLayout {
  return {
    rows: layout.rows.filter((n) => n !== name),
    columns: layout.columns.filter((n) => n !== name),
    values: layout.values.filter((n) => n !== name),
  };
}

/**
 * Puts a field into `zone` so that it ends up at position `index` (the end when null): dropped on
 * another field, it takes that field's place. A field already placed moves (from another zone,
 * or within its own: re-ordering, like dnd-kit's arrayMove). Returns the layout unchanged when
 * the zone does not take that kind of field or a fifth dimension would be placed.
 */
export function placeField(
  layout: ReportLayout,
  field: Field,
  zone: Zone,
  index: number | null,
): ReportLayout {
  if (!acceptsField(zone, field.kind)) return layout;
  const from = zoneOf(layout, field.name);
  const dimensionCount = layout.rows.length + layout.columns.length;
  if (field.kind === 'dimension' && from === null && dimensionCount >= MAX_REPORT_DIMENSIONS) return layout;
  const without = removeField(layout, field.name);
  const target = [...without[zone]];
  target.splice(Math.max(0, Math.min(index ?? target.length, target.length)), 0, field.name);
  return { ...without, [zone]: target };
}
