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

/** How each step reads in a task or notification title. */
export const reminderStepWording: Record<ReminderStep, { zh: string; en: string }> = {
  gentle: { zh: '温和提醒', en: 'gentle reminder' },
  reminder: { zh: '催款提醒', en: 'payment reminder' },
  call: { zh: '电话催收', en: 'collection call' },
  escalation: { zh: '升级至财务', en: 'escalation to finance' },
};

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

/**
 * The routine reminder the daily job raises for a customer's oldest open invoice, or null.
 * Each step is raised once per invoice: nothing when the step the lateness prescribes (see
 * `reminderFor`) was already raised for it, or a higher one was (a broken promise may have
 * jumped ahead). A job that did not run for a while raises only the current step, not the
 * ones it skipped.
 */
export function reminderToRaise(
  grade: Grade | null,
  daysPastDue: number,
  raisedSteps: readonly ReminderStep[],
): ReminderAction | null {
  const due = reminderFor(grade, daysPastDue);
  if (!due) return null;
  const rank = reminderSteps.indexOf(due.step);
  return raisedSteps.some((s) => reminderSteps.indexOf(s) >= rank) ? null : due;
}

export interface ReminderRecipients {
  /** One collection task each. */
  taskAssigneeIds: number[];
  /** An in-app notification each (task assignees are notified by their task already). */
  notifiedUserIds: number[];
}

/**
 * Who hears of a reminder step: the owner rep gets the task from the first reminder on (the
 * gentle one only as a notification: the rep sends it, there is nothing to track); the rep's
 * manager is informed from the call on; at escalation finance gets a task of its own. A
 * customer without a rep falls to finance, so no step goes unowned.
 */
export function reminderRecipients(
  action: ReminderAction,
  people: { ownerRepId: number | null; ownerManagerId: number | null; financeIds: readonly number[] },
): ReminderRecipients {
  const owners = people.ownerRepId !== null ? [people.ownerRepId] : [...people.financeIds];
  const tasks = new Set<number>(action.taskToRep ? owners : []);
  if (action.escalateToFinance) for (const id of people.financeIds) tasks.add(id);
  const notified = new Set<number>(action.taskToRep ? [] : owners);
  if (action.informManager && people.ownerManagerId !== null) notified.add(people.ownerManagerId);
  for (const id of tasks) notified.delete(id);
  return { taskAssigneeIds: [...tasks], notifiedUserIds: [...notified] };
}
