/**
 * Routine collection reminders (DOMAIN §4, issue #6): the daily collections job raises, for
 * every customer whose oldest open invoice has reached a new reminder step, that step once — a
 * task for the owner rep (and finance at escalation) and in-app notifications. The
 * `collection_reminders` ledger keeps it to once per step and invoice, whenever the job runs.
 */

import { businessDate } from '../../platform/dates.ts';
import type { Db } from '../../platform/db.ts';
import { withTransaction } from '../../platform/db.ts';
import type { Localized } from '../../platform/errors.ts';
import { createTask, notify } from '../workflow/index.ts';
import * as repo from './collections.repository.ts';
import {
  type ReminderAction,
  reminderRecipients,
  reminderStepWording,
  reminderToRaise,
} from './collections.rules.ts';
import { formatYuan } from './credit.rules.ts';

/** The gentle reminder goes out this many days before the due date (as on the worklist). */
const GENTLE_LOOKAHEAD_DAYS = 7;

export interface ReminderRunResult {
  /** Reminder steps raised (one per customer at most). */
  raised: number;
  tasks: number;
  notifications: number;
}

function reminderTitle(row: repo.ReminderCandidateRow, action: ReminderAction): Localized {
  const wording = reminderStepWording[action.step];
  if (action.step === 'gentle') {
    const open = formatYuan(row.openFen);
    return {
      zh: `${wording.zh}：${row.customerName} 发票 ${row.invoiceNumber} 将于 ${row.dueDate} 到期，未付 ¥${open}`,
      en: `${wording.en}: ${row.customerName}'s invoice ${row.invoiceNumber} falls due on ${row.dueDate}, ¥${open} open`,
    };
  }
  const overdue = formatYuan(row.overdueFen);
  return {
    zh: `${wording.zh}：${row.customerName} 逾期 ${row.daysPastDue} 天，逾期金额 ¥${overdue}`,
    en: `${wording.en}: ${row.customerName} is ${row.daysPastDue} days past due, ¥${overdue} overdue`,
  };
}

function reminderDetail(action: ReminderAction): Localized | null {
  return action.ordersNeedApproval
    ? { zh: '该客户的新订单需审批。', en: "This customer's new orders go to approval." }
    : null;
}

/**
 * Raises the reminder steps due on `asOf`. Each batch records its steps and creates their
 * tasks in one transaction; a step another run recorded first is skipped, so a rerun (or two
 * runs at once) raises nothing twice.
 */
export async function raiseReminders(
  db: Db,
  asOf: string = businessDate(),
  now: Date = new Date(),
  batchSize = 100,
): Promise<ReminderRunResult> {
  const result: ReminderRunResult = { raised: 0, tasks: 0, notifications: 0 };
  const candidates = await repo.listReminderCandidates(db, asOf, GENTLE_LOOKAHEAD_DAYS);
  const due = candidates.flatMap((row) => {
    const action = reminderToRaise(row.grade, row.daysPastDue, row.raisedSteps);
    return action ? [{ row, action }] : [];
  });
  if (due.length === 0) return result;
  const financeIds = await repo.listActiveUserIdsWithRole(db, 'finance');

  for (let start = 0; start < due.length; start += batchSize) {
    const batch = due.slice(start, start + batchSize);
    const counts = await withTransaction(db, async (tx) => {
      const recorded = await repo.insertReminders(
        tx,
        asOf,
        batch.map(({ row, action }) => ({
          customerId: row.customerId,
          invoiceId: row.invoiceId,
          step: action.step,
          daysPastDue: row.daysPastDue,
        })),
      );
      const reminderIdOf = new Map(recorded.map((r) => [`${r.invoiceId}:${r.step}`, r.id]));
      let tasks = 0;
      let notifications = 0;
      // createTask is the workflow module's one way in (settings, inbox notification): one call
      // per task, within a bounded batch.
      for (const { row, action } of batch) {
        const reminderId = reminderIdOf.get(`${row.invoiceId}:${action.step}`);
        if (reminderId === undefined) continue;
        const recipients = reminderRecipients(action, {
          ownerRepId: row.ownerRepId,
          ownerManagerId: row.ownerManagerId,
          financeIds,
        });
        const title = reminderTitle(row, action);
        const link = `/credit/${row.customerId}`;
        for (const assigneeId of recipients.taskAssigneeIds) {
          await createTask(
            tx,
            {
              kind: 'collection',
              assigneeId,
              title,
              detail: reminderDetail(action),
              link,
              documentType: 'collection_reminder',
              documentId: reminderId,
              documentRef: row.invoiceNumber,
              regionId: row.regionId,
              customerId: row.customerId,
            },
            now,
          );
          tasks++;
        }
        if (recipients.notifiedUserIds.length > 0) {
          await notify(
            tx,
            { userIds: recipients.notifiedUserIds, kind: `collection.${action.step}`, title, link },
            now,
          );
          notifications += recipients.notifiedUserIds.length;
        }
      }
      return { raised: recorded.length, tasks, notifications };
    });
    result.raised += counts.raised;
    result.tasks += counts.tasks;
    result.notifications += counts.notifications;
  }
  return result;
}
