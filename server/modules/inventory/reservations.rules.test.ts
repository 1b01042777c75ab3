import { describe, expect, it } from 'vitest';
import { type BalanceRow, planIssue, planRelease, planReserve } from './reservations.rules.ts';

const row = (serial: string, onHand: number, reserved = 0, held = 0): BalanceRow => ({
  serial,
  onHand,
  reserved,
  held,
});

describe('reservations of a lot spread over its rows', () => {
  it('reserves a lot of serial-tracked units on free serials in serial order', () => {
    const rows = [row('SN-3', 1), row('SN-1', 1, 1), row('SN-2', 1)];
    expect(planReserve(rows, 2)).toEqual([
      { serial: 'SN-2', quantity: 1 },
      { serial: 'SN-3', quantity: 1 },
    ]);
    expect(planReserve(rows, 3)).toBeNull();
  });

  it('reserves units without serial like any other row', () => {
    expect(planReserve([row('', 10, 4)], 6)).toEqual([{ serial: '', quantity: 6 }]);
    expect(planReserve([row('', 10, 4)], 7)).toBeNull();
  });

  it('releases an order’s reservation but never a hold', () => {
    const rows = [row('SN-1', 1, 1, 1), row('SN-2', 1, 1), row('SN-3', 1)];
    expect(planRelease(rows, 1)).toEqual([{ serial: 'SN-2', quantity: -1 }]);
    expect(planRelease(rows, 2)).toBeNull();
    expect(planRelease([row('', 10, 6, 4)], 2)).toEqual([{ serial: '', quantity: -2 }]);
    expect(planRelease([row('', 10, 6, 4)], 3)).toBeNull();
  });

  it('releases from the preferred rows first', () => {
    const rows = [row('SN-1', 1, 1), row('SN-2', 1, 1), row('SN-3', 1, 1)];
    expect(planRelease(rows, 2, new Map([['SN-3', 1]]))).toEqual([
      { serial: 'SN-1', quantity: -1 },
      { serial: 'SN-3', quantity: -1 },
    ]);
  });
});

describe('issuing reserved units', () => {
  it('ships the scanned serials and moves the reservation off them', () => {
    // SN-1 and SN-2 carry the order's reservation; the picker scanned SN-2 and SN-3.
    const rows = [row('SN-1', 1, 1), row('SN-2', 1, 1), row('SN-3', 1)];
    expect(planIssue(rows, 2, ['SN-2', 'SN-3'])).toEqual({
      ok: true,
      releases: [
        { serial: 'SN-1', quantity: -1 },
        { serial: 'SN-2', quantity: -1 },
      ],
      moves: [
        { serial: 'SN-2', quantity: -1 },
        { serial: 'SN-3', quantity: -1 },
      ],
    });
  });

  it('refuses a serial that is not in the lot, or is held for inspection', () => {
    const rows = [row('SN-1', 1, 1), row('SN-2', 1, 1, 1)];
    expect(planIssue(rows, 1, ['SN-9'])).toEqual({
      ok: false,
      reason: 'serial_not_in_stock',
      serials: ['SN-9'],
    });
    expect(planIssue(rows, 1, ['SN-2'])).toEqual({ ok: false, reason: 'serial_held', serials: ['SN-2'] });
  });

  it('takes a serial not on file from units booked without serials', () => {
    expect(planIssue([row('', 3, 2)], 2, ['A', 'B'])).toEqual({
      ok: true,
      releases: [{ serial: '', quantity: -2 }],
      moves: [{ serial: '', quantity: -2 }],
    });
  });

  it('ships units without serial from their row, and nothing that is not reserved', () => {
    expect(planIssue([row('', 5, 3)], 3, [])).toEqual({
      ok: true,
      releases: [{ serial: '', quantity: -3 }],
      moves: [{ serial: '', quantity: -3 }],
    });
    expect(planIssue([row('', 5, 3)], 4, [])).toEqual({ ok: false, reason: 'not_reserved' });
  });
});
