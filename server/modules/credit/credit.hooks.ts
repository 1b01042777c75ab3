/**
 * The credit module's hooks into order confirmation (sales.hooks.ts). They run inside the
 * confirming transaction:
 *
 * 1. lock the customer's credit profile (SELECT … FOR UPDATE): confirmations of one customer
 *    queue here, so each sees the orders committed before it and concurrent orders can never
 *    together pass the limit unnoticed;
 * 2. read the exposure (open receivables + confirmed orders not invoiced) after the lock —
 *    1 and 2 in one round trip (a database function, migration 0026);
 * 3. decide per DOMAIN §4 with this order's gross CNY amount added.
 *
 * An automatic approval is recorded by the sales flow with the order's own writes (it commits
 * with the order, and a new order's record carries its id). A refusal
 * or an approval request must outlive the confirmation that is about to roll back, so it is
 * written on a connection of its own (`side`), a small separate pool: waiting for a connection
 * of the main pool while holding one could exhaust it. A customer without a profile is rated
 * on that side connection first (it commits at once, so the rating is kept either way).
 */
import type { RequestContext } from '../../platform/auth-context.ts';
import { businessDate } from '../../platform/dates.ts';
import { type Db, type Queryable, withTransaction } from '../../platform/db.ts';
import type { Logger } from '../../platform/logger.ts';
import type { ApprovalHook, CreditDecision, CreditHook, OrderForChecks } from '../sales/index.ts';
import { approvalStatus, startApproval } from '../workflow/index.ts';
import * as repo from './credit.repository.ts';
import { approverRank, decideOrder, decisionReason } from './credit.rules.ts';
import * as decisions from './decisions.repository.ts';
import { rateCustomers, rateInTransaction } from './rating.service.ts';

/** What checkOrder found, for the approval hook that the sales flow asks right after it. */
interface PendingCheck {
  customerId: number;
  approvalId: number | undefined;
}

/** The credit decision returned to the sales flow (its error details carry these fields). */
export interface OrderCreditDecision extends CreditDecision {
  rule?: string;
  exposureFen?: number;
  limitFen?: number;
  approver?: 'regional_manager' | 'finance_director';
  creditDecisionId?: number;
}

