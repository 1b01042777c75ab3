/** Pure rules of the opportunity pipeline (DOMAIN §7 stages). */
import type { OpportunityStage } from '../../../contracts/crm.ts';

export type FunnelStageOfOpportunity = Exclude<OpportunityStage, 'lost'>;

const order: readonly FunnelStageOfOpportunity[] = ['opportunity', 'quote', 'contract', 'won', 'paid'];
const openStages: readonly OpportunityStage[] = ['opportunity', 'quote', 'contract'];

export function isOpenStage(stage: OpportunityStage): boolean {
  return openStages.includes(stage);
}

/** The furthest funnel stage after entering `target` (lost keeps what was reached). */
export function furthestStageAfter(
  furthest: FunnelStageOfOpportunity,
  target: OpportunityStage,
): FunnelStageOfOpportunity {
  if (target === 'lost') return furthest;
  return order.indexOf(target) > order.indexOf(furthest) ? target : furthest;
}

export interface StageChangeFacts {
  current: OpportunityStage;
  target: OpportunityStage;
  lostReason: string | null;
  /** An order is linked, or given with the change. */
  hasOrder: boolean;
  /** Every invoice of the linked order is settled (and there is at least one). */
  isOrderSettled: boolean;
}

export type StageChangeRefusal =
  | 'SAME_STAGE'
  | 'CLOSED'
  | 'LOST_REASON_REQUIRED'
  | 'ORDER_REQUIRED'
  | 'NOT_WON_YET'
  | 'NOT_SETTLED'
  | 'ALREADY_WON';

/**
 * Whether an opportunity may move from its stage to another. Open stages (opportunity, quote,
 * contract) move freely both ways, skipping allowed (a deal that skips a stage still counts as
 * having reached it); won needs an order; paid needs the order's invoices settled; lost needs a
 * reason and is possible only while open; a lost opportunity can be reopened; paid is final.
 */
export function checkStageChange(facts: StageChangeFacts): StageChangeRefusal | null {
  const { current, target } = facts;
  if (current === target) return 'SAME_STAGE';
  if (current === 'paid') return 'CLOSED';
  if (target === 'lost') {
    if (current === 'won') return 'ALREADY_WON';
    return facts.lostReason ? null : 'LOST_REASON_REQUIRED';
  }
  if (target === 'paid') {
    if (current !== 'won') return 'NOT_WON_YET';
    return facts.isOrderSettled ? null : 'NOT_SETTLED';
  }
  if (target === 'won') return facts.hasOrder ? null : 'ORDER_REQUIRED';
  // An open stage: from another open stage, or reopening a lost deal; a won deal has its order.
  return current === 'won' ? 'ALREADY_WON' : null;
}

export const stageChangeRefusalText: Record<StageChangeRefusal, { en: string; zh: string }> = {
  SAME_STAGE: { en: 'it is already there', zh: '已处于该阶段' },
  CLOSED: { en: 'a paid opportunity is closed', zh: '已回款的商机已关闭' },
  LOST_REASON_REQUIRED: { en: 'a lost reason is needed', zh: '需要填写丢单原因' },
  ORDER_REQUIRED: { en: 'won means an order: link the order', zh: '赢单需关联销售订单' },
  NOT_WON_YET: { en: 'only a won opportunity can be paid', zh: '只有已赢单的商机才能回款' },
  NOT_SETTLED: { en: 'the order’s invoices are not settled yet', zh: '订单的发票尚未结清' },
  ALREADY_WON: { en: 'it is won and has an order', zh: '已赢单并关联订单' },
};
