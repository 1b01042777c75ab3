import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Lead, OpportunityStage } from '../../../../contracts/crm.ts';
import { parseYuanToFen } from '../../shared/money.ts';

export const stageColours: Record<OpportunityStage | 'lead', string> = {
  lead: 'default',
  opportunity: 'blue',
  quote: 'cyan',
  contract: 'geekblue',
  won: 'green',
  paid: 'success',
  lost: 'red',
};

export const leadStatusColours: Record<Lead['status'], string> = {
  new: 'blue',
  working: 'processing',
  qualified: 'green',
  disqualified: 'default',
  converted: 'success',
};

export function StageTag({ stage }: { stage: OpportunityStage | 'lead' }) {
  const { t } = useTranslation();
  return <Tag color={stageColours[stage]}>{t(`crm.opportunities.stages.${stage}`)}</Tag>;
}

export function LeadStatusTag({ status }: { status: Lead['status'] }) {
  const { t } = useTranslation();
  return <Tag color={leadStatusColours[status]}>{t(`crm.leads.statuses.${status}`)}</Tag>;
}

/** Form rule for an amount typed in yuan (at most two decimals), stored as fen. */
export const yuanRule = {
  validator: (_: unknown, value: string | undefined) =>
    !value || parseYuanToFen(value) !== null ? Promise.resolve() : Promise.reject(new Error('¥ 0.00')),
};

export const textOrNull = (text: string | undefined | null) => {
  const trimmed = (text ?? '').trim();
  return trimmed === '' ? null : trimmed;
};

export const fenOrNull = (text: string | undefined | null) => {
  const trimmed = (text ?? '').trim();
  return trimmed === '' ? null : parseYuanToFen(trimmed);
};
