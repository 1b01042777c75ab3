import { describe, expect, it } from 'vitest';
import type { Grade } from '../../../contracts/credit.ts';
import {
  isHospitalTermsTooLong,
  promiseStatus,
  type ReminderAction,
  reminderFor,
  reminderRecipients,
  reminderToRaise,
  stepAfterBrokenPromise,
} from './collections.rules.ts';

const grades: Grade[] = ['A', 'B', 'C', 'D', 'E'];

describe('collection reminders by grade and lateness (DOMAIN §4)', () => {
  it('sends grades A and B a gentle reminder from 7 days before the due date, without a task', () => {
    for (const grade of ['A', 'B'] as const) {
      for (const days of [-7, -3, 0]) {
        expect(reminderFor(grade, days)).toEqual({
          step: 'gentle',
          taskToRep: false,
          informManager: false,
          escalateToFinance: false,
          ordersNeedApproval: false,
        });
      }
      expect(reminderFor(grade, -8)).toBeNull();
    }
  });

  it('sends grades C to E and unrated customers nothing before the due date', () => {
    for (const grade of ['C', 'D', 'E', null] as const) {
      expect(reminderFor(grade, -7)).toBeNull();
      expect(reminderFor(grade, 0)).toBeNull();
    }
  });

  it('reminds and gives the rep a task from 1 to 30 days past due', () => {
    for (const grade of grades) {
      for (const days of [1, 15, 30]) {
        expect(reminderFor(grade, days)).toEqual({
          step: 'reminder',
          taskToRep: true,
          informManager: false,
          escalateToFinance: false,
          ordersNeedApproval: false,
        });
      }
    }
  });

  it('gives the rep a call task and informs the manager from 31 to 60 days past due', () => {
    for (const grade of grades) {
      for (const days of [31, 45, 60]) {
        expect(reminderFor(grade, days)).toMatchObject({
          step: 'call',
          taskToRep: true,
          informManager: true,
          escalateToFinance: false,
          ordersNeedApproval: false,
        });
      }
    }
  });

  it('escalates to finance beyond 60 days, and sends new orders of grades C–E to approval', () => {
    for (const grade of grades) {
      expect(reminderFor(grade, 61)).toMatchObject({
        step: 'escalation',
        escalateToFinance: true,
        ordersNeedApproval: grade === 'C' || grade === 'D' || grade === 'E',
      });
    }
    expect(reminderFor(null, 200)).toMatchObject({ step: 'escalation', ordersNeedApproval: true });
  });
});

describe('a broken promise', () => {
  it('moves the customer one step further than their lateness, capped at escalation', () => {
    expect(stepAfterBrokenPromise('A', -2)).toBe('reminder');
    expect(stepAfterBrokenPromise('C', 0)).toBe('reminder');
    expect(stepAfterBrokenPromise('B', 10)).toBe('call');
    expect(stepAfterBrokenPromise('B', 40)).toBe('escalation');
    expect(stepAfterBrokenPromise('E', 95)).toBe('escalation');
  });
});

describe('promises to pay', () => {
  const promise = { promisedOn: '2026-11-20', promisedFen: 50_000_00 };

  it('is kept once the promised amount has been paid, even before the date', () => {
    expect(promiseStatus(promise, 50_000_00, '2026-11-18')).toBe('kept');
    expect(promiseStatus(promise, 60_000_00, '2026-11-25')).toBe('kept');
  });

  it('stays open until the promised date, the date itself included', () => {
    expect(promiseStatus(promise, 0, '2026-11-19')).toBe('open');
    expect(promiseStatus(promise, 49_999_99, '2026-11-20')).toBe('open');
  });

  it('is broken the day after the promised date without enough payment', () => {
    expect(promiseStatus(promise, 49_999_99, '2026-11-21')).toBe('broken');
    expect(promiseStatus(promise, 0, '2026-12-31')).toBe('broken');
  });
});

describe('hospital payment terms', () => {
  it('flags a hospital with terms above 60 days, not other customers', () => {
    expect(isHospitalTermsTooLong('hospital', 60)).toBe(false);
    expect(isHospitalTermsTooLong('hospital', 61)).toBe(true);
    expect(isHospitalTermsTooLong('hospital', 90)).toBe(true);
    expect(isHospitalTermsTooLong('distributor', 90)).toBe(false);
  });
});

describe('the routine reminder the daily job raises (each step once per invoice)', () => {
  it('raises the gentle reminder for grades A and B exactly from 7 days before the due date', () => {
    expect(reminderToRaise('A', -8, [])).toBeNull();
    expect(reminderToRaise('A', -7, [])?.step).toBe('gentle');
    expect(reminderToRaise('B', 0, [])?.step).toBe('gentle');
    expect(reminderToRaise('C', -7, [])).toBeNull();
    expect(reminderToRaise(null, 0, [])).toBeNull();
  });

  it('does not raise a step twice: the same day, the next day, or later within the same band', () => {
    expect(reminderToRaise('A', -3, ['gentle'])).toBeNull();
    expect(reminderToRaise('C', 1, ['reminder'])).toBeNull();
    expect(reminderToRaise('C', 30, ['reminder'])).toBeNull();
    expect(reminderToRaise('C', 60, ['reminder', 'call'])).toBeNull();
    expect(reminderToRaise('C', 200, ['escalation'])).toBeNull();
  });

  it('raises the next step when lateness crosses a DOMAIN boundary (0|1, 30|31, 60|61)', () => {
    expect(reminderToRaise('A', 1, ['gentle'])?.step).toBe('reminder');
    expect(reminderToRaise('B', 31, ['gentle', 'reminder'])?.step).toBe('call');
    expect(reminderToRaise('D', 61, ['reminder', 'call'])).toMatchObject({
      step: 'escalation',
      ordersNeedApproval: true,
    });
  });

  it('raises only the current step after a gap, and nothing lower than a step already raised', () => {
    expect(reminderToRaise('B', 45, [])?.step).toBe('call');
    expect(reminderToRaise('B', 45, ['escalation'])).toBeNull();
  });
});

describe('who hears of a reminder step', () => {
  const people = { ownerRepId: 7, ownerManagerId: 3, financeIds: [20, 21] };
  const at = (step: 'gentle' | 'reminder' | 'call' | 'escalation'): ReminderAction => {
    const days = { gentle: -1, reminder: 10, call: 40, escalation: 70 }[step];
    return reminderFor('A', days)!;
  };

  it('only notifies the rep of a gentle reminder, with no task', () => {
    expect(reminderRecipients(at('gentle'), people)).toEqual({ taskAssigneeIds: [], notifiedUserIds: [7] });
  });

  it('gives the rep a task from the first reminder, and informs the manager from the call on', () => {
    expect(reminderRecipients(at('reminder'), people)).toEqual({ taskAssigneeIds: [7], notifiedUserIds: [] });
    expect(reminderRecipients(at('call'), people)).toEqual({ taskAssigneeIds: [7], notifiedUserIds: [3] });
  });

  it('gives finance a task of its own at escalation', () => {
    expect(reminderRecipients(at('escalation'), people)).toEqual({
      taskAssigneeIds: [7, 20, 21],
      notifiedUserIds: [3],
    });
  });

  it('hands the steps of a customer without a rep to finance', () => {
    const noRep = { ownerRepId: null, ownerManagerId: null, financeIds: [20] };
    expect(reminderRecipients(at('gentle'), noRep)).toEqual({ taskAssigneeIds: [], notifiedUserIds: [20] });
    expect(reminderRecipients(at('reminder'), noRep)).toEqual({ taskAssigneeIds: [20], notifiedUserIds: [] });
  });
});
