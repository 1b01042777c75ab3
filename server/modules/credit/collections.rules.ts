/**
 * Collections (DOMAIN §4 "Collection reminders"): which reminder step a customer is due for by
 * grade and lateness, what a broken promise escalates to, and whether a promise to pay was
 * kept. Pure: no I/O.
 */

import { type ReminderStep, reminderSteps } from '../../../contracts/collections.ts';
import type { Grade } from '../../../contracts/credit.ts';

export interface ReminderAction {
  step: ReminderStep;
  /** A task goes to the customer's owner rep. */
  taskToRep: boolean;
  /** The rep's manager is informed. */
  informManager: boolean;
  /** Finance takes the case over. */
  escalateToFinance: boolean;
  /** New orders of this customer need approval (grades C–E beyond 60 days). */
  ordersNeedApproval: boolean;
}

/** Steps from gentle to urgent. */
export { reminderSteps };

/**
 * DOMAIN §4's table. `daysPastDue` is as-of − due date of the customer's oldest open invoice
 * (negative before the due date): 7 days before due → gentle reminder (grade A/B only); 1–30
 * past due → reminder and task to the rep; 31–60 → call task to the rep, manager informed;
 * > 60 → escalation to finance, and new orders of grades C–E go to approval. Null when nothing
 * is due: not due within 7 days, or due soon for a customer below grade B (or unrated).
 */
export function reminderFor(grade: Grade | null, daysPastDue: number): ReminderAction | null {
  if (daysPastDue <= 0) {
    if (daysPastDue < -7 || (grade !== 'A' && grade !== 'B')) return null;
    return action('gentle', { taskToRep: false });
  }
  if (daysPastDue <= 30) return action('reminder', { taskToRep: true });
  if (daysPastDue <= 60) return action('call', { taskToRep: true, informManager: true });
  return action('escalation', {
    taskToRep: true,
    informManager: true,
    escalateToFinance: true,
    ordersNeedApproval: grade === null || grade === 'C' || grade === 'D' || grade === 'E',
  });
}

function action(step: ReminderStep, flags: Partial<Omit<ReminderAction, 'step'>>): ReminderAction {
  return {
    step,
    taskToRep: false,
    informManager: false,
    escalateToFinance: false,
    ordersNeedApproval: false,
    ...flags,
  };
}

/**
 * A broken promise moves the customer one step further than their lateness alone prescribes
 * (capped at escalation): they were already asked at that step and did not pay. Before any
 * step is due (a promise for an invoice not yet late) it is the first reminder.
 */
export function stepAfterBrokenPromise(grade: Grade | null, daysPastDue: number): ReminderStep {
  const current = reminderFor(grade, daysPastDue)?.step ?? 'gentle';
  return reminderSteps[Math.min(reminderSteps.indexOf(current) + 1, reminderSteps.length - 1)]!;
}

export type PromiseStatus = 'open' | 'kept' | 'broken';

/**
 * A promise is kept once the customer has paid at least the promised amount since the contact
 * (on or before the promised date); broken when the promised date has passed without that;
 * open until then.
 */
export function promiseStatus(
  promise: { promisedOn: string; promisedFen: number },
  paidByPromiseDateFen: number,
  asOf: string,
): PromiseStatus {
  if (paidByPromiseDateFen >= promise.promisedFen) return 'kept';
  return asOf > promise.promisedOn ? 'broken' : 'open';
}

/** Public hospitals must pay SME suppliers within 60 days at most: longer hospital terms are flagged. */
export function isHospitalTermsTooLong(customerType: string, paymentTermsDays: number): boolean {
  return customerType === 'hospital' && paymentTermsDays > 60;
}
