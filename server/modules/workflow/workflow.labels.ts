/** Names the server writes into tasks and notifications, in both languages. */
import type { ApproverRole, ApproverSpec, DocumentType } from '../../../contracts/workflow.ts';
import type { Localized } from '../../platform/errors.ts';

export const documentTypeLabels: Record<DocumentType, Localized> = {
  contract: { zh: '合同', en: 'contract' },
  sales_order: { zh: '销售订单', en: 'sales order' },
  discount: { zh: '折扣', en: 'discount' },
  credit_limit_change: { zh: '信用额度调整', en: 'credit limit change' },
  credit_decision: { zh: '信用审批', en: 'credit decision' },
  write_off: { zh: '核销', en: 'write-off' },
  price_below_floor: { zh: '低于底价', en: 'price below floor' },
  purchase_order: { zh: '采购订单', en: 'purchase order' },
  replenishment: { zh: '补货采购', en: 'replenishment' },
  rebate_settlement: { zh: '返利结算', en: 'rebate settlement' },
};

export const roleLabels: Record<ApproverRole, Localized> = {
  admin: { zh: '管理员', en: 'administrator' },
  sales_rep: { zh: '销售代表', en: 'sales rep' },
  regional_manager: { zh: '区域经理', en: 'regional manager' },
  sales_director: { zh: '销售总监', en: 'sales director' },
  general_manager: { zh: '总经理', en: 'general manager' },
  finance: { zh: '财务', en: 'finance' },
  finance_director: { zh: '财务总监', en: 'finance director' },
  warehouse: { zh: '仓储', en: 'warehouse' },
  quality: { zh: '质量合规', en: 'quality' },
  marketing: { zh: '市场', en: 'marketing' },
  legal: { zh: '法务', en: 'legal' },
};

export function approverLabel(approver: ApproverSpec): Localized {
  if (approver.kind === 'role') return roleLabels[approver.role];
  return { zh: `用户 #${approver.userId}`, en: `user #${approver.userId}` };
}

/** "合同 CT-001" / "contract CT-001". */
export function documentLabel(documentType: DocumentType, ref: string): Localized {
  const label = documentTypeLabels[documentType];
  return { zh: `${label.zh} ${ref}`, en: `${label.en} ${ref}` };
}

export function formatYuan(fen: number | null): string {
  if (fen === null) return '';
  const yuan = Math.trunc(fen / 100);
  const cents = Math.abs(fen % 100);
  return `¥${yuan.toLocaleString('en-US')}.${String(cents).padStart(2, '0')}`;
}
