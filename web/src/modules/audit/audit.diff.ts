/** Before/after of an audit entry as rows a person can read: one per field, changed ones marked. */

export interface DiffRow {
  field: string;
  before: unknown;
  after: unknown;
  /** Present on one side only, or different on the two sides. */
  isChanged: boolean;
}

type Plain = Record<string, unknown>;

function isPlainObject(value: unknown): value is Plain {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Deep equality of JSON values; key order does not matter. */
export function isSameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((item, index) => isSameValue(item, b[index]));
  }
  if (isPlainObject(a) && isPlainObject(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    return [...keys].every((key) => isSameValue(a[key], b[key]));
  }
  return false;
}

/** The field name of a value that is not an object (a whole record kept as one value). */
export const WHOLE_VALUE = '';

/**
 * One row per field of either side, in the order the fields first appear (after, then before).
 * A create has only an after; a delete only a before; both count as changed on every field.
 */
export function diffRecords(before: unknown, after: unknown): DiffRow[] {
  const isMissing = (value: unknown) => value === null || value === undefined;
  if (isMissing(before) && isMissing(after)) return [];
  const beforeObject = isPlainObject(before) ? before : isMissing(before) ? {} : null;
  const afterObject = isPlainObject(after) ? after : isMissing(after) ? {} : null;
  if (beforeObject === null || afterObject === null) {
    return [{ field: WHOLE_VALUE, before, after, isChanged: !isSameValue(before, after) }];
  }
  const fields = [...new Set([...Object.keys(afterObject), ...Object.keys(beforeObject)])];
  return fields.map((field) => {
    const hasBefore = field in beforeObject;
    const hasAfter = field in afterObject;
    const valueBefore = beforeObject[field];
    const valueAfter = afterObject[field];
    return {
      field,
      before: valueBefore,
      after: valueAfter,
      isChanged: hasBefore !== hasAfter || !isSameValue(valueBefore, valueAfter),
    };
  });
}

/** A value as text: strings as they are, everything else as compact JSON; nothing as null. */
export function formatAuditValue(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}