export function createCreditHooks(
  side: Db,
  logger: Logger,
  fallbackApproval: ApprovalHook,
): { credit: CreditHook; approval: ApprovalHook } {
  // Keyed by the transaction's client; checkOrder sets it, the approval hook consumes it.
  const checks = new WeakMap<object, PendingCheck>();

  async function recordOpenDecision(d: decisions.DecisionToStore): Promise<number | undefined> {
    try {
      return await decisions.insertOpenDecision(side, d);
    } catch (error) {
      // The order is refused either way (fail closed); only the record is missing.
      logger.error(
        { err: error, customerId: d.customerId, orderId: d.orderId },
        'credit decision not recorded',
      );
      return undefined;
    }
  }

  /** Locks the profile and reads the exposure (one round trip); rates a new customer first. */
  async function lockProfileWithExposure(tx: Queryable, customerId: number) {
    const asOf = businessDate();
    const found = await repo.lockProfileAndReadExposure(tx, customerId, asOf);
    if (found) return found;
    try {
      await rateCustomers(side, [customerId], { trigger: 'first_use', onlyUnrated: true, lockTimeout: '2s' });
    } catch (error) {
      // E.g. this transaction holds a lock the side one needs: rate here, with the order instead.
      logger.warn(
        { err: error, customerId },
        'first credit rating on the side connection failed; rating in the order',
      );
      await rateInTransaction(tx, [customerId], { trigger: 'first_use', onlyUnrated: true });
    }
    const created = await repo.lockProfileAndReadExposure(tx, customerId, asOf);
    if (!created) throw new Error(`credit profile of customer ${customerId} could not be created`);
    return created;
  }

  /**
   * Puts a pending decision into the approver's workflow inbox (document type
   * `credit_decision`, tagged with the level DOMAIN §4 asks for; the default policy routes on
   * the tag). Once per pending decision: a confirmation asking again finds it pending. The
   * outcome comes back through the `approval.approved|rejected` events (index.ts).
   */
  async function requestWorkflowApproval(
    ctx: RequestContext,
    order: OrderForChecks,
    decisionId: number,
    approver: 'regional_manager' | 'finance_director',
    reason: string,
  ): Promise<void> {
    try {
      await withTransaction(side, async (sideTx) => {
        await sideTx.query(`SET LOCAL lock_timeout = '2s'`);
        const state = await approvalStatus(sideTx, 'credit_decision', decisionId);
        if (state?.status === 'pending' || state?.status === 'approved') return;
        await startApproval(sideTx, ctx, {
          documentType: 'credit_decision',
          documentId: decisionId,
          documentRef: ctx.lang === 'en' ? `credit decision #${decisionId}` : `信用审批单 #${decisionId}`,
          title: reason,
          amountFen: order.grossCnyFen,
          regionId: order.regionId,
          customerId: order.customerId,
          attributes: { tags: [`approver:${approver}`] },
        });
      });
    } catch (error) {
      // The decision stays in the credit worklist (信用审批), where it can be approved as well.
      logger.error({ err: error, decisionId }, 'credit approval not sent to the workflow');
    }
  }

  const credit: CreditHook = {
    async checkOrder(
      tx: Queryable,
      ctx: RequestContext,
      order: OrderForChecks,
    ): Promise<OrderCreditDecision> {
      checks.delete(tx);
      const { profile, exposure } = await lockProfileWithExposure(tx, order.customerId);
      const openReceivablesFen = exposure.openInvoicesFen - exposure.unappliedFen;
      const result = decideOrder({
        status: profile.status,
        grade: profile.grade,
        limitFen: profile.limitFen,
        openReceivablesFen,
        openOrdersFen: exposure.openOrdersFen,
        orderFen: order.grossCnyFen,
        worstDaysPastDue: exposure.worstDaysPastDue,
      });
      const record: decisions.DecisionToStore = {
        orderId: order.id,
        customerId: order.customerId,
        regionId: order.regionId,
        outcome: result.decision,
        rule: result.rule,
        status: 'passed',
        orderFen: order.grossCnyFen,
        openReceivablesFen,
        openOrdersFen: exposure.openOrdersFen,
        exposureFen: result.exposureFen,
        limitFen: profile.limitFen,
        grade: profile.grade,
        profileStatus: profile.status,
        worstDaysPastDue: exposure.worstDaysPastDue,
        requestedBy: ctx.userId > 0 ? ctx.userId : null,
      };
      const reason = decisionReason(
        {
          rule: result.rule,
          exposureFen: result.exposureFen,
          limitFen: profile.limitFen,
          grade: profile.grade,
          worstDaysPastDue: exposure.worstDaysPastDue,
        },
        ctx.lang,
      );
      const facts = { rule: result.rule, exposureFen: result.exposureFen, limitFen: profile.limitFen };

      if (result.decision === 'approve') {
        // Written by the sales flow with the order (its id known then), in the same round trip.
        const recordFor = (orderId: number) => decisions.passedDecisionStatement({ ...record, orderId });
        return { decision: 'approve', reason, ...facts, recordFor } satisfies OrderCreditDecision;
      }
      if (result.decision === 'reject') {
        const id = await recordOpenDecision({ ...record, status: 'refused' });
        return { decision: 'reject', reason, ...facts, creditDecisionId: id } satisfies OrderCreditDecision;
      }

      const approver = result.decision;
      let approvalId: number | undefined;
      let decisionId: number | undefined;
      let note = '';
      if (order.id !== null) {
        approvalId = await decisions.findUsableApproval(
          tx,
          order.id,
          approverRank[approver],
          order.grossCnyFen,
          result.exposureFen,
        );
        if (approvalId === undefined) {
          decisionId = await recordOpenDecision({ ...record, status: 'pending' });
          if (decisionId !== undefined) {
            await requestWorkflowApproval(ctx, order, decisionId, approver, reason);
            note =
              ctx.lang === 'en'
                ? ` (credit decision #${decisionId} is waiting for approval)`
                : `（信用审批单 #${decisionId} 待审批）`;
          }
        }
      } else {
        // Nothing to approve: the order is not saved. It is kept on record as refused.
        decisionId = await recordOpenDecision({ ...record, status: 'refused' });
        note =
          ctx.lang === 'en'
            ? ' — save the order as a draft and confirm it to request the approval'
            : '——请先保存为草稿，再确认以提交审批';
      }
      checks.set(tx, { customerId: order.customerId, approvalId });
      return {
        decision: 'require_approval',
        reason: `${reason}${note}`,
        ...facts,
        approver,
        creditDecisionId: approvalId ?? decisionId,
      } satisfies OrderCreditDecision;
    },
  };

  const approval: ApprovalHook = {
    async isApproved(tx, ctx, order, requirement) {
      if (requirement.kind !== 'credit') return fallbackApproval.isApproved(tx, ctx, order, requirement);
      const check = checks.get(tx);
      checks.delete(tx);
      // Fail closed: only an approval this module found for this very order counts.
      if (!check || check.customerId !== order.customerId || check.approvalId === undefined) return false;
      await decisions.markApprovalUsed(tx, check.approvalId);
      return true;
    },
  };

  return { credit, approval };
}
