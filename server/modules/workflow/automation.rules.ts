/**
 * Automation rules (pure): what a subject of a trigger looks like, whether a rule's condition
 * holds for it, and the rules Pulse ships with (SPEC §2.6).
 */
import type {
  AutomationAction,
  AutomationCondition,
  AutomationTrigger,
  DocumentType,
} from '../../../contracts/workflow.ts';
import type { Localized } from '../../platform/errors.ts';

/** Something a trigger found: a qualification about to expire, a price below floor, a stock position… */
export interface AutomationSubject {
  /** Unique within the rule: a rule fires once per subject key. */
  key: string;
  title: Localized;
  detail?: Localized | null;
  link: string | null;
  regionId: number | null;
  customerId: number | null;
  /** Who the 'owner' assignee means (customer's rep, opportunity owner, initiator). */
  ownerId: number | null;
  facts: SubjectFacts;
  /** A document an approval can be started for. */
  document?: { type: DocumentType | null; id: number; ref: string; amountFen: number | null } | null;
  /** What a drafted replenishment purchase order holds. */
  draft?: {
    warehouseId: number;
    productId: number;
    supplierId: number;
    quantity: number;
    unitPriceFen: number;
  } | null;
}

export interface SubjectFacts {
  daysLeft?: number;
  idleDays?: number;
  amountFen?: number;
  fromGrade?: string | null;
  toGrade?: string;
  documentType?: string;
}

const gradeOrder = ['A', 'B', 'C', 'D', 'E'];

/** Whether a credit grade change is for the worse (E is the worst). */
export function isGradeDrop(from: string | null | undefined, to: string | undefined): boolean {
  if (!from || !to) return false;
  return gradeOrder.indexOf(to) > gradeOrder.indexOf(from);
}

/** Every condition that is set must hold; facts the condition needs but the subject lacks fail it. */
export function conditionHolds(condition: AutomationCondition, facts: SubjectFacts): boolean {
  if (condition.withinDays !== undefined) {
    if (facts.daysLeft === undefined || facts.daysLeft < 0 || facts.daysLeft > condition.withinDays)
      return false;
  }
  if (condition.idleDays !== undefined) {
    if (facts.idleDays === undefined || facts.idleDays < condition.idleDays) return false;
  }
  if (condition.minAmountFen !== undefined) {
    if (facts.amountFen === undefined || facts.amountFen < condition.minAmountFen) return false;
  }
  if (condition.onlyDrops && !isGradeDrop(facts.fromGrade, facts.toGrade)) return false;
  if (condition.toGrades !== undefined) {
    if (facts.toGrade === undefined || !condition.toGrades.includes(facts.toGrade as never)) return false;
  }
  if (condition.documentTypes !== undefined) {
    if (facts.documentType === undefined || !condition.documentTypes.includes(facts.documentType as never)) {
      return false;
    }
  }
  return true;
}

/** Next 07:00 in Shanghai (23:00 UTC) after `from`: the daily scans run before the working day. */
export function nextDailyScan(from: Date): Date {
  const next = new Date(from);
  next.setUTCHours(23, 0, 0, 0);
  if (next <= from) next.setUTCDate(next.getUTCDate() + 1);
  return next;
}

export interface DefaultRule {
  code: string;
  nameZh: string;
  nameEn: string;
  trigger: AutomationTrigger;
  condition: AutomationCondition;
  action: AutomationAction;
  isActive: boolean;
}

