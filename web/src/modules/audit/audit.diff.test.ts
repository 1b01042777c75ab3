import { describe, expect, it } from 'vitest';
import { diffRecords, formatAuditValue, isSameValue } from './audit.diff.ts';

describe('diffRecords', () => {
  it('marks only the fields an update changed', () => {
    const rows = diffRecords(
      { name: '华山医院', paymentTermsDays: 60, regionIds: [1, 2], version: 3 },
      { name: '华山医院', paymentTermsDays: 90, regionIds: [1, 2], version: 4 },
    );
    expect(rows.filter((row) => row.isChanged).map((row) => row.field)).toEqual([
      'paymentTermsDays',
      'version',
    ]);
    expect(rows).toHaveLength(4);
  });

  it('treats every field of a create or a delete as changed', () => {
    expect(diffRecords(null, { a: 1, b: null })).toEqual([
      { field: 'a', before: undefined, after: 1, isChanged: true },
      { field: 'b', before: undefined, after: null, isChanged: true },
    ]);
    expect(diffRecords({ a: 1 }, null)).toEqual([
      { field: 'a', before: 1, after: undefined, isChanged: true },
    ]);
  });

  it('sees a field that appears or disappears as a change', () => {
    const rows = diffRecords({ a: 1 }, { a: 1, passwordChanged: true });
    expect(rows.find((row) => row.field === 'passwordChanged')?.isChanged).toBe(true);
  });

  it('has nothing to show without before and after', () => {
    expect(diffRecords(null, null)).toEqual([]);
    expect(diffRecords(undefined, null)).toEqual([]);
  });

  it('compares values that are not records as a whole', () => {
    expect(diffRecords('old', 'new')).toEqual([{ field: '', before: 'old', after: 'new', isChanged: true }]);
  });
});

describe('isSameValue', () => {
  it('compares nested values whatever the key order', () => {
    expect(isSameValue({ a: [1, { b: 2, c: 3 }] }, { a: [1, { c: 3, b: 2 }] })).toBe(true);
    expect(isSameValue([1, 2], [2, 1])).toBe(false);
    expect(isSameValue({ a: null }, {})).toBe(false);
  });
});

describe('formatAuditValue', () => {
  it('shows strings as they are and the rest as JSON', () => {
    expect(formatAuditValue('张三')).toBe('张三');
    expect(formatAuditValue(false)).toBe('false');
    expect(formatAuditValue(['sales_rep'])).toBe('["sales_rep"]');
    expect(formatAuditValue(null)).toBeNull();
  });
});