/** The rules of SPEC §2.6 whose triggers exist today. */
export const defaultRules: DefaultRule[] = [
  {
    code: 'qualification_expiring',
    nameZh: '客户资质 30 天内到期 → 负责销售的任务',
    nameEn: 'Customer qualification expiring within 30 days → task to the owner',
    trigger: { kind: 'schedule', scan: 'qualification_expiring', every: 'daily' },
    condition: { withinDays: 30 },
    action: {
      type: 'create_task',
      taskKind: 'compliance',
      assignee: { kind: 'owner', fallbackRole: 'quality' },
      dueInHours: 72,
    },
    isActive: true,
  },
  {
    code: 'certificate_expiring',
    nameZh: '产品注册证 30 天内到期 → 质量合规任务',
    nameEn: 'Product registration certificate expiring within 30 days → quality task',
    trigger: { kind: 'schedule', scan: 'certificate_expiring', every: 'daily' },
    condition: { withinDays: 30 },
    action: {
      type: 'create_task',
      taskKind: 'compliance',
      assignee: { kind: 'role', role: 'quality', scope: 'company' },
      dueInHours: 72,
    },
    isActive: true,
  },
  {
    code: 'price_list_below_floor',
    nameZh: '价目表价格低于底价 → 合规任务',
    nameEn: 'Price list price below our floor → compliance task',
    trigger: { kind: 'event', event: 'price_list.changed' },
    condition: {},
    action: {
      type: 'create_task',
      taskKind: 'compliance',
      assignee: { kind: 'role', role: 'quality', scope: 'company' },
      dueInHours: 48,
    },
    isActive: true,
  },
  {
    code: 'order_below_floor',
    nameZh: '确认的订单价格低于底价 → 合规任务',
    nameEn: 'Confirmed order priced below our floor → compliance task',
    trigger: { kind: 'event', event: 'order.confirmed' },
    condition: {},
    action: {
      type: 'create_task',
      taskKind: 'compliance',
      assignee: { kind: 'role', role: 'quality', scope: 'company' },
      dueInHours: 48,
    },
    isActive: true,
  },
  {
    code: 'stock_below_reorder_point',
    nameZh: '库存低于再订货点 → 补货采购草稿并审批',
    nameEn: 'Stock under the reorder point → draft replenishment PO for approval',
    trigger: { kind: 'schedule', scan: 'stock_below_reorder_point', every: 'daily' },
    condition: {},
    action: { type: 'draft_document', documentType: 'purchase_order', approvalDocumentType: 'replenishment' },
    isActive: true,
  },
  {
    code: 'credit_grade_drop',
    nameZh: '信用等级下降 → 复核任务',
    nameEn: 'Credit grade drop → review task',
    trigger: { kind: 'event', event: 'credit.grade_changed' },
    condition: { onlyDrops: true },
    action: {
      type: 'create_task',
      taskKind: 'review',
      assignee: { kind: 'owner', fallbackRole: 'finance_director' },
      dueInHours: 72,
    },
    isActive: true,
  },
  {
    code: 'opportunity_idle',
    nameZh: '高潜商机 14 天无进展 → 跟进任务',
    nameEn: 'High-potential opportunity idle for 14 days → follow-up task',
    trigger: { kind: 'schedule', scan: 'opportunity_idle', every: 'daily' },
    condition: { idleDays: 14, minAmountFen: 10_000_000 },
    action: {
      type: 'create_task',
      taskKind: 'follow_up',
      assignee: { kind: 'owner', fallbackRole: 'regional_manager' },
      dueInHours: 48,
    },
    isActive: true,
  },
  {
    code: 'contract_approved_warehouse',
    nameZh: '合同审批通过 → 通知仓储',
    nameEn: 'Contract approved → notify the warehouse',
    trigger: { kind: 'event', event: 'approval.approved' },
    condition: { documentTypes: ['contract'] },
    action: { type: 'notify', assignee: { kind: 'role', role: 'warehouse', scope: 'company' } },
    isActive: true,
  },
  {
    code: 'contract_approved_receivable',
    nameZh: '合同审批通过 → 财务计划应收',
    nameEn: 'Contract approved → finance plans the receivable',
    trigger: { kind: 'event', event: 'approval.approved' },
    condition: { documentTypes: ['contract'] },
    action: {
      type: 'create_task',
      taskKind: 'collection',
      assignee: { kind: 'role', role: 'finance', scope: 'company' },
      dueInHours: 72,
    },
    isActive: true,
  },
];
